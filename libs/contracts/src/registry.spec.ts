import * as contracts from './index';
import { allEvents, allRequests, eventContractOf } from './registry';

/** Every contract exported by the library must be in the registry, or it cannot be published. */
describe('contract registry', () => {
  const exported = Object.values(contracts).filter(
    (value): value is Record<string, unknown> => typeof value === 'object' && value !== null,
  );
  const events = exported
    .flatMap((group) => Object.values(group))
    .filter(
      (c): c is (typeof allEvents)[number] =>
        typeof c === 'object' && c !== null && 'stream' in c && 'type' in c,
    );
  const requests = exported
    .flatMap((group) => Object.values(group))
    .filter(
      (c): c is (typeof allRequests)[number] =>
        typeof c === 'object' && c !== null && 'request' in c && 'response' in c,
    );

  it('lists every exported event contract, each found by its type', () => {
    expect(events.length).toBeGreaterThan(10);
    for (const event of events) {
      expect(eventContractOf(event.type)).toBe(event);
    }
    expect(new Set(allEvents.map((e) => e.type)).size).toBe(allEvents.length);
  });

  it('lists every exported request contract, with unique subjects', () => {
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
