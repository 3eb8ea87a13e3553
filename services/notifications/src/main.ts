import 'reflect-metadata';
import { runService } from '@orbita/platform';
import { AppModule } from './app.module';
import { notificationsConfigShape } from './config';

runService({
  service: 'notifications',
  configShape: notificationsConfigShape,
  module: (config) => AppModule.register(config),
});
