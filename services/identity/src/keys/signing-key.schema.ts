import { Schema } from 'mongoose';
import type { Jwk } from '@orbita/contracts';

export interface SigningKeyDocument {
  /** The kid. */
  _id: string;
  /** PKCS#8 PEM, encrypted with KEY_ENCRYPTION_SECRET (AES-256-GCM): iv.tag.ciphertext, base64url. */
  encryptedPrivateKey: string;
  publicJwk: Jwk;
  createdAt: Date;
  /**
   * From when the key signs (published in the JWKS before, so verifiers know it by then). Absent
   * on keys made before this existed: they signed from their creation.
   */
  activatesAt?: Date;
  /** Retired keys stay in the JWKS until the tokens they signed have expired. */
  retiredAt: Date | null;
}

export const SigningKeySchema = new Schema<SigningKeyDocument>(
  {
    _id: { type: String, required: true },
    encryptedPrivateKey: { type: String, required: true },
    publicJwk: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    activatesAt: { type: Date },
    retiredAt: { type: Date, default: null },
  },
  { collection: 'signing_keys', versionKey: false },
);

// Serves the JWKS and the signer: find({ retiredAt: null }).sort({ createdAt: -1 }).
SigningKeySchema.index({ retiredAt: 1, createdAt: -1 });
