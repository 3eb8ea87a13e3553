import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { PlatformModule, ServiceConfigModule, natsSettingsFrom } from '@orbita/platform';
import type { NotificationsConfig } from './config';
import { NOTIFICATIONS_CONFIG } from './config.token';
import { InboxModule } from './inbox/inbox.module';
import { MailModule } from './mail/mail.module';

@Module({})
export class AppModule {
  static register(config: NotificationsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'notifications',
          nats: natsSettingsFrom(config, 'notifications'),
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          mongo: { url: config.MONGO_URL, db: config.MONGO_DB },
          events: { relaySweepMs: config.OUTBOX_SWEEP_MS },
        }),
        ServiceConfigModule.provide(NOTIFICATIONS_CONFIG, config),
        InboxModule,
        MailModule,
      ],
    };
  }
}
