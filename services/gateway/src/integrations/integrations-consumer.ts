import type { OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { AckPolicy, DeliverPolicy, nanos } from 'nats';
import { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, INTEGRATIONS_CONSUMER } from '@orbita/contracts';
import { NATS_CONNECTION, ensureEventStreams } from '@orbita/platform';

/**
 * The durable consumer outside systems read every event through (S3.1: in order, without loss),
 * as the NATS user `integrations`, which may pull from it and ack, and nothing else: it cannot
 * create consumers (a push consumer could be pointed at any subject), send requests or read MAIL.
 * The gateway, the edge for other systems, makes sure it exists.
 */
@Injectable()
export class IntegrationsConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(IntegrationsConsumer.name);

  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  async onApplicationBootstrap(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    await ensureEventStreams(jsm);
    const exists = await jsm.consumers.info(EVENTS_STREAM, INTEGRATIONS_CONSUMER).then(
      () => true,
      (err: unknown) => {
        if (/not found/i.test(String(err))) {
          return false;
        }
        throw err;
      },
    );
    if (exists) {
      return;
    }
    await jsm.consumers
      .add(EVENTS_STREAM, {
        durable_name: INTEGRATIONS_CONSUMER,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: `${EVENTS_SUBJECT_PREFIX}.>`,
        ack_wait: nanos(60_000),
      })
      .catch((err: unknown) => {
        if (!/already (exists|in use)/i.test(String(err))) {
          throw err;
        }
      });
    this.logger.log(`Created the durable consumer "${INTEGRATIONS_CONSUMER}" for outside systems`);
  }
}
