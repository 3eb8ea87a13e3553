import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { SystemScope } from '@orbita/platform';
import { MONGO_CONNECTION, Repository } from '@orbita/platform';
import type { RequestCardDocument } from './request-card.schema';
import { RequestCardSchema } from './request-card.schema';

/** The service's copy of requests' titles and requesters; never read for a caller. */
@Injectable()
export class RequestCardRepository extends Repository<RequestCardDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'RequestCard', RequestCardSchema, {
      // Never read for a caller; a caller's scope would see nothing.
      visibleTo: () => ({ _id: { $in: [] } }),
    });
  }

  /** Keeps the card; a redelivered start finds it stored and changes nothing. */
  async keep(scope: SystemScope, card: RequestCardDocument): Promise<void> {
    await this.insertOnce(card);
  }

  async card(scope: SystemScope, instanceId: string): Promise<RequestCardDocument | null> {
    return this.findOne(scope, { _id: instanceId });
  }
}
