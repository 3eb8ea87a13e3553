import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { headers as natsHeaders } from 'nats';
import type { EventEnvelope } from '@orbita/contracts';
import { ContextHeader, eventContractOf } from '@orbita/contracts';
import { NATS_CONNECTION } from '../bus/tokens';
import { ensureEventStreams } from './event-stream';

/** Publishes envelopes to JetStream and waits for the stream's ack. Use the outbox, not this, for state changes. */
@Injectable()
export class EventPublisher {
  private streamsReady: Promise<void> | null = null;

  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  async publish(envelope: EventEnvelope): Promise<void> {
    this.streamsReady ??= this.nc.jetstreamManager().then(ensureEventStreams);
    await this.streamsReady.catch((err: unknown) => {
      this.streamsReady = null;
      throw err;
    });
    const contract = eventContractOf(envelope.type);
    if (!contract) {
      // Every event kind is declared in libs/contracts (registry.ts); an unknown one is a bug, not a guess.
      throw new Error(`Unknown event type ${envelope.type}: add its contract to allEvents`);
    }
    const h = natsHeaders();
    h.set(ContextHeader.CorrelationId, envelope.correlationId);
    if (envelope.causationId) {
      h.set(ContextHeader.CausationId, envelope.causationId);
    }
    await this.nc.jetstream().publish(contract.subject, JSON.stringify(envelope), {
      msgID: envelope.id,
      headers: h,
      expect: { streamName: contract.stream },
    });
  }
}
