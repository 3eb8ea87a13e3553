import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import type { AccessScope } from '@orbita/platform';
import {
  MONGO_CONNECTION,
  OutboxRelay,
  OutboxedRepository,
  decodeCursor,
  scopeFilter,
} from '@orbita/platform';
import type { TaskDocument } from './task.schema';
import { TaskSchema } from './task.schema';

export type NewTask = Omit<TaskDocument, 'outbox' | 'outboxPending'>;

@Injectable()
export class TaskRepository extends OutboxedRepository<TaskDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'Task', TaskSchema, relay);
  }

  /** Stores the task and its events in one write; the events are then published by the relay. */
  async insert(task: NewTask, events: EventEnvelope[]): Promise<void> {
    await this.insertWithEvents(task, events);
  }

  async findById(scope: AccessScope, id: string): Promise<TaskDocument | null> {
    return this.model.findOne({ _id: id, ...scopeFilter(scope) }, { outbox: 0 }).lean<TaskDocument>();
  }

  async list(
    scope: AccessScope,
    filter: { assigneeId: string } | { createdBy: string },
    page: { cursor?: string | undefined; limit: number },
  ): Promise<TaskDocument[]> {
    const after = decodeCursor(page.cursor);
    const query: Record<string, unknown> = { ...filter, ...scopeFilter(scope) };
    if (after) {
      query['_id'] = { $lt: after };
    }
    return this.model
      .find(query, { outbox: 0 })
      .sort({ _id: -1 })
      .limit(page.limit + 1)
      .lean<TaskDocument[]>();
  }
}
