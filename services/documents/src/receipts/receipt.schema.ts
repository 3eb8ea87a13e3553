import { Schema } from 'mongoose';
import type { ReceiptKind } from '@orbita/contracts';
import type { OutboxFields } from '@orbita/platform';
import { withOutbox } from '@orbita/platform';

/** A stored receipt: never updated, never deleted (append-only), one link of its document's chain. */
export interface ReceiptRecord extends OutboxFields {
  _id: string;
  documentId: string;
  seq: number;
  /** One receipt per kind, version and person: a second open is not a new fact. */
  onceKey: string;
  kind: ReceiptKind;
  version: number;
  sha256: string;
  actor: { userId: string; orgId: string; name: string };
  at: string;
  prevHash: string;
  keyId: string;
  hash: string;
  signature: string;
}

export const ReceiptRecordSchema = withOutbox(
  new Schema<ReceiptRecord>(
    {
      _id: { type: String, required: true },
      documentId: { type: String, required: true },
      seq: { type: Number, required: true },
      onceKey: { type: String, required: true },
      kind: { type: String, required: true },
      version: { type: Number, required: true },
      sha256: { type: String, required: true },
      actor: {
        userId: { type: String, required: true },
        orgId: { type: String, required: true },
        name: { type: String, required: true },
      },
      at: { type: String, required: true },
      prevHash: { type: String, required: true },
      keyId: { type: String, required: true },
      hash: { type: String, required: true },
      signature: { type: String, required: true },
    },
    { collection: 'receipts', versionKey: false },
  ),
);

// The chain: one receipt per place in it, read in order.
ReceiptRecordSchema.index({ documentId: 1, seq: 1 }, { unique: true });
ReceiptRecordSchema.index({ onceKey: 1 }, { unique: true });
