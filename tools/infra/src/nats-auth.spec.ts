import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MAIL_STREAM,
  allEvents,
  allRequests,
  integrationsPermissions,
  servicePermissions,
} from '@orbita/contracts';
import {
  DEPLOY_NATS_CONFIG,
  NATS_USERS,
  loadOrCreateNatsCredentials,
  renderDeployNatsConfig,
  renderNatsAuthorization,
} from './nats-auth';
import { repoRoot } from './paths';

describe('NATS users and permissions', () => {
  it('keeps the container deployment’s configuration generated from the contracts (npm run nats:config)', () => {
    expect(readFileSync(join(repoRoot, DEPLOY_NATS_CONFIG), 'utf8')).toBe(renderDeployNatsConfig());
  });

  it('lets the integrations user send no request, publish no event and touch no MAIL', () => {
    const permissions = integrationsPermissions();
    const forbidden = [
      ...allRequests.map((c) => c.subject),
      ...allEvents.map((c) => c.subject),
      `$JS.API.CONSUMER.CREATE.EVENTS.integrations`,
      `$JS.API.STREAM.CREATE.EVENTS`,
    ];
    expect(permissions.publish.filter((s) => forbidden.includes(s))).toEqual([]);
    expect([...permissions.publish, ...permissions.subscribe].filter((s) => s.includes(MAIL_STREAM))).toEqual(
      [],
    );
    expect(permissions.subscribe).toEqual(['_INBOX.integrations.>']);
    expect(permissions.allowResponses).toBe(false);
  });

  it('lets a service publish only the events its contracts name it as publisher of', () => {
    for (const event of allEvents) {
      const allowed = ['identity', 'tasks', 'documents', 'notifications', 'gateway'].filter((service) =>
        servicePermissions(service as never).publish.includes(event.subject),
      );
      expect({ event: event.type, allowed }).toEqual({ event: event.type, allowed: [...event.publishers] });
    }
  });

  it('lets only the named callers send a request', () => {
    for (const request of allRequests) {
      const allowed = ['identity', 'tasks', 'documents', 'notifications', 'gateway'].filter((service) =>
        servicePermissions(service as never).publish.includes(request.subject),
      );
      expect({ subject: request.subject, allowed: allowed.sort() }).toEqual({
        subject: request.subject,
        allowed: [...request.callers].sort(),
      });
    }
  });

  it('lets only notifications read MAIL', () => {
    expect(servicePermissions('notifications').publish).toContain(
      '$JS.API.CONSUMER.MSG.NEXT.MAIL.notifications-mail',
    );
    for (const service of ['identity', 'tasks', 'documents', 'gateway'] as const) {
      expect(
        servicePermissions(service).publish.filter((s) => s.includes('.MAIL.') && !s.includes('STREAM')),
      ).toEqual([]);
    }
  });

  it('makes random passwords once per data folder, private to the owner, and keeps them', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nats-')), 'credentials.json');
    const first = loadOrCreateNatsCredentials(file);
    expect(Object.keys(first).sort()).toEqual([...NATS_USERS].sort());
    expect(new Set(Object.values(first)).size).toBe(NATS_USERS.length);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateNatsCredentials(file)).toEqual(first);
  });

  it('writes the local passwords into the configuration, quoted', () => {
    const config = renderNatsAuthorization({
      ...Object.fromEntries(NATS_USERS.map((u) => [u, `pw-of-${u}-long-enough`])),
    });
    expect(config).toContain('password: "pw-of-tasks-long-enough"');
    expect(config).not.toContain('$NATS_');
  });
});
