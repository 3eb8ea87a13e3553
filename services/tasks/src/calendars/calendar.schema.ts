import { Schema } from 'mongoose';
import type { LocalisedName, WorkingHours } from '@orbita/contracts';

export interface CalendarDocument {
  /** The calendar's key. */
  _id: string;
  name: LocalisedName;
  timeZone: string;
  week: WorkingHours[];
  holidays: string[];
  workingDays: string[];
  /** The org units that work by it; a unit is in at most one calendar. */
  orgIds: string[];
  isDefault: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const CalendarSchema = new Schema<CalendarDocument>(
  {
    _id: { type: String, required: true },
    name: { type: Object, required: true },
    timeZone: { type: String, required: true },
    week: { type: [Object], required: true },
    holidays: { type: [String], required: true },
    workingDays: { type: [String], required: true },
    orgIds: { type: [String], required: true },
    isDefault: { type: Boolean, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  // Calendars are few and read whole by key (_id) or listed by key.
  { collection: 'calendars', versionKey: false },
);

// Assigning units to a calendar takes them out of any other: the calendars that hold them.
CalendarSchema.index({ orgIds: 1 });
