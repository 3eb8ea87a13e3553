import type { NatsConnection } from 'nats';
import { AckPolicy, DeliverPolicy } from 'nats';
import type { EventContract, EventEnvelope } from '@orbita/contracts';
import { EVENTS_STREAM, durableConsumerOf } from '@orbita/contracts';
import { eventually } from './eventually';

/**
 * Every event of these kinds (all of one stream) published so far, in stream order, read the way an
 * outside subscriber would: with an ephemeral consumer of its own that acknowledges nothing and is
 * deleted afterwards, so the services' durable consumers are not disturbed.
 */
export async function streamEvents(
  nc: NatsConnection,
  contracts: readonly EventContract[],
): Promise<EventEnvelope[]> {
  const stream = contracts[0]?.stream ?? EVENTS_STREAM;
  if (contracts.some((contract) => contract.stream !== stream)) {
    throw new Error('streamEvents reads one stream at a time');
  }
  const jsm = await nc.jetstreamManager();
  const info = await jsm.streams.info(stream).catch(() => null);
  if (!info || info.state.messages === 0) {
    return [];
  }
  const consumer = await jsm.consumers.add(stream, {
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.All,
    filter_subjects: [...new Set(contracts.map((contract) => contract.subject))],
    // Gone by itself should the test die before deleting it.
    inactive_threshold: 30_000_000_000,
  });
  const found: EventEnvelope[] = [];
  try {
    let pending = consumer.num_pending;
    const reader = await nc.jetstream().consumers.get(stream, consumer.name);
    while (pending > 0) {
      const before = found.length;
      const messages = await reader.fetch({ max_messages: Math.min(pending, 1000), expires: 2000 });
      for await (const msg of messages) {
        found.push(msg.json<EventEnvelope>());
        pending = msg.info.pending;
        if (pending === 0) {
          break;
        }
      }
      if (found.length === before) {
        break;
      }
    }
  } finally {
    await jsm.consumers.delete(stream, consumer.name).catch(() => undefined);
  }
  return found;
}

/**
 * Publishes the events again under new message ids (as JetStream redelivers one whose ack was
 * lost), each on its contract's subject, and waits until the service's durable consumer of the
 * stream has handled them all.
 */
export async function deliverAgain(
  nc: NatsConnection,
  events: readonly EventEnvelope[],
  contracts: readonly EventContract[],
  service: string,
): Promise<void> {
  const js = nc.jetstream();
  for (const event of events) {
    const contract = contracts.find((c) => c.type === event.type);
    if (!contract) {
      throw new Error(`No contract given for an event of type ${event.type}`);
    }
    await js.publish(contract.subject, JSON.stringify(event), { msgID: `${event.id}-again` });
  }
  const stream = contracts[0]?.stream ?? EVENTS_STREAM;
  const jsm = await nc.jetstreamManager();
  await eventually(async () => {
    const info = await jsm.consumers.info(stream, durableConsumerOf(service, stream));
    const left = info.num_pending + info.num_ack_pending;
    if (left > 0) {
      throw new Error(`${service} has ${left} events of ${stream} still to handle`);
    }
  });
}
