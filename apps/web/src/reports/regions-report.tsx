import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegionReportRow } from '@orbita/contracts';
import type { ChartSeries } from './report-chart';
import type { ColumnSpec } from './report-parts';
import {
  PARTY_COLOURS,
  PeriodFields,
  ReportCards,
  SegmentedField,
  usePeriodParams,
  useReport,
} from './report-parts';

type Chart = 'financing' | 'violations';

const CHARTS: readonly Chart[] = ['financing', 'violations'];

/** A month of YYYY-MM as the user's language names it: "март 2027". */
function monthName(month: string, language: string): string {
  return new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric' }).format(
    new Date(`${month}-15T12:00:00`),
  );
}

/**
 * The per-region report (ADR 024; S2.2, S2.4): for each region and month the requests started,
 * the financial plan against what HQ Finance approved, and the marketing violations at its
 * restaurants; the chart shows either each region's approved financing against the rest of its
 * plan, or the violations month by month.
 */
export function RegionsReportView() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { params, from, to, set } = usePeriodParams();
  const chart: Chart = CHARTS.find((c) => c === params.get('chart')) ?? 'financing';

  const answer = useReport('regions', { from, to });
  const { report } = answer;
  const rows = useMemo(() => report?.rows ?? [], [report]);
  const total = useMemo<RegionReportRow>(
    () => ({
      month: '',
      regionOrgId: 'total',
      regionName: '',
      ...(report?.totals ?? {
        requestsStarted: 0,
        plannedKopecks: 0,
        approvedKopecks: 0,
        financingApproved: 0,
        violations: 0,
      }),
    }),
    [report],
  );
  const money = useCallback(
    (kopecks: number) =>
      // To the kopeck: a finance report's sums are exact.
      new Intl.NumberFormat(language, { style: 'currency', currency: 'RUB' }).format(kopecks / 100),
    [language],
  );
  const ofPlan = (row: RegionReportRow): string =>
    row.plannedKopecks > 0
      ? new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(
          row.approvedKopecks / row.plannedKopecks,
        )
      : '—';

  const specs: ColumnSpec<RegionReportRow>[] = [
    {
      key: 'month',
      title: t('reports.month'),
      value: (row) => (row.month ? monthName(row.month, language) : ''),
    },
    { key: 'region', title: t('reports.regions.region'), value: (row) => row.regionName },
    {
      key: 'requestsStarted',
      title: t('reports.regions.requestsStarted'),
      value: (row) => row.requestsStarted,
    },
    { key: 'planned', title: t('reports.regions.planned'), value: (row) => money(row.plannedKopecks) },
    { key: 'approved', title: t('reports.regions.approved'), value: (row) => money(row.approvedKopecks) },
    { key: 'ofPlan', title: t('reports.regions.ofPlan'), value: ofPlan },
    {
      key: 'financingApproved',
      title: t('reports.regions.financingApproved'),
      value: (row) => row.financingApproved,
    },
    { key: 'violations', title: t('reports.regions.violations'), value: (row) => row.violations },
  ];

  const picture = useMemo((): { categories: string[]; series: ChartSeries[] } => {
    if (chart === 'violations') {
      const months = [...new Set(rows.map((row) => row.month))].sort();
      return {
        categories: months.map((month) => monthName(month, language)),
        series: [
          {
            name: t('reports.regions.violations'),
            colour: PARTY_COLOURS.external,
            values: months.map((month) =>
              rows.filter((row) => row.month === month).reduce((sum, row) => sum + row.violations, 0),
            ),
          },
        ],
      };
    }
    const regions = new Map<string, { name: string; planned: number; approved: number }>();
    for (const row of rows) {
      const region = regions.get(row.regionOrgId) ?? { name: row.regionName, planned: 0, approved: 0 };
      region.planned += row.plannedKopecks;
      region.approved += row.approvedKopecks;
      regions.set(row.regionOrgId, region);
    }
    const all = [...regions.values()].filter((r) => r.planned > 0 || r.approved > 0);
    return {
      categories: all.map((r) => r.name),
      series: [
        {
          name: t('reports.regions.approved'),
          colour: PARTY_COLOURS.company,
          values: all.map((r) => Math.round(r.approved / 100)),
        },
        {
          name: t('reports.regions.restOfPlan'),
          colour: PARTY_COLOURS.thirdParty,
          values: all.map((r) => Math.max(0, Math.round((r.planned - r.approved) / 100))),
        },
      ],
    };
  }, [chart, rows, language, t]);
  const format = useCallback(
    (value: number) => (chart === 'violations' ? String(value) : money(value * 100)),
    [chart, money],
  );

  return (
    <ReportCards<RegionReportRow>
      controls={
        <>
          <PeriodFields
            from={from}
            to={to}
            onChange={(period) => {
              set(period);
            }}
          />
          <SegmentedField<Chart>
            id="report-chart-kind"
            label={t('reports.regions.chart')}
            value={chart}
            onChange={(value) => {
              set({ chart: value, from, to });
            }}
            options={CHARTS.map((c) => ({ value: c, label: t(`reports.regions.charts.${c}`) }))}
          />
        </>
      }
      title={t('reports.regions.title')}
      hint={t('reports.regions.hint')}
      answer={answer}
      csvName={`regions-${from}-${to}.csv`}
      specs={specs}
      rows={rows}
      total={total}
      rowKey={(row) => `${row.month}|${row.regionOrgId}`}
      chartTitle={t(`reports.regions.charts.${chart}`)}
      chart={{
        categories: picture.categories,
        series: picture.series,
        format,
        label: t('reports.regions.chartLabel'),
      }}
    />
  );
}
