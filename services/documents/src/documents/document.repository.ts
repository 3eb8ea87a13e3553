import { Inject, Injectable } from '@nestjs/common';
import type { Connection, UpdateQuery } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import type { AccessScope, PageRequest } from '@orbita/platform';
import { MONGO_CONNECTION, OutboxRelay, Repository, isDuplicateKey, systemScope } from '@orbita/platform';
import type { DocumentRecord, VersionRecord } from './document.schema';
import { DocumentRecordSchema } from './document.schema';

/**
 * A document is seen by the issuing org's readers (orgPath), by the counterparty's readers once a
 * version is published to it (audience), and by whoever created it (participants).
 */
export function documentScopeFilter(scope: AccessScope): Record<string, unknown> {
  const clauses: Record<string, unknown>[] = [{ participants: scope.userId }];
  if (scope.orgIds.length > 0) {
    clauses.push({ orgPath: { $in: [...scope.orgIds] } }, { audience: { $in: [...scope.orgIds] } });
  }
  return { $or: clauses };
}

/** Numbering and idempotency look at every document of a series or key, whoever may see it. */
const NUMBERING = systemScope('numbers and idempotency keys are unique across all callers');
/** The service finishing what a use case started (a render, a receipt's mark), already checked. */
const OWN_WORK = systemScope('the service completes a use case whose access was checked at its start');

export interface DocumentFilter {
  orgId?: string | undefined;
  counterpartyOrgId?: string | undefined;
  processInstanceId?: string | undefined;
  type?: string | undefined;
  status?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  prefix?: string | undefined;
  unread?: boolean | undefined;
}

export type NumberedInsert =
  { inserted: true; document: DocumentRecord } | { inserted: false; existing: DocumentRecord };

