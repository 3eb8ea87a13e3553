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
import type { IdentityConfig } from '../config';
import { IDENTITY_CONFIG } from '../config.token';
import { SessionsService } from '../sessions/sessions.service';
import { UserRepository } from '../users/user.repository';
import { hashLinkToken, newLinkToken } from './link-token.util';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy';
import { PasswordResetRepository } from './password-reset.repository';

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
    const changed = this.events.create(IdentityEvents.passwordChanged, {
      orgId: user.orgId,
      subject: { type: 'user', id: user._id },
      data: { userId: user._id },
    });
    await this.users.setPassword(user._id, await this.hasher.hash(input.newPassword), this.clock.now(), [
      changed,
    ]);
    await this.sessions.revokeAllForUser(user._id, 'password-changed', principal.sessionId);
    return { accepted: true };
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

  /** Sets a new password through a reset link (single use, expiring) and ends every session. */
  async reset(input: ResetPasswordInput): Promise<Accepted> {
    const now = this.clock.now();
    const tokenHash = hashLinkToken(input.token);
    const pending = await this.resets.findValid(tokenHash, now);
    const user = pending ? await this.users.findForInternalUse(pending.userId) : null;
    if (!user || user.status !== 'active') {
      throw new AppError(ErrorCode.LinkInvalid);
    }
    // Before the link is used up: a password the policy refuses leaves the link usable.
    this.policy.assertAcceptable(input.newPassword, user.email);
    if (!(await this.resets.redeem(tokenHash, now))) {
      throw new AppError(ErrorCode.LinkInvalid);
    }
    const done = this.events.create(IdentityEvents.passwordReset, {
      orgId: user.orgId,
      subject: { type: 'user', id: user._id },
      data: { userId: user._id },
    });
    await this.users.setPassword(user._id, await this.hasher.hash(input.newPassword), now, [done]);
    await this.sessions.revokeAllForUser(user._id, 'password-reset');
    return { accepted: true };
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
    await this.resets.insert(
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
