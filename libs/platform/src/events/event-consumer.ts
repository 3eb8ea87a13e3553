import type { OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { ConsumerConfig, ConsumerMessages, JetStreamManager, JsMsg, NatsConnection } from 'nats';
import { AckPolicy, DeliverPolicy, nanos } from 'nats';
import type { EventContract, EventEnvelope, EventStream } from '@orbita/contracts';
import { EventEnvelopeSchema, durableConsumerOf } from '@orbita/contracts';
import { CLOCK, ID_GENERATOR, NATS_CONNECTION, PLATFORM_OPTIONS } from '../bus/tokens';
import type { PlatformOptions } from '../bus/platform-options';
import { RequestContext } from '../context/request-context';
import { eventsHandled, eventsParked } from '../metrics/metrics';
import type { Clock } from '../time/clock';
import type { IdGenerator } from '../time/id-generator';
import { DeadLetterRepository } from './dead-letters/dead-letter.repository';
import { ensureEventStreams } from './event-stream';
import { ON_EVENT_METADATA } from './on-event.decorator';

type Handler = (envelope: EventEnvelope) => Promise<unknown>;

/** How long JetStream waits for an ack before it redelivers; long handlers say they are working. */
const ACK_WAIT_MS = 30_000;
const WORKING_EVERY_MS = ACK_WAIT_MS / 3;
const MAX_ACK_PENDING = 256;

/** Test-only fault injection (FAILPOINT env): every handler of the process fails. */
export const ConsumerFailpoint = { HandlerFails: 'consumer.handler-fails' } as const;

/** A message that will not get better by being tried again: parked at once. */
class PoisonMessage extends Error {
  override readonly name = 'PoisonMessage';

  /** The envelope, when the message was one (its data is what did not fit). */
  constructor(
    message: string,
    readonly envelope: EventEnvelope | null = null,
  ) {
    super(message);
  }
}

/**
 * The service's durable JetStream consumers, one per stream it reads (named after the service, with
 * `-mail` for the MAIL stream), filtered to the kinds its @OnEvent handlers take. Instances of the
 * service share them, so each event is handled by one of them; acks are explicit and sent only
 * after the handler succeeded. A failed event is tried again after a growing delay, up to
 * EVENT_MAX_ATTEMPTS times; then, or at once when it is not an event of its contract at all, it is
 * parked in the service's dead-letter store with the error (and acked), where admins see and
 * replay it: no message is lost, and none blocks the ones after it.
 */
@Injectable()
export class EventConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(EventConsumer.name);
  private readonly handlers = new Map<string, { contract: EventContract; handle: Handler }>();
  private readonly subscriptions: { messages: ConsumerMessages; loop: Promise<void> }[] = [];

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    // Explicit token: a union type is emitted as Object, which Nest cannot resolve.
    @Optional() @Inject(DeadLetterRepository) private readonly deadLetters: DeadLetterRepository | null,
  ) {}

  private get maxAttempts(): number {
    return this.options.events?.maxAttempts ?? 8;
  }

  /** Redelivery delay after a failure: doubles with the attempt, capped at a minute. */
  private retryDelayMs(attempt: number): number {
    const base = this.options.events?.retryBaseMs ?? 1_000;
    return Math.min(60_000, base * 2 ** Math.min(Math.max(attempt - 1, 0), 16));
  }

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
      const durable = durableConsumerOf(this.options.service, stream);
      await this.ensureConsumer(jsm, stream, durable, subjects.sort());
      const consumer = await this.nc.jetstream().consumers.get(stream, durable);
      const messages = await consumer.consume({ max_messages: 64 });
      this.subscriptions.push({ messages, loop: this.run(messages, durable) });
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

  /**
   * Handles a parked message again (an admin's replay), as it was received: throws what the
   * handler throws, so the dead letter keeps the new error.
   */
  async handleParked(subject: string, payload: string): Promise<void> {
    const entry = this.handlers.get(subject);
    if (!entry) {
      throw new PoisonMessage(`No handler of ${subject} in this service any more`);
    }
    const envelope = this.parse(entry.contract, payload);
    await RequestContext.run({ correlationId: envelope.correlationId, causationId: envelope.id }, () =>
      entry.handle(envelope),
    );
  }

  /**
   * The consumer as this version of the service wants it: created when missing, and when its
   * settings differ (filter, ack wait, redelivery limit, pending limit) brought in line at start.
   */
  private async ensureConsumer(
    jsm: JetStreamManager,
    stream: string,
    durable: string,
    filterSubjects: string[],
  ): Promise<void> {
    // We park failed events ourselves after EVENT_MAX_ATTEMPTS, so JetStream never gives up on one.
    const wanted: Partial<ConsumerConfig> = {
      filter_subjects: filterSubjects,
      ack_wait: nanos(ACK_WAIT_MS),
      max_deliver: -1,
      max_ack_pending: MAX_ACK_PENDING,
    };
    let current: ConsumerConfig | null = null;
    try {
      current = (await jsm.consumers.info(stream, durable)).config;
    } catch (err) {
      if (!/not found/i.test(String(err))) {
        throw err;
      }
    }
    if (current) {
      const drift = driftOf(current, wanted);
      if (drift.length > 0) {
        // One filter or several, never both: a single filter an older version set is cleared.
        const update = current.filter_subject ? { ...wanted, filter_subject: '' } : wanted;
        await jsm.consumers.update(stream, durable, update);
        this.logger.log({ stream, durable, changed: drift, msg: 'Reconciled the consumer settings' });
      }
      return;
    }
    await jsm.consumers
      .add(stream, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ...wanted,
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

  private async run(messages: ConsumerMessages, durable: string): Promise<void> {
    const concurrency = Math.max(1, this.options.events?.concurrency ?? 1);
    if (concurrency === 1) {
      for await (const msg of messages) {
        await this.handleOne(msg, durable);
      }
      return;
    }
    // Lanes: the last event taken of each lane, which the next one of that lane waits for.
    const lanes = new Map<string, Promise<void>>();
    const inFlight = new Set<Promise<void>>();
    for await (const msg of messages) {
      const lane = this.laneOf(msg);
      const handled = (lanes.get(lane) ?? Promise.resolve())
        .then(() => this.handleOne(msg, durable))
        .catch((err: unknown) => {
          // handleOne settles every message itself; this keeps the lane going should it ever throw.
          this.logger.error({ err, subject: msg.subject, seq: msg.seq, msg: 'Event handling threw' });
        });
      lanes.set(lane, handled);
      inFlight.add(handled);
      void handled.finally(() => {
        inFlight.delete(handled);
        if (lanes.get(lane) === handled) {
          lanes.delete(lane);
        }
      });
      if (inFlight.size >= concurrency) {
        await Promise.race(inFlight);
      }
    }
    await Promise.all(inFlight);
  }

  /** The event's lane (see PlatformOptions.events.concurrency); one that is not an envelope goes alone. */
  private laneOf(msg: JsMsg): string {
    try {
      const envelope = JSON.parse(msg.string()) as {
        subject?: { type?: unknown; id?: unknown };
        data?: unknown;
      };
      const subject = { type: String(envelope.subject?.type), id: String(envelope.subject?.id) };
      const laneOf = this.options.events?.laneOf;
      return laneOf ? laneOf({ subject, data: envelope.data }) : `${subject.type}:${subject.id}`;
    } catch {
      return `unparsed:${msg.seq}`;
    }
  }

  private parse(contract: EventContract, raw: string): EventEnvelope {
    let parsed: ReturnType<typeof EventEnvelopeSchema.parse>;
    try {
      parsed = EventEnvelopeSchema.parse(JSON.parse(raw));
    } catch (err) {
      throw new PoisonMessage(`Not an event envelope: ${err instanceof Error ? err.message : String(err)}`);
    }
    const data = contract.data.safeParse(parsed.data);
    if (!data.success) {
      throw new PoisonMessage(
        `The data is not ${contract.type} v${contract.version}: ${data.error.message}`,
        parsed,
      );
    }
    return { ...parsed, data: data.data };
  }

  private async handleOne(msg: JsMsg, durable: string): Promise<void> {
    const entry = this.handlers.get(msg.subject);
    if (!entry) {
      msg.ack();
      return;
    }
    const raw = msg.string();
    let envelope: EventEnvelope;
    try {
      envelope = this.parse(entry.contract, raw);
    } catch (err) {
      await this.park(msg, durable, raw, err instanceof PoisonMessage ? err.envelope : null, err);
      return;
    }
    // Everything about this event, its logs included, carries its correlation id.
    await RequestContext.run({ correlationId: envelope.correlationId, causationId: envelope.id }, () =>
      this.handleEnvelope(msg, durable, raw, entry.handle, envelope),
    );
  }

  private async handleEnvelope(
    msg: JsMsg,
    durable: string,
    raw: string,
    handle: Handler,
    envelope: EventEnvelope,
  ): Promise<void> {
    const stopTimer = eventsHandled.startTimer({ type: envelope.type });
    // A slow handler must not look like a dead one: JetStream would deliver the event again.
    const working = setInterval(() => {
      msg.working();
    }, WORKING_EVERY_MS);
    try {
      if (this.options.events?.failpoint === ConsumerFailpoint.HandlerFails) {
        throw new Error(`Failpoint ${ConsumerFailpoint.HandlerFails}: the handler fails`);
      }
      await handle(envelope);
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
      if (err instanceof PoisonMessage || attempt >= this.maxAttempts) {
        await this.park(msg, durable, raw, envelope, err);
        return;
      }
      this.logger.warn({
        err,
        eventId: envelope.id,
        type: envelope.type,
        attempt,
        msg: 'Event handling failed, will retry',
      });
      msg.nak(this.retryDelayMs(attempt));
    } finally {
      clearInterval(working);
    }
  }

  /**
   * Into the dead-letter store, then acked; should the store itself fail, the message is tried
   * again later rather than dropped.
   */
  private async park(
    msg: JsMsg,
    durable: string,
    raw: string,
    envelope: EventEnvelope | null,
    err: unknown,
  ): Promise<void> {
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    if (!this.deadLetters) {
      this.logger.error({
        err,
        subject: msg.subject,
        seq: msg.seq,
        msg: 'Event dropped: no dead-letter store',
      });
      msg.term();
      return;
    }
    const now = this.clock.now();
    try {
      await this.deadLetters.park({
        _id: this.ids.newId(),
        key: `${durable}:${msg.seq}`,
        service: this.options.service,
        consumer: durable,
        stream: msg.info.stream,
        subject: msg.subject,
        streamSequence: msg.seq,
        eventId: envelope?.id ?? null,
        eventType: envelope?.type ?? null,
        orgId: envelope?.orgId ?? null,
        error: error.length > 2_000 ? `${error.slice(0, 2_000)}…` : error,
        attempts: msg.info.deliveryCount,
        status: 'parked',
        firstFailedAt: now,
        lastFailedAt: now,
        resolvedAt: null,
        resolvedBy: null,
        payload: raw,
      });
    } catch (storeErr) {
      this.logger.error({
        err: storeErr,
        subject: msg.subject,
        msg: 'Could not park an event; it comes again',
      });
      msg.nak(this.retryDelayMs(msg.info.deliveryCount));
      return;
    }
    eventsParked.inc({ subject: msg.subject });
    this.logger.error({
      err,
      subject: msg.subject,
      seq: msg.seq,
      eventId: envelope?.id,
      attempts: msg.info.deliveryCount,
      msg: 'Event parked in the dead-letter store',
    });
    msg.ack();
  }
}

/** The settings of `wanted` that `current` does not have. */
function driftOf(current: ConsumerConfig, wanted: Partial<ConsumerConfig>): string[] {
  const drift: string[] = [];
  const sorted = (list: string[] | undefined): string => [...(list ?? [])].sort().join(',');
  if (
    sorted(current.filter_subjects ?? (current.filter_subject ? [current.filter_subject] : [])) !==
    sorted(wanted.filter_subjects)
  ) {
    drift.push('filter_subjects');
  }
  for (const key of ['ack_wait', 'max_deliver', 'max_ack_pending'] as const) {
    if (current[key] !== wanted[key]) {
      drift.push(key);
    }
  }
  return drift;
}
