import { Schema } from 'mongoose';
import type { PreferenceSettings } from '@orbita/contracts';

/** A person's own notification settings (ADR 017), or a role's defaults: `_id` is the user's or the role's id. */
export interface PreferenceDocument {
  _id: string;
  settings: PreferenceSettings;
  updatedAt: Date;
  updatedBy: string;
}

function preferenceSchema(collection: string): Schema<PreferenceDocument> {
  return new Schema<PreferenceDocument>(
    {
      _id: { type: String, required: true },
      settings: { type: Schema.Types.Mixed, required: true },
      updatedAt: { type: Date, required: true },
      updatedBy: { type: String, required: true },
    },
    { collection, versionKey: false, minimize: false },
  );
}

// Both read by _id only (the default index): find({ _id: { $in } }).
export const UserPreferenceSchema = preferenceSchema('preferences');
export const RoleDefaultsSchema = preferenceSchema('role_preference_defaults');
