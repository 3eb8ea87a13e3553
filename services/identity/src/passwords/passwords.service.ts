import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  Accepted,
  ChangePasswordRequest,
  Principal,
  RequestPasswordResetRequest,
  ResetPasswordInput,
} from '@orbita/contracts';
import { ErrorCode, IdentityEvents, MailMessages } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import { AppError, CLOCK, EventFactory, ID_GENERATOR, sealMailRequest } from '@orbita/platform';
import { LoginThrottle } from '../auth/login-throttle.service';
import { IdentityFailpoint } from '../common/failpoints';
import { Failpoints } from '@orbita/platform';
import type { IdentityConfig } from '../config';
import { IDENTITY_CONFIG } from '../config.token';
import { SessionsService } from '../sessions/sessions.service';
import { UserRepository } from '../users/user.repository';
import { hashLinkToken, newLinkToken } from './link-token.util';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy';
import { PasswordResetRepository } from './password-reset.repository';
import type { PasswordResetDocument } from './password-reset.schema';

/** At most this many reset mails per account and hour, whoever asks. */
const RESETS_PER_HOUR = 3;

@Injectable()
export class PasswordsService {
  private readonly logger = new Logger(PasswordsService.name);

  constructor(
    private readonly users: UserRepository,
    private readonly resets: PasswordResetRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottle,
    private readonly events: EventFactory,
    private readonly failpoints: Failpoints,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /** Needs the current password; ends every other session of the user. */
  async change(principal: Principal, input: ChangePasswordRequest): Promise<Accepted> {
    const { clientIp } = input;
    const user = await this.users.findInCompany(principal.orgPath[0] ?? principal.orgId, principal.userId);
    if (!user || user.status !== 'active') {
      throw new AppError(ErrorCode.Unauthenticated);
    }
    const emailHash = this.throttle.emailHash(user.email);
    await this.throttle.assertAllowed(emailHash, clientIp);
    if (!(await this.hasher.verify(user.passwordHash, input.currentPassword))) {
      await this.throttle.failed(emailHash, clientIp, user.orgId);
      throw new AppError(ErrorCode.InvalidCredentials);
    }
    this.policy.assertAcceptable(input.newPassword, user.email);
    // One write decides the change: the password, and the event that ends the other sessions
    // (identity finishes it from the event should this process die before it does below).
    const passwordHash = await this.hasher.hash(input.newPassword);
    const changedAt = this.clock.now();
    const changed = this.events.create(IdentityEvents.passwordChanged, {
      orgId: user.orgId,
      subject: { type: 'user', id: user._id },
      data: { userId: user._id, changedAt: changedAt.toISOString(), keptSessionId: principal.sessionId },
    });
    if (!(await this.users.setPassword(user._id, passwordHash, changedAt, [changed]))) {
      throw new AppError(ErrorCode.Unauthenticated);
    }
    this.failpoints.hit(IdentityFailpoint.ChangeAfterPassword);
    await this.finishChange(user._id, changedAt, principal.sessionId);
    return { accepted: true };
  }

  /**
   * The rest of a password change: the sessions established with an older password end, but the one
   * the change was made in. Idempotent, and harmless when late: a session started with the new
   * password is never ended by it.
   */
  async finishChange(userId: string, changedAt: Date, keptSessionId: string | undefined): Promise<void> {
    await this.sessions.revokeEstablishedBefore(userId, changedAt, 'password-changed', keptSessionId);
  }

  /**
   * Always the same answer, at once, whether or not the e-mail has an account (no enumeration);
   * the work (limits, link, mail) happens after the answer.
   */
  requestReset(request: RequestPasswordResetRequest): Accepted {
    this.sendResetLink(request).catch((err: unknown) => {
      this.logger.error({ err, msg: 'Could not issue a password reset link' });
    });
    return { accepted: true };
  }

  /**
   * Sets a new password through a reset link (single use, expiring) and ends every session. One
   * write decides it: the link is used up together with the new password's hash and the event, so
   * neither a second use of the link nor a crash before the password is set is possible; identity
   * finishes from the event what this call may not get to.
   */
  async reset(input: ResetPasswordInput): Promise<Accepted> {
    const now = this.clock.now();
    const tokenHash = hashLinkToken(input.token);
    const pending = await this.resets.findValid(tokenHash, now);
    const user = pending ? await this.users.findForInternalUse(pending.userId) : null;
    if (!pending || !user || user.status !== 'active') {
      throw new AppError(ErrorCode.LinkInvalid);
    }
    // Before the link is used up: a password the policy refuses leaves the link usable.
    this.policy.assertAcceptable(input.newPassword, user.email);
    const passwordHash = await this.hasher.hash(input.newPassword);
    // The new password's time: after the hashing, so that nothing set meanwhile counts as newer.
    const usedAt = this.clock.now();
    const done = this.events.create(IdentityEvents.passwordReset, {
      orgId: user.orgId,
      subject: { type: 'user', id: user._id },
      data: { userId: user._id, resetId: pending._id, resetAt: usedAt.toISOString() },
    });
    const redeemed = await this.resets.redeem(tokenHash, usedAt, passwordHash, [done]);
    if (!redeemed) {
      throw new AppError(ErrorCode.LinkInvalid);
    }
    this.failpoints.hit(IdentityFailpoint.ResetAfterRedeem);
    await this.finishReset(redeemed);
    return { accepted: true };
  }

  /**
   * The rest of a reset, from its used link: the password is set (unless the user has set a newer
   * one since), every session established with an older one ends, and the hash is forgotten.
   * Idempotent; a session started with the new password is never ended by it.
   */
  async finishReset(reset: PasswordResetDocument): Promise<void> {
    if (!reset.usedAt) {
      return;
    }
    if (reset.newPasswordHash) {
      await this.users.setPasswordUnlessNewer(reset.userId, reset.newPasswordHash, reset.usedAt);
    }
    await this.sessions.revokeEstablishedBefore(reset.userId, reset.usedAt, 'password-reset');
    if (reset.newPasswordHash) {
      await this.resets.forgetNewPassword(reset._id);
    }
  }

  /** The reset behind a passwordReset event, to finish it; null when it is not (or no longer) known. */
  async usedReset(resetId: string, userId: string): Promise<PasswordResetDocument | null> {
    return this.resets.findUsed(resetId, userId);
  }

  private async sendResetLink(request: RequestPasswordResetRequest): Promise<void> {
    const user = await this.users.findByEmail(request.email);
    if (!user || user.status !== 'active') {
      return;
    }
    const now = this.clock.now();
    if ((await this.resets.countSince(user._id, new Date(now.getTime() - 3_600_000))) >= RESETS_PER_HOUR) {
      this.logger.warn({ userId: user._id, msg: 'Password reset limit reached; no mail sent' });
      return;
    }
    const { token, hash } = newLinkToken();
    const expiresAt = new Date(now.getTime() + this.config.PASSWORD_RESET_TTL_MINUTES * 60_000);
    const locale = request.locale ?? 'ru';
    const link = new URL(`/reset-password?token=${token}`, this.config.PUBLIC_URL).toString();
    const requested = this.events.create(IdentityEvents.passwordResetRequested, {
      orgId: user.orgId,
      subject: { type: 'user', id: user._id },
      data: { userId: user._id },
    });
    const mail = this.events.create(MailMessages.mailRequested, {
      orgId: user.orgId,
      subject: { type: 'user', id: user._id },
      data: sealMailRequest(
        {
          to: user.email,
          locale,
          template: 'password-reset',
          params: { link, displayName: user.displayName, expiresAt: expiresAt.toISOString() },
        },
        this.config.MAIL_SEALING_KEY,
      ),
    });
    await this.resets.add(
      {
        _id: this.ids.newId(),
        tokenHash: hash,
        userId: user._id,
        orgId: user.orgId,
        expiresAt,
        usedAt: null,
        createdAt: now,
      },
      [requested, mail],
    );
  }
}