@Injectable()
export class DocumentRepository extends Repository<DocumentRecord> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'Document', DocumentRecordSchema, { visibleTo: documentScopeFilter, relay });
  }

  async add(document: DocumentRecord, events: EventEnvelope[]): Promise<void> {
    await this.insert(document, events);
  }

  /**
   * Inserts the document with the next number of its series, taken by this very insert (the
   * unique series+seq index refuses a number another instance took in between: try the next).
   * A document with the same request key already stored is answered instead (a repeated command).
   */
  async addNumbered(
    build: (seq: number) => { document: DocumentRecord; events: EventEnvelope[] },
  ): Promise<NumberedInsert> {
    for (;;) {
      const seq = (await this.lastSeq(build(1).document.series)) + 1;
      const { document, events } = build(seq);
      try {
        await this.insert(document, events);
        return { inserted: true, document };
      } catch (err) {
        if (!isDuplicateKey(err)) {
          throw err;
        }
        const existing = await this.findByRequestKey(document.requestKey);
        if (existing) {
          return { inserted: false, existing };
        }
        // Another instance took this number first: the next one.
      }
    }
  }

  private async lastSeq(series: string): Promise<number> {
    const [last] = await this.findMany(
      NUMBERING,
      { series },
      { sort: { seq: -1 }, limit: 1, projection: { seq: 1 } },
    );
    return last?.seq ?? 0;
  }

  async findByRequestKey(requestKey: string): Promise<DocumentRecord | null> {
    return this.findOne(NUMBERING, { requestKey });
  }

  async findById(scope: AccessScope, id: string): Promise<DocumentRecord | null> {
    return this.findOne(scope, { _id: id });
  }

  /** For the service's own work on a document a use case already checked (or the engine vouches for). */
  async findForWork(id: string): Promise<DocumentRecord | null> {
    return this.findOne(OWN_WORK, { _id: id });
  }

  async list(scope: AccessScope, filter: DocumentFilter, page: PageRequest): Promise<DocumentRecord[]> {
    return this.findPage(scope, toQuery(filter), page, 'desc');
  }

  async countUnread(scope: AccessScope, counterpartyOrgId: string): Promise<number> {
    return this.count(scope, { counterpartyOrgId, unread: true });
  }

  /** Adds a version unless the document already has one of that number (a concurrent upload). */
  async addVersion(
    id: string,
    version: VersionRecord,
    changes: Partial<DocumentRecord>,
    events: EventEnvelope[],
  ): Promise<boolean> {
    return this.updateOne(
      OWN_WORK,
      { _id: id, 'versions.version': { $ne: version.version } },
      { $push: { versions: version }, $set: changes },
      events,
    );
  }

  /**
   * Stores the rendered PDF as the generated document's first version, once: false when the
   * generation was completed already (by another instance's sweep).
   */
  async completeGeneration(
    id: string,
    version: VersionRecord,
    changes: Partial<DocumentRecord>,
    events: EventEnvelope[],
  ): Promise<boolean> {
    return this.updateOne(
      OWN_WORK,
      { _id: id, 'generation.state': 'pending' },
      { $push: { versions: version }, $set: changes, $unset: { renderDueAt: 1 } },
      events,
    );
  }

  /** Applies a change if the document is still as the use case saw it (same status, same update time). */
  async change(
    current: DocumentRecord,
    update: UpdateQuery<DocumentRecord>,
    events: EventEnvelope[],
  ): Promise<boolean> {
    return this.updateOne(
      OWN_WORK,
      { _id: current._id, status: current.status, updatedAt: current.updatedAt },
      update,
      events,
    );
  }

  /** Links an uploader's form file to the request it was filed for, once: false when it is linked already. */
  async linkToInstance(id: string, uploaderId: string, instanceId: string, now: Date): Promise<boolean> {
    return this.updateOne(
      OWN_WORK,
      { _id: id, createdBy: uploaderId, processInstanceId: null },
      { $set: { processInstanceId: instanceId, updatedAt: now } },
    );
  }

  /** The counterparty opened the published version: no longer unread (once). */
  async markRead(id: string): Promise<void> {
    await this.updateOne(OWN_WORK, { _id: id, unread: true }, { $set: { unread: false } });
  }

  /** Generations whose render is due (first try failed, or the process died while rendering). */
  async dueRenders(now: Date, limit: number): Promise<DocumentRecord[]> {
    return this.findMany(OWN_WORK, { renderDueAt: { $lte: now } }, { sort: { renderDueAt: 1 }, limit });
  }

  async postponeRender(id: string, until: Date, attempts: number, error: string): Promise<void> {
    await this.updateOne(
      OWN_WORK,
      { _id: id, 'generation.state': 'pending' },
      { $set: { renderDueAt: until, 'generation.attempts': attempts, 'generation.lastError': error } },
    );
  }

  /** Whether a stored object belongs to a committed version (the content sweep asks). */
  async holdsContent(storageKey: string): Promise<boolean> {
    const documentId = storageKey.split('/')[1] ?? '';
    const doc = await this.findOne(OWN_WORK, { _id: documentId }, { versions: 1 });
    return doc?.versions.some((v) => v.storageKey === storageKey) ?? false;
  }
}

function toQuery(filter: DocumentFilter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  // The leading scalar field is what FerretDB's pushdown (ADR 010) reads by index.
  if (filter.counterpartyOrgId) query['counterpartyOrgId'] = filter.counterpartyOrgId;
  if (filter.processInstanceId) query['processInstanceId'] = filter.processInstanceId;
  if (filter.orgId) query['orgId'] = filter.orgId;
  if (filter.type) query['type'] = filter.type;
  if (filter.status) query['status'] = filter.status;
  if (filter.unread !== undefined) query['unread'] = filter.unread;
  if (filter.from || filter.to) {
    query['createdAt'] = {
      ...(filter.from ? { $gte: filter.from } : {}),
      ...(filter.to ? { $lt: filter.to } : {}),
    };
  }
  if (filter.prefix) {
    const upper = `${filter.prefix}\uffff`;
    query['$and'] = [
      {
        $or: [
          { titleKey: { $gte: filter.prefix, $lt: upper } },
          { numberKey: { $gte: filter.prefix, $lt: upper } },
        ],
      },
    ];
  }
  return query;
}
