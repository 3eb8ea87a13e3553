import { Inject, Injectable } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import type { Receipt, ReceiptBody } from '@orbita/contracts';
import { canonicalJson, keyFingerprint, receiptHash } from '@orbita/platform';
import type { DocumentsConfig } from '../config';
import { DOCUMENTS_CONFIG } from '../config.token';

/** PKCS#8 DER of an Ed25519 private key is this prefix and the 32-byte seed. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface PublishedKey {
  keyId: string;
  algorithm: 'Ed25519';
  /** SubjectPublicKeyInfo, DER, base64. */
  spki: string;
}

/**
 * Signs receipts with the installation's Ed25519 key, derived from RECEIPT_SIGNING_KEY: the same
 * secret gives the same key on every instance and after every restart; its public half is
 * published (GET /api/documents/receipt-keys) so anyone can verify a receipt offline.
 */
@Injectable()
export class ReceiptSigner {
  private readonly privateKey: KeyObject;
  readonly publicKey: PublishedKey;

  constructor(@Inject(DOCUMENTS_CONFIG) config: DocumentsConfig) {
    const seed = createHash('sha256').update(`orbita-receipt-signing:${config.RECEIPT_SIGNING_KEY}`).digest();
    this.privateKey = createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
      format: 'der',
      type: 'pkcs8',
    });
    const spki = createPublicKey(this.privateKey).export({ format: 'der', type: 'spki' });
    this.publicKey = { keyId: keyFingerprint(spki), algorithm: 'Ed25519', spki: spki.toString('base64') };
  }

  sign(body: ReceiptBody): Receipt {
    const signature = sign(null, Buffer.from(canonicalJson(body)), this.privateKey).toString('base64');
    return { ...body, hash: receiptHash(body), signature };
  }
}
