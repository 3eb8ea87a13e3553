import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { PlatformModule, platformOptionsFrom } from '@orbita/platform';
import type { TasksConfig } from './config';
import { RegistersModule } from './registers/registers.module';
import { TasksModule } from './tasks/tasks.module';

@Module({})
export class AppModule {
  static register(config: TasksConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService(platformOptionsFrom('tasks', config)),
        TasksModule,
        RegistersModule,
      ],
    };
  }
}
