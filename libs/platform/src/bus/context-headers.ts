import type { MsgHdrs } from 'nats';
import { headers as natsHeaders } from 'nats';
import type { Locale } from '@orbita/contracts';
import { ContextHeader } from '@orbita/contracts';
import type { RequestContextData } from '../context/request-context';

/** Generous for an ES256 JWT with grants; anything longer is not one of ours. */
const MAX_TOKEN_LENGTH = 16_384;

export function contextToHeaders(
  ctx: RequestContextData | undefined,
  accessToken: string | null,
  fallbackCorrelationId: string,
): MsgHdrs {
  const h = natsHeaders();
  h.set(ContextHeader.CorrelationId, ctx?.correlationId ?? fallbackCorrelationId);
  if (ctx?.causationId) {
    h.set(ContextHeader.CausationId, ctx.causationId);
  }
  if (accessToken) {
    h.set(ContextHeader.AccessToken, accessToken);
  }
  h.set(ContextHeader.Locale, ctx?.locale ?? 'en');
  return h;
}

/** What the headers of an incoming request claim, before the access token is verified. */
export interface IncomingContext {
  correlationId: string | undefined;
  causationId: string | null;
  locale: Locale;
  /** The access token as sent; absent for public and service requests. */
  accessToken: string | null;
  /**
   * Why the request must be refused before any handler sees it: a principal header (hand-written
   * principals are never trusted), or a token header that cannot be a token.
   */
  refusal: string | null;
}

export function contextFromHeaders(h: MsgHdrs | undefined, requestId: string | null): IncomingContext {
  const get = (name: string): string | undefined => {
    const value = h?.get(name);
    return value ? value : undefined;
  };
  const locale = get(ContextHeader.Locale);
  const token = get(ContextHeader.AccessToken) ?? null;
  let refusal: string | null = null;
  if (h?.has(ContextHeader.LegacyPrincipal)) {
    refusal = 'a principal header is never accepted; send the access token';
  } else if (
    token !== null &&
    (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+){2}$/.test(token))
  ) {
    refusal = 'the access token header does not hold a JWT';
  }
  return {
    correlationId: get(ContextHeader.CorrelationId),
    causationId: requestId,
    locale: locale === 'ru' ? 'ru' : ('en' satisfies Locale),
    accessToken: token,
    refusal,
  };
}
