import type { EventContract } from './messaging/event-contract';
import type { RequestContract } from './messaging/request-contract';
import * as contracts from './index';
import { allEvents, allRequests, eventContractOf } from './registry';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Every contract exported by the library must be in the registry, or it cannot be published. */
describe('contract registry', () => {
  const members: unknown[] = (Object.values(contracts) as unknown[])
    .filter(isObject)
    .flatMap((group) => Object.values(group));
  const events = members.filter((c): c is EventContract => isObject(c) && 'stream' in c && 'type' in c);
  const requests = members.filter(
    (c): c is RequestContract => isObject(c) && 'request' in c && 'response' in c,
  );

  it('lists every exported event contract, each found by its type', () => {
    expect(events.length).toBeGreaterThan(10);
    for (const event of events) {
      expect(eventContractOf(event.type)).toBe(event);
    }
    expect(new Set(allEvents.map((e) => e.type)).size).toBe(allEvents.length);
  });

  it('lists every exported request contract, with unique subjects', () => {
    expect(requests.length).toBeGreaterThan(10);
    for (const request of requests) {
      expect(allRequests).toContain(request);
    }
    expect(new Set(allRequests.map((r) => r.subject)).size).toBe(allRequests.length);
  });

  it('routes mail with secrets to the MAIL stream and facts to EVENTS', () => {
    expect(eventContractOf('notifications.mail.requested')).toMatchObject({
      stream: 'MAIL',
      subject: 'mail.notifications.mail.requested',
    });
    expect(eventContractOf('identity.invitation.created')).toMatchObject({
      stream: 'EVENTS',
      subject: 'events.identity.invitation.created',
    });
  });
});
