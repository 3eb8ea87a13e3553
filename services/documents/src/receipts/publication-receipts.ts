import { Injectable } from '@nestjs/common';
import type { EventData, EventEnvelope } from '@orbita/contracts';
import { DocumentsEvents } from '@orbita/contracts';
import { OnEvent } from '@orbita/platform';
import { DocumentRepository } from '../documents/document.repository';
import { ReceiptsService } from './receipts.service';

/**
 * The publication receipt is recorded right after the publication by the use case; should the
 * process die between the two writes, the published event (stored with the publication) records
 * it here. Recording is once per version and publisher, so the usual second try changes nothing.
 */
@Injectable()
export class PublicationReceipts {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly receipts: ReceiptsService,
  ) {}

  @OnEvent(DocumentsEvents.published)
  async onPublished(event: EventEnvelope<EventData<typeof DocumentsEvents.published>>): Promise<void> {
    const document = await this.documents.findForWork(event.data.documentId);
    if (!document) {
      return;
    }
    await this.receipts.record(document, 'published', event.data.version, {
      userId: event.data.publishedBy,
      orgId: event.actor?.orgId ?? document.orgId,
    });
  }
}
