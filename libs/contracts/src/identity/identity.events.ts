import { z } from 'zod';
import { SeatTypeSchema } from '../messaging/principal';
import { defineEvent } from '../messaging/event-contract';
import { defineNotice } from '../messaging/notice-contract';

/**
 * Authentication and account events (ASVS V16: every authentication decision is recorded). E-mail
 * addresses of failed attempts appear only as a salted hash, so the stream does not collect them.
 */
const SessionRevokedReasonSchema = z.enum([
  'logout',
  'reuse-detected',
  'password-changed',
  'password-reset',
  'deactivated',
]);

export const IdentityEvents = {
  loginSucceeded: defineEvent(
    'identity.auth.succeeded',
    1,
    z.object({ userId: z.string(), sessionId: z.string(), clientIp: z.string() }),
    'A user logged in (a session began).',
  ),
  loginFailed: defineEvent(
    'identity.auth.failed',
    1,
    z.object({ emailHash: z.string(), clientIp: z.string(), reason: z.enum(['invalid-credentials']) }),
    'A login attempt failed. The same event whether or not the account exists.',
  ),
  loginThrottled: defineEvent(
    'identity.auth.throttled',
    1,
    z.object({
      emailHash: z.string(),
      clientIp: z.string(),
      scope: z.enum(['account', 'address']),
      retryAfterSeconds: z.number(),
    }),
    'Too many failed logins: further attempts for this account or address are delayed.',
  ),
  sessionRevoked: defineEvent(
    'identity.session.revoked',
    1,
    z.object({
      userId: z.string(),
      sessionId: z.string(),
      reason: SessionRevokedReasonSchema,
      revokedAt: z.string(),
    }),
    'A session ended before its time: its refresh token no longer works and access tokens of it are refused.',
  ),
  refreshReuseDetected: defineEvent(
    'identity.session.reuse-detected',
    1,
    z.object({ userId: z.string(), sessionId: z.string() }),
    'A refresh token was used twice (stolen or replayed): the whole session was revoked.',
  ),
  passwordChanged: defineEvent(
    'identity.password.changed',
    1,
    z.object({
      userId: z.string(),
      /** When the new password took effect; the sessions established before end (but the kept one). */
      changedAt: z.string().optional(),
      /** The session the change was made in, which goes on. */
      keptSessionId: z.string().optional(),
    }),
    "A user changed their password; the user's other sessions end.",
  ),
  passwordResetRequested: defineEvent(
    'identity.password.reset-requested',
    1,
    z.object({ userId: z.string() }),
    'A password reset link was sent to a user.',
  ),
  passwordReset: defineEvent(
    'identity.password.reset',
    1,
    z.object({
      userId: z.string(),
      /** The reset link used (its record holds the new password until it is set). */
      resetId: z.string().optional(),
      /** When the link was used: the new password's time; every session established before ends. */
      resetAt: z.string().optional(),
    }),
    'A user set a new password through a reset link; every session of the user ends.',
  ),
  invitationCreated: defineEvent(
    'identity.invitation.created',
    1,
    z.object({
      invitationId: z.string(),
      email: z.string(),
      orgId: z.string(),
      seat: SeatTypeSchema,
      invitedBy: z.string(),
      expiresAt: z.string(),
    }),
    'Someone was invited to join an org (the link itself travels only in the MAIL stream).',
  ),
  invitationAccepted: defineEvent(
    'identity.invitation.accepted',
    1,
    z.object({ invitationId: z.string(), userId: z.string() }),
    'An invitation was accepted: the user set a password and is active.',
  ),
  invitationRevoked: defineEvent(
    'identity.invitation.revoked',
    1,
    z.object({ invitationId: z.string() }),
    'A pending invitation was withdrawn.',
  ),
  userActivated: defineEvent(
    'identity.user.activated',
    1,
    z.object({
      userId: z.string(),
      orgId: z.string(),
      seat: SeatTypeSchema,
      /** The invitation accepted (it is closed as accepted). */
      invitationId: z.string().optional(),
    }),
    'A user account became active and took a seat.',
  ),
  userDeactivated: defineEvent(
    'identity.user.deactivated',
    1,
    z.object({ userId: z.string(), orgId: z.string(), seat: SeatTypeSchema, deactivatedAt: z.string() }),
    'A user account was deactivated: every session ended at once and the seat was freed.',
  ),
  userUpdated: defineEvent(
    'identity.user.updated',
    1,
    z.object({ userId: z.string(), fields: z.array(z.string()) }),
    "A user's profile or roles changed.",
  ),
  userAccessChanged: defineEvent(
    'identity.user.access-changed',
    1,
    z.object({
      userId: z.string(),
      /** Access tokens carry the version their grants were computed from (claim `gv`). */
      accessVersion: z.number().int().min(1),
      reason: z.enum(['roles', 'role-permissions', 'personal-manager']),
    }),
    "What a user may do where may have changed (a role given or taken, a role's permissions edited, a client's personal manager changed): access tokens of an older access version are refused, so the user's next refresh brings the current grants.",
  ),
  roleUpdated: defineEvent(
    'identity.role.updated',
    1,
    z.object({ roleId: z.string(), fields: z.array(z.string()) }),
    "A role's description or permissions changed; for its permissions, every holder's access changes too.",
  ),
  orgManagerChanged: defineEvent(
    'identity.org.manager-changed',
    1,
    z.object({
      orgId: z.string(),
      managerId: z.string().nullable(),
      previousManagerId: z.string().nullable(),
    }),
    "A client or partner org got a personal manager, or another one: both managers' access changes.",
  ),
  orgCreated: defineEvent(
    'identity.org.created',
    1,
    z.object({
      orgId: z.string(),
      name: z.string(),
      kind: z.string(),
      parentId: z.string(),
      external: z.boolean(),
    }),
    'An org unit, client or partner org was created.',
  ),
  orgUpdated: defineEvent(
    'identity.org.updated',
    1,
    z.object({ orgId: z.string(), fields: z.array(z.string()) }),
    'An org changed.',
  ),
  licenceInstalled: defineEvent(
    'identity.licence.installed',
    1,
    z.object({
      licenceId: z.string(),
      licensee: z.string(),
      expiresAt: z.string(),
      pools: z.record(z.string(), z.number()),
    }),
    'A new licence file was installed.',
  ),
};

export const IdentityNotices = {
  /**
   * The signing keys changed (a key was added ahead of its use, or retired): verifiers refresh
   * their copy of the JWKS at once instead of at their next periodic refresh.
   */
  keysChanged: defineNotice('identity.keys.changed', z.object({ kids: z.array(z.string()) })),
};
