import { Module } from '@nestjs/common';
import { ContentModule } from '../content';
import { Directory } from '../directory/directory';
import { PublicationReceipts } from '../receipts/publication-receipts';
import { ReceiptPdf } from '../receipts/receipt-pdf';
import { ReceiptRepository } from '../receipts/receipt.repository';
import { ReceiptSigner } from '../receipts/receipt-signer';
import { ReceiptsService } from '../receipts/receipts.service';
import { RenderingModule } from '../rendering';
import { DocumentRepository } from './document.repository';
import { DocumentsHttpController } from './documents.http.controller';
import { DocumentsNatsController } from './documents.nats.controller';
import { DocumentsService } from './documents.service';
import { GenerationService } from './generation.service';

@Module({
  imports: [ContentModule, RenderingModule],
  controllers: [DocumentsHttpController, DocumentsNatsController],
  providers: [
    DocumentRepository,
    DocumentsService,
    GenerationService,
    ReceiptRepository,
    ReceiptsService,
    ReceiptSigner,
    ReceiptPdf,
    PublicationReceipts,
    Directory,
  ],
})
export class DocumentsModule {}
