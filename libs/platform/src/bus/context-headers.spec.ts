import { headers as natsHeaders } from 'nats';
import type { Principal } from '@orbita/contracts';
import { ContextHeader } from '@orbita/contracts';
import { contextFromHeaders, contextToHeaders, decodePrincipal, encodePrincipal } from './context-headers';

const principal: Principal = {
  userId: 'u1',
  orgId: 'branch-msk',
  orgPath: ['root', 'branch-msk'],
  roles: ['manager'],
  grants: [{ orgId: 'org-1', permissions: ['task.read', 'task.manage'] }],
  seat: 'full',
  external: false,
  sessionId: 's1',
};

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('principal header', () => {
  it('round-trips a principal', () => {
    expect(decodePrincipal(encodePrincipal(principal))).toEqual(principal);
  });

  it('round-trips a principal with non-ASCII ids', () => {
    const cyrillic = { ...principal, orgId: 'филиал', orgPath: ['корень', 'филиал'] };
    expect(decodePrincipal(encodePrincipal(cyrillic))).toEqual(cyrillic);
  });

  it('is a header-safe value', () => {
    expect(encodePrincipal(principal)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('drops fields that are not part of a principal', () => {
    const decoded = decodePrincipal(base64url({ ...principal, isAdmin: true }));
    expect(decoded).toEqual(principal);
    expect(decoded).not.toHaveProperty('isAdmin');
  });

  it.each([
    ['an absent header', undefined],
    ['a null header', null],
    ['an empty header', ''],
    ['not base64 JSON', '%%%garbage%%%'],
    ['base64 of plain text', Buffer.from('hello').toString('base64url')],
    ['JSON null', base64url(null)],
    ['JSON of a string', base64url('u1')],
    ['a principal without a user', base64url({ ...principal, userId: undefined })],
    ['a principal with an empty org path', base64url({ ...principal, orgPath: [] })],
    ['a principal with an unknown seat', base64url({ ...principal, seat: 'admin' })],
    ['a principal whose external flag is a string', base64url({ ...principal, external: 'false' })],
  ])('reads %s as no principal', (_label, value) => {
    expect(decodePrincipal(value)).toBeNull();
  });

  it('reads a tampered (truncated) header as no principal', () => {
    const encoded = encodePrincipal(principal);
    expect(decodePrincipal(encoded.slice(0, -5))).toBeNull();
  });
});

describe('context headers', () => {
  it('carry the context to the other side', () => {
    const h = contextToHeaders(
      { correlationId: 'corr-1', causationId: 'req-0', principal, locale: 'ru' },
      principal,
      'fallback',
    );
    expect(h.get(ContextHeader.CorrelationId)).toBe('corr-1');
    expect(h.get(ContextHeader.CausationId)).toBe('req-0');
    expect(h.get(ContextHeader.Locale)).toBe('ru');

    expect(contextFromHeaders(h, 'req-1')).toEqual({
      correlationId: 'corr-1',
      // On the receiving side the causation is the request being handled, not the caller's cause.
      causationId: 'req-1',
      principal,
      locale: 'ru',
    });
  });

  it('use the fallback correlation id and English outside a request context', () => {
    const h = contextToHeaders(undefined, null, 'fallback-corr');
    expect(h.get(ContextHeader.CorrelationId)).toBe('fallback-corr');
    expect(h.has(ContextHeader.Principal)).toBe(false);
    expect(h.has(ContextHeader.CausationId)).toBe(false);
    expect(contextFromHeaders(h, null)).toEqual({
      correlationId: 'fallback-corr',
      causationId: null,
      principal: null,
      locale: 'en',
    });
  });

  it('read absent headers as an empty context in English', () => {
    expect(contextFromHeaders(undefined, 'req-1')).toEqual({
      correlationId: undefined,
      causationId: 'req-1',
      principal: null,
      locale: 'en',
    });
  });

  it.each(['de', 'RU', 'ru-RU', '', 'en'])('fall back to English for the locale header %p', (locale) => {
    const h = natsHeaders();
    h.set(ContextHeader.Locale, locale);
    expect(contextFromHeaders(h, null).locale).toBe('en');
  });

  it('read an invalid principal header as no principal', () => {
    const h = natsHeaders();
    h.set(ContextHeader.CorrelationId, 'c');
    h.set(ContextHeader.Principal, `${encodePrincipal(principal)}x!`);
    const ctx = contextFromHeaders(h, null);
    expect(ctx.correlationId).toBe('c');
    expect(ctx.principal).toBeNull();
  });
});
