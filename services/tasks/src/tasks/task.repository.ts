import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import type { AccessScope, PageRequest } from '@orbita/platform';
import {
  AppError,
  MONGO_CONNECTION,
  OutboxRelay,
  Repository,
  scopeFilter,
  systemScope,
} from '@orbita/platform';
import type { TaskDocument } from './task.schema';
import { TaskSchema } from './task.schema';

export type NewTask = Omit<TaskDocument, 'outbox' | 'outboxAt'>;

/**
 * The assignee and the creator of a task are among its participants, so they see every task of
 * "assigned to me" and "created by me": those lists need no scope filter beyond the person.
 */
const OWN_LISTS = systemScope('assignee and creator are participants of their tasks');
const ENGINE = systemScope('the engine sets and withdraws the work items of the steps it runs');

export interface InboxQuery {
  userId: string;
  view: 'mine' | 'claimable';
  templateKey?: string | undefined;
  clientOrgId?: string | undefined;
  instanceId?: string | undefined;
  dueBefore?: Date | undefined;
  cursor?: string | undefined;
  limit: number;
}

@Injectable()
export class TaskRepository extends Repository<TaskDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'Task', TaskSchema, { visibleTo: scopeFilter, relay });
  }

  /** Stores the task and its events in one write; the events are then published by the relay. */
  async add(task: NewTask, events: EventEnvelope[]): Promise<void> {
    await this.insert(task, events);
  }

  /** A step's work items; those set already (the event handled again) are skipped. */
  async addItems(items: NewTask[]): Promise<number> {
    let added = 0;
    for (let i = 0; i < items.length; i += 500) {
      added += await this.insertManyOnce(items.slice(i, i + 500));
    }
    return added;
  }

  async findById(scope: AccessScope, id: string): Promise<TaskDocument | null> {
    return this.findOne(scope, { _id: id });
  }

  async load(id: string): Promise<TaskDocument | null> {
    return this.findOne(ENGINE, { _id: id });
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

  /**
   * Open work of a person, overdue first, then by due time, then undated (dueSort), by a cursor
   * over (dueSort, _id); one more than the limit, so the caller can tell a next page exists.
   */
  async inbox(query: InboxQuery): Promise<TaskDocument[]> {
    const filter: Record<string, unknown> =
      query.view === 'mine'
        ? { assigneeId: query.userId, status: 'open' }
        : { candidateIds: query.userId, status: 'open', assigneeId: null };
    if (query.templateKey) {
      filter['templateKey'] = query.templateKey;
    }
    if (query.clientOrgId) {
      filter['clientOrgId'] = query.clientOrgId;
    }
    // Narrows the person's own open work (read by the same index): a request's page asks it.
    if (query.instanceId) {
      filter['instanceId'] = query.instanceId;
    }
    const after = decodeInboxCursor(query.cursor);
    const conditions: Record<string, unknown>[] = [];
    if (query.dueBefore) {
      conditions.push({ dueSort: { $lt: query.dueBefore } });
    }
    if (after) {
      conditions.push({
        $or: [{ dueSort: { $gt: after.dueSort } }, { dueSort: after.dueSort, _id: { $gt: after.id } }],
      });
    }
    if (conditions.length === 1) {
      Object.assign(filter, conditions[0]);
    } else if (conditions.length > 1) {
      filter['$and'] = conditions;
    }
    return this.findMany(OWN_LISTS, filter, { sort: { dueSort: 1, _id: 1 }, limit: query.limit + 1 });
  }

  async countOpen(userId: string, view: 'mine' | 'claimable', dueBefore?: Date): Promise<number> {
    const filter: Record<string, unknown> =
      view === 'mine'
        ? { assigneeId: userId, status: 'open' }
        : { candidateIds: userId, status: 'open', assigneeId: null };
    if (dueBefore) {
      filter['dueSort'] = { $lt: dueBefore };
    }
    return this.count(OWN_LISTS, filter);
  }

  /** A step run's items in a state (progress, quorum), at most `limit`. */
  async ofRun(runId: string, status: 'open' | 'done', limit: number): Promise<TaskDocument[]> {
    return this.findMany(ENGINE, { runId, status }, { limit });
  }

  async countOfRun(runId: string, status: 'open' | 'done'): Promise<number> {
    return this.count(ENGINE, { runId, status });
  }

  /** Withdraws the open items of a finished run (the others' part is no longer needed). */
  async cancelOpenOfRun(runId: string, now: Date): Promise<number> {
    return this.updateMany(
      ENGINE,
      { runId, status: 'open' },
      { $set: { status: 'cancelled', updatedAt: now }, $inc: { revision: 1 } },
    );
  }

  /**
   * The item's change, if it is still open at the revision the caller saw; the item after, or
   * null when someone else changed it first (the caller answers CONFLICT).
   */
  async change(
    task: TaskDocument,
    condition: Record<string, unknown>,
    set: Partial<TaskDocument>,
    events: EventEnvelope[],
  ): Promise<TaskDocument | null> {
    return this.findOneAndUpdate(
      ENGINE,
      { _id: task._id, revision: task.revision, status: 'open', ...condition },
      { $set: set, $inc: { revision: 1 } },
      { events },
    );
  }

  /** Acknowledgement items of a document (a new version asks those who acknowledged an older one again). */
  async acknowledgementsOf(documentId: string, limit: number): Promise<TaskDocument[]> {
    return this.findMany(ENGINE, { 'document.documentId': documentId, kind: 'acknowledgement' }, { limit });
  }
}

export function encodeInboxCursor(task: TaskDocument): string {
  return Buffer.from(`${task.dueSort.getTime()}:${task._id}`, 'utf8').toString('base64url');
}

function decodeInboxCursor(cursor: string | undefined): { dueSort: Date; id: string } | null {
  if (!cursor) {
    return null;
  }
  const match = /^(-?\d{1,16}):([0-9A-Z]{26})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const [, dueSort, id] = match ?? [];
  if (!dueSort || !id) {
    throw AppError.validation({
      en: 'cursor: not a cursor from a previous page',
      ru: 'cursor: это не курсор предыдущей страницы',
    });
  }
  return { dueSort: new Date(Number(dueSort)), id };
}
