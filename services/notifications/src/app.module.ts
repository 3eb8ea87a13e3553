import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { PlatformOptions } from '@orbita/platform';
import { PlatformModule, ServiceConfigModule, platformOptionsFrom } from '@orbita/platform';
import type { NotificationsConfig } from './config';
import { NOTIFICATIONS_CONFIG } from './config.token';
import { DigestModule } from './digest/digest.module';
import { EmailModule } from './email/email.module';
import { InboxModule } from './inbox/inbox.module';
import { MailModule } from './mail/mail.module';
import { PeopleModule } from './people/people.module';
import { RecipientsModule } from './recipients/recipients.module';

/**
 * Events handled side by side, in lanes by request (or by subject, for events of no request): one
 * request's events stay in order (its card before its steps), while a burst of tasks for many people
 * is not held up behind one slow database round trip after another.
 */
const EVENT_LANES = 8;

function withEventLanes(options: PlatformOptions): PlatformOptions {
  return {
    ...options,
    events: {
      ...options.events,
      concurrency: EVENT_LANES,
      laneOf: ({ subject, data }) => {
        const instanceId = (data as { instanceId?: unknown } | null)?.instanceId;
        return typeof instanceId === 'string'
          ? `process-instance:${instanceId}`
          : `${subject.type}:${subject.id}`;
      },
    },
  };
}

@Module({})
export class AppModule {
  static register(config: NotificationsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService(withEventLanes(platformOptionsFrom('notifications', config))),
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
