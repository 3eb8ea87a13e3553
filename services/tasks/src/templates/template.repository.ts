import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope, ProcessDefinition, TemplateStatus } from '@orbita/contracts';
import type { AccessScope, QueryScope } from '@orbita/platform';
import { MONGO_CONNECTION, OutboxRelay, Repository } from '@orbita/platform';
import type { ProcessTemplateDocument } from './process-template.schema';
import { ProcessTemplateSchema } from './process-template.schema';

/** A stored version as the service works with it: the definition parsed. */
export type StoredTemplate = Omit<ProcessTemplateDocument, 'definition' | 'outbox' | 'outboxAt'> & {
  definition: ProcessDefinition;
};

/** More versions than any key is given: the lists read them whole. */
const AT_MOST = 10_000;

export function templateId(key: string, version: number): string {
  return `${key}@${version}`;
}

/**
 * Templates are the company's: a caller sees those of the orgs they hold the permission at (the
 * company, for template admins) and the shipped pack's, which belong to no org.
 */
function visibleTemplates(scope: AccessScope): Record<string, unknown> {
  if (scope.orgIds.length === 0) {
    return { _id: { $in: [] } };
  }
  return { $or: [{ orgPath: { $in: [...scope.orgIds] } }, { orgId: null }] };
}

@Injectable()
export class TemplateRepository extends Repository<ProcessTemplateDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'ProcessTemplate', ProcessTemplateSchema, { visibleTo: visibleTemplates, relay });
  }

  /** Stores a new version unless its number is taken (false then: another upload got it first). */
  async add(template: StoredTemplate, events: EventEnvelope[] = []): Promise<boolean> {
    return this.insertOnce(toDocument(template), events);
  }

  async version(scope: QueryScope, key: string, version: number): Promise<StoredTemplate | null> {
    return fromDocument(await this.findOne(scope, { _id: templateId(key, version) }));
  }

  /** The versions of a key, newest first. */
  async versions(scope: QueryScope, key: string): Promise<StoredTemplate[]> {
    const docs = await this.findMany(scope, { key }, { sort: { version: -1 }, limit: AT_MOST });
    return docs.map(parsed);
  }

  async latest(scope: QueryScope, key: string): Promise<StoredTemplate | null> {
    const [doc] = await this.findMany(scope, { key }, { sort: { version: -1 }, limit: 1 });
    return fromDocument(doc ?? null);
  }

  /** A version of the key with this source (the shipped pack's file loaded before). */
  async withSource(scope: QueryScope, key: string, sha256: string): Promise<StoredTemplate | null> {
    return fromDocument(await this.findOne(scope, { key, sha256 }));
  }

  /** Every version of every template, by key, newest version first. */
  async all(scope: QueryScope): Promise<StoredTemplate[]> {
    const docs = await this.findMany(scope, {}, { sort: { key: 1, version: -1 }, limit: AT_MOST });
    return docs.map(parsed);
  }

  /** Published versions (of one key, or all), newest version first. */
  async published(scope: QueryScope, key?: string): Promise<StoredTemplate[]> {
    const filter = key === undefined ? { status: 'published' } : { key, status: 'published' };
    const docs = await this.findMany(scope, filter, { sort: { key: 1, version: -1 }, limit: AT_MOST });
    return docs.map(parsed);
  }

  /**
   * Moves a version from one of the statuses to another, with its event in the same write; the
   * version as it is after, or null when it is in none of those statuses.
   */
  async changeStatus(
    scope: QueryScope,
    key: string,
    version: number,
    change: { from: TemplateStatus[]; to: TemplateStatus; at: Date },
    events: EventEnvelope[],
  ): Promise<StoredTemplate | null> {
    const set: Partial<ProcessTemplateDocument> = { status: change.to };
    if (change.to === 'published') {
      set.publishedAt = change.at;
      set.retiredAt = null;
    } else if (change.to === 'retired') {
      set.retiredAt = change.at;
    }
    return fromDocument(
      await this.findOneAndUpdate(
        scope,
        { _id: templateId(key, version), status: { $in: change.from } },
        { $set: set },
        { events },
      ),
    );
  }
}

function toDocument(template: StoredTemplate): ProcessTemplateDocument {
  return { ...template, definition: JSON.stringify(template.definition) };
}

function fromDocument(doc: ProcessTemplateDocument | null): StoredTemplate | null {
  return doc ? parsed(doc) : null;
}

function parsed(doc: ProcessTemplateDocument): StoredTemplate {
  // Reads leave the outbox out (the base's projection), and so does findOneAndUpdate's answer.
  return { ...doc, definition: JSON.parse(doc.definition) as ProcessDefinition };
}
