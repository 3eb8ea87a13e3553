import 'reflect-metadata';
import { runService } from '@orbita/platform';
import { AppModule } from './app.module';
import { identityConfigShape } from './config';

runService({
  service: 'identity',
  configShape: identityConfigShape,
  module: (config) => AppModule.register(config),
});
