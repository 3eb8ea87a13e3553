import { Module } from '@nestjs/common';
import { AuthNatsController } from './auth/auth.nats.controller';
import { AuthService } from './auth/auth.service';
import { PasswordHasher } from './auth/password-hasher';
import { TokenIssuer } from './auth/token-issuer';
import { SigningKeysService } from './keys/signing-keys.service';
import { OrgRepository } from './orgs/org.repository';
import { UserRepository } from './users/user.repository';
import { UsersNatsController } from './users/users.nats.controller';
import { UsersService } from './users/users.service';

@Module({
  controllers: [AuthNatsController, UsersNatsController],
  providers: [
    AuthService,
    PasswordHasher,
    TokenIssuer,
    SigningKeysService,
    OrgRepository,
    UserRepository,
    UsersService,
  ],
  exports: [OrgRepository, UserRepository, PasswordHasher],
})
export class IdentityModule {}
