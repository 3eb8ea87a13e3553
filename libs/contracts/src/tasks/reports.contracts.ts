import { z } from 'zod';
import { IdSchema } from '../common';
import { schemaMessage } from '../errors/localised-text';
import { defineRequest } from '../messaging/request-contract';
import { LocalisedNameSchema } from './process-template';
import { InstanceStatusSchema, StepTypeSchema } from './processes.contracts';

/**
 * Delay attribution and reports (ADR 023): whose time a request spent, per step and in total, and
 * the monthly read models of compliance and operations kept from the engine's events.
 */

/**
 * Whose time a step is: our company's, the external org's (the client), or a third party's (a step
 * the template marks with `thirdParty`, e.g. waiting for the landfill's permit).
 */
export const DelayPartySchema = z.enum(['company', 'external', 'thirdParty']);
export type DelayParty = z.infer<typeof DelayPartySchema>;

/** Milliseconds by party, and their sum. */
export const PartyTimesSchema = z.object({
  company: z.number().int().min(0),
  external: z.number().int().min(0),
  thirdParty: z.number().int().min(0),
  total: z.number().int().min(0),
});
export type PartyTimes = z.infer<typeof PartyTimesSchema>;

/** One run of a step: whose time it was, and how long, around the clock and in working time. */
export const StepDelaySchema = z.object({
  runId: z.string(),
  stepId: z.string(),
  type: StepTypeSchema,
  name: LocalisedNameSchema,
  party: DelayPartySchema,
  /** The third party's name, for a step marked as held by one. */
  thirdParty: LocalisedNameSchema.nullable(),
  startedAt: z.string(),
  /** Null while the step is open: its times run to `asOf`. */
  finishedAt: z.string().nullable(),
  open: z.boolean(),
  actorId: z.string().nullable(),
  outcome: z.string().nullable(),
  /** Around the clock. */
  calendarMs: z.number().int().min(0),
  /** In the working calendar of the holder's unit (the client's for the client's steps). */
  workingMs: z.number().int().min(0),
  /** The calendar the working time was counted in. */
  calendarKey: z.string(),
});
export type StepDelay = z.infer<typeof StepDelaySchema>;

export const RequestDelaysSchema = z.object({
  instanceId: z.string(),
  status: InstanceStatusSchema,
  /** The moment open steps are measured to (now, for a running request; its end otherwise). */
  asOf: z.string(),
  /** Every step run that people or a third party held, oldest first (automatic steps take nobody's time). */
  steps: z.array(StepDelaySchema),
  /** The steps' times added up by party: the sum of `steps` exactly. */
  calendarMs: PartyTimesSchema,
  workingMs: PartyTimesSchema,
});
export type RequestDelays = z.infer<typeof RequestDelaysSchema>;

/* ---------- reports ---------- */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A calendar month, YYYY-MM. */
export const ReportMonthSchema = z.string().regex(
  MONTH,
  schemaMessage({
    en: 'must be a month as YYYY-MM, e.g. 2026-12',
    ru: 'должен быть месяцем вида ГГГГ-ММ, например 2026-12',
  }),
);

/** The longest period one report covers. */
export const REPORT_MONTHS_AT_MOST = 24;

function monthIndex(month: string): number {
  const [, year, mm] = MONTH.exec(month) ?? [];
  return Number(year) * 12 + Number(mm) - 1;
}

/** What report rows are kept by: the SLA report's groupings, and the per-region report's regions (ADR 024). */
export const ReportDimensionSchema = z.enum(['template', 'client', 'manager', 'region']);
export type ReportDimension = z.infer<typeof ReportDimensionSchema>;

/** What the SLA report groups by. */
export const SlaGroupBySchema = z.enum(['template', 'client', 'manager']);

/** A period of whole months, from ≤ to, at most REPORT_MONTHS_AT_MOST long. */
function checkPeriod(input: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (!MONTH.test(input.from) || !MONTH.test(input.to)) {
    return;
  }
  const span = monthIndex(input.to) - monthIndex(input.from);
  if (span < 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: schemaMessage({ en: 'must not be before «from»', ru: 'не может быть раньше «from»' }),
    });
  } else if (span >= REPORT_MONTHS_AT_MOST) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: schemaMessage({
        en: `a report covers at most ${REPORT_MONTHS_AT_MOST} months`,
        ru: `отчёт охватывает не больше ${REPORT_MONTHS_AT_MOST} месяцев`,
      }),
    });
  }
}

export const SlaReportInputSchema = z
  .object({ groupBy: SlaGroupBySchema, from: ReportMonthSchema, to: ReportMonthSchema })
  .strict()
  .superRefine(checkPeriod);
