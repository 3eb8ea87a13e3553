import { createHash, createPublicKey, verify } from 'node:crypto';
import type { Receipt, ReceiptBody, ReceiptBundle } from '@orbita/contracts';
import { ReceiptBundleSchema } from '@orbita/contracts';

/** The previous hash of a document's first receipt. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every level and no white space: the bytes a receipt's hash and
 * signature are over, the same whoever serialises it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** The fields a receipt states, without its hash and signature. */
export function receiptBody(receipt: Receipt): ReceiptBody {
  return {
    format: receipt.format,
    id: receipt.id,
    documentId: receipt.documentId,
    seq: receipt.seq,
    kind: receipt.kind,
    version: receipt.version,
    sha256: receipt.sha256,
    actor: receipt.actor,
    at: receipt.at,
    prevHash: receipt.prevHash,
    keyId: receipt.keyId,
  };
}

export function receiptHash(body: ReceiptBody): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** A key's fingerprint: the first 16 hex digits of SHA-256 of its SPKI (DER). */
export function keyFingerprint(spkiDer: Buffer): string {
  return createHash('sha256').update(spkiDer).digest('hex').slice(0, 16);
}

export interface ReceiptVerification {
  ok: boolean;
  /** What is wrong, one line each (empty when ok). */
  problems: string[];
  /** The verified receipt, when ok. */
  receipt?: Receipt;
  keyId?: string;
}

/**
 * Checks a downloaded receipt offline: the bundle's shape; every receipt's hash (its fields as
 * stated), its signature with the bundled public key, its link to the previous one (hash chain,
 * consecutive numbers, the same document); and that the chain ends with the receipt named.
 * `trustedKeyId` pins the key to the fingerprint the installation publishes.
 */
export function verifyReceiptBundle(input: unknown, trustedKeyId?: string): ReceiptVerification {
  const parsed = ReceiptBundleSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    };
  }
  const bundle: ReceiptBundle = parsed.data;
  const problems: string[] = [];
  let key;
  try {
    const der = Buffer.from(bundle.publicKey.spki, 'base64');
    key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') {
      problems.push('the public key is not an Ed25519 key');
    }
    if (keyFingerprint(der) !== bundle.publicKey.keyId) {
      problems.push('the public key does not match its fingerprint');
    }
  } catch {
    return { ok: false, problems: ['the public key cannot be read'] };
  }
  if (trustedKeyId !== undefined && trustedKeyId !== bundle.publicKey.keyId) {
    problems.push(`signed with key ${bundle.publicKey.keyId}, not the trusted key ${trustedKeyId}`);
  }
  let prevHash = GENESIS_HASH;
  bundle.chain.forEach((receipt, index) => {
    const where = `receipt ${index + 1} (${receipt.id})`;
    const body = receiptBody(receipt);
    if (receipt.seq !== index + 1) {
      problems.push(`${where}: number ${receipt.seq}, expected ${index + 1}`);
    }
    if (receipt.documentId !== bundle.document.id) {
      problems.push(`${where}: belongs to another document`);
    }
    if (receipt.prevHash !== prevHash) {
      problems.push(`${where}: does not follow the previous receipt (hash chain broken)`);
    }
    const hash = receiptHash(body);
    if (hash !== receipt.hash) {
      problems.push(`${where}: its content does not match its hash (altered)`);
    }
    if (receipt.keyId !== bundle.publicKey.keyId) {
      problems.push(`${where}: signed with another key (${receipt.keyId})`);
    }
    let signed = false;
    try {
      signed = verify(null, Buffer.from(canonicalJson(body)), key, Buffer.from(receipt.signature, 'base64'));
    } catch {
      signed = false;
    }
    if (!signed) {
      problems.push(`${where}: the signature is not valid`);
    }
    prevHash = receipt.hash;
  });
  const last = bundle.chain.at(-1);
  if (!last) {
    problems.push('the chain is empty');
  } else if (last.id !== bundle.receiptId) {
    problems.push('the chain does not end with the receipt named');
  }
  return problems.length === 0 && last
    ? { ok: true, problems, receipt: last, keyId: bundle.publicKey.keyId }
    : { ok: false, problems };
}
