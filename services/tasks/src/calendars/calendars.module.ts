import { Module } from '@nestjs/common';
import { CalendarRepository } from './calendar.repository';
import { CalendarsNatsController } from './calendars.nats.controller';
import { CalendarsService } from './calendars.service';

/**
 * Working calendars as data (ADR 020). CalendarsService is exported for the SLA code, which asks
 * it in-process for the calendar of an assignee's unit (calendarFor).
 */
@Module({
  controllers: [CalendarsNatsController],
  providers: [CalendarsService, CalendarRepository],
  exports: [CalendarsService],
})
export class CalendarsModule {}
