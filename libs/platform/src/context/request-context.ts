import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Locale, Principal } from '@orbita/contracts';

export interface RequestContextData {
  correlationId: string;
  /** The id of the request or event being handled; becomes the causation id of what it causes. */
  causationId: string | null;
  principal: Principal | null;
  /**
   * The access token the principal was verified from; forwarded on every request made for them,
   * so the next service can verify it too. Null for what a service does on its own.
   */
  accessToken: string | null;
  locale: Locale;
}

const storage = new AsyncLocalStorage<RequestContextData>();

/**
 * The context of the unit of work in progress (an HTTP request, a NATS request, an event), kept in
 * async-local storage so logs, outgoing requests and published events carry it without threading
 * it through every call.
 */
export const RequestContext = {
  run<T>(data: Partial<RequestContextData>, fn: () => T): T {
    return storage.run(
      {
        correlationId: data.correlationId ?? randomUUID(),
        causationId: data.causationId ?? null,
        principal: data.principal ?? null,
        accessToken: data.accessToken ?? null,
        locale: data.locale ?? 'en',
      },
      fn,
    );
  },
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
  correlationId(): string | undefined {
    return storage.getStore()?.correlationId;
  },
  principal(): Principal | null {
    return storage.getStore()?.principal ?? null;
  },
  locale(): Locale {
    return storage.getStore()?.locale ?? 'en';
  },
};

/** Picks ru or en from an Accept-Language header value; English when nothing matches. */
export function localeFromAcceptLanguage(header: string | undefined | null): Locale {
  if (!header) {
    return 'en';
  }
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    // q=0 means "not acceptable" (RFC 9110).
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('ru')) {
      return 'ru';
    }
    if (tag.startsWith('en')) {
      return 'en';
    }
  }
  return 'en';
}
