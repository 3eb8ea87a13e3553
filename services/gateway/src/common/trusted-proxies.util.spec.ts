import Fastify from 'fastify';
import { loadConfig } from '@orbita/platform';
import { gatewayConfigShape } from '../config';
import { clientIp } from './params';
import { parseTrustedProxies, trustedProxiesProblem } from './trusted-proxies.util';

/** The address the gateway would throttle by, for a request from `peer` with these headers. */
async function addressSeen(
  trustProxy: string,
  peer: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const app = Fastify({ trustProxy: parseTrustedProxies(trustProxy) });
  app.get('/', (request) => ({ ip: clientIp(request) }));
  try {
    const response = await app.inject({ method: 'GET', url: '/', remoteAddress: peer, headers });
    return response.json<{ ip: string }>().ip;
  } finally {
    await app.close();
  }
}

describe('TRUST_PROXY: whose X-Forwarded-For the gateway believes', () => {
  it('trusts no proxy by default: the peer is the client, whatever the header says', async () => {
    const { TRUST_PROXY } = loadConfig(gatewayConfigShape, {});
    expect(TRUST_PROXY).toBe('-');
    for (const peer of ['127.0.0.1', '::1', '10.0.0.1', '198.51.100.7']) {
      expect(await addressSeen(TRUST_PROXY, peer, { 'x-forwarded-for': '203.0.113.9' })).toBe(peer);
    }
  });

  it('believes the header only from a configured proxy', async () => {
    const spoof = { 'x-forwarded-for': '203.0.113.9' };
    expect(await addressSeen('10.0.0.1', '198.51.100.7', spoof)).toBe('198.51.100.7');
    expect(await addressSeen('10.0.0.1', '127.0.0.1', spoof)).toBe('127.0.0.1');
    expect(await addressSeen('10.0.0.1', '10.0.0.1', spoof)).toBe('203.0.113.9');
    expect(await addressSeen('10.0.0.0/8, 192.168.1.1', '192.168.1.1', spoof)).toBe('203.0.113.9');
  });

  it('takes the right-most hop that is not a trusted proxy, never what a client wrote further left', async () => {
    // The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
    const forwarded = { 'x-forwarded-for': '1.2.3.4, 203.0.113.9' };
    expect(await addressSeen('10.0.0.1', '10.0.0.1', forwarded)).toBe('203.0.113.9');
    // Two proxies of ours in a row: both are skipped.
    const chained = { 'x-forwarded-for': '1.2.3.4, 203.0.113.9, 10.0.0.2' };
    expect(await addressSeen('10.0.0.0/24', '10.0.0.1', chained)).toBe('203.0.113.9');
    // A proxy without the header: the proxy itself is the client.
    expect(await addressSeen('10.0.0.1', '10.0.0.1')).toBe('10.0.0.1');
  });

  it.each([
    '-',
    'false',
    '10.0.0.5',
    '10.0.0.0/8',
    '172.16.0.0/12, fd00::/8',
    'loopback',
    '::1',
    'uniquelocal',
  ])('accepts %p', (value) => {
    expect(trustedProxiesProblem(value)).toBeNull();
    expect(() => loadConfig(gatewayConfigShape, { TRUST_PROXY: value })).not.toThrow();
  });

  it.each([
    ['true', /would trust X-Forwarded-For from every client/],
    ['1', /would trust X-Forwarded-For from every client/],
    ['proxy.internal', /not a proxy address.*"proxy.internal"/],
    ['10.0.0.0/33', /not a proxy address.*"10.0.0.0\/33"/],
    ['10.0.0.1,', /not a proxy address.*""/],
  ])('refuses %p at boot with the reason', (value, reason) => {
    expect(() => loadConfig(gatewayConfigShape, { TRUST_PROXY: value })).toThrow(reason);
    expect(() => parseTrustedProxies(value)).toThrow(reason);
  });
});
