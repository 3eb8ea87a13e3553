import type { Connection, Model, Schema } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import type { OutboxFields, OutboxRelay } from '../events/outbox';
import { outboxOnInsert } from '../events/outbox';

/**
 * A mongoose model whose documents carry events in an outbox (ADR 002): it builds the model,
 * creates its indexes and registers it with the relay once, inserts documents together with their
 * events, and has the relay publish at once what a write has just added (the relay's sweep would
 * publish it otherwise). Repositories keep their queries on `model`.
 */
export class OutboxedModel<T extends OutboxFields & { _id: string }> {
  readonly model: Model<T>;

  constructor(
    connection: Connection,
    name: string,
    schema: Schema<T>,
    private readonly relay: OutboxRelay,
  ) {
    this.model = connection.model<T>(name, schema);
  }

  /** At module init: indexes first, so a missing index fails the start rather than a query. */
  async init(): Promise<void> {
    await this.model.createIndexes();
    this.relay.register(this.model as unknown as Model<never>);
  }

  async insert(doc: T, events: EventEnvelope[]): Promise<void> {
    await this.model.create({ ...doc, ...outboxOnInsert(events) });
    this.published(doc._id, events);
  }

  /** After a write of `id` that added `events` (through `outboxOnUpdate`). */
  published(id: string, events: EventEnvelope[]): void {
    if (events.length > 0) {
      this.relay.dispatch(this.model as unknown as Model<never>, id);
    }
  }
}
