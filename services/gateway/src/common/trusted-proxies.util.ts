import { isIP } from 'node:net';

/** Address ranges Fastify's trustProxy (proxy-addr) knows by name. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY values that trust no proxy: the peer's own address is the client's. */
const NONE = new Set(['-', 'false']);

/**
 * Why a TRUST_PROXY value is not acceptable, or null when it is. Accepted: "-" (or "false") for no
 * proxy, or a comma-separated list of proxy addresses, CIDRs and the range names loopback,
 * linklocal and uniquelocal. Refused: "true" and hop counts, which would trust an X-Forwarded-For
 * written by any client that reaches the gateway directly (anyone could then escape login
 * throttling, or get somebody else's address locked out, by naming an address in the header).
 */
export function trustedProxiesProblem(value: string): string | null {
  const trimmed = value.trim();
  if (NONE.has(trimmed)) {
    return null;
  }
  if (trimmed === 'true' || /^\d+$/.test(trimmed)) {
    return (
      `"${trimmed}" would trust X-Forwarded-For from every client; name the proxy instead ` +
      '(its address or CIDR, e.g. 10.0.0.5 or 172.16.0.0/12), or "-" for none'
    );
  }
  const bad = trimmed.split(',').filter((entry) => !isProxyAddress(entry.trim()));
  if (bad.length > 0) {
    return (
      `not a proxy address, CIDR or range name (loopback, linklocal, uniquelocal): ` +
      bad.map((entry) => JSON.stringify(entry.trim())).join(', ')
    );
  }
  return null;
}

/**
 * TRUST_PROXY as Fastify's `trustProxy`: false (the client address is the peer's) or the trusted
 * proxies. With proxies, a request's address is the peer's unless the peer is one of them; then it
 * is the right-most X-Forwarded-For hop that is not a trusted proxy itself, i.e. the address the
 * outermost trusted proxy saw, never one a client wrote further left.
 */
export function parseTrustedProxies(value: string): false | string[] {
  const problem = trustedProxiesProblem(value);
  if (problem) {
    throw new Error(`TRUST_PROXY: ${problem}`);
  }
  const trimmed = value.trim();
  return NONE.has(trimmed) ? false : trimmed.split(',').map((entry) => entry.trim());
}

function isProxyAddress(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) {
    return true;
  }
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) {
    return false;
  }
  if (prefix === undefined) {
    return true;
  }
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}
