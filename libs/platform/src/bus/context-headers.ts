import type { MsgHdrs } from 'nats';
import { headers as natsHeaders } from 'nats';
import type { Locale, Principal } from '@orbita/contracts';
import { ContextHeader, PrincipalSchema } from '@orbita/contracts';
import type { RequestContextData } from '../context/request-context';

export function encodePrincipal(principal: Principal): string {
  return Buffer.from(JSON.stringify(principal), 'utf8').toString('base64url');
}

/** A principal header that does not parse is treated as absent: the handler then answers UNAUTHENTICATED. */
export function decodePrincipal(value: string | undefined | null): Principal | null {
  // Buffer's base64url decoder skips what it cannot read; anything but the alphabet is refused.
  if (!value || !/^[A-Za-z0-9_-]+$/.test(value)) {
    return null;
  }
  try {
    const parsed = PrincipalSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function contextToHeaders(
  ctx: RequestContextData | undefined,
  principal: Principal | null,
  fallbackCorrelationId: string,
): MsgHdrs {
  const h = natsHeaders();
  h.set(ContextHeader.CorrelationId, ctx?.correlationId ?? fallbackCorrelationId);
  if (ctx?.causationId) {
    h.set(ContextHeader.CausationId, ctx.causationId);
  }
  if (principal) {
    h.set(ContextHeader.Principal, encodePrincipal(principal));
  }
  h.set(ContextHeader.Locale, ctx?.locale ?? 'en');
  return h;
}

export function contextFromHeaders(
  h: MsgHdrs | undefined,
  requestId: string | null,
): Partial<RequestContextData> {
  const get = (name: string): string | undefined => {
    const value = h?.get(name);
    return value ? value : undefined;
  };
  const locale = get(ContextHeader.Locale);
  return {
    correlationId: get(ContextHeader.CorrelationId),
    causationId: requestId,
    principal: decodePrincipal(get(ContextHeader.Principal)),
    locale: locale === 'ru' ? 'ru' : ('en' satisfies Locale),
  };
}
