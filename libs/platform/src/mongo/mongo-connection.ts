import type { Connection } from 'mongoose';
import mongoose from 'mongoose';
import type { HealthCheck } from '../health/health';
import { recordQueries } from './query-log';

/**
 * One mongoose connection per service, to the database the service owns. Indexes are built at boot
 * by each repository (`createIndexes`), not lazily, so a missing index fails the start, not a query.
 */
export async function connectMongo(
  url: string,
  db: string,
  queryLog?: { file: string; service: string },
): Promise<Connection> {
  const connection = mongoose.createConnection(url, {
    dbName: db,
    autoIndex: false,
    autoCreate: true,
    serverSelectionTimeoutMS: 10_000,
  });
  if (queryLog) {
    recordQueries(connection, queryLog.file, queryLog.service);
  }
  await connection.asPromise();
  return connection;
}

export class MongoHealthCheck implements HealthCheck {
  readonly name = 'mongo';
  constructor(private readonly connection: Connection) {}

  async check(): Promise<void> {
    const db = this.connection.db;
    if (!db) {
      throw new Error('not connected');
    }
    await db.command({ ping: 1 });
  }
}
