import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEMO_PASSWORD } from '@orbita/demo';
import { NestPinoLogger, createRootLogger, loadConfig } from '@orbita/platform';
import type { IdentityConfig } from '../config';
import { identityConfigShape } from '../config';
import { identityImports } from '../identity.imports';
import { seedDemoData } from './demo-seeder';

/** Also loads the restaurant chain of S2 (4 full seats, 130 portal seats: the demo licence has room). */
const RESTAURANT_CHAIN_FLAG = '--restaurant-chain';

/**
 * Loads the demo data into identity's database (idempotent) and prints the demo logins as JSON.
 * Run by the README's run command and by tests; usable alone:
 * `node services/identity/dist/seed/seed-demo.js`. Demo users take seats of the demo licence.
 * The logins go to stdout, logs to stderr. With `--restaurant-chain` it loads the restaurant chain
 * too (S2): 4 more full seats and 130 portal seats, within the demo licence; `npm start` loads it.
 */
async function seed(config: IdentityConfig): Promise<void> {
  @Module({ imports: identityImports(config, 'seed') })
  class SeedModule {}

  const app = await NestFactory.createApplicationContext(SeedModule, {
    logger: new NestPinoLogger(createRootLogger('identity-seed', config.LOG_LEVEL, 2)),
  });
  try {
    const logins = await seedDemoData(app, {
      restaurantChain: process.argv.includes(RESTAURANT_CHAIN_FLAG),
    });
    process.stdout.write(`${JSON.stringify({ password: DEMO_PASSWORD, users: logins })}\n`);
  } finally {
    await app.close();
  }
}

seed(loadConfig(identityConfigShape)).catch((err: unknown) => {
  new Logger('Seed').error(err instanceof Error ? err : String(err));
  process.stderr.write(
    `Seeding demo data failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
