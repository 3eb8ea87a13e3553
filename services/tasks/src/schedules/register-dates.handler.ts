import { Injectable } from '@nestjs/common';
import type { EventData, EventEnvelope } from '@orbita/contracts';
import { RegistersEvents } from '@orbita/contracts';
import { OnEvent } from '@orbita/platform';
import { RegionProjector } from '../reports/region-projector';
import { SchedulesService } from './schedules.service';

type RecordChanged = EventEnvelope<EventData<typeof RegistersEvents.recordChanged>>;

/**
 * Register records created or changed: the register-date schedules on a written date field set the
 * record's occurrence (idempotent: the timer's id is the schedule's, the record's and the date's),
 * and the per-region report counts the record (ADR 024; idempotent: a fact per revision it starts
 * from). The platform takes one handler per subject per service, so both live here.
 */
@Injectable()
export class RegisterDatesHandler {
  constructor(
    private readonly schedules: SchedulesService,
    private readonly regions: RegionProjector,
  ) {}

  @OnEvent(RegistersEvents.recordChanged)
  async onRecordChanged(event: RecordChanged): Promise<void> {
    const { registerKey, recordId, changedFields } = event.data;
    await this.schedules.recordChanged(registerKey, recordId, changedFields);
    await this.regions.recordChanged(registerKey, recordId);
  }
}
