import { Counter, Gauge, Histogram, collectDefaultMetrics, register } from 'prom-client';

let defaultsCollected = false;

/** Process metrics (CPU, memory, event loop lag) once per process. */
export function collectProcessMetrics(): void {
  if (!defaultsCollected) {
    collectDefaultMetrics();
    defaultsCollected = true;
  }
}

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

export const busRequestDuration = new Histogram({
  name: 'bus_request_duration_seconds',
  help: 'Outgoing NATS request duration by subject and outcome',
  labelNames: ['subject', 'outcome'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

export const eventsHandled = new Histogram({
  name: 'events_handled_seconds',
  help: 'Time to handle a JetStream event by type and outcome',
  labelNames: ['type', 'outcome'] as const,
  buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
});

export const metricsRegistry = register;

export const outboxPublished = new Counter({
  name: 'outbox_events_published_total',
  help: 'Events the outbox relay published, by model',
  labelNames: ['model'] as const,
});

export const outboxOldestPendingSeconds = new Gauge({
  name: 'outbox_oldest_pending_seconds',
  help: 'Age of the oldest event still waiting in an outbox, by model, as of the last sweep',
  labelNames: ['model'] as const,
});

export const eventsParked = new Counter({
  name: 'events_parked_total',
  help: 'Events a consumer parked in the dead-letter store, by subject',
  labelNames: ['subject'] as const,
});
