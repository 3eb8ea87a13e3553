import { Module } from '@nestjs/common';
import { CalendarsModule } from '../calendars/calendars.module';
import { DirectoryModule } from '../directory/directory.module';
import { ReportLedger } from './report-ledger';
import { ReportProjector } from './report-projector';
import { ReportFactRepository, ReportRowRepository } from './report.repository';

/**
 * The report read models' write side (ADR 023): the projector the process events handler feeds,
 * the ledger that counts each fact once, and their stores. Imported by the instances module.
 */
@Module({
  imports: [CalendarsModule, DirectoryModule],
  providers: [ReportProjector, ReportLedger, ReportFactRepository, ReportRowRepository],
  exports: [ReportProjector, ReportRowRepository],
})
export class ReportFactsModule {}
