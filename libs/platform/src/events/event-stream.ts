import type { JetStreamManager } from 'nats';
import { RetentionPolicy, StorageType, nanos } from 'nats';
import { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX } from '@orbita/contracts';

/** Long enough that a relay re-publishing after a restart is still recognised as a duplicate. */
const DUPLICATE_WINDOW_MS = 2 * 60 * 60 * 1000;
/** Outside subscribers may replay this far back. */
const MAX_AGE_MS = 90 * 24 * 60 * 60 * 1000;

/** Creates the EVENTS stream if it does not exist yet. Every publishing or consuming service calls it at boot. */
export async function ensureEventStream(jsm: JetStreamManager): Promise<void> {
  try {
    await jsm.streams.info(EVENTS_STREAM);
    return;
  } catch (err) {
    if (!isNotFound(err)) {
      throw err;
    }
  }
  try {
    await jsm.streams.add({
      name: EVENTS_STREAM,
      subjects: [`${EVENTS_SUBJECT_PREFIX}.>`],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      max_age: nanos(MAX_AGE_MS),
    });
  } catch (err) {
    // Another instance created it between our look and our add.
    if (!/already in use/i.test(String(err))) {
      throw err;
    }
  }
}

function isNotFound(err: unknown): boolean {
  return /not found/i.test(String(err));
}
