import type { EventEnvelope } from '@orbita/contracts';
import { IdentityEvents } from '@orbita/contracts';
import type { EventTail } from '@orbita/platform';
import type { GatewayConfig } from '../config';
import { RevocationList } from './revocation-list';

const USER = '01JUSER000000000000000000A';
const OTHER = '01JUSER000000000000000000B';

function accessChanged(userId: string, accessVersion: number): EventEnvelope {
  return {
    id: `${userId}-${accessVersion}`,
    type: IdentityEvents.userAccessChanged.type,
    version: 1,
    occurredAt: new Date().toISOString(),
    correlationId: 'test',
    causationId: null,
    actor: null,
    orgId: 'org',
    subject: { type: 'user', id: userId },
    data: { userId, accessVersion, reason: 'roles' },
  };
}

/** A revocation list fed by hand with the events the gateway would follow. */
async function revocationList(): Promise<{ list: RevocationList; deliver: (event: EventEnvelope) => void }> {
  let deliver: (event: EventEnvelope) => void = () => undefined;
  const tail = {
    follow: (_contracts: unknown, _since: Date, handle: (event: EventEnvelope) => void) => {
      deliver = handle;
      return Promise.resolve();
    },
  } as unknown as EventTail;
  const list = new RevocationList(tail, { REVOCATION_WINDOW_SECONDS: 3600 } as GatewayConfig);
  await list.onApplicationBootstrap();
  return {
    list,
    deliver: (event) => {
      deliver(event);
    },
  };
}

describe('RevocationList: changes of access', () => {
  const now = Math.floor(Date.now() / 1000);

  it('refuses tokens of an older grants version, and not the one issued in the same second after the change', async () => {
    const { list, deliver } = await revocationList();
    expect(list.isRevoked('s1', USER, now, 0)).toBe(false);

    deliver(accessChanged(USER, 1));
    expect(list.isRevoked('s1', USER, now, 0)).toBe(true);
    // A token without the claim (issued before it existed) counts as version 0.
    expect(list.isRevoked('s1', USER, now)).toBe(true);
    // Issued within the same second as the change, with the new grants: accepted.
    expect(list.isRevoked('s1', USER, now, 1)).toBe(false);
    // Nobody else is affected.
    expect(list.isRevoked('s2', OTHER, now, 0)).toBe(false);
  });

  it('keeps the newest version when events come again or out of order', async () => {
    const { list, deliver } = await revocationList();
    deliver(accessChanged(USER, 3));
    deliver(accessChanged(USER, 2));
    deliver(accessChanged(USER, 3));
    expect(list.isRevoked('s1', USER, now, 2)).toBe(true);
    expect(list.isRevoked('s1', USER, now, 3)).toBe(false);
  });
});
