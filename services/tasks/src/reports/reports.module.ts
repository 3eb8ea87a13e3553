import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { InstancesModule } from '../instances/instances.module';
import { ReportFactsModule } from './report-facts.module';
import { ReportsNatsController } from './reports.nats.controller';
import { ReportsService } from './reports.service';

/** Delay attribution of a request and the company's SLA and operations reports (ADR 023). */
@Module({
  imports: [InstancesModule, ReportFactsModule, DirectoryModule],
  controllers: [ReportsNatsController],
  providers: [ReportsService],
})
export class ReportsModule {}
