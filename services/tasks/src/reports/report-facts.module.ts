import { Module } from '@nestjs/common';
import { CalendarsModule } from '../calendars/calendars.module';
import { DirectoryModule } from '../directory/directory.module';
import { RegistersModule } from '../registers/registers.module';
import { RegionProjector } from './region-projector';
import { ReportLedger } from './report-ledger';
import { ReportProjector } from './report-projector';
import { ReportContributionRepository, ReportFactRepository, ReportRowRepository } from './report.repository';

/**
 * The report read models' write side (ADR 023, 024): the projectors the process and register
 * events handlers feed, the ledger that counts each fact once, and their stores. Imported by the
 * instances and schedules modules.
 */
@Module({
  imports: [CalendarsModule, DirectoryModule, RegistersModule],
  providers: [
    ReportProjector,
    RegionProjector,
    ReportLedger,
    ReportFactRepository,
    ReportRowRepository,
    ReportContributionRepository,
  ],
  exports: [ReportProjector, RegionProjector, ReportRowRepository],
})
export class ReportFactsModule {}
