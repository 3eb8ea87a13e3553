import { EVENTS_STREAM, MAIL_STREAM } from './messaging/event-envelope';
import type { ServiceName } from './messaging/services';
import { SERVICE_NAMES } from './messaging/services';
import { LIVE_SUBJECT_PREFIX } from './notifications/live.contracts';
import { CHANGES_SUBJECT_PREFIX } from './tasks/changes.contracts';
import { allEvents, allNotices, allRequests } from './registry';

/**
 * What a NATS user may publish and subscribe to. The NATS server's configuration is generated from
 * these (tools/infra for the local installation, deploy/nats/nats.conf for containers), so the
 * permissions follow the contracts: a request no contract lets a service send, it cannot send.
 */
export interface BusPermissions {
  publish: string[];
  subscribe: string[];
  /** May answer requests it received (publish once to each request's reply subject). */
  allowResponses: boolean;
}

/** The durable consumer outside systems read the EVENTS stream through (provisioned, never created by them). */
export const INTEGRATIONS_CONSUMER = 'integrations';

/** Streams a service may read with a durable consumer of its own, besides EVENTS. */
const MAIL_READERS: readonly ServiceName[] = ['notifications'];

/** The service that pushes stored notifications to users live. */
const LIVE_PUBLISHER: ServiceName = 'notifications';

/** Services that hear the notifications pushed live to users (to write them to open SSE connections). */
const LIVE_LISTENERS: readonly ServiceName[] = ['gateway'];

/** The service that hints live that a request changed (ADR 027); the live listeners hear them. */
const CHANGES_PUBLISHER: ServiceName = 'tasks';

/** Services that follow events with ephemeral ordered consumers (the gateway's revocation list). */
const EVENT_TAIL_READERS: readonly ServiceName[] = ['gateway'];

/**
 * Each user's reply subjects start with its own prefix, so no user can subscribe to the answers
 * meant for another (with the default `_INBOX.` every reader of `_INBOX.>` would see them all).
 */
export function inboxPrefixOf(user: string): string {
  return `_INBOX.${user}`;
}

/** The durable consumer a service reads a stream with (EventConsumer names them so). */
export function durableConsumerOf(service: string, stream: string): string {
  return stream === EVENTS_STREAM ? service : `${service}-${stream.toLowerCase()}`;
}

function durableConsumerAccess(stream: string, name: string): string[] {
  return [
    `$JS.API.CONSUMER.CREATE.${stream}.${name}`,
    `$JS.API.CONSUMER.CREATE.${stream}.${name}.>`,
    `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.${name}`,
    `$JS.API.CONSUMER.INFO.${stream}.${name}`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.${name}`,
    `$JS.ACK.${stream}.${name}.>`,
  ];
}

export function servicePermissions(service: ServiceName): BusPermissions {
  const publish = new Set<string>(['$JS.API.INFO']);
  for (const stream of [EVENTS_STREAM, MAIL_STREAM]) {
    // Every service makes sure the streams exist at start (same configuration, idempotent); none
    // may change, purge or delete them.
    publish.add(`$JS.API.STREAM.INFO.${stream}`);
    publish.add(`$JS.API.STREAM.CREATE.${stream}`);
  }
  durableConsumerAccess(EVENTS_STREAM, durableConsumerOf(service, EVENTS_STREAM)).forEach((s) =>
    publish.add(s),
  );
  if (MAIL_READERS.includes(service)) {
    durableConsumerAccess(MAIL_STREAM, durableConsumerOf(service, MAIL_STREAM)).forEach((s) =>
      publish.add(s),
    );
  }
  if (EVENT_TAIL_READERS.includes(service)) {
    for (const api of ['CREATE', 'INFO', 'MSG.NEXT', 'DELETE']) {
      publish.add(`$JS.API.CONSUMER.${api}.${EVENTS_STREAM}.*`);
    }
    publish.add(`$JS.API.CONSUMER.CREATE.${EVENTS_STREAM}.*.>`);
    // Consumers with several filter subjects are created through the older, unnamed API.
    publish.add(`$JS.API.CONSUMER.CREATE.${EVENTS_STREAM}`);
  }
  for (const contract of allEvents) {
    if (contract.publishers.includes(service)) {
      publish.add(contract.subject);
    }
  }
  for (const notice of allNotices) {
    if (notice.publishers.includes(service)) {
      publish.add(notice.subject);
    }
  }
  for (const contract of allRequests) {
    if (contract.callers.includes(service)) {
      publish.add(contract.subject);
    }
  }
  if (service === LIVE_PUBLISHER) {
    publish.add(`${LIVE_SUBJECT_PREFIX}.>`);
  }
  if (service === CHANGES_PUBLISHER) {
    publish.add(`${CHANGES_SUBJECT_PREFIX}.>`);
  }
  const subscribe = [`${service}.>`, `${inboxPrefixOf(service)}.>`, ...noticeSubjects()];
  if (LIVE_LISTENERS.includes(service)) {
    subscribe.push(`${LIVE_SUBJECT_PREFIX}.>`, `${CHANGES_SUBJECT_PREFIX}.>`);
  }
  return {
    publish: [...publish].sort(),
    subscribe,
    allowResponses: allRequests.some((contract) => contract.service === service),
  };
}

function noticeSubjects(): string[] {
  return [...new Set(allNotices.map((notice) => notice.subject))].sort();
}

/**
 * An outside system: it reads EVENTS through its own provisioned durable consumer (pull, explicit
 * acks) and can do nothing else: no requests, no MAIL, no consumers of its own, no publishing.
 */
export function integrationsPermissions(consumer: string = INTEGRATIONS_CONSUMER): BusPermissions {
  return {
    publish: [
      '$JS.API.INFO',
      `$JS.API.STREAM.INFO.${EVENTS_STREAM}`,
      `$JS.API.CONSUMER.INFO.${EVENTS_STREAM}.${consumer}`,
      `$JS.API.CONSUMER.MSG.NEXT.${EVENTS_STREAM}.${consumer}`,
      `$JS.ACK.${EVENTS_STREAM}.${consumer}.>`,
    ],
    subscribe: [`${inboxPrefixOf(consumer)}.>`],
    allowResponses: false,
  };
}

/** Every service's permissions, in a stable order. */
export function allServicePermissions(): { service: ServiceName; permissions: BusPermissions }[] {
  return SERVICE_NAMES.map((service) => ({ service, permissions: servicePermissions(service) }));
}
