/**
 * The lines between the writes of identity's multi-document use cases where the crash-safety tests
 * kill the process (services/gateway/test/crash-safe-identity.e2e-spec.ts): each is right after the
 * first write, which records the whole intent, and before the steps that finish it.
 */
export const IdentityFailpoint = {
  AcceptAfterActivation: 'identity.invitation-accept.after-activation',
  ChangeAfterPassword: 'identity.password-change.after-password',
  ResetAfterRedeem: 'identity.password-reset.after-redeem',
  DeactivateAfterUser: 'identity.deactivate.after-user',
} as const;
export type IdentityFailpoint = (typeof IdentityFailpoint)[keyof typeof IdentityFailpoint];
