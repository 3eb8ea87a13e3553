import type { OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConsumerMessages, NatsConnection } from 'nats';
import { DeliverPolicy } from 'nats';
import type { EventContract, EventEnvelope } from '@orbita/contracts';
import { EventEnvelopeSchema } from '@orbita/contracts';
import { NATS_CONNECTION } from '../bus/tokens';
import { ensureEventStreams } from './event-stream';

/**
 * Follows event kinds from a moment in the past, in order, for this process alone (an ordered,
 * ephemeral consumer): for in-memory views every instance must see whole, such as the gateway's
 * list of revoked sessions. Durable, shared handling is EventConsumer's job.
 */
@Injectable()
export class EventTail implements OnApplicationShutdown {
  private readonly logger = new Logger(EventTail.name);
  private readonly running: { messages: ConsumerMessages; loop: Promise<void> }[] = [];

  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  async follow(
    contracts: readonly EventContract[],
    since: Date,
    handle: (envelope: EventEnvelope) => void,
  ): Promise<void> {
    const byStream = new Map<string, string[]>();
    for (const contract of contracts) {
      byStream.set(contract.stream, [...(byStream.get(contract.stream) ?? []), contract.subject]);
    }
    await ensureEventStreams(await this.nc.jetstreamManager());
    for (const [stream, subjects] of byStream) {
      const consumer = await this.nc.jetstream().consumers.get(stream, {
        filterSubjects: subjects,
        deliver_policy: DeliverPolicy.StartTime,
        opt_start_time: since.toISOString(),
      });
      const messages = await consumer.consume();
      const loop = (async () => {
        for await (const msg of messages) {
          const parsed = EventEnvelopeSchema.safeParse(msg.json());
          if (!parsed.success) {
            this.logger.warn({ subject: msg.subject, seq: msg.seq, msg: 'Skipping a malformed event' });
            continue;
          }
          try {
            handle(parsed.data);
          } catch (err) {
            this.logger.error({ err, eventId: parsed.data.id, msg: 'Event tail handler failed' });
          }
        }
      })();
      this.running.push({ messages, loop });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const { messages } of this.running) {
      messages.stop();
    }
    await Promise.all(this.running.map(({ loop }) => loop));
  }
}
