import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { PlatformModule, platformOptionsFrom } from '@orbita/platform';
import { AdminHttpController } from './admin/admin.http.controller';
import { DeadLettersHttpController } from './admin/dead-letters.http.controller';
import { AuthHttpController } from './auth/auth.http.controller';
import { BrandingHttpController } from './branding/branding.http.controller';
import { ClientsHttpController } from './clients/clients.http.controller';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { JwtStrategy } from './auth/jwt.strategy';
import { RevocationList } from './auth/revocation-list';
import type { GatewayConfig } from './config';
import { GATEWAY_CONFIG } from './config.token';
import { DocsHttpController } from './docs/docs.http.controller';
import { DocumentsProxy } from './files/documents-proxy';
import { DocumentsHttpController, ReceiptKeysHttpController } from './documents/documents.http.controller';
import { FilesHttpController } from './files/files.http.controller';
import { IntegrationsConsumer } from './integrations/integrations-consumer';
import { InvitationsHttpController } from './invitations/invitations.http.controller';
import { NotificationSettingsHttpController } from './notifications/notification-settings.http.controller';
import { NotificationsHttpController } from './notifications/notifications.http.controller';
import { LiveHub } from './realtime/live-hub';
import { LiveStreamHttpController } from './realtime/live-stream.http.controller';
import { OrgsHttpController } from './orgs/orgs.http.controller';
import { InboxHttpController } from './processes/inbox.http.controller';
import { RequestsHttpController } from './processes/requests.http.controller';
import { RegistersHttpController } from './registers/registers.http.controller';
import { ReportsHttpController } from './reports/reports.http.controller';
import { CalendarsHttpController } from './calendars/calendars.http.controller';
import { RolesHttpController } from './roles/roles.http.controller';
import { TasksHttpController } from './tasks/tasks.http.controller';
import { CatalogueHttpController } from './templates/catalogue.http.controller';
import { TemplateSchemaHttpController } from './templates/template-schema.http.controller';
import { SchedulesHttpController } from './schedules/schedules.http.controller';
import { TemplatesHttpController } from './templates/templates.http.controller';
import { UsersHttpController } from './users/users.http.controller';

@Module({})
export class AppModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService(platformOptionsFrom('gateway', config)),
        PassportModule.register({ session: false }),
      ],
      controllers: [
        AuthHttpController,
        UsersHttpController,
        OrgsHttpController,
        RolesHttpController,
        InvitationsHttpController,
        AdminHttpController,
        DeadLettersHttpController,
        TasksHttpController,
        RequestsHttpController,
        InboxHttpController,
        RegistersHttpController,
        CalendarsHttpController,
        ReportsHttpController,
        TemplateSchemaHttpController,
        TemplatesHttpController,
        SchedulesHttpController,
        CatalogueHttpController,
        ClientsHttpController,
        NotificationsHttpController,
        NotificationSettingsHttpController,
        LiveStreamHttpController,
        FilesHttpController,
        ReceiptKeysHttpController,
        DocumentsHttpController,
        DocsHttpController,
        BrandingHttpController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        JwtStrategy,
        RevocationList,
        DocumentsProxy,
        IntegrationsConsumer,
        LiveHub,
      ],
    };
  }
}
