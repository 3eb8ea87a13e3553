import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import type { AccessScope, PageRequest } from '@orbita/platform';
import { MONGO_CONNECTION, OutboxRelay, Repository, scopeFilter, systemScope } from '@orbita/platform';
import type { TaskDocument } from './task.schema';
import { TaskSchema } from './task.schema';

export type NewTask = Omit<TaskDocument, 'outbox' | 'outboxAt'>;

/**
 * The assignee and the creator of a task are among its participants, so they see every task of
 * "assigned to me" and "created by me": those lists need no scope filter beyond the person.
 */
const OWN_LISTS = systemScope('assignee and creator are participants of their tasks');

@Injectable()
export class TaskRepository extends Repository<TaskDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'Task', TaskSchema, { visibleTo: scopeFilter, relay });
  }

  /** Stores the task and its events in one write; the events are then published by the relay. */
  async add(task: NewTask, events: EventEnvelope[]): Promise<void> {
    await this.insert(task, events);
  }

  async findById(scope: AccessScope, id: string): Promise<TaskDocument | null> {
    return this.findOne(scope, { _id: id });
  }

  /** The caller's tasks, newest first: those assigned to them, or those they created. */
  async listOwn(
    scope: AccessScope,
    list: 'assigned' | 'created',
    page: PageRequest,
  ): Promise<TaskDocument[]> {
    const filter = list === 'assigned' ? { assigneeId: scope.userId } : { createdBy: scope.userId };
    return this.findPage(OWN_LISTS, filter, page, 'desc');
  }
}
