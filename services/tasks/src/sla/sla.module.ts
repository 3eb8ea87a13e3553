import { Module } from '@nestjs/common';
import { CalendarsModule } from '../calendars/calendars.module';
import { DirectoryModule } from '../directory/directory.module';
import { SlaService } from './sla.service';

/** Step SLAs in working time: due times, reminders' and escalations' times, escalation recipients. */
@Module({
  imports: [CalendarsModule, DirectoryModule],
  providers: [SlaService],
  exports: [SlaService],
})
export class SlaModule {}
