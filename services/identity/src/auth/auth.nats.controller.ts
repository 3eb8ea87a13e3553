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
import { IdentityRequests, Permission } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '@orbita/platform';
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

  @Handle(IdentityRequests.login, Access.public('logging in proves who one is'))
  login(@Input() input: LoginRequest): Promise<TokenPair> {
    return this.auth.login(input);
  }

  @Handle(IdentityRequests.refresh, Access.public('the refresh token is the credential'))
  refresh(@Input() input: RefreshInput): Promise<TokenPair> {
    return this.auth.refresh(input);
  }

  @Handle(IdentityRequests.logout, Access.signedIn("ends one's own session"))
  logout(@CurrentPrincipal() principal: Principal): Promise<Accepted> {
    return this.auth.logout(principal);
  }

  @Handle(IdentityRequests.changePassword, Access.signedIn("one's own password, proven by the current one"))
  changePassword(
    @CurrentPrincipal() principal: Principal,
    @Input() input: ChangePasswordRequest,
  ): Promise<Accepted> {
    return this.passwords.change(principal, input);
  }

  @Handle(IdentityRequests.requestPasswordReset, Access.public('for people who cannot log in'))
  requestPasswordReset(@Input() input: RequestPasswordResetRequest): Accepted {
    return this.passwords.requestReset(input);
  }

  @Handle(IdentityRequests.resetPassword, Access.public('the link from the e-mail is the credential'))
  resetPassword(@Input() input: ResetPasswordInput): Promise<Accepted> {
    return this.passwords.reset(input);
  }

  @Handle(IdentityRequests.jwks, Access.public('public keys, for every verifier'))
  jwks(): Promise<Jwks> {
    return this.keys.jwks();
  }

  @Handle(IdentityRequests.rotateKey, Access.permission(Permission.KeysManage))
  rotateKey(@CurrentPrincipal() principal: Principal): Promise<{ kid: string }> {
    return this.keys.rotateBy(principal);
  }
}
