import { Schema } from 'mongoose';
import type { OutboxFields } from '@orbita/platform';
import { withOutbox } from '@orbita/platform';

export type TaskStatus = 'open' | 'done';

export interface TaskDocument extends OutboxFields {
  _id: string;
  /** The owning org: the creator's org. */
  orgId: string;
  /** Org ids from the company down to `orgId`, for subtree visibility. */
  orgPath: string[];
  title: string;
  description: string | null;
  status: TaskStatus;
  assigneeId: string;
  createdBy: string;
  /** Everyone who takes part and may therefore see the task wherever their org is. */
  participants: string[];
  dueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const TaskSchema = withOutbox(
  new Schema<TaskDocument>(
    {
      _id: { type: String, required: true },
      orgId: { type: String, required: true },
      orgPath: { type: [String], required: true },
      title: { type: String, required: true },
      description: { type: String, default: null },
      status: { type: String, required: true, enum: ['open', 'done'] },
      assigneeId: { type: String, required: true },
      createdBy: { type: String, required: true },
      participants: { type: [String], required: true },
      dueAt: { type: Date, default: null },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
    },
    { collection: 'tasks', versionKey: false },
  ),
);

// Serves "tasks assigned to me", newest first: find({ assigneeId }).sort({ _id: -1 }).
TaskSchema.index({ assigneeId: 1, _id: -1 });
// Serves "tasks I created", newest first: find({ createdBy }).sort({ _id: -1 }).
TaskSchema.index({ createdBy: 1, _id: -1 });
// Serves the scope filter's org-subtree branch: { orgPath: <org> }.
TaskSchema.index({ orgPath: 1, _id: -1 });
