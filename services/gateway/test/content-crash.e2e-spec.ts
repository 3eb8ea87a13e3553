import type * as Minio from 'minio';
import type mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import type { FileView } from '@orbita/contracts';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import { ApiClient, TestSystem, eventually, login } from '@orbita/testing';

const HOUR_MS = 3_600_000;
/** The sweep looks often here, so the test polls for its outcome briefly. */
const SWEEP = { UPLOAD_SWEEP_INTERVAL_MS: '200', UPLOAD_ABANDONED_AFTER_MS: String(HOUR_MS) };

/** Every item of a MinIO listing stream. */
function collect<T>(stream: NodeJS.ReadableStream): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const items: T[] = [];
    stream.on('data', (item: T) => {
      items.push(item);
    });
    stream.on('error', reject);
    stream.on('end', () => {
      resolve(items);
    });
  });
}

interface PendingUpload {
  _id: string;
  keyPrefix: string;
  startedAt: Date;
  seenAt: Date;
}

/**
 * Content stored and never committed (docs/adr/014): documents is SIGKILLed by a failpoint after the
 * object is stored whole and before the file's metadata is written. After a restart the object is
 * there and no file references it; once its pending record is older than UPLOAD_ABANDONED_AFTER_MS
 * (the clock moved, not waited for) the sweep removes the object and the record. Content whose
 * metadata was committed is kept, even when its record was left pending.
 */
describe('content left by a crash mid-upload', () => {
  let system: TestSystem;
  let ivan: ApiClient;
  let minio: Minio.Client;
  let bucket: string;
  let documentsDb: mongoose.Connection | undefined;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true, services: ['identity', 'gateway'] });
    ivan = new ApiClient(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD),
    );
    minio = system.objectStorage();
    bucket = system.documentsBucket;
    documentsDb = await system.connectDatabase('documents');
  });

  afterAll(async () => {
    await documentsDb?.close();
  });

  const objects = async (): Promise<string[]> =>
    (await collect<{ name: string }>(minio.listObjectsV2(bucket, 'files/', true))).map((o) => o.name);
  const pending = () => documentsDb!.collection<PendingUpload>('pending_uploads');
  const files = () => documentsDb!.collection<{ _id: string; storageKey: string }>('files');

  function upload(name: string, content: Uint8Array) {
    return ivan.send<FileView>('POST', `/api/files?name=${name}`, content, {
      'content-type': 'application/octet-stream',
    });
  }

  it('keeps no file for the upload, and sweeps its object and record once they are old enough', async () => {
    await system.startService('documents', { ...SWEEP, FAILPOINT: 'documents.upload.stored' });
    const content = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3 * 1024 * 1024)]);

    const response = await upload('contract.pdf', content);
    // Documents dies before it answers: the gateway says so, in bounded time.
    expect([502, 503, 504]).toContain(response.status);
    await system.process('documents').exited;

    await system.startService('documents', SWEEP);
    const stored = await objects();
    expect(stored).toHaveLength(1);
    const [key] = stored;
    const stat = await minio.statObject(bucket, key!);
    expect(stat.size).toBe(content.length);
    const records = await pending().find().toArray();
    expect(records.map((r) => r._id)).toEqual([key]);
    expect(records[0]?.keyPrefix).toBe('files');
    expect(await files().countDocuments()).toBe(0);

    // Younger than the age: left alone. A record of the same age plus an hour, for a key never
    // stored, shows when a sweep has run since the clock moved (no fixed sleep).
    const movedTo = await system.moveClock('documents', { advanceMs: HOUR_MS / 2 });
    const old = new Date(movedTo.getTime() - 2 * HOUR_MS);
    await pending().insertOne({ _id: 'files/never-stored', keyPrefix: 'files', startedAt: old, seenAt: old });
    await eventually(async () => {
      expect(await pending().countDocuments({ _id: 'files/never-stored' })).toBe(0);
    });
    expect(await objects()).toEqual([key]);
    expect(await pending().countDocuments({ _id: key })).toBe(1);

    await system.moveClock('documents', { advanceMs: HOUR_MS });
    await eventually(async () => {
      expect(await objects()).toEqual([]);
      expect(await pending().countDocuments()).toBe(0);
    });
    expect(await collect(minio.listIncompleteUploads(bucket, '', true))).toEqual([]);
    expect(system.log('documents')).toContain('Removed content an upload left uncommitted');
  });

  it('keeps content a file references even when its pending record was left behind', async () => {
    const uploaded = await upload('kept.txt', Buffer.from('committed before the crash'));
    expect(uploaded.status).toBe(201);
    const file = await files().findOne({ _id: uploaded.body.id });
    const storageKey = file!.storageKey;
    expect(await pending().countDocuments()).toBe(0);
    // As a crash between the commit and the settle leaves it.
    const long = new Date(Date.now() - 10 * HOUR_MS);
    await pending().insertOne({ _id: storageKey, keyPrefix: 'files', startedAt: long, seenAt: long });

    await system.moveClock('documents', { advanceMs: 2 * HOUR_MS });
    await eventually(async () => {
      expect(await pending().countDocuments()).toBe(0);
    });
    expect(await objects()).toEqual([storageKey]);
    const download = await ivan.get<string>(`/api/files/${uploaded.body.id}/content`);
    expect(download).toMatchObject({ status: 200, body: 'committed before the crash' });
  });
});
