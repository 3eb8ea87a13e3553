import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import type { AccessScope } from '@orbita/platform';
import { MONGO_CONNECTION, OutboxRelay, decodeCursor, outboxOnInsert, scopeFilter } from '@orbita/platform';
import type { TaskDocument } from './task.schema';
import { TaskSchema } from './task.schema';

export type NewTask = Omit<TaskDocument, 'outbox' | 'outboxPending'>;

@Injectable()
export class TaskRepository implements OnModuleInit {
  private readonly model: Model<TaskDocument>;

  constructor(
    @Inject(MONGO_CONNECTION) connection: Connection,
    private readonly outbox: OutboxRelay,
  ) {
    this.model = connection.model<TaskDocument>('Task', TaskSchema);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
    this.outbox.register(this.model as unknown as Model<never>);
  }

  /** Stores the task and its events in one write; the events are then published by the relay. */
  async insert(task: NewTask, events: EventEnvelope[]): Promise<void> {
    await this.model.create({ ...task, ...outboxOnInsert(events) });
    this.outbox.dispatch(this.model as unknown as Model<never>, task._id);
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
