import { Module } from '@nestjs/common';
import { CalendarsModule } from '../calendars/calendars.module';
import { DirectoryModule } from '../directory/directory.module';
import { InstancesModule } from '../instances/instances.module';
import { RegistersModule } from '../registers/registers.module';
import { ReportFactsModule } from '../reports/report-facts.module';
import { TemplatesModule } from '../templates/templates.module';
import { TimersModule } from '../timers/timers.module';
import { DemoSchedulesLoader } from './demo-schedules.loader';
import { RegisterDatesHandler } from './register-dates.handler';
import { ScheduleRepository } from './schedule.repository';
import { SchedulesNatsController } from './schedules.nats.controller';
import { SchedulesService } from './schedules.service';

/** Schedules (ADR 022): processes started on a calendar rule or relative to register dates, on durable timers. */
@Module({
  imports: [
    CalendarsModule,
    DirectoryModule,
    InstancesModule,
    RegistersModule,
    ReportFactsModule,
    TemplatesModule,
    TimersModule,
  ],
  controllers: [SchedulesNatsController],
  providers: [ScheduleRepository, SchedulesService, RegisterDatesHandler, DemoSchedulesLoader],
})
export class SchedulesModule {}
