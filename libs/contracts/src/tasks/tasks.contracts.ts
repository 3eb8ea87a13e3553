import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema, textSchema } from '../common';
import { defineEvent } from '../messaging/event-contract';
import { PageQuerySchema, pageSchema } from '../messaging/pagination';
import { defineRequest } from '../messaging/request-contract';

export const TaskStatusSchema = z.enum(['open', 'done']);

export const CreateTaskInputSchema = z.object({
  title: textSchema(200).pipe(z.string().min(1)),
  description: textSchema(10_000).optional(),
  assigneeId: IdSchema,
  dueAt: IsoDateTimeSchema.optional(),
});
export type CreateTaskInput = z.infer<typeof CreateTaskInputSchema>;

export const TaskViewSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  status: TaskStatusSchema,
  assigneeId: z.string(),
  createdBy: z.string(),
  dueAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TaskView = z.infer<typeof TaskViewSchema>;

export const ListTasksInputSchema = PageQuerySchema.extend({
  /** Tasks assigned to me, or tasks I created. */
  scope: z.enum(['assigned', 'created']).default('assigned'),
});
export type ListTasksInput = z.infer<typeof ListTasksInputSchema>;

export const TaskPageSchema = pageSchema(TaskViewSchema);

export const TasksRequests = {
  create: defineRequest('tasks.task.create', CreateTaskInputSchema, TaskViewSchema),
  get: defineRequest('tasks.task.get', z.object({ taskId: IdSchema }), TaskViewSchema),
  list: defineRequest('tasks.task.list', ListTasksInputSchema, TaskPageSchema),
};

export const TaskCreatedDataSchema = z.object({
  taskId: z.string(),
  title: z.string(),
  assigneeId: z.string(),
  createdBy: z.string(),
  dueAt: z.string().nullable(),
});

export const TasksEvents = {
  taskCreated: defineEvent(
    'tasks.task.created',
    1,
    TaskCreatedDataSchema,
    'A task was created and assigned to a user.',
  ),
};
