import { Schema } from 'mongoose';
import type { LocalisedName, RegisterRegionReport } from '@orbita/contracts';

export interface RegisterDefinitionDocument {
  /** The register's key. */
  _id: string;
  name: LocalisedName;
  description: LocalisedName | null;
  /** The JSON Schema of a record's data, stored as its text: schema keywords start with "$". */
  schema: string;
  title: string;
  dateFields: string[];
  naturalKey: string | null;
  settles: { register: string; keyField: string; amountField: string } | null;
  /** What the per-region report counts of its records (ADR 024). */
  regionReport?: RegisterRegionReport | null;
  /** Grows with every change; validators are compiled once per version. */
  version: number;
  /** SHA-256 of the definition's canonical JSON: loading the same built-in again changes nothing. */
  hash: string;
  builtIn: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const RegisterDefinitionSchema = new Schema<RegisterDefinitionDocument>(
  {
    _id: { type: String, required: true },
    name: { type: Object, required: true },
    description: { type: Object, default: null },
    schema: { type: String, required: true },
    title: { type: String, required: true },
    dateFields: { type: [String], required: true },
    naturalKey: { type: String, default: null },
    settles: { type: Object, default: null },
    regionReport: { type: Object, default: null },
    version: { type: Number, required: true },
    hash: { type: String, required: true },
    builtIn: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  // The definitions are few (one per register) and read whole by key (_id) or listed by key.
  { collection: 'register_definitions', versionKey: false },
);
