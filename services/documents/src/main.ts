import 'reflect-metadata';
import { bootstrapService, describeConfig, loadConfig } from '@orbita/platform';
import { AppModule } from './app.module';
import { documentsConfigShape } from './config';

async function main(): Promise<void> {
  const config = loadConfig(documentsConfigShape);
  await bootstrapService({
    service: 'documents',
    module: AppModule.register(config),
    config,
    describeConfig: describeConfig(documentsConfigShape, config),
    configure: (app) => {
      // Upload bodies are streamed to object storage by the files controller, never parsed or buffered.
      const fastify = app.getHttpAdapter().getInstance();
      fastify.removeAllContentTypeParsers();
      fastify.addContentTypeParser('*', (_request, _payload, done) => {
        done(null);
      });
    },
  });
}

main().catch((err: unknown) => {
  process.stderr.write(
    `documents failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
