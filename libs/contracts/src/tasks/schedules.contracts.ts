import { z } from 'zod';
import { IdSchema } from '../common';
import { schemaMessage } from '../errors/localised-text';
import { defineRequest } from '../messaging/request-contract';
import { KeySchema, LocalisedNameSchema, MappingSchema } from './process-template';

/**
 * Schedules (ADR 022): processes that start themselves, as data an admin of the company manages.
 * A schedule names a published template, the start form (static values and JSONLogic rules over
 * the occurrence, the client or the register record), the staff member it starts as, and when:
 * on a calendar rule in the time zone of the company's working calendar (monthly, weekly, daily;
 * optionally once per active client), or relative to a date field of register records.
 */

const LocalTimeSchema = z
  .string()
  .regex(
    /^([01]\d|2[0-3]):[0-5]\d$/,
    schemaMessage({ en: 'must be a local time HH:MM', ru: 'должно быть местным временем ЧЧ:ММ' }),
  );

const dayOfMonth = z
  .number()
  .int(schemaMessage({ en: 'must be a whole day of the month', ru: 'должно быть целым днём месяца' }))
  .min(
    1,
    schemaMessage({ en: 'must be a day of the month, 1 to 31', ru: 'должно быть днём месяца от 1 до 31' }),
  )
  .max(
    31,
    schemaMessage({ en: 'must be a day of the month, 1 to 31', ru: 'должно быть днём месяца от 1 до 31' }),
  );

const weekday = z
  .number()
  .int(
    schemaMessage({ en: 'must be a weekday, 1 (Monday) to 7', ru: 'должно быть днём недели от 1 (пн) до 7' }),
  )
  .min(
    1,
    schemaMessage({ en: 'must be a weekday, 1 (Monday) to 7', ru: 'должно быть днём недели от 1 (пн) до 7' }),
  )
  .max(
    7,
    schemaMessage({ en: 'must be a weekday, 1 (Monday) to 7', ru: 'должно быть днём недели от 1 (пн) до 7' }),
  );

/** Every month on a day (a day past the month's end is its last day: the 31st in April is the 30th). */
export const MonthlyRuleSchema = z
  .object({ kind: z.literal('monthly'), day: dayOfMonth, time: LocalTimeSchema })
  .strict();
/** Every week on a weekday (ISO: 1 is Monday). */
export const WeeklyRuleSchema = z
  .object({ kind: z.literal('weekly'), weekday, time: LocalTimeSchema })
  .strict();
export const DailyRuleSchema = z.object({ kind: z.literal('daily'), time: LocalTimeSchema }).strict();

/**
 * Days before or after a date field of a register's records ("30 days before a contract's end
 * date"): one start per record and date value; a record whose date changes is scheduled anew.
 */
export const RegisterDateRuleSchema = z
  .object({
    kind: z.literal('registerDate'),
    register: KeySchema,
    /** One of the register's `dateFields` (they are indexed). */
    field: z.string().min(1).max(64),
    days: z
      .number()
      .int(schemaMessage({ en: 'must be a whole number of days', ru: 'должно быть целым числом дней' }))
      .min(0, schemaMessage({ en: 'must be 0 to 3650 days', ru: 'должно быть от 0 до 3650 дней' }))
      .max(3650, schemaMessage({ en: 'must be 0 to 3650 days', ru: 'должно быть от 0 до 3650 дней' })),
    direction: z.enum(['before', 'after']),
    /** The local time of the day the start happens at. */
    time: LocalTimeSchema.default('09:00'),
  })
  .strict();

export const ScheduleRuleSchema = z.discriminatedUnion('kind', [
  MonthlyRuleSchema,
  WeeklyRuleSchema,
  DailyRuleSchema,
  RegisterDateRuleSchema,
]);
export type ScheduleRule = z.infer<typeof ScheduleRuleSchema>;
export type CalendarScheduleRule = Exclude<ScheduleRule, { kind: 'registerDate' }>;
export type RegisterDateRule = Extract<ScheduleRule, { kind: 'registerDate' }>;

/**
 * What one occurrence starts: `once` one instance; `activeClient` one per active client (an
 * external client org with an active contract in the contracts register covering the day).
 */
export const ScheduleTargetsSchema = z.enum(['once', 'activeClient']);
export type ScheduleTargets = z.infer<typeof ScheduleTargetsSchema>;

export const CreateScheduleInputSchema = z
  .object({
    name: LocalisedNameSchema,
    /** A published process template. */
    templateKey: KeySchema,
    /** The staff member the instances are started as (their requester): active, full seat, of the company. */
    starterId: IdSchema,
    /**
     * The start form: field → a value, or a JSONLogic rule over `occurrence` (`date`, `period`,
     * `month.from/to`, `previousMonth.from/to`), `client` (`orgId`, `name`) for each active client,
     * and `record` (`id`, `orgId`, `title`, `data`, `date`, `dateNextYear`) for register dates.
     */
    form: MappingSchema.default({}),
    rule: ScheduleRuleSchema,
    targets: ScheduleTargetsSchema.default('once'),
  })
  .strict();
export type CreateScheduleInput = z.infer<typeof CreateScheduleInputSchema>;

export const ScheduleStatusSchema = z.enum(['active', 'paused']);

export const ScheduleLastRunSchema = z.object({
  /** The occurrence's period key (`2026-12`, `2026-12-07`, or a record's date). */
  period: z.string(),
  at: z.string(),
  /** How many instances this firing started (those started before for the period are not counted). */
  started: z.number().int(),
  /** Targets that could not be started, with why (the rest were). */
  failures: z.array(z.object({ target: z.string(), reason: z.string() })),
  outcome: z.enum(['started', 'nothing', 'failed']),
});
export type ScheduleLastRun = z.infer<typeof ScheduleLastRunSchema>;

export const ScheduleViewSchema = z.object({
  id: z.string(),
  name: LocalisedNameSchema,
  templateKey: z.string(),
  starterId: z.string(),
  form: z.record(z.string(), z.unknown()),
  rule: ScheduleRuleSchema,
  targets: ScheduleTargetsSchema,
  status: ScheduleStatusSchema,
  /** The zone calendar rules are read in: the company's working calendar's. */
  timeZone: z.string(),
  /** The next calendar occurrence (null when paused, and for register dates: one per record). */
  nextRunAt: z.string().nullable(),
  nextPeriod: z.string().nullable(),
  lastRun: ScheduleLastRunSchema.nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ScheduleView = z.infer<typeof ScheduleViewSchema>;

export const ScheduleListSchema = z.object({ items: z.array(ScheduleViewSchema) });
export type ScheduleList = z.infer<typeof ScheduleListSchema>;

const byScheduleId = z.object({ scheduleId: IdSchema });

export const SchedulesRequests = {
  list: defineRequest('tasks.schedule.list', z.object({}), ScheduleListSchema),
  create: defineRequest('tasks.schedule.create', CreateScheduleInputSchema, ScheduleViewSchema),
  pause: defineRequest('tasks.schedule.pause', byScheduleId, ScheduleViewSchema),
  resume: defineRequest('tasks.schedule.resume', byScheduleId, ScheduleViewSchema),
  remove: defineRequest('tasks.schedule.delete', byScheduleId, z.object({ deleted: z.literal(true) })),
};
