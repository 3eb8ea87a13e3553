import { Controller } from '@nestjs/common';
import type {
  Accepted,
  ChangePasswordRequest,
  Jwks,
  LoginRequest,
  Principal,
  RefreshInput,
  RequestPasswordResetRequest,
  ResetPasswordInput,
  TokenPair,
} from '@orbita/contracts';
import { IdentityRequests } from '@orbita/contracts';
import { CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { SigningKeysService } from '../keys/signing-keys.service';
import { PasswordsService } from '../passwords/passwords.service';
import { AuthService } from './auth.service';

@Controller()
export class AuthNatsController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwords: PasswordsService,
    private readonly keys: SigningKeysService,
  ) {}

  @Handle(IdentityRequests.login)
  login(@Input() input: LoginRequest): Promise<TokenPair> {
    return this.auth.login(input);
  }

  @Handle(IdentityRequests.refresh)
  refresh(@Input() input: RefreshInput): Promise<TokenPair> {
    return this.auth.refresh(input);
  }

  @Handle(IdentityRequests.logout)
  logout(@CurrentPrincipal() principal: Principal): Promise<Accepted> {
    return this.auth.logout(principal);
  }

  @Handle(IdentityRequests.changePassword)
  changePassword(
    @CurrentPrincipal() principal: Principal,
    @Input() input: ChangePasswordRequest,
  ): Promise<Accepted> {
    return this.passwords.change(principal, input);
  }

  @Handle(IdentityRequests.requestPasswordReset)
  requestPasswordReset(@Input() input: RequestPasswordResetRequest): Accepted {
    return this.passwords.requestReset(input);
  }

  @Handle(IdentityRequests.resetPassword)
  resetPassword(@Input() input: ResetPasswordInput): Promise<Accepted> {
    return this.passwords.reset(input);
  }

  @Handle(IdentityRequests.jwks)
  jwks(): Promise<Jwks> {
    return this.keys.jwks();
  }

  @Handle(IdentityRequests.rotateKey)
  rotateKey(@CurrentPrincipal() principal: Principal): Promise<{ kid: string }> {
    return this.keys.rotateBy(principal);
  }
}
