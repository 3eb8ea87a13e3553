import { Injectable } from '@nestjs/common';
import type { EventData, EventEnvelope } from '@orbita/contracts';
import { RegistersEvents } from '@orbita/contracts';
import { OnEvent } from '@orbita/platform';
import { SchedulesService } from './schedules.service';

type RecordChanged = EventEnvelope<EventData<typeof RegistersEvents.recordChanged>>;

/**
 * Register records created or changed: the register-date schedules on a written date field set the
 * record's occurrence (idempotent: the timer's id is the schedule's, the record's and the date's).
 */
@Injectable()
export class RegisterDatesHandler {
  constructor(private readonly schedules: SchedulesService) {}

  @OnEvent(RegistersEvents.recordChanged)
  async onRecordChanged(event: RecordChanged): Promise<void> {
    const { registerKey, recordId, changedFields } = event.data;
    await this.schedules.recordChanged(registerKey, recordId, changedFields);
  }
}
