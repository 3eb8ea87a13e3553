import 'reflect-metadata';
import { runService } from '@orbita/platform';
import { AppModule } from './app.module';
import { documentsConfigShape } from './config';

runService({
  service: 'documents',
  configShape: documentsConfigShape,
  module: (config) => AppModule.register(config),
  configure: (app) => {
    // Upload bodies are streamed to object storage by the files controller, never parsed or
    // buffered. JSON keeps the platform's parser: the test-mode clock (POST /test/clock) takes it.
    const fastify = app.getHttpAdapter().getInstance();
    fastify.addContentTypeParser('*', (_request, _payload, done) => {
      done(null);
    });
  },
});
