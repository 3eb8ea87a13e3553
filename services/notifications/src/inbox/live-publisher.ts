import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { LiveNotification } from '@orbita/contracts';
import { LiveNotificationSchema, liveSubjectOf } from '@orbita/contracts';
import { NATS_CONNECTION } from '@orbita/platform';

/**
 * Pushes a stored notification to `notifications.live.<recipientId>` on core NATS, where every
 * gateway instance listens. A push nobody hears is not lost: the store is the truth and a browser
 * that reconnects replays from it (LiveRequests.since), so a failed push is logged, not retried.
 */
@Injectable()
export class LivePublisher {
  private readonly logger = new Logger(LivePublisher.name);

  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  push(live: LiveNotification): void {
    try {
      const payload = LiveNotificationSchema.parse(live);
      this.nc.publish(liveSubjectOf(payload.recipientId), JSON.stringify(payload));
    } catch (err) {
      this.logger.warn({ recipientId: live.recipientId, err, msg: 'Live push failed; replay covers it' });
    }
  }
}
