import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope, InstanceStatus } from '@orbita/contracts';
import type { PageRequest, QueryScope } from '@orbita/platform';
import { MONGO_CONNECTION, OutboxRelay, Repository, scopeFilter, systemScope } from '@orbita/platform';
import type { CounterDocument, InstanceDocument } from './instance.schema';
import { CounterSchema, InstanceSchema } from './instance.schema';

const ENGINE = systemScope('the engine moves instances on events it handles, whoever caused them');

/** The mutable part of an instance that a transition replaces. */
export type InstanceChanges = Partial<
  Pick<
    InstanceDocument,
    | 'status'
    | 'vars'
    | 'steps'
    | 'current'
    | 'history'
    | 'participants'
    | 'cancelReason'
    | 'endedAt'
    | 'title'
  >
>;

@Injectable()
export class InstanceRepository extends Repository<InstanceDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'ProcessInstance', InstanceSchema, { visibleTo: scopeFilter, relay });
  }

  /** Stores a new instance with its events; false when its request key started one already. */
  async add(instance: InstanceDocument, events: EventEnvelope[]): Promise<boolean> {
    return this.insertOnce(instance, events);
  }

  async byRequestKey(requestKey: string): Promise<InstanceDocument | null> {
    return this.findOne(systemScope('the caller repeating a command gets what it made'), { requestKey });
  }

  async findById(scope: QueryScope, id: string): Promise<InstanceDocument | null> {
    return this.findOne(scope, { _id: id });
  }

  async load(id: string): Promise<InstanceDocument | null> {
    return this.findOne(ENGINE, { _id: id });
  }

  /**
   * One transition: the changes and their events in one write, if nobody moved the instance since
   * `revision` (optimistic concurrency); false otherwise, and nothing is written.
   */
  async transition(
    instance: InstanceDocument,
    changes: InstanceChanges,
    events: EventEnvelope[],
    now: Date,
  ): Promise<boolean> {
    return this.updateOne(
      ENGINE,
      { _id: instance._id, revision: instance.revision },
      { $set: { ...changes, updatedAt: now }, $inc: { revision: 1 } },
      events,
    );
  }

  async listFor(
    scope: QueryScope,
    filter: Record<string, unknown>,
    page: PageRequest,
  ): Promise<InstanceDocument[]> {
    return this.findPage(scope, filter, page, 'desc');
  }

  /** Requests about a client org in these states (the client card: open ones, ended ones), newest first. */
  async forClient(
    clientOrgId: string,
    statuses: readonly InstanceStatus[],
    limit: number,
  ): Promise<InstanceDocument[]> {
    return this.findMany(
      systemScope('the client card: its caller was checked against the client org'),
      { clientOrgId, status: { $in: [...statuses] } },
      { sort: { _id: -1 }, limit },
    );
  }
}

@Injectable()
export class CounterRepository extends Repository<CounterDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'Counter', CounterSchema, { visibleTo: () => ({ _id: { $in: [] } }) });
  }

  /** The next number of a series (one atomic write, by `_id`). */
  async next(series: string): Promise<number> {
    const doc = await this.findOneAndUpdate(
      systemScope('numbering is the service’s own'),
      { _id: series },
      { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    return doc?.seq ?? 1;
  }
}
