import { Module } from '@nestjs/common';
import { AccessChangeHandler } from './access/access-change.handler';
import { AccessChanges } from './access/access-changes.service';
import { AuthNatsController } from './auth/auth.nats.controller';
import { AuthService } from './auth/auth.service';
import { LoginThrottleRepository } from './auth/login-throttle.repository';
import { LoginThrottle } from './auth/login-throttle.service';
import { TokenIssuer } from './auth/token-issuer';
import { Failpoints } from '@orbita/platform';
import { InvitationAcceptanceHandler } from './invitations/invitation-acceptance.handler';
import { InvitationRepository } from './invitations/invitation.repository';
import { InvitationsNatsController } from './invitations/invitations.nats.controller';
import { InvitationsService } from './invitations/invitations.service';
import { SigningKeyRepository } from './keys/signing-key.repository';
import { SigningKeysService } from './keys/signing-keys.service';
import { LicenceModule } from './licences/licence.module';
import { LicenceService } from './licences/licence.service';
import { MaintenanceService } from './maintenance/maintenance.service';
import { OrgRepository } from './orgs/org.repository';
import { OrgsNatsController } from './orgs/orgs.nats.controller';
import { OrgsService } from './orgs/orgs.service';
import { PasswordCompletionHandler } from './passwords/password-completion.handler';
import { PasswordHasher } from './passwords/password-hasher';
import { PasswordPolicy } from './passwords/password-policy';
import { PasswordResetRepository } from './passwords/password-reset.repository';
import { PasswordsService } from './passwords/passwords.service';
import { RoleRepository } from './roles/role.repository';
import { RolesNatsController } from './roles/roles.nats.controller';
import { RolesService } from './roles/roles.service';
import { SessionRepository } from './sessions/session.repository';
import { SessionsService } from './sessions/sessions.service';
import { DeactivationHandler } from './users/deactivation.handler';
import { GrantsResolver } from './users/grants.resolver';
import type { Seats } from './users/seats.port';
import { SEATS } from './users/seats.port';
import { UserRepository } from './users/user.repository';
import { UsersNatsController } from './users/users.nats.controller';
import { UsersService } from './users/users.service';

@Module({
  imports: [LicenceModule],
  controllers: [
    AuthNatsController,
    UsersNatsController,
    OrgsNatsController,
    RolesNatsController,
    InvitationsNatsController,
  ],
  providers: [
    AuthService,
    LoginThrottle,
    LoginThrottleRepository,
    TokenIssuer,
    SigningKeysService,
    SigningKeyRepository,
    SessionsService,
    SessionRepository,
    PasswordHasher,
    PasswordPolicy,
    PasswordsService,
    PasswordResetRepository,
    UsersService,
    UserRepository,
    GrantsResolver,
    OrgsService,
    OrgRepository,
    RolesService,
    RoleRepository,
    InvitationsService,
    InvitationRepository,
    MaintenanceService,
    AccessChanges,
    AccessChangeHandler,
    Failpoints,
    DeactivationHandler,
    PasswordCompletionHandler,
    InvitationAcceptanceHandler,
    {
      provide: SEATS,
      inject: [LicenceService],
      useFactory: (licences: LicenceService): Seats => ({
        take: async (seat, holderId) => {
          await licences.takeSeat(seat, holderId);
        },
        release: async (seat, holderId) => {
          await licences.releaseSeat(seat, holderId);
        },
        reconcile: async (isEntitled) => (await licences.reconcile(isEntitled)).length,
      }),
    },
  ],
})
export class IdentityModule {}
