import type { NatsSettings } from './nats-connection';

export interface PlatformOptions {
  /** Service name: NATS queue group, durable consumer name, log field. */
  service: string;
  nats: NatsSettings;
  requestTimeoutMs: number;
  /** Started by the test harness: the clock can be moved (POST /test/clock). */
  testMode?: boolean;
  /** Present when the service owns a database. */
  mongo?: {
    url: string;
    db: string;
    /** Test harness only: where the shape of every query goes, for the index-coverage check. */
    queryLogFile?: string | undefined;
  };
  /** Present when the service publishes events through the outbox or consumes them. */
  events?: {
    /** Test-only fault injection for the crash-safety tests; see OutboxRelay. */
    failpoint?: string | undefined;
    /** How often the relay looks for events left unpublished by a crash. */
    relaySweepMs?: number;
    /** Deliveries of an event before it is parked in the dead-letter store. */
    maxAttempts?: number;
    /** First redelivery delay after a failure (doubling, capped at a minute). */
    retryBaseMs?: number;
    /**
     * False for a one-shot tool that runs a service's module (a seed): it publishes, but leaves
     * the @OnEvent handlers to the service, with no durable consumer of its own. Default true.
     */
    consume?: boolean;
    /**
     * Events handled at once by this instance (default 1: one after another, in stream order).
     * Above 1, events go in lanes by `laneOf` (default: their subject): those of one lane are still
     * handled one after another, in order; those of different lanes side by side.
     */
    concurrency?: number;
    /** The lane of an event when `concurrency` is above 1 (see there). */
    laneOf?: (envelope: { subject: { type: string; id: string }; data: unknown }) => string;
  };
}
