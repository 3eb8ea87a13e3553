import type { OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CreateScheduleInput } from '@orbita/contracts';
import { CreateScheduleInputSchema, ErrorCode } from '@orbita/contracts';
import type { Clock } from '@orbita/platform';
import { AppError, CLOCK } from '@orbita/platform';
import { DEMO_COMPANY_ID, DEMO_RADUGA_ID, DEMO_SEVER_ID, demoSchedules, demoUser } from '@orbita/demo';
import type { TasksConfig } from '../config';
import { TASKS_CONFIG } from '../config.token';
import { OrgDirectory } from '../directory/org-directory';
import { RegistersService } from '../registers/registers.service';
import { SchedulesService } from './schedules.service';

/** Fixed ids, so that a second start (or a restart) finds what the first one made. */
export const DEMO_INVOICING_SCHEDULE_ID = '01JDEMSCHED000000000000001';
export const DEMO_RENEWAL_SCHEDULE_ID = '01JDEMSCHED000000000000002';

const INVOICING: CreateScheduleInput = CreateScheduleInputSchema.parse(demoSchedules.invoicing);
const RENEWALS: CreateScheduleInput = CreateScheduleInputSchema.parse(demoSchedules.renewals);

const DAY_MS = 24 * 60 * 60 * 1000;
const LOAD_ATTEMPTS = 20;
const RETRY_MS = 3_000;

/**
 * The demo's schedules (DEMO_SCHEDULES, set by `npm start`): S1.6 and S1.8, and the contracts they
 * act on — Raduga Mall's active one, ending 45 days after the first start (so its renewal comes
 * in 15 days), and Hotel Sever's ended one (so Sever is not an active client). Each is made once.
 */
@Injectable()
export class DemoSchedulesLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSchedulesLoader.name);

  constructor(
    private readonly schedules: SchedulesService,
    private readonly registers: RegistersService,
    private readonly orgs: OrgDirectory,
    @Inject(TASKS_CONFIG) private readonly config: TasksConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.DEMO_SCHEDULES) {
      // Not awaited: identity (which knows the demo orgs) may still be starting beside us.
      void this.loadSoon(LOAD_ATTEMPTS);
    }
  }

  private async loadSoon(attempts: number): Promise<void> {
    try {
      await this.load();
    } catch (err) {
      if (attempts <= 1) {
        this.logger.error({ err, msg: 'The demo schedules could not be loaded' });
        return;
      }
      this.logger.warn({ err, msg: 'The demo schedules will be loaded again in a moment' });
      setTimeout(() => void this.loadSoon(attempts - 1), RETRY_MS).unref();
    }
  }

  private async load(): Promise<void> {
    const today = this.clock.now().getTime();
    await this.contract(DEMO_RADUGA_ID, {
      number: 'Д-12/2026',
      title: 'Договор на вывоз отходов Д-12/2026',
      startDate: '2026-01-15',
      endDate: new Date(today + 45 * DAY_MS).toISOString().slice(0, 10),
      status: 'active',
    });
    await this.contract(DEMO_SEVER_ID, {
      number: 'С-3/2025',
      title: 'Договор на вывоз отходов С-3/2025',
      startDate: '2025-07-01',
      endDate: '2026-06-30',
      status: 'ended',
    });
    const made = [
      await this.schedules.ensureDemo(
        DEMO_INVOICING_SCHEDULE_ID,
        DEMO_COMPANY_ID,
        demoUser.admin.id,
        INVOICING,
      ),
      await this.schedules.ensureDemo(DEMO_RENEWAL_SCHEDULE_ID, DEMO_COMPANY_ID, demoUser.admin.id, RENEWALS),
    ];
    this.logger.log({ msg: 'demo schedules checked', made: made.filter(Boolean).length });
  }

  /** A demo contract, written once (keyed by its number, the register's natural key). */
  private async contract(orgId: string, data: Record<string, unknown>): Promise<void> {
    const org = await this.orgs.org(orgId);
    if (!org) {
      throw new Error(`The demo org ${orgId} is not known to identity: load the demo data first`);
    }
    const written = this.registers.applyFromProcess({
      register: 'contracts',
      action: 'create',
      owner: { orgId: org.id, orgPath: org.path },
      data,
      actorId: demoUser.ivan.id,
      instanceId: 'demo-data',
      stepId: 'contracts',
      idempotencyKey: `demo:contract:${String(data['number'])}`,
    });
    await written.catch((err: unknown) => {
      // Someone entered a contract of that number by hand: theirs stands.
      if (!(err instanceof AppError && err.code === ErrorCode.Conflict)) {
        throw err;
      }
    });
  }
}
