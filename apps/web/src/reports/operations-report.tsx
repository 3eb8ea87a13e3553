import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { OperationsRow } from '@orbita/contracts';
import { formatDuration } from './durations';
import type { ColumnSpec } from './report-parts';
import { MonthField, PARTY_COLOURS, ReportCards, monthOf, useReport } from './report-parts';

type Figure = 'operations' | 'requests' | 'slaMet' | 'slaBreached';

/** S1.9: what each of the company's people handled in a month, most operations first, and the sum. */
export function OperationsReportView() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? monthOf();
  const answer = useReport('operations', { month });
  const { report } = answer;
  const rows = useMemo(() => report?.rows ?? [], [report]);
  const total = useMemo<OperationsRow>(
    () =>
      rows.reduce(
        (sum, row) => ({
          ...sum,
          operations: sum.operations + row.operations,
          requests: sum.requests + row.requests,
          slaMet: sum.slaMet + row.slaMet,
          slaBreached: sum.slaBreached + row.slaBreached,
          workingMs: sum.workingMs + row.workingMs,
        }),
        { userId: 'total', name: '', operations: 0, requests: 0, slaMet: 0, slaBreached: 0, workingMs: 0 },
      ),
    [rows],
  );
  const figure = (field: Figure) => (row: OperationsRow) => row[field];
  const specs: ColumnSpec<OperationsRow>[] = [
    { key: 'name', title: t('reports.operations.person'), value: (row) => row.name },
    { key: 'operations', title: t('reports.operations.operations'), value: figure('operations') },
    { key: 'requests', title: t('reports.operations.requests'), value: figure('requests') },
    { key: 'slaMet', title: t('reports.sla.slaMet'), value: figure('slaMet') },
    { key: 'slaBreached', title: t('reports.sla.slaBreached'), value: figure('slaBreached') },
    {
      key: 'workingMs',
      title: t('reports.operations.workingTime'),
      value: (row) => formatDuration(row.workingMs, 'working'),
    },
  ];
  const categories = useMemo(() => rows.map((row) => row.name), [rows]);
  const series = useMemo(
    () => [
      {
        name: t('reports.operations.operations'),
        colour: PARTY_COLOURS.company,
        values: rows.map((row) => row.operations),
      },
    ],
    [rows, t],
  );
  const plain = useCallback((value: number) => String(value), []);

  return (
    <ReportCards<OperationsRow>
      controls={
        <MonthField
          id="report-month"
          label={t('reports.month')}
          value={month}
          onChange={(value) => {
            setParams({ month: value });
          }}
        />
      }
      title={t('reports.operations.title')}
      answer={answer}
      csvName={`operations-${month}.csv`}
      specs={specs}
      rows={rows}
      total={total}
      rowKey={(row) => row.userId}
      chartTitle={t('reports.operations.chartTitle')}
      chart={{ categories, series, format: plain, label: t('reports.operations.chartLabel') }}
    />
  );
}
