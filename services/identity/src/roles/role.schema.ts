import { Schema } from 'mongoose';
import type { Permission } from '@orbita/contracts';
import type { OutboxFields } from '@orbita/platform';
import { withOutbox } from '@orbita/platform';

export interface RoleDocument extends OutboxFields {
  /** Built-in roles use their name as id; custom roles get a generated id. */
  _id: string;
  name: string;
  description: string;
  permissions: Permission[];
  builtIn: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const RoleSchema = withOutbox(
  new Schema<RoleDocument>(
    {
      _id: { type: String, required: true },
      name: { type: String, required: true },
      description: { type: String, default: '' },
      permissions: { type: [String], required: true },
      builtIn: { type: Boolean, required: true },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
    },
    { collection: 'roles', versionKey: false },
  ),
);

// Serves the role list and name uniqueness: find().sort({ name: 1 }); findOne({ name }).
RoleSchema.index({ name: 1 }, { unique: true });
