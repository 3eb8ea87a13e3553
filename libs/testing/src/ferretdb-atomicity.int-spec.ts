import mongoose from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import { outboxOnUpdate } from '@orbita/platform';
import { sharedInfra } from './shared-infra';

/**
 * The platform relies on single-document atomicity (ADR 002). FerretDB 1.24 loses concurrent
 * updates of one document unless built with our patch (ADR 003); this proves the database the
 * tests run on does not.
 */
describe('single-document atomicity of the test database', () => {
  let connection: mongoose.Connection;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(sharedInfra().endpoints.mongoUrl, { dbName: `atomicity_${process.pid}` })
      .asPromise();
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('applies every one of many concurrent updates of one document', async () => {
    const col = connection.collection<{ _id: string; n: number }>('counters');
    await col.insertOne({ _id: 'c', n: 0 });
    await Promise.all(Array.from({ length: 50 }, () => col.updateOne({ _id: 'c' }, { $inc: { n: 1 } })));
    expect((await col.findOne({ _id: 'c' }))?.n).toBe(50);
  });

  it('lets only one of many racing conditional updates win', async () => {
    const col = connection.collection<{ _id: string; v: number }>('versions');
    await col.insertOne({ _id: 'v', v: 0 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => col.updateOne({ _id: 'v', v: 0 }, { $inc: { v: 1 } })),
    );
    expect(results.filter((r) => r.modifiedCount === 1)).toHaveLength(1);
    expect((await col.findOne({ _id: 'v' }))?.v).toBe(1);
  });

  it('keeps an event appended while the relay removes published ones', async () => {
    const col = connection.collection<{ _id: string; outbox: string[]; state: number }>('outboxes');
    const event = (id: string) => ({ id, occurredAt: new Date().toISOString() }) as unknown as EventEnvelope;
    for (let round = 0; round < 20; round++) {
      const id = `d${round}`;
      const published = JSON.stringify(event(`${id}-1`));
      await col.insertOne({ _id: id, outbox: [published], state: 0 });
      const write = outboxOnUpdate([event(`${id}-2`)]);
      await Promise.all([
        col.updateOne({ _id: id }, { ...write, $set: { state: 1 } }),
        col.updateOne({ _id: id }, { $pullAll: { outbox: [published] } }),
      ]);
      const doc = await col.findOne({ _id: id });
      expect(doc?.state).toBe(1);
      expect(doc?.outbox.map((raw) => (JSON.parse(raw) as { id: string }).id)).toEqual([`${id}-2`]);
    }
  });
});
