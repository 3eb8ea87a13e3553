import type { JetStreamManager, StreamConfig } from 'nats';
import { RetentionPolicy, StorageType, nanos } from 'nats';
import type { EventStream } from '@orbita/contracts';
import { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, MAIL_STREAM, MAIL_SUBJECT_PREFIX } from '@orbita/contracts';

/** Long enough that a relay re-publishing after a restart is still recognised as a duplicate. */
const DUPLICATE_WINDOW_MS = 2 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const streams: Record<EventStream, Partial<StreamConfig>> = {
  // Facts for every subscriber, inside and outside; replayable for 90 days.
  [EVENTS_STREAM]: { subjects: [`${EVENTS_SUBJECT_PREFIX}.>`], max_age: nanos(90 * DAY_MS) },
  // Messages with secrets (e-mail links) for notifications only; gone after a week.
  [MAIL_STREAM]: { subjects: [`${MAIL_SUBJECT_PREFIX}.>`], max_age: nanos(7 * DAY_MS) },
};

/** Creates the stream if it does not exist yet. Every publishing or consuming service calls it at boot. */
export async function ensureStream(jsm: JetStreamManager, name: EventStream): Promise<void> {
  try {
    await jsm.streams.info(name);
    return;
  } catch (err) {
    if (!/not found/i.test(String(err))) {
      throw err;
    }
  }
  try {
    await jsm.streams.add({
      name,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      ...streams[name],
    });
  } catch (err) {
    // Another instance created it between our look and our add.
    if (!/already in use/i.test(String(err))) {
      throw err;
    }
  }
}

export async function ensureEventStreams(jsm: JetStreamManager): Promise<void> {
  await ensureStream(jsm, EVENTS_STREAM);
  await ensureStream(jsm, MAIL_STREAM);
}
