import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { PlatformModule, ServiceConfigModule, platformOptionsFrom } from '@orbita/platform';
import type { NotificationsConfig } from './config';
import { NOTIFICATIONS_CONFIG } from './config.token';
import { DigestModule } from './digest/digest.module';
import { EmailModule } from './email/email.module';
import { InboxModule } from './inbox/inbox.module';
import { MailModule } from './mail/mail.module';
import { PeopleModule } from './people/people.module';
import { RecipientsModule } from './recipients/recipients.module';

@Module({})
export class AppModule {
  static register(config: NotificationsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService(platformOptionsFrom('notifications', config)),
        ServiceConfigModule.provide(NOTIFICATIONS_CONFIG, config),
        InboxModule,
        MailModule,
        PeopleModule,
        EmailModule,
        DigestModule,
        RecipientsModule,
      ],
    };
  }
}
