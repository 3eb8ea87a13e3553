import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Clock, ObjectStorage } from '@orbita/platform';
import { CLOCK, PeriodicSweep } from '@orbita/platform';
import type { DocumentsConfig } from '../config';
import { DOCUMENTS_CONFIG, OBJECT_STORAGE } from '../config.token';
import { ContentReferences } from './content-references';
import { ContentStore } from './content-store';
import { PendingUploadRepository } from './pending-upload.repository';
import type { PendingUploadDocument } from './pending-upload.schema';

/** Records one sweep takes; the rest wait for the next. */
const SWEEP_BATCH = 100;

/**
 * Removes content a crash left uncommitted: every UPLOAD_SWEEP_INTERVAL_MS it takes the pending
 * records untouched for UPLOAD_ABANDONED_AFTER_MS (by the service's clock, which tests move) and,
 * unless a reference check claims the key (committed after all), removes the object, then the record.
 */
@Injectable()
export class AbandonedUploadSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AbandonedUploadSweep.name);
  private readonly sweeps: PeriodicSweep<number>;

  constructor(
    private readonly pending: PendingUploadRepository,
    private readonly references: ContentReferences,
    private readonly store: ContentStore,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(DOCUMENTS_CONFIG) private readonly config: DocumentsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.sweeps = new PeriodicSweep(
      config.UPLOAD_SWEEP_INTERVAL_MS,
      () => this.sweepOnce(),
      0,
      (err) => {
        this.logger.warn({ err, msg: 'The abandoned-upload sweep failed; it runs again' });
      },
    );
  }

  onApplicationBootstrap(): void {
    this.sweeps.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweeps.stop();
  }

  /** One sweep (never two at once); how many objects it removed. */
  sweep(): Promise<number> {
    return this.sweeps.now();
  }

  private async sweepOnce(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.UPLOAD_ABANDONED_AFTER_MS);
    let records: PendingUploadDocument[];
    try {
      records = await this.pending.abandoned(cutoff, SWEEP_BATCH);
    } catch (err) {
      this.logger.warn({ err, msg: 'Could not look for abandoned uploads' });
      return 0;
    }
    let removed = 0;
    for (const record of records) {
      try {
        if (await this.settleOrRemove(record)) {
          removed++;
        }
      } catch (err) {
        this.logger.warn({ err, storageKey: record._id, msg: 'Could not sweep an abandoned upload' });
      }
    }
    return removed;
  }

  private async settleOrRemove(record: PendingUploadDocument): Promise<boolean> {
    if (this.store.isStoring(record._id)) {
      return false;
    }
    if (await this.references.claimed(record.keyPrefix, record._id)) {
      await this.pending.remove(record._id);
      return false;
    }
    await this.storage.remove(record._id);
    await this.pending.remove(record._id);
    this.logger.log({
      storageKey: record._id,
      startedAt: record.startedAt.toISOString(),
      msg: 'Removed content an upload left uncommitted',
    });
    return true;
  }
}
