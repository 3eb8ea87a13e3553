import { Schema } from 'mongoose';

/**
 * What notifications keep of a request (a process instance) from `tasks.instance.started`: enough
 * to title a notification about any later event of it and to find the requester, without asking
 * the tasks service for every event.
 */
export interface RequestCardDocument {
  /** The instance id. */
  _id: string;
  orgId: string;
  number: string;
  title: string;
  requesterId: string;
  templateKey: string;
}

export const RequestCardSchema = new Schema<RequestCardDocument>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    number: { type: String, required: true },
    title: { type: String, required: true },
    requesterId: { type: String, required: true },
    templateKey: { type: String, required: true },
  },
  // Read by _id only.
  { collection: 'request_cards', versionKey: false },
);
