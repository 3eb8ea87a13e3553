import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  CreateScheduleInput,
  LocalisedText,
  Principal,
  RegisterDateRule,
  ScheduleLastRun,
  ScheduleList,
  ScheduleView,
} from '@orbita/contracts';
import { ErrorCode, Permission } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import { AppError, CLOCK, ID_GENERATOR, requirePermission, scopeOf, systemScope } from '@orbita/platform';
import { CalendarsService } from '../calendars/calendars.service';
import { DirectoryService } from '../directory/directory.service';
import { PeopleDirectory } from '../directory/people';
import type { ExpressionContext } from '../instances/expressions';
import { evaluateMapping } from '../instances/expressions';
import { InstancesService } from '../instances/instances.service';
import { RegisterDefinitionsService } from '../registers/register-definitions.service';
import type { RegisterRecordDocument } from '../registers/register-record.schema';
import { RegistersService } from '../registers/registers.service';
import { TemplateCatalogue } from '../templates/template-catalogue';
import { TimerHandlers } from '../timers/timer-handlers';
import { TimerRepository } from '../timers/timer.repository';
import type { TimerDocument } from '../timers/timer.schema';
import {
  isCalendarDate,
  isoDay,
  localDayOf,
  monthOf,
  nextOccurrence,
  registerDateOccurrence,
  sameDayNextYear,
} from './occurrences';
import type { Occurrence } from './occurrences';
import { SCHEDULES_PER_ORG, ScheduleRepository } from './schedule.repository';
import type { ScheduleDocument } from './schedule.schema';

/** The timer kind of schedules' occurrences. */
export const SCHEDULE_TIMER_KIND = 'schedule';

const SCHEDULES = systemScope('a schedule fires on the service’s own account, as its starter');

/** The register whose active contracts make a client active (the shipped definition's key). */
const CONTRACTS_REGISTER = 'contracts';
/** The most records one scan reads (a register-date schedule made or resumed; the active clients of a day). */
const RECORDS_PER_SCAN = 5_000;
/** Errors of a dependency that is down or slow: the occurrence is tried again, not recorded as failed. */
const DEPENDENCY_AWAY = new Set<string>([ErrorCode.ServiceUnavailable, ErrorCode.UpstreamTimeout]);
/** The most failures a last run keeps. */
const FAILURES_KEPT = 20;

interface Target {
  /** The target's part of the occurrence's key: `once`, a client org's id or a record's id. */
  key: string;
  context: Record<string, unknown>;
}

function bad(reason: LocalisedText): AppError {
  return AppError.validation(reason);
}

function calendarTimerId(scheduleId: string, period: string): string {
  return `schedule:${scheduleId}:${period}`;
}

function recordTimerId(scheduleId: string, recordId: string, date: string): string {
  return `schedule:${scheduleId}:${recordId}:${date}`;
}

function isRegisterRule(rule: ScheduleDocument['rule']): rule is RegisterDateRule {
  return rule.kind === 'registerDate';
}

/**
 * Schedules (ADR 022): processes that start themselves. A calendar rule keeps one pending timer,
 * its next occurrence; firing starts the period's instances and sets the next one after now (a
 * late timer starts its period once, never the months missed). A register-date rule keeps a timer
 * per record and date value, set when the schedule is made or resumed (a scan of the register's
 * date index) and when a record's date field is written. Every start is keyed by the schedule,
 * the period and the target, so no firing, redelivery or restart starts one twice.
 */
@Injectable()
export class SchedulesService implements OnModuleInit {
  private readonly logger = new Logger(SchedulesService.name);