export type SlaReportInput = z.infer<typeof SlaReportInputSchema>;

/** One month of one template, client or manager. */
export const SlaReportRowSchema = z.object({
  month: z.string(),
  /** The template's key, the client org's id, or the manager's user id. */
  key: z.string(),
  /** Its name when the row was first counted (a template's or org's name, a person's). */
  label: z.string(),
  /** Requests that ended in the month (completed, rejected or cancelled); not kept for managers. */
  requestsFinished: z.number().int().min(0),
  /** Of those, requests with at least one step past its SLA. */
  requestsBreached: z.number().int().min(0),
  /** Step runs that finished in the month (for a manager: those they completed). */
  stepsFinished: z.number().int().min(0),
  /** Finished steps with an SLA that met it, and that breached it. */
  slaMet: z.number().int().min(0),
  slaBreached: z.number().int().min(0),
  /** Time of the finished steps by party (for a manager: of the steps they completed). */
  calendarMs: PartyTimesSchema,
  workingMs: PartyTimesSchema,
});
export type SlaReportRow = z.infer<typeof SlaReportRowSchema>;

export const SlaReportSchema = z.object({
  orgId: z.string(),
  groupBy: SlaGroupBySchema,
  from: z.string(),
  to: z.string(),
  /** By month, then key. */
  rows: z.array(SlaReportRowSchema),
});
export type SlaReport = z.infer<typeof SlaReportSchema>;

export const OperationsReportInputSchema = z.object({ month: ReportMonthSchema }).strict();
export type OperationsReportInput = z.infer<typeof OperationsReportInputSchema>;

/** S1.9: what one of the company's people handled in a month. */
export const OperationsRowSchema = z.object({
  userId: IdSchema,
  name: z.string(),
  /** Steps they completed (decisions, tasks done, acknowledgements that closed a step). */
  operations: z.number().int().min(0),
  /** Distinct requests they completed a step of. */
  requests: z.number().int().min(0),
  slaMet: z.number().int().min(0),
  slaBreached: z.number().int().min(0),
  /** Working time of the steps they completed, from start to their decision. */
  workingMs: z.number().int().min(0),
});
export type OperationsRow = z.infer<typeof OperationsRowSchema>;

export const OperationsReportSchema = z.object({
  orgId: z.string(),
  month: z.string(),
  /** Most operations first. */
  rows: z.array(OperationsRowSchema),
});
export type OperationsReport = z.infer<typeof OperationsReportSchema>;

export const RegionReportInputSchema = z
  .object({ from: ReportMonthSchema, to: ReportMonthSchema })
  .strict()
  .superRefine(checkPeriod);
export type RegionReportInput = z.infer<typeof RegionReportInputSchema>;

/** Money in kopecks (integers: sums of roubles with kopecks stay exact). */
const KopecksSchema = z.number().int();

/** What the per-region report counts: one row per region and month, and the totals (S2.2, S2.4). */
export const RegionFiguresSchema = z.object({
  /** Requests (of any template) started in the month by the region or about one of its units. */
  requestsStarted: z.number().int().min(0),
  /** The financial plan's lines of the region for the month: planned, and approved (HQ Finance). */
  plannedKopecks: KopecksSchema,
  approvedKopecks: KopecksSchema,
  /** Plan lines with an approved amount (an approved financing request writes one). */
  financingApproved: z.number().int().min(0),
  /** Marketing violations recorded at the region's restaurants, by the violation's date. */
  violations: z.number().int().min(0),
});
export type RegionFigures = z.infer<typeof RegionFiguresSchema>;

export const RegionReportRowSchema = RegionFiguresSchema.extend({
  month: z.string(),
  regionOrgId: z.string(),
  /** The region's name when it was first counted. */
  regionName: z.string(),
});
export type RegionReportRow = z.infer<typeof RegionReportRowSchema>;

export const RegionReportSchema = z.object({
  orgId: z.string(),
  from: z.string(),
  to: z.string(),
  /** By month, then region id. */
  rows: z.array(RegionReportRowSchema),
  /** The rows added up. */
  totals: RegionFiguresSchema,
});
export type RegionReport = z.infer<typeof RegionReportSchema>;

export const ReportsRequests = {
  delays: defineRequest('tasks.instance.delays', z.object({ instanceId: IdSchema }), RequestDelaysSchema),
  sla: defineRequest('tasks.report.sla', SlaReportInputSchema, SlaReportSchema),
  operations: defineRequest('tasks.report.operations', OperationsReportInputSchema, OperationsReportSchema),
  regions: defineRequest('tasks.report.regions', RegionReportInputSchema, RegionReportSchema),
};
