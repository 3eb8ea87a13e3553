import { Schema } from 'mongoose';
import type { OutboxFields } from '@orbita/platform';
import { withOutbox } from '@orbita/platform';

export interface FileDocument extends OutboxFields {
  _id: string;
  orgId: string;
  orgPath: string[];
  participants: string[];
  name: string;
  size: number;
  sha256: string;
  /** Detected from the content, not taken from the client. */
  mimeType: string;
  /** Where the content is in object storage. */
  storageKey: string;
  uploadedBy: string;
  createdAt: Date;
}

export const FileSchema = withOutbox(
  new Schema<FileDocument>(
    {
      _id: { type: String, required: true },
      orgId: { type: String, required: true },
      orgPath: { type: [String], required: true },
      participants: { type: [String], required: true },
      name: { type: String, required: true },
      size: { type: Number, required: true },
      sha256: { type: String, required: true },
      mimeType: { type: String, required: true },
      storageKey: { type: String, required: true },
      uploadedBy: { type: String, required: true },
      createdAt: { type: Date, required: true },
    },
    { collection: 'files', versionKey: false },
  ),
);

// Serves the scope filter's org-subtree branch: find({ _id, orgPath: <org> }).
FileSchema.index({ orgPath: 1, _id: -1 });
// Serves the scope filter's participant branch: find({ _id, participants: <user> }).
FileSchema.index({ participants: 1, _id: -1 });
// Serves the content sweep's reference check: findOne({ storageKey }).
FileSchema.index({ storageKey: 1 });
