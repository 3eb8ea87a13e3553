import { z } from 'zod';
import { IdSchema, TimeZoneSchema } from '../common';
import { schemaMessage } from '../errors/localised-text';
import { defineRequest } from '../messaging/request-contract';
import { KeySchema, LocalisedNameSchema } from './process-template';

/**
 * Working calendars (ADR 019): the hours, weekends, holidays and moved working days an org unit
 * works by, as data an admin edits. SLA due times are computed in the calendar of the assignee's
 * nearest unit that has one, else in the company default.
 */

const LocalTimeSchema = z
  .string()
  .regex(
    /^([01]\d|2[0-3]):[0-5]\d$/,
    schemaMessage({ en: 'must be a local time HH:MM', ru: 'должно быть местным временем ЧЧ:ММ' }),
  );

const LocalDateSchema = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}$/,
    schemaMessage({ en: 'must be a date YYYY-MM-DD', ru: 'должно быть датой ГГГГ-ММ-ДД' }),
  )
  .refine(
    (value) => new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value,
    schemaMessage({ en: 'is not a date of the calendar', ru: 'не является датой календаря' }),
  );

/** ISO weekday: 1 = Monday … 7 = Sunday. */
const WeekdaySchema = z.number().int().min(1).max(7);

/** The working hours of one weekday, local time of the calendar's zone. */
export const WorkingHoursSchema = z
  .object({ day: WeekdaySchema, start: LocalTimeSchema, end: LocalTimeSchema })
  .strict()
  .refine((hours) => hours.start < hours.end, {
    error: schemaMessage({
      en: 'the working day must end after it starts',
      ru: 'рабочий день должен заканчиваться позже, чем начинается',
    }),
    path: ['end'],
  });
export type WorkingHours = z.infer<typeof WorkingHoursSchema>;

/** The fields an admin sets of a calendar: everything but its key and assignments. */
const CalendarFieldsSchema = z
  .object({
    name: LocalisedNameSchema,
    /** IANA time zone the hours and dates are in. */
    timeZone: TimeZoneSchema,
    /** Hours per working weekday; a weekday not listed is a day off. Every listed day has the same hours. */
    week: z.array(WorkingHoursSchema).min(1).max(7),
    /** Days off on what would be working days: holidays and days off moved onto weekdays. */
    holidays: z.array(LocalDateSchema).max(1000),
    /** Working days on what would be days off (a Saturday a day off was moved from). */
    workingDays: z.array(LocalDateSchema).max(1000),
  })
  .strict();

function checkCalendar(body: z.infer<typeof CalendarFieldsSchema>, ctx: z.RefinementCtx): void {
  const days = body.week.map((hours) => hours.day);
  if (new Set(days).size !== days.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['week'],
      message: schemaMessage({ en: 'names a weekday twice', ru: 'называет день недели дважды' }),
    });
  }
  const [first] = body.week;
  if (first && body.week.some((hours) => hours.start !== first.start || hours.end !== first.end)) {
    ctx.addIssue({
      code: 'custom',
      path: ['week'],
      message: schemaMessage({
        en: 'every working weekday must have the same hours',
        ru: 'у всех рабочих дней недели должны быть одинаковые часы',
      }),
    });
  }
  const holidays = new Set(body.holidays);
  body.workingDays.forEach((date, n) => {
    if (holidays.has(date)) {
      ctx.addIssue({
        code: 'custom',
        path: ['workingDays', n],
        message: schemaMessage({
          en: 'is listed both as a holiday and as a working day',
          ru: 'указана и как выходной, и как рабочий день',
        }),
      });
    }
  });
}

/** What an admin sets of a calendar: everything but its key and assignments. */
export const CalendarBodySchema = CalendarFieldsSchema.superRefine(checkCalendar);
export type CalendarBody = z.infer<typeof CalendarBodySchema>;

/** A new calendar as posted: its key and its fields. */
export const CreateCalendarBodySchema = CalendarFieldsSchema.extend({ key: KeySchema }).superRefine(
  checkCalendar,
);
export type CreateCalendarBody = z.infer<typeof CreateCalendarBodySchema>;

export const CreateCalendarInputSchema = z.object({ key: KeySchema, calendar: CalendarBodySchema });
export type CreateCalendarInput = z.infer<typeof CreateCalendarInputSchema>;

export const UpdateCalendarInputSchema = z.object({ key: KeySchema, calendar: CalendarBodySchema });
export type UpdateCalendarInput = z.infer<typeof UpdateCalendarInputSchema>;

export const CalendarAssignmentsBodySchema = z.object({ orgIds: z.array(IdSchema).max(500) }).strict();
export type CalendarAssignmentsBody = z.infer<typeof CalendarAssignmentsBodySchema>;

export const AssignCalendarInputSchema = CalendarAssignmentsBodySchema.extend({ key: KeySchema });
export type AssignCalendarInput = z.infer<typeof AssignCalendarInputSchema>;

export const CalendarViewSchema = z.object({
  key: z.string(),
  name: LocalisedNameSchema,
  timeZone: z.string(),
  week: z.array(z.object({ day: z.number().int(), start: z.string(), end: z.string() })),
  holidays: z.array(z.string()),
  workingDays: z.array(z.string()),
  /** The org units that work by it (and their subtrees, unless a unit below has its own). */
  orgIds: z.array(z.string()),
  /** The company default: used where no unit up the path has a calendar. */
  isDefault: z.boolean(),
  /** Grows with every change. */
  version: z.number().int(),
  updatedAt: z.string(),
});
export type CalendarView = z.infer<typeof CalendarViewSchema>;

export const CalendarListSchema = z.object({ items: z.array(CalendarViewSchema) });
export type CalendarList = z.infer<typeof CalendarListSchema>;

export const CalendarsRequests = {
  list: defineRequest('tasks.calendar.list', z.object({}), CalendarListSchema),
  get: defineRequest('tasks.calendar.get', z.object({ key: KeySchema }), CalendarViewSchema),
  create: defineRequest('tasks.calendar.create', CreateCalendarInputSchema, CalendarViewSchema),
  update: defineRequest('tasks.calendar.update', UpdateCalendarInputSchema, CalendarViewSchema),
  assign: defineRequest('tasks.calendar.assign', AssignCalendarInputSchema, CalendarViewSchema),
};
