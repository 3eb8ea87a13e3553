import { Module } from '@nestjs/common';
import { AbandonedUploadSweep } from './abandoned-upload.sweep';
import { ContentReferences } from './content-references';
import { ContentResponder } from './content-responder';
import { ContentStore } from './content-store';
import { PendingUploadRepository } from './pending-upload.repository';

/**
 * The content layer of documents: storing uploads and generated files in object storage with
 * their checks and bookkeeping (ContentStore), and sending them back over HTTP (ContentResponder).
 * Files and versions keep only metadata that references a storage key.
 */
@Module({
  providers: [
    ContentStore,
    ContentResponder,
    ContentReferences,
    PendingUploadRepository,
    AbandonedUploadSweep,
  ],
  exports: [ContentStore, ContentResponder],
})
export class ContentModule {}
