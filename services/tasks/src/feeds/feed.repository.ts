import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import type { PageRequest } from '@orbita/platform';
import { MONGO_CONNECTION, OutboxRelay, Repository, systemScope } from '@orbita/platform';
import type { FeedEntryDocument } from './feed.schema';
import { FeedEntrySchema } from './feed.schema';

/** The feed is read through its request: the caller's access to the instance is checked first. */
const THROUGH_ITS_REQUEST = systemScope('a feed is read by who may see its request, checked before');

@Injectable()
export class FeedRepository extends Repository<FeedEntryDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'FeedEntry', FeedEntrySchema, {
      // Never read with a caller's scope (see above); such a query would find nothing.
      visibleTo: () => ({ _id: { $in: [] } }),
      relay,
    });
  }

  /** Adds an entry once: a system entry of an event handled again is not added twice. */
  async add(entry: FeedEntryDocument, events: EventEnvelope[] = []): Promise<boolean> {
    return this.insertOnce(entry, events);
  }

  async page(instanceId: string, sharedOnly: boolean, page: PageRequest): Promise<FeedEntryDocument[]> {
    const filter: Record<string, unknown> = { instanceId };
    if (sharedOnly) {
      filter['visibility'] = 'shared';
    }
    return this.findPage(THROUGH_ITS_REQUEST, filter, page, 'asc');
  }
}
