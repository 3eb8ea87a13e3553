import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import type { ReceiptBody, ReceiptBundle } from '@orbita/contracts';
import {
  GENESIS_HASH,
  canonicalJson,
  keyFingerprint,
  receiptHash,
  verifyReceiptBundle,
} from './receipt-verification';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const spki = publicKey.export({ format: 'der', type: 'spki' });
const keyId = keyFingerprint(spki);

function chainOf(kinds: ReceiptBody['kind'][]): ReceiptBundle['chain'] {
  let prevHash = GENESIS_HASH;
  return kinds.map((kind, index) => {
    const body: ReceiptBody = {
      format: 'orbita-receipt/1',
      id: `R${index + 1}`,
      documentId: 'D1',
      seq: index + 1,
      kind,
      version: 1,
      sha256: createHash('sha256').update('content').digest('hex'),
      actor: { userId: 'U1', orgId: 'O1', name: 'Ольга Смирнова' },
      at: `2026-12-01T10:0${index}:00.000Z`,
      prevHash,
      keyId,
    };
    const hash = receiptHash(body);
    prevHash = hash;
    return {
      ...body,
      hash,
      signature: sign(null, Buffer.from(canonicalJson(body)), privateKey).toString('base64'),
    };
  });
}

function bundleOf(chain: ReceiptBundle['chain']): ReceiptBundle {
  return {
    format: 'orbita-receipt-bundle/1',
    document: { id: 'D1', title: 'Счёт № 1', number: '1', orgId: 'O0', counterpartyOrgId: 'O1' },
    receiptId: chain.at(-1)?.id ?? '',
    chain,
    publicKey: { keyId, algorithm: 'Ed25519', spki: spki.toString('base64') },
  };
}

describe('receipt verification', () => {
  it('writes the same canonical JSON whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 'ё' }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { e: 'ё', f: 2 }] }, b: 1 }),
    );
  });

  it('accepts an intact chain, pinned to its key or not', () => {
    const bundle = bundleOf(chainOf(['published', 'viewed', 'downloaded']));
    expect(verifyReceiptBundle(bundle)).toMatchObject({ ok: true, keyId });
    expect(verifyReceiptBundle(bundle, keyId).ok).toBe(true);
    expect(verifyReceiptBundle(bundle, 'another-key').ok).toBe(false);
  });

  it.each([
    ['a stated field', (b: ReceiptBundle) => (b.chain[1]!.at = '2026-12-01T10:01:00.001Z')],
    ['an earlier receipt', (b: ReceiptBundle) => (b.chain[0]!.actor.name = 'Пётр Иванов')],
    ['the chain order', (b: ReceiptBundle) => b.chain.reverse()],
    ['a dropped receipt', (b: ReceiptBundle) => b.chain.splice(1, 1)],
    ['the signature', (b: ReceiptBundle) => (b.chain[2]!.signature = b.chain[1]!.signature)],
  ])('refuses a change of %s', (_what, change) => {
    const bundle = bundleOf(chainOf(['published', 'viewed', 'downloaded']));
    change(bundle);
    const result = verifyReceiptBundle(bundle);
    expect(result.ok).toBe(false);
    expect(result.problems.length).toBeGreaterThan(0);
  });

  it('refuses a chain re-signed with another key, and what is not a bundle at all', () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' });
    const bundle = bundleOf(chainOf(['published']));
    bundle.publicKey = { keyId: keyFingerprint(other), algorithm: 'Ed25519', spki: other.toString('base64') };
    expect(verifyReceiptBundle(bundle).ok).toBe(false);
    expect(verifyReceiptBundle({ hello: 'world' })).toMatchObject({ ok: false });
  });
});
