import { Injectable } from '@nestjs/common';
import type { LoginInput, TokenPair } from '@orbita/contracts';
import { ErrorCode } from '@orbita/contracts';
import { AppError } from '@orbita/platform';
import { UserRepository } from '../users/user.repository';
import { PasswordHasher } from './password-hasher';
import { TokenIssuer } from './token-issuer';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenIssuer,
  ) {}

  /** One answer for unknown e-mail, wrong password and deactivated account: no user enumeration. */
  async login(input: LoginInput): Promise<TokenPair> {
    const user = await this.users.findByEmailForLogin(input.email);
    const passwordOk = await this.passwords.verify(user?.passwordHash ?? null, input.password);
    if (!user || !passwordOk || !user.active) {
      throw new AppError(ErrorCode.InvalidCredentials);
    }
    return this.tokens.issue({
      sub: user._id,
      org: user.orgId,
      orgPath: user.orgPath,
      roles: user.roles,
      perms: [],
      seat: user.seat,
      ext: user.external,
    });
  }
}
