import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { PlatformModule, ServiceConfigModule, platformOptionsFrom } from '@orbita/platform';
import { CalendarsModule } from './calendars/calendars.module';
import { ClientsModule } from './clients/clients.module';
import type { TasksConfig } from './config';
import { TASKS_CONFIG } from './config.token';
import { InstancesModule } from './instances/instances.module';
import { RegistersModule } from './registers/registers.module';
import { SchedulesModule } from './schedules/schedules.module';
import { ReportsModule } from './reports/reports.module';
import { TasksModule } from './tasks/tasks.module';
import { TemplatesModule } from './templates/templates.module';

@Module({})
export class AppModule {
  static register(config: TasksConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService(platformOptionsFrom('tasks', config)),
        ServiceConfigModule.provide(TASKS_CONFIG, config),
        TasksModule,
        TemplatesModule,
        InstancesModule,
        RegistersModule,
        ClientsModule,
        CalendarsModule,
        SchedulesModule,
        ReportsModule,
      ],
    };
  }
}
