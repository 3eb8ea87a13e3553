import { Injectable } from '@nestjs/common';
import type { Accepted, LoginRequest, Principal, RefreshInput, TokenPair } from '@orbita/contracts';
import { ErrorCode, IdentityEvents } from '@orbita/contracts';
import { AppError, EventFactory } from '@orbita/platform';
import { OrgRepository } from '../orgs/org.repository';
import { PasswordHasher } from '../passwords/password-hasher';
import { SessionsService } from '../sessions/sessions.service';
import { UserRepository } from '../users/user.repository';
import type { UserDocument } from '../users/user.schema';
import { LoginThrottle } from './login-throttle.service';
import { TokenIssuer } from './token-issuer';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly orgs: OrgRepository,
    private readonly passwords: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionsService,
    private readonly tokens: TokenIssuer,
    private readonly events: EventFactory,
  ) {}

  /**
   * One answer, in about the same time, for an unknown e-mail, a wrong password and an inactive
   * account (no user enumeration): an unknown e-mail is checked against a dummy hash, and the
   * throttle is keyed by the e-mail whether or not it has an account.
   */
  async login(request: LoginRequest): Promise<TokenPair> {
    const emailHash = this.throttle.emailHash(request.email);
    await this.throttle.assertAllowed(emailHash, request.clientIp);
    const user = await this.users.findByEmail(request.email);
    const passwordOk = await this.passwords.verify(user?.passwordHash ?? null, request.password);
    if (!user || !passwordOk || user.status !== 'active') {
      const orgId = user?.orgId ?? (await this.orgs.companyId()) ?? 'unknown';
      await this.throttle.failed(emailHash, request.clientIp, orgId);
      throw new AppError(ErrorCode.InvalidCredentials);
    }
    await this.throttle.succeeded(emailHash, request.clientIp);
    return this.startSession(user, request.clientIp);
  }

  /** A new session for a user who just proved who they are (login, accepted invitation). */
  async startSession(user: UserDocument, clientIp: string): Promise<TokenPair> {
    const started = await this.sessions.start(user, clientIp, (sessionId) => [
      this.events.create(IdentityEvents.loginSucceeded, {
        orgId: user.orgId,
        subject: { type: 'user', id: user._id },
        data: { userId: user._id, sessionId, clientIp },
      }),
    ]);
    return this.tokens.issue(user, started);
  }

  /** A new token pair for a refresh token; the user's current grants go into the new access token. */
  async refresh(input: RefreshInput): Promise<TokenPair> {
    const started = await this.sessions.rotate(input.refreshToken);
    const user = await this.users.findForInternalUse(started.session.userId);
    if (!user || user.status !== 'active') {
      await this.sessions.revoke(started.session, 'deactivated');
      throw new AppError(ErrorCode.Unauthenticated);
    }
    return this.tokens.issue(user, started);
  }

  async logout(principal: Principal): Promise<Accepted> {
    if (principal.sessionId) {
      await this.sessions.revokeById(principal.sessionId, principal.userId, 'logout');
    }
    return { accepted: true };
  }
}
