import 'reflect-metadata';
import { bootstrapService, describeConfig, loadConfig } from '@orbita/platform';
import { AppModule } from './app.module';
import { notificationsConfigShape } from './config';

async function main(): Promise<void> {
  const config = loadConfig(notificationsConfigShape);
  await bootstrapService({
    service: 'notifications',
    module: AppModule.register(config),
    config,
    describeConfig: describeConfig(notificationsConfigShape, config),
  });
}

main().catch((err: unknown) => {
  process.stderr.write(
    `notifications failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
