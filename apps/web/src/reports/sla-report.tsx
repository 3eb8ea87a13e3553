import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PartyTimes, ReportDimension, SlaReportRow } from '@orbita/contracts';
import { formatDuration, toHours } from './durations';
import type { ColumnSpec } from './report-parts';
import {
  PARTIES,
  PARTY_COLOURS,
  PeriodFields,
  ReportCards,
  SegmentedField,
  usePeriodParams,
  useReport,
} from './report-parts';

type Clock = 'working' | 'calendar';

const DIMENSIONS: readonly ReportDimension[] = ['template', 'client', 'manager'];

/** One template, client or person over the whole period: its months added up. */
interface Line {
  key: string;
  label: string;
  requestsFinished: number;
  requestsBreached: number;
  stepsFinished: number;
  slaMet: number;
  slaBreached: number;
  calendarMs: PartyTimes;
  workingMs: PartyTimes;
}

const zeroTimes = (): PartyTimes => ({ company: 0, external: 0, thirdParty: 0, total: 0 });

function addTimes(into: PartyTimes, times: PartyTimes): void {
  into.company += times.company;
  into.external += times.external;
  into.thirdParty += times.thirdParty;
  into.total += times.total;
}

function addRow(into: Line, row: Omit<Line, 'key' | 'label'>): void {
  into.requestsFinished += row.requestsFinished;
  into.requestsBreached += row.requestsBreached;
  into.stepsFinished += row.stepsFinished;
  into.slaMet += row.slaMet;
  into.slaBreached += row.slaBreached;
  addTimes(into.calendarMs, row.calendarMs);
  addTimes(into.workingMs, row.workingMs);
}

function emptyLine(key: string, label: string): Line {
  return {
    key,
    label,
    requestsFinished: 0,
    requestsBreached: 0,
    stepsFinished: 0,
    slaMet: 0,
    slaBreached: 0,
    calendarMs: zeroTimes(),
    workingMs: zeroTimes(),
  };
}

/** The period's months added up per key, in the report's order (by first month, then key). */
function linesOf(rows: readonly SlaReportRow[]): Line[] {
  const lines = new Map<string, Line>();
  for (const row of rows) {
    const line = lines.get(row.key) ?? emptyLine(row.key, row.label);
    addRow(line, row);
    lines.set(row.key, line);
  }
  return [...lines.values()];
}

function compliance(line: Pick<Line, 'slaMet' | 'slaBreached'>, language: string): string {
  const measured = line.slaMet + line.slaBreached;
  return measured === 0
    ? '—'
    : new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(
        line.slaMet / measured,
      );
}

/**
 * SLA compliance and whose time (ADR 023) by template, client or manager over a period of months:
 * the months of each added up, the period's total below, the parties' time as stacked bars.
 */
export function SlaReportView() {
  const { t, i18n } = useTranslation();
  const { params, from, to, set } = usePeriodParams();
  const groupBy = DIMENSIONS.find((d) => d === params.get('groupBy')) ?? 'template';
  const clock: Clock = params.get('clock') === 'calendar' ? 'calendar' : 'working';

  const answer = useReport('sla', { groupBy, from, to });
  const { report } = answer;
  const lines = useMemo(() => (report ? linesOf(report.rows) : []), [report]);
  const total = useMemo(() => {
    const sum = emptyLine('total', t('reports.total'));
    for (const line of lines) {
      addRow(sum, line);
    }
    return sum;
  }, [lines, t]);
  const times = (line: Line): PartyTimes => (clock === 'working' ? line.workingMs : line.calendarMs);
  const duration = useCallback((ms: number) => formatDuration(ms, clock), [clock]);
  const manager = groupBy === 'manager';

  const count =
    (field: 'requestsFinished' | 'requestsBreached' | 'stepsFinished' | 'slaMet' | 'slaBreached') =>
    (line: Line) =>
      line[field];
  const specs: ColumnSpec<Line>[] = [
    { key: 'label', title: t(`reports.sla.dimension.${groupBy}`), value: (line) => line.label },
    ...(manager
      ? []
      : [
          {
            key: 'requestsFinished',
            title: t('reports.sla.requestsFinished'),
            value: count('requestsFinished'),
          },
          {
            key: 'requestsBreached',
            title: t('reports.sla.requestsBreached'),
            value: count('requestsBreached'),
          },
        ]),
    {
      key: 'stepsFinished',
      title: manager ? t('reports.sla.stepsDone') : t('reports.sla.stepsFinished'),
      value: count('stepsFinished'),
    },
    { key: 'slaMet', title: t('reports.sla.slaMet'), value: count('slaMet') },
    { key: 'slaBreached', title: t('reports.sla.slaBreached'), value: count('slaBreached') },
    {
      key: 'compliance',
      title: t('reports.sla.compliance'),
      value: (line) => compliance(line, i18n.language),
    },
    ...[...PARTIES, 'total' as const].map((party) => ({
      key: party,
      title: t(`reports.party.${party}`),
      value: (line: Line) => duration(times(line)[party]),
    })),
  ];

  const chartSeries = useMemo(
    () =>
      PARTIES.map((party) => ({
        name: t(`reports.party.${party}`),
        colour: PARTY_COLOURS[party],
        values: lines.map((line) => toHours((clock === 'working' ? line.workingMs : line.calendarMs)[party])),
      })),
    [lines, clock, t],
  );
  const categories = useMemo(() => lines.map((line) => line.label), [lines]);
  const hours = useCallback((value: number) => t('reports.hours', { value }), [t]);

  return (
    <ReportCards<Line>
      controls={
        <>
          <PeriodFields
            from={from}
            to={to}
            onChange={(period) => {
              set(period);
            }}
          />
          <SegmentedField<ReportDimension>
            id="report-group-by"
            label={t('reports.groupBy')}
            value={groupBy}
            onChange={(value) => {
              set({ groupBy: value, from, to });
            }}
            options={DIMENSIONS.map((d) => ({ value: d, label: t(`reports.sla.by.${d}`) }))}
          />
          <SegmentedField<Clock>
            id="report-clock"
            label={t('reports.clock')}
            value={clock}
            onChange={(value) => {
              set({ clock: value, from, to, groupBy });
            }}
            options={[
              { value: 'working', label: t('reports.working') },
              { value: 'calendar', label: t('reports.calendar') },
            ]}
          />
        </>
      }
      title={t('reports.sla.title')}
      hint={clock === 'working' ? t('reports.sla.workingHint') : t('reports.sla.calendarHint')}
      answer={answer}
      csvName={`sla-${groupBy}-${from}-${to}.csv`}
      specs={specs}
      rows={lines}
      total={total}
      rowKey={(line) => line.key}
      chartTitle={t('reports.sla.chartTitle')}
      chart={{ categories, series: chartSeries, format: hours, label: t('reports.sla.chartLabel') }}
    />
  );
}
