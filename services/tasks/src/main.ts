import 'reflect-metadata';
import { runService } from '@orbita/platform';
import { AppModule } from './app.module';
import { tasksConfigShape } from './config';

runService({
  service: 'tasks',
  configShape: tasksConfigShape,
  module: (config) => AppModule.register(config),
});
