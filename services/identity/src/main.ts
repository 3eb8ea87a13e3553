import 'reflect-metadata';
import { bootstrapService, describeConfig, loadConfig } from '@orbita/platform';
import { AppModule } from './app.module';
import { identityConfigShape } from './config';

async function main(): Promise<void> {
  const config = loadConfig(identityConfigShape);
  await bootstrapService({
    service: 'identity',
    module: AppModule.register(config),
    config,
    describeConfig: describeConfig(identityConfigShape, config),
  });
}

main().catch((err: unknown) => {
  process.stderr.write(
    `identity failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
