import * as Minio from 'minio';
import mongoose from 'mongoose';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { ErrorCode } from '@orbita/contracts';
import { MediumTest, sharedInfra } from '@orbita/testing';
import { AppModule } from '../app.module';
import { documentsConfigShape } from '../config';
import { AbandonedUploadSweep } from './abandoned-upload.sweep';
import { ContentStore } from './content-store';

const HOUR_MS = 3_600_000;
const pdf = (text: string): Buffer => Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`);

/**
 * The content store as versions and generated documents use it, against the real FerretDB and
 * MinIO: what is pending until settled, what discard and a refusal leave (nothing), and what the
 * sweep removes or keeps by the moved clock and the registered reference checks.
 */
describe('ContentStore (medium)', () => {
  let medium: MediumTest;
  let store: ContentStore;
  let sweep: AbandonedUploadSweep;
  let db: mongoose.Connection;
  let minio: Minio.Client;
  const bucket = `medium-content-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    const { endPoint, port, accessKey, secretKey } = sharedInfra().endpoints.minio;
    medium = await MediumTest.start({
      service: 'documents',
      configShape: documentsConfigShape,
      module: (config) => AppModule.register(config),
      env: {
        MINIO_ENDPOINT: endPoint,
        MINIO_PORT: String(port),
        MINIO_ACCESS_KEY: accessKey,
        MINIO_SECRET_KEY: secretKey,
        MINIO_BUCKET: bucket,
        MAX_UPLOAD_BYTES: String(1024 * 1024),
        // The test calls the sweep itself.
        UPLOAD_SWEEP_INTERVAL_MS: String(HOUR_MS),
      },
    });
    store = medium.get(ContentStore);
    sweep = medium.get(AbandonedUploadSweep);
    db = await mongoose
      .createConnection(sharedInfra().endpoints.mongoUrl, { dbName: medium.database })
      .asPromise();
    minio = new Minio.Client({ endPoint, port, accessKey, secretKey, useSSL: false });
  });

  afterAll(async () => {
    await db.close();
    await medium.stop();
  });

  const pending = () => db.collection<{ _id: string; keyPrefix: string }>('pending_uploads');
  const exists = (key: string): Promise<boolean> =>
    minio.statObject(bucket, key).then(
      () => true,
      () => false,
    );

  it('stores generated content under the prefix with its size, checksum and type, pending until settled', async () => {
    const content = pdf('Акт сверки');
    const stored = await store.storeBuffer(content, 'Акт сверки №5.pdf', 'renders');
    expect(stored).toEqual({
      storageKey: expect.stringMatching(/^renders\/[0-9A-Z]{26}$/),
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      mimeType: 'application/pdf',
      fileName: 'Акт сверки №5.pdf',
    });
    expect(await pending().findOne({ _id: stored.storageKey })).toMatchObject({ keyPrefix: 'renders' });
    await store.settle(stored.storageKey);
    expect(await pending().countDocuments({ _id: stored.storageKey })).toBe(0);
    expect(await exists(stored.storageKey)).toBe(true);
  });

  it('discards content whose metadata was not written: no object, no record', async () => {
    const stored = await store.storeBuffer(pdf('draft'), 'draft.pdf', 'versions');
    await store.discard(stored.storageKey);
    expect(await exists(stored.storageKey)).toBe(false);
    expect(await pending().countDocuments({ _id: stored.storageKey })).toBe(0);
  });

  it.each([
    ['a type not allowed', randomBytes(2000), ErrorCode.UnsupportedMediaType],
    ['a file over the limit', Buffer.concat([pdf('x'), randomBytes(1024 * 1024)]), ErrorCode.PayloadTooLarge],
    ['an empty file', Buffer.alloc(0), ErrorCode.ValidationFailed],
  ])('refuses %s, keeping neither object nor record', async (_label, content, code) => {
    const before = await pending().countDocuments();
    // Of unknown length, so the refusal comes while streaming, after the record was written.
    const source = { stream: Readable.from([content]), fileName: 'x.pdf', declaredLength: null };
    await expect(store.store(source, 'refused')).rejects.toMatchObject({ code });
    expect(await pending().countDocuments()).toBe(before);
    const objects = await new Promise<unknown[]>((resolve, reject) => {
      const found: unknown[] = [];
      minio
        .listObjectsV2(bucket, 'refused/', true)
        .on('data', (o) => found.push(o))
        .on('error', reject)
        .on('end', () => {
          resolve(found);
        });
    });
    expect(objects).toEqual([]);
  });

  it('sweeps content left pending once it is older than the age, unless a reference check claims it', async () => {
    const claimed = new Set<string>();
    store.registerReferences('claimed', (key) => Promise.resolve(claimed.has(key)));
    const abandoned = await store.storeBuffer(pdf('abandoned'), 'a.pdf', 'claimed');
    const committed = await store.storeBuffer(pdf('committed'), 'c.pdf', 'claimed');
    claimed.add(committed.storageKey);

    expect(await sweep.sweep()).toBe(0);
    expect(await pending().countDocuments({ keyPrefix: 'claimed' })).toBe(2);

    medium.clock.advance(HOUR_MS + 1_000);
    expect(await sweep.sweep()).toBe(1);
    expect(await exists(abandoned.storageKey)).toBe(false);
    expect(await exists(committed.storageKey)).toBe(true);
    expect(await pending().countDocuments({ keyPrefix: 'claimed' })).toBe(0);
  });
});