  constructor(
    private readonly schedules: ScheduleRepository,
    private readonly timers: TimerRepository,
    private readonly handlers: TimerHandlers,
    private readonly instances: InstancesService,
    private readonly catalogue: TemplateCatalogue,
    private readonly directory: DirectoryService,
    private readonly people: PeopleDirectory,
    private readonly calendars: CalendarsService,
    private readonly registers: RegistersService,
    private readonly definitions: RegisterDefinitionsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  onModuleInit(): void {
    this.handlers.register(SCHEDULE_TIMER_KIND, (timer) => this.fire(timer));
  }

  async list(principal: Principal): Promise<ScheduleList> {
    const company = requireAdmin(principal);
    const zone = await this.zoneOf(company);
    const docs = await this.schedules.ofOrg(scopeOf(principal, Permission.ProcessManage), company);
    return { items: docs.map((doc) => toView(doc, zone)) };
  }

  async create(principal: Principal, input: CreateScheduleInput): Promise<ScheduleView> {
    const company = requireAdmin(principal);
    await this.validate(company, input);
    if ((await this.schedules.countOfOrg(SCHEDULES, company)) >= SCHEDULES_PER_ORG) {
      throw bad({
        en: `the company has ${SCHEDULES_PER_ORG} schedules, the most it may; delete one first`,
        ru: `у компании уже ${SCHEDULES_PER_ORG} расписаний, больше нельзя; сначала удалите одно`,
      });
    }
    const zone = await this.zoneOf(company);
    const doc = this.newSchedule(this.ids.newId(), company, principal.userId, input, zone);
    await this.schedules.add(doc);
    await this.arm(doc, zone, doc.createdAt, true);
    return toView(doc, zone);
  }

  /**
   * A schedule of the demo data (DEMO_SCHEDULES), by its fixed id: made once, validated as an
   * admin's would be; a start after that (or after an admin deleted it) leaves things as they are.
   */
  async ensureDemo(
    id: string,
    company: string,
    createdBy: string,
    input: CreateScheduleInput,
  ): Promise<boolean> {
    if (await this.schedules.findAnyOrg(SCHEDULES, id)) {
      return false;
    }
    await this.validate(company, input);
    const zone = await this.zoneOf(company);
    const doc = this.newSchedule(id, company, createdBy, input, zone);
    if (!(await this.schedules.addOnce(doc))) {
      return false;
    }
    await this.arm(doc, zone, doc.createdAt, true);
    return true;
  }

  private newSchedule(
    id: string,
    company: string,
    createdBy: string,
    input: CreateScheduleInput,
    zone: string,
  ): ScheduleDocument {
    const now = this.clock.now();
    const next = isRegisterRule(input.rule) ? null : nextOccurrence(input.rule, zone, now);
    return {
      _id: id,
      orgId: company,
      name: input.name,
      templateKey: input.templateKey,
      starterId: input.starterId,
      form: input.form,
      rule: input.rule,
      targets: input.targets,
      registerKey: isRegisterRule(input.rule) ? input.rule.register : null,
      status: 'active',
      activeSince: now,
      nextPeriod: next?.period ?? null,
      nextRunAt: next?.at ?? null,
      lastRun: null,
      revision: 1,
      createdBy,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** A paused schedule fires nothing: its pending occurrence is cancelled, and any that fires finds it paused. */
  async pause(principal: Principal, scheduleId: string): Promise<ScheduleView> {
    const company = requireAdmin(principal);
    const doc = await this.require(principal, company, scheduleId);
    if (doc.status === 'paused') {
      return toView(doc, await this.zoneOf(company));
    }
    const now = this.clock.now();
    const changed = await this.schedules.change(SCHEDULES, company, doc._id, doc.revision, {
      $set: { status: 'paused', nextPeriod: null, nextRunAt: null, updatedAt: now },
      $inc: { revision: 1 },
    });
    if (!changed) {
      throw movedMeanwhile();
    }
    if (doc.nextPeriod) {
      await this.timers.cancel([calendarTimerId(doc._id, doc.nextPeriod)], now);
    }
    return toView(await this.require(principal, company, scheduleId), await this.zoneOf(company));
  }

  /** Resumed, a schedule goes on from now: the next future occurrence, none of those it missed. */
  async resume(principal: Principal, scheduleId: string): Promise<ScheduleView> {
    const company = requireAdmin(principal);
    const doc = await this.require(principal, company, scheduleId);
    const zone = await this.zoneOf(company);
    if (doc.status === 'active') {
      return toView(doc, zone);
    }
    const now = this.clock.now();
    const next = isRegisterRule(doc.rule) ? null : nextOccurrence(doc.rule, zone, now);
    const changed = await this.schedules.change(SCHEDULES, company, doc._id, doc.revision, {
      $set: {
        status: 'active',
        activeSince: now,
        nextPeriod: next?.period ?? null,
        nextRunAt: next?.at ?? null,
        updatedAt: now,
      },
      $inc: { revision: 1 },
    });
    if (!changed) {
      throw movedMeanwhile();
    }
    const resumed = await this.require(principal, company, scheduleId);
    await this.arm(resumed, zone, now, false);
    return toView(resumed, zone);
  }

  async remove(principal: Principal, scheduleId: string): Promise<{ deleted: true }> {
    const company = requireAdmin(principal);
    const doc = await this.require(principal, company, scheduleId);
    await this.schedules.remove(SCHEDULES, company, doc._id);
    // Register-date timers are left: each fires once, finds no schedule and does nothing.
    if (doc.nextPeriod) {
      await this.timers.cancel([calendarTimerId(doc._id, doc.nextPeriod)], this.clock.now());
    }
    return { deleted: true };
  }

  /** A register record was created or changed: its dates may need occurrences of the schedules on them. */
  async recordChanged(
    registerKey: string,
    recordId: string,
    changedFields: readonly string[],
  ): Promise<void> {
    const schedules = (await this.schedules.activeOnRegister(SCHEDULES, registerKey)).filter(
      (s) => isRegisterRule(s.rule) && changedFields.includes(s.rule.field),
    );
    if (schedules.length === 0) {
      return;
    }
    const record = await this.registers.recordById(recordId);
    if (!record) {
      return;
    }
    const now = this.clock.now();
    for (const schedule of schedules) {
      if (record.orgPath[0] === schedule.orgId) {
        await this.planRecord(schedule, record, await this.zoneOf(schedule.orgId), now, true);
      }
    }
  }

  /**
   * Sets the timers of an active schedule: its next calendar occurrence, or its records' dates
   * (`catchUp`: also those whose occurrence has passed but whose date has not, as on creation;
   * not on resuming, which goes on from now).
   */
  private async arm(doc: ScheduleDocument, zone: string, now: Date, catchUp: boolean): Promise<void> {
    if (!isRegisterRule(doc.rule)) {
      if (doc.nextPeriod && doc.nextRunAt) {
        await this.timers.scheduleOrRearm(
          calendarTimerId(doc._id, doc.nextPeriod),
          SCHEDULE_TIMER_KIND,
          { scheduleId: doc._id, period: doc.nextPeriod },
          doc.nextRunAt,
          now,
        );
      }
      return;
    }
    const rule = doc.rule;
    const today = localDayOf(now, zone);
    // Dates whose occurrence may still be ahead: from today on (before), or from `days` ago (after).
    const from = isoDay(rule.direction === 'before' ? today : today - rule.days * 86_400_000);
    const records = await this.registers.recordsWithDateFrom(
      rule.register,
      rule.field,
      from,
      RECORDS_PER_SCAN,
    );
    if (records.length === RECORDS_PER_SCAN) {
      this.logger.warn({
        scheduleId: doc._id,
        msg: 'A register scan reached its limit; later dates wait for their records to change',
      });
    }
    for (const record of records) {
      if (record.orgPath[0] === doc.orgId) {
        await this.planRecord(doc, record, zone, now, catchUp);
      }
    }
  }

  /**
   * The occurrence of a record's date: at its time when that is ahead; at once when it has passed
   * but the date itself has not (a contract ending in ten days still gets its renewal) when
   * catching up; else none.
   */
  private async planRecord(
    schedule: ScheduleDocument,
    record: RegisterRecordDocument,
    zone: string,
    now: Date,
    catchUp: boolean,
  ): Promise<void> {
    const rule = schedule.rule as RegisterDateRule;
    const date = record.data[rule.field];
    if (!isCalendarDate(date)) {
      return;
    }
    const occurrence = registerDateOccurrence(rule, zone, date);
    let dueAt = occurrence.at;
    if (dueAt.getTime() <= now.getTime()) {
      if (!catchUp || rule.direction === 'after' || date < isoDay(localDayOf(now, zone))) {
        return;
      }
      dueAt = now;
    }
    await this.timers.schedule(
      recordTimerId(schedule._id, record._id, date),
      SCHEDULE_TIMER_KIND,
      { scheduleId: schedule._id, period: date, recordId: record._id },
      dueAt,
      now,
    );
  }

  /** A timer of a schedule fired: the occurrence's starts, once each, unless it no longer applies. */
  private async fire(timer: TimerDocument): Promise<void> {
    const { scheduleId, period, recordId } = timer.subject;
    if (!scheduleId || !period) {
      return;
    }
    const schedule = await this.schedules.findAnyOrg(SCHEDULES, scheduleId);
    // Deleted, paused, or due while it was paused (resuming does not catch up).
    if (!schedule || schedule.status !== 'active' || timer.scheduledFor < schedule.activeSince) {
      return;
    }
    const zone = await this.zoneOf(schedule.orgId);
    const at = timer.scheduledFor;
    const occurrence: Occurrence = { period, at, date: isoDay(localDayOf(at, zone)) };
    if (isRegisterRule(schedule.rule)) {
      if (recordId) {
        await this.fireRecord(schedule, schedule.rule, recordId, occurrence);
      }
      return;
    }
    if (schedule.nextPeriod !== period) {
      return;
    }
    const run = await this.startAll(schedule, occurrence, await this.calendarTargets(schedule, occurrence));
    // After now, not after the occurrence: a timer late by months starts its own period only.
    const now = this.clock.now();
    const next = nextOccurrence(schedule.rule, zone, new Date(Math.max(now.getTime(), at.getTime())));
    await this.timers.schedule(
      calendarTimerId(schedule._id, next.period),
      SCHEDULE_TIMER_KIND,
      { scheduleId: schedule._id, period: next.period },
      next.at,
      now,
    );
    await this.schedules.advance(SCHEDULES, schedule.orgId, schedule._id, period, {
      $set: { nextPeriod: next.period, nextRunAt: next.at, lastRun: run, updatedAt: now },
      $inc: { revision: 1 },
    });
  }

  private async fireRecord(
    schedule: ScheduleDocument,
    rule: RegisterDateRule,
    recordId: string,
    occurrence: Occurrence,
  ): Promise<void> {
    const record = await this.registers.recordById(recordId);
    // The record is gone, or its date moved (the new date has an occurrence of its own).
    if (record?.registerKey !== rule.register || record.data[rule.field] !== occurrence.period) {
      return;
    }
    if (record.orgPath[0] !== schedule.orgId) {
      return;
    }
    const target: Target = {
      key: record._id,
      context: {
        record: {
          id: record._id,
          orgId: record.orgId,
          title: record.title,
          data: record.data,
          date: occurrence.period,
          dateNextYear: sameDayNextYear(occurrence.period),
        },
      },
    };
    const run = await this.startAll(schedule, occurrence, [target]);
    const now = this.clock.now();
    await this.schedules.recordRun(SCHEDULES, schedule.orgId, schedule._id, {
      $set: { lastRun: run, updatedAt: now },
      $inc: { revision: 1 },
    });
  }

  /** One start per target, each idempotent by the occurrence's key; failures are kept, not thrown. */
  private async startAll(
    schedule: ScheduleDocument,
    occurrence: Occurrence,
    targets: Target[],
  ): Promise<ScheduleDocument['lastRun']> {
    let started = 0;
    const failures: ScheduleLastRun['failures'] = [];
    const base = {
      occurrence: {
        date: occurrence.date,
        period: occurrence.period,
        month: monthOf(occurrence.date),
        previousMonth: monthOf(occurrence.date, -1),
      },
    };
    const starter = await this.starterOf(schedule.orgId, schedule.starterId).catch((err: unknown) => {
      if (!(err instanceof AppError) || DEPENDENCY_AWAY.has(err.code)) {
        throw err;
      }
      failures.push({ target: 'starter', reason: reasonOf(err) });
      return null;
    });
    for (const target of targets) {
      if (!starter) {
        break;
      }
      let form: Record<string, unknown>;
      try {
        form = evaluateMapping(schedule.form, { ...base, ...target.context } as unknown as ExpressionContext);
      } catch (err) {
        failures.push({ target: target.key, reason: `form: ${reasonOf(err)}` });
        continue;
      }
      try {
        const { started: isNew } = await this.instances.startScheduled({
          templateKey: schedule.templateKey,
          starter,
          form,
          requestKey: `schedule:${schedule._id}:${occurrence.period}:${target.key}`,
        });
        started += isNew ? 1 : 0;
      } catch (err) {
        if (!(err instanceof AppError) || DEPENDENCY_AWAY.has(err.code)) {
          // Infrastructure trouble: the timer's lease runs out and the occurrence is tried again.
          throw err;
        }
        this.logger.warn({
          err,
          scheduleId: schedule._id,
          target: target.key,
          msg: 'A scheduled start failed',
        });
        failures.push({ target: target.key, reason: reasonOf(err) });
      }
    }
    return {
      period: occurrence.period,
      at: this.clock.now(),
      started,
      failures: failures.slice(0, FAILURES_KEPT),
      outcome: failures.length > 0 ? 'failed' : started > 0 ? 'started' : 'nothing',
    };
  }

  /** Once, or one per active client on the occurrence's day. */
  private async calendarTargets(schedule: ScheduleDocument, occurrence: Occurrence): Promise<Target[]> {
    if (schedule.targets === 'once') {
      return [{ key: 'once', context: {} }];
    }
    const clients = await this.activeClients(schedule.orgId, occurrence.date);
    return clients.map((client) => ({ key: client.orgId, context: { client } }));
  }

  /**
   * The company's active clients on a day: external client orgs with a contract in the contracts
   * register that is `active` and runs on the day (started by then, ending on it or later).
   */
  private async activeClients(company: string, date: string): Promise<{ orgId: string; name: string }[]> {
    const contracts = await this.registers.recordsWithDateFrom(
      CONTRACTS_REGISTER,
      'endDate',
      date,
      RECORDS_PER_SCAN,
    );
    const orgIds = new Set<string>();
    for (const contract of contracts) {
      const start = contract.data['startDate'];
      if (
        contract.orgPath[0] === company &&
        contract.data['status'] === 'active' &&
        (typeof start !== 'string' || start <= date)
      ) {
        orgIds.add(contract.orgId);
      }
    }
    const clients: { orgId: string; name: string }[] = [];
    for (const orgId of [...orgIds].sort()) {
      const org = await this.people.org(orgId);
      if (org?.external && org.kind === 'client') {
        clients.push({ orgId: org.id, name: org.name });
      }
    }
    return clients;
  }

  /**
   * The starter as the engine needs a requester: an active staff member of the company with a full
   * seat. Their roles are their role ids (templates name starters' roles by id); no grants, for
   * starting is decided by the template's starters, and reading by the instance's own rules.
   */
  private async starterOf(company: string, starterId: string): Promise<Principal> {
    const user = await this.directory.user(starterId);
    if (
      !user ||
      user.status !== 'active' ||
      user.external ||
      user.seat !== 'full' ||
      user.orgPath[0] !== company
    ) {
      throw bad({
        en: 'starterId: no active staff member of the company with a full seat has this id',
        ru: 'starterId: активного сотрудника компании с полным местом с таким id нет',
      });
    }
    return {
      userId: user._id,
      orgId: user.orgId,
      orgPath: user.orgPath,
      roles: [...new Set(user.roleAssignments.map((a) => a.roleId))],
      grants: [],
      seat: user.seat,
      external: false,
    };
  }

  /** What a new schedule names must exist now: the template, the starter, the register's date field. */
  private async validate(company: string, input: CreateScheduleInput): Promise<void> {
    const template = await this.catalogue.published(input.templateKey);
    if (!template) {
      throw bad({
        en: `templateKey: no process template "${input.templateKey}" is published`,
        ru: `templateKey: опубликованного шаблона процесса «${input.templateKey}» нет`,
      });
    }
    const starter = await this.starterOf(company, input.starterId);
    await this.catalogue.forStart(starter, input.templateKey).catch((err: unknown) => {
      if (err instanceof AppError && err.code === ErrorCode.NotFound) {
        throw bad({
          en: `starterId: the template "${input.templateKey}" may not be started by this person (its starters)`,
          ru: `starterId: этот сотрудник не может запускать шаблон «${input.templateKey}» (его «starters»)`,
        });
      }
      throw err;
    });
    checkFormFields(input.form, template.definition.startForm.schema);
    if (isRegisterRule(input.rule)) {
      if (input.targets !== 'once') {
        throw bad({
          en: 'targets: a register-date schedule starts one instance per record; "activeClient" is for calendar rules',
          ru: 'targets: расписание по датам реестра запускает по экземпляру на запись; «activeClient» — для календарных правил',
        });
      }
      const rule = input.rule;
      const register = await this.definitions.require(rule.register).catch((err: unknown) => {
        if (err instanceof AppError && err.code === ErrorCode.NotFound) {
          throw bad({
            en: `rule.register: no register "${rule.register}"`,
            ru: `rule.register: реестра «${rule.register}» нет`,
          });
        }
        throw err;
      });
      const dateFields = register.dateFields ?? [];
      if (!dateFields.includes(rule.field)) {
        const fields = dateFields.join(', ') || '—';
        throw bad({
          en: `rule.field: "${rule.field}" is not a date field of the register "${rule.register}" (its date fields: ${fields})`,
          ru: `rule.field: «${rule.field}» — не поле даты реестра «${rule.register}» (поля дат: ${fields})`,
        });
      }
    }
  }

  private async require(principal: Principal, company: string, id: string): Promise<ScheduleDocument> {
    const doc = await this.schedules.byId(scopeOf(principal, Permission.ProcessManage), company, id);
    if (!doc) {
      throw AppError.notFound('schedule');
    }
    return doc;
  }

  private async zoneOf(company: string): Promise<string> {
    return (await this.calendars.calendarFor([company])).timeZone;
  }
}

/** FORBIDDEN unless the principal manages processes at the company (as for templates); the company. */
function requireAdmin(principal: Principal): string {
  const company = principal.orgPath[0] ?? principal.orgId;
  if (principal.external) {
    throw new AppError(ErrorCode.Forbidden);
  }
  requirePermission(principal, Permission.ProcessManage, [company]);
  return company;
}

function movedMeanwhile(): AppError {
  return AppError.conflict({
    en: 'the schedule was changed meanwhile; read it again',
    ru: 'расписание тем временем изменили; прочитайте его снова',
  });
}

function reasonOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}

/** The form's fields must be the start form's, and its required ones all given. */
function checkFormFields(form: Record<string, unknown>, schema: Record<string, unknown>): void {
  const properties = schema['properties'];
  if (!properties || typeof properties !== 'object') {
    return;
  }
  const known = Object.keys(properties);
  if (schema['additionalProperties'] === false) {
    const unknown = Object.keys(form).filter((field) => !known.includes(field));
    if (unknown.length > 0) {
      throw bad({
        en: `form: the template's start form has no field ${unknown.join(', ')} (its fields: ${known.join(', ')})`,
        ru: `form: в форме запуска шаблона нет поля ${unknown.join(', ')} (её поля: ${known.join(', ')})`,
      });
    }
  }
  const required = Array.isArray(schema['required']) ? (schema['required'] as unknown[]) : [];
  const missing = required.filter((field): field is string => typeof field === 'string' && !(field in form));
  if (missing.length > 0) {
    throw bad({
      en: `form: the start form's required fields must be given: ${missing.join(', ')}`,
      ru: `form: нужно задать обязательные поля формы запуска: ${missing.join(', ')}`,
    });
  }
}

function toView(doc: ScheduleDocument, timeZone: string): ScheduleView {
  return {
    id: doc._id,
    name: doc.name,
    templateKey: doc.templateKey,
    starterId: doc.starterId,
    form: doc.form,
    rule: doc.rule,
    targets: doc.targets,
    status: doc.status,
    timeZone,
    nextRunAt: doc.nextRunAt?.toISOString() ?? null,
    nextPeriod: doc.nextPeriod,
    lastRun: doc.lastRun ? { ...doc.lastRun, at: doc.lastRun.at.toISOString() } : null,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}
