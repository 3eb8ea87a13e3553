import 'reflect-metadata';
import { bootstrapService, describeConfig, loadConfig } from '@orbita/platform';
import { AppModule } from './app.module';
import { tasksConfigShape } from './config';

async function main(): Promise<void> {
  const config = loadConfig(tasksConfigShape);
  await bootstrapService({
    service: 'tasks',
    module: AppModule.register(config),
    config,
    describeConfig: describeConfig(tasksConfigShape, config),
  });
}

main().catch((err: unknown) => {
  process.stderr.write(
    `tasks failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
