import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PlatformOptions } from '@orbita/platform';
import { PLATFORM_OPTIONS } from '@orbita/platform';

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

/**
 * Test-only fault injection (the FAILPOINT setting, never set in production): SIGKILLs the process
 * at the named line, as OutboxRelay does at its own, so no shutdown hook or pending promise runs.
 */
@Injectable()
export class Failpoints {
  private readonly logger = new Logger(Failpoints.name);

  constructor(@Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions) {}

  hit(name: IdentityFailpoint): void {
    if (this.options.events?.failpoint === name) {
      this.logger.warn({ failpoint: name, msg: 'Failpoint reached: killing the process' });
      process.kill(process.pid, 'SIGKILL');
    }
  }
}
