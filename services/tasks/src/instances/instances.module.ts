import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { ChangeHints } from '../feeds/change-hints';
import { FeedRepository } from '../feeds/feed.repository';
import { FeedsService } from '../feeds/feeds.service';
import { RegistersModule } from '../registers/registers.module';
import { ReportFactsModule } from '../reports/report-facts.module';
import { SlaModule } from '../sla/sla.module';
import { TasksModule } from '../tasks/tasks.module';
import { TemplatesModule } from '../templates/templates.module';
import { TimersModule } from '../timers/timers.module';
import { AcknowledgementsService } from './acknowledgements.service';
import { AssigneeResolver } from './assignees';
import { Engine } from './engine';
import { CounterRepository, InstanceRepository } from './instance.repository';
import { InstancesNatsController } from './instances.nats.controller';
import { InstancesService } from './instances.service';
import { ProcessEventsHandler } from './process-events.handler';
import { StepTimers } from './step-timers';
import { WorkItems } from './work-items';

/** The process engine: instances, their step runs and work items, and each request's feed. */
@Module({
  imports: [
    DirectoryModule,
    TasksModule,
    TemplatesModule,
    RegistersModule,
    SlaModule,
    TimersModule,
    ReportFactsModule,
  ],
  controllers: [InstancesNatsController],
  providers: [
    InstanceRepository,
    CounterRepository,
    InstancesService,
    Engine,
    AssigneeResolver,
    WorkItems,
    ProcessEventsHandler,
    AcknowledgementsService,
    StepTimers,
    FeedRepository,
    FeedsService,
    ChangeHints,
  ],
  exports: [InstancesService, InstanceRepository],
})
export class InstancesModule {}
