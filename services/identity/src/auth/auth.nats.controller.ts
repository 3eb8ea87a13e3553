import { Controller } from '@nestjs/common';
import type { Jwks, LoginInput, TokenPair } from '@orbita/contracts';
import { IdentityRequests } from '@orbita/contracts';
import { Handle, Input } from '@orbita/platform';
import { SigningKeysService } from '../keys/signing-keys.service';
import { AuthService } from './auth.service';

@Controller()
export class AuthNatsController {
  constructor(
    private readonly auth: AuthService,
    private readonly keys: SigningKeysService,
  ) {}

  @Handle(IdentityRequests.login)
  login(@Input() input: LoginInput): Promise<TokenPair> {
    return this.auth.login(input);
  }

  @Handle(IdentityRequests.jwks)
  jwks(): Promise<Jwks> {
    return this.keys.jwks();
  }
}
