import { headers as natsHeaders } from 'nats';
import { ContextHeader } from '@orbita/contracts';
import { contextFromHeaders, contextToHeaders } from './context-headers';

const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl';
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('context headers', () => {
  it('carry the context and the access token to the other side', () => {
    const h = contextToHeaders(
      { correlationId: 'corr-1', causationId: 'req-0', principal: null, accessToken: token, locale: 'ru' },
      token,
      'fallback',
    );
    expect(h.get(ContextHeader.CorrelationId)).toBe('corr-1');
    expect(h.get(ContextHeader.CausationId)).toBe('req-0');
    expect(h.get(ContextHeader.AccessToken)).toBe(token);
    expect(h.get(ContextHeader.Locale)).toBe('ru');
    expect(h.has(ContextHeader.LegacyPrincipal)).toBe(false);

    expect(contextFromHeaders(h, 'req-1')).toEqual({
      correlationId: 'corr-1',
      // On the receiving side the causation is the request being handled, not the caller's cause.
      causationId: 'req-1',
      accessToken: token,
      locale: 'ru',
      refusal: null,
    });
  });

  it('use the fallback correlation id, no token and English outside a request context', () => {
    const h = contextToHeaders(undefined, null, 'fallback-corr');
    expect(h.get(ContextHeader.CorrelationId)).toBe('fallback-corr');
    expect(h.has(ContextHeader.AccessToken)).toBe(false);
    expect(h.has(ContextHeader.CausationId)).toBe(false);
    expect(contextFromHeaders(h, null)).toEqual({
      correlationId: 'fallback-corr',
      causationId: null,
      accessToken: null,
      locale: 'en',
      refusal: null,
    });
  });

  it('read absent headers as an empty context in English', () => {
    expect(contextFromHeaders(undefined, 'req-1')).toEqual({
      correlationId: undefined,
      causationId: 'req-1',
      accessToken: null,
      locale: 'en',
      refusal: null,
    });
  });

  it.each(['de', 'RU', 'ru-RU', '', 'en'])('fall back to English for the locale header %p', (locale) => {
    const h = natsHeaders();
    h.set(ContextHeader.Locale, locale);
    expect(contextFromHeaders(h, null).locale).toBe('en');
  });

  it.each([
    ['a hand-written admin principal', base64url({ userId: 'u1', orgId: 'o', grants: [] })],
    ['an empty principal', 'e30'],
    ['garbage', '%%%'],
  ])('refuse a request carrying a principal header (%s), whatever else it carries', (_label, value) => {
    const h = natsHeaders();
    h.set(ContextHeader.LegacyPrincipal, value);
    h.set(ContextHeader.AccessToken, token);
    expect(contextFromHeaders(h, null).refusal).toMatch(/principal header/);
  });

  it.each([
    ['two parts', 'aaa.bbb'],
    ['four parts', 'a.b.c.d'],
    ['characters outside base64url', 'a.b.c!'],
    ['a huge value', `${'a'.repeat(20_000)}.b.c`],
  ])('refuse an access token header that cannot be a JWT (%s)', (_label, value) => {
    const h = natsHeaders();
    h.set(ContextHeader.AccessToken, value);
    expect(contextFromHeaders(h, null).refusal).toMatch(/JWT/);
  });
});
