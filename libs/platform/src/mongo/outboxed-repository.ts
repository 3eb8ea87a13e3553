import type { OnModuleInit } from '@nestjs/common';
import type { Connection, Model, Schema } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import type { OutboxFields, OutboxRelay } from '../events/outbox';
import { outboxOnInsert } from '../events/outbox';

/**
 * The base of a repository whose documents carry events in an outbox (ADR 002): it builds the
 * model, creates its indexes and registers it with the relay at start, inserts documents together
 * with their events, and has the relay publish at once what a write has just added (the relay's
 * sweep would publish it otherwise). Subclasses keep their queries on `model`.
 */
export abstract class OutboxedRepository<T extends OutboxFields & { _id: string }> implements OnModuleInit {
  protected readonly model: Model<T>;
  private prepared?: Promise<void>;

  protected constructor(
    connection: Connection,
    name: string,
    schema: Schema<T>,
    private readonly relay: OutboxRelay,
  ) {
    this.model = connection.model<T>(name, schema);
  }

  onModuleInit(): Promise<void> {
    return this.ready();
  }

  /**
   * Resolves once indexes exist (a missing index fails the start rather than a query). Nest runs
   * the init hooks of one module's providers concurrently, so a provider that reads the data in its
   * own init awaits this; it prepares only once.
   */
  ready(): Promise<void> {
    this.prepared ??= this.prepare();
    return this.prepared;
  }

  protected async prepare(): Promise<void> {
    await this.model.createIndexes();
    this.relay.register(this.model as unknown as Model<never>);
  }

  protected async insertWithEvents(doc: T, events: EventEnvelope[]): Promise<void> {
    await this.model.create({ ...doc, ...outboxOnInsert(events) });
    this.published(doc._id, events);
  }

  /** After a write of `id` that added `events` (through `outboxOnUpdate`). */
  protected published(id: string, events: EventEnvelope[]): void {
    if (events.length > 0) {
      this.relay.dispatch(this.model as unknown as Model<never>, id);
    }
  }
}
