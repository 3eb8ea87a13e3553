import type { RegisterRegionReport } from '@orbita/contracts';
import type { ReportCounts, ReportTarget } from './report.schema';

/** What a register record adds to the per-region report, and in which month (ADR 024). */
export interface RecordCounts {
  month: string;
  inc: Partial<ReportCounts>;
}

/** What a record counted for last: its row (null: nowhere) and counts, as of a revision. */
export interface Contribution {
  revision: number;
  target: Omit<ReportTarget, 'inc'> | null;
  inc: Partial<ReportCounts>;
}

export const NO_CONTRIBUTION: Contribution = { revision: 0, target: null, inc: {} };

/** Roubles (possibly with kopecks) as whole kopecks; anything but a finite number counts as 0. */
export function kopecks(amount: unknown): number {
  return typeof amount === 'number' && Number.isFinite(amount) ? Math.round(amount * 100) : 0;
}

function planMonth(
  report: Extract<RegisterRegionReport, { measure: 'plan' }>,
  data: Record<string, unknown>,
) {
  const year = data[report.yearField];
  const month = data[report.monthField];
  const quarter = report.quarterField ? data[report.quarterField] : undefined;
  if (typeof year !== 'number' || !Number.isInteger(year)) {
    return null;
  }
  if (typeof month === 'number' && Number.isInteger(month) && month >= 1 && month <= 12) {
    return `${year}-${String(month).padStart(2, '0')}`;
  }
  // A quarter's line counts in the quarter's first month: a month report still adds up to the plan.
  if (typeof quarter === 'number' && Number.isInteger(quarter) && quarter >= 1 && quarter <= 4) {
    return `${year}-${String((quarter - 1) * 3 + 1).padStart(2, '0')}`;
  }
  return null;
}

/**
 * What a record of a register with a per-region measure counts: a plan line its planned and
 * approved amounts in its month (and once among the approved lines if it has an approved amount),
 * a violation once in its date's month. Null when the record names no month it counts in.
 */
export function recordCounts(
  report: RegisterRegionReport,
  data: Record<string, unknown>,
): RecordCounts | null {
  switch (report.measure) {
    case 'plan': {
      const month = planMonth(report, data);
      if (!month) {
        return null;
      }
      const approved = kopecks(data[report.approvedField]);
      return {
        month,
        inc: {
          plannedKopecks: kopecks(data[report.plannedField]),
          approvedKopecks: approved,
          financingApproved: approved > 0 ? 1 : 0,
        },
      };
    }
    case 'violations': {
      const date = data[report.dateField];
      const found = typeof date === 'string' ? /^(\d{4}-(?:0[1-9]|1[0-2]))-\d{2}$/.exec(date) : null;
      return found?.[1] ? { month: found[1], inc: { violations: 1 } } : null;
    }
  }
}

/**
 * The rows a record's change moves counts between: the difference in its row when it stays there,
 * else its old counts out of the old row and its new counts into the new one. Rows with nothing to
 * add are left out.
 */
export function moves(before: Contribution, after: Contribution): ReportTarget[] {
  const targets: ReportTarget[] = [];
  if (before.target && after.target && before.target.rowId === after.target.rowId) {
    targets.push({ ...after.target, inc: difference(after.inc, before.inc) });
  } else {
    if (before.target) {
      targets.push({ ...before.target, inc: difference({}, before.inc) });
    }
    if (after.target) {
      targets.push({ ...after.target, inc: difference(after.inc, {}) });
    }
  }
  return targets.filter((t) => Object.keys(t.inc ?? {}).length > 0);
}

function difference(a: Partial<ReportCounts>, b: Partial<ReportCounts>): Partial<ReportCounts> {
  const out: Partial<ReportCounts> = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof ReportCounts>) {
    const delta = (a[key] ?? 0) - (b[key] ?? 0);
    if (delta !== 0) {
      out[key] = delta;
    }
  }
  return out;
}
