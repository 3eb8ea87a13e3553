import type { OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { ConsumerMessages, JetStreamManager, JsMsg, NatsConnection } from 'nats';
import { AckPolicy, DeliverPolicy, nanos } from 'nats';
import type { EventContract, EventEnvelope, EventStream } from '@orbita/contracts';
import { EVENTS_STREAM, EventEnvelopeSchema } from '@orbita/contracts';
import { NATS_CONNECTION, PLATFORM_OPTIONS } from '../bus/tokens';
import type { PlatformOptions } from '../bus/platform-options';
import { RequestContext } from '../context/request-context';
import { eventsHandled } from '../metrics/metrics';
import { ensureEventStreams } from './event-stream';
import { ON_EVENT_METADATA } from './on-event.decorator';

type Handler = (envelope: EventEnvelope) => Promise<unknown>;

const MAX_DELIVER = 20;
const ACK_WAIT_MS = 30_000;

/** Redelivery delay after a failure: grows with the attempt, capped at a minute. */
function backoffMs(deliveryCount: number): number {
  return Math.min(60_000, 500 * 2 ** Math.min(deliveryCount, 7));
}

/**
 * The service's durable JetStream consumers, one per stream it reads (named after the service, with
 * `-mail` for the MAIL stream), filtered to the kinds its @OnEvent handlers take. Instances of the
 * service share them, so each event is handled by one of them; acks are explicit and sent only
 * after the handler succeeded.
 */
@Injectable()
export class EventConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(EventConsumer.name);
  private readonly handlers = new Map<string, { contract: EventContract; handle: Handler }>();
  private readonly subscriptions: { messages: ConsumerMessages; loop: Promise<void> }[] = [];

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.events?.consume === false) {
      return;
    }
    this.discoverHandlers();
    if (this.handlers.size === 0) {
      return;
    }
    const jsm = await this.nc.jetstreamManager();
    await ensureEventStreams(jsm);
    const byStream = new Map<EventStream, string[]>();
    for (const { contract } of this.handlers.values()) {
      byStream.set(contract.stream, [...(byStream.get(contract.stream) ?? []), contract.subject]);
    }
    for (const [stream, subjects] of byStream) {
      const durable =
        stream === EVENTS_STREAM ? this.options.service : `${this.options.service}-${stream.toLowerCase()}`;
      await this.ensureConsumer(jsm, stream, durable, subjects.sort());
      const consumer = await this.nc.jetstream().consumers.get(stream, durable);
      const messages = await consumer.consume({ max_messages: 64 });
      this.subscriptions.push({ messages, loop: this.run(messages) });
      this.logger.log(`Consuming ${subjects.join(', ')} from ${stream} as durable "${durable}"`);
    }
  }

  /** Called by the platform at shutdown, before NATS is drained. */
  async stop(): Promise<void> {
    // Stop pulling; the message being handled finishes and is acked before the connection closes.
    for (const { messages } of this.subscriptions) {
      messages.stop();
    }
    await Promise.all(this.subscriptions.map(({ loop }) => loop));
  }

  private async ensureConsumer(
    jsm: JetStreamManager,
    stream: string,
    durable: string,
    filterSubjects: string[],
  ): Promise<void> {
    try {
      const info = await jsm.consumers.info(stream, durable);
      const current = [...(info.config.filter_subjects ?? [])].sort();
      if (current.join(',') !== filterSubjects.join(',')) {
        await jsm.consumers.update(stream, durable, { filter_subjects: filterSubjects });
      }
      return;
    } catch (err) {
      if (!/not found/i.test(String(err))) {
        throw err;
      }
    }
    await jsm.consumers
      .add(stream, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subjects: filterSubjects,
        max_deliver: MAX_DELIVER,
        ack_wait: nanos(ACK_WAIT_MS),
      })
      .catch((addErr: unknown) => {
        // Another instance created it first.
        if (!/already (exists|in use)/i.test(String(addErr))) {
          throw addErr;
        }
      });
  }

  private discoverHandlers(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') {
        continue;
      }
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = (instance as Record<string, unknown>)[methodName];
        if (typeof method !== 'function') {
          continue;
        }
        const contract = this.reflector.get<EventContract | undefined>(
          ON_EVENT_METADATA,
          method as () => unknown,
        );
        if (!contract) {
          continue;
        }
        if (this.handlers.has(contract.subject)) {
          throw new Error(`Two handlers for ${contract.subject} in one service`);
        }
        this.handlers.set(contract.subject, {
          contract,
          handle: (envelope) => (method as (e: EventEnvelope) => Promise<unknown>).call(instance, envelope),
        });
      }
    }
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      await this.handleOne(msg);
    }
  }

  private async handleOne(msg: JsMsg): Promise<void> {
    const entry = this.handlers.get(msg.subject);
    let envelope: EventEnvelope;
    try {
      const parsed = EventEnvelopeSchema.parse(JSON.parse(msg.string()));
      envelope = { ...parsed, data: entry ? entry.contract.data.parse(parsed.data) : parsed.data };
    } catch (err) {
      // A malformed event will not get better by redelivery.
      this.logger.error({ err, subject: msg.subject, seq: msg.seq, msg: 'Dropping a malformed event' });
      msg.term();
      return;
    }
    if (!entry) {
      msg.ack();
      return;
    }
    const stopTimer = eventsHandled.startTimer({ type: envelope.type });
    await RequestContext.run(
      { correlationId: envelope.correlationId, causationId: envelope.id },
      async () => {
        try {
          await entry.handle(envelope);
          msg.ack();
          const seconds = stopTimer({ outcome: 'ok' });
          this.logger.log({
            type: envelope.type,
            eventId: envelope.id,
            ms: Math.round(seconds * 1000),
            msg: 'Handled event',
          });
        } catch (err) {
          stopTimer({ outcome: 'error' });
          const attempt = msg.info.deliveryCount;
          if (attempt >= MAX_DELIVER) {
            this.logger.error({
              err,
              eventId: envelope.id,
              type: envelope.type,
              attempt,
              msg: 'Event handling failed for the last time',
            });
            msg.term();
            return;
          }
          this.logger.warn({
            err,
            eventId: envelope.id,
            type: envelope.type,
            attempt,
            msg: 'Event handling failed, will retry',
          });
          msg.nak(backoffMs(attempt));
        }
      },
    );
  }
}
