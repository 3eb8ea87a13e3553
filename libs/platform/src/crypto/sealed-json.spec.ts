import { openJson, sealJson, sealingKey } from './sealed-json';

describe('sealed JSON', () => {
  const key = sealingKey('a secret of sixteen or more', 'mail');
  const value = { to: 'olga@raduga.example', params: { link: 'https://x/invitation?token=secret' } };

  it('round-trips a value and hides it', () => {
    const sealed = sealJson(value, key, 'mail');
    expect(sealed).not.toContain('olga');
    expect(sealed).not.toContain('secret');
    expect(openJson(sealed, key, 'mail')).toEqual(value);
  });

  it('seals the same value differently each time', () => {
    expect(sealJson(value, key, 'mail')).not.toBe(sealJson(value, key, 'mail'));
  });

  it('does not open with another key, in another context, or altered', () => {
    const sealed = sealJson(value, key, 'mail');
    expect(() => openJson(sealed, sealingKey('another secret of sixteen', 'mail'), 'mail')).toThrow();
    expect(() => openJson(sealed, key, 'other')).toThrow();
    expect(() => openJson(sealed, sealingKey('a secret of sixteen or more', 'other'), 'mail')).toThrow();
    const [v, iv, ct, tag] = sealed.split('.') as [string, string, string, string];
    const flipped = Buffer.from(ct, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => openJson([v, iv, flipped.toString('base64url'), tag].join('.'), key, 'mail')).toThrow();
    expect(() => openJson('garbage', key, 'mail')).toThrow('not a sealed value');
  });
});
