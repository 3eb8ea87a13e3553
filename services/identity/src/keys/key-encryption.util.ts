import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

/** Derives the AES key once per secret (scrypt is deliberately slow). */
const derived = new Map<string, Buffer>();
function keyFor(secret: string): Buffer {
  let key = derived.get(secret);
  if (!key) {
    key = scryptSync(secret, 'orbita-signing-keys', 32);
    derived.set(secret, key);
  }
  return key;
}

export function encryptSecretText(plain: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret), iv);
  const encrypted = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), encrypted].map((b) => b.toString('base64url')).join('.');
}

export function decryptSecretText(sealed: string, secret: string): string {
  const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !data) {
    throw new Error('Sealed text is malformed');
  }
  const decipher = createDecipheriv('aes-256-gcm', keyFor(secret), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
}
