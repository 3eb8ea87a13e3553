import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Empty, Segmented, Skeleton, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { Suspense, lazy, useEffect, useState } from 'react';
import type { ReactNode, TdHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { DelayParty, OperationsReport, RegionReport, SlaReport } from '@orbita/contracts';
import { api } from '../api/api-client';
import { TableScroll } from '../pages/table-scroll';
import { downloadFile } from '../clients/download';
import { errorText } from '../pages/password-fields';
import type { ReportChartProps } from './report-chart';

const ReportChart = lazy(() => import('./report-chart'));

/** Each party's colour in the charts, as its tag is coloured on a request's page. */
export const PARTY_COLOURS: Record<DelayParty, string> = {
  company: '#0958d9',
  external: '#722ed1',
  thirdParty: '#ad4e00',
};

export const PARTIES: readonly DelayParty[] = ['company', 'external', 'thirdParty'];

const MONTH_FORMAT = 'YYYY-MM';

/** The month of a date, YYYY-MM, in the browser's time zone. */
export function monthOf(date: Dayjs = dayjs()): string {
  return date.format(MONTH_FORMAT);
}

/** What each report of the API answers. */
interface ReportAnswers {
  sla: SlaReport;
  operations: OperationsReport;
  regions: RegionReport;
}

/** A report's path at the API for a query (`format=csv` added gives its CSV). */
export function reportPath(kind: keyof ReportAnswers, query: Record<string, string>): string {
  return `/api/reports/${kind}?${new URLSearchParams(query).toString()}`;
}

/** One report of the API for a query, read again whenever the query changes. */
export function useReport<K extends keyof ReportAnswers>(
  kind: K,
  query: Record<string, string>,
): { report: ReportAnswers[K] | null; error: string | null; path: string } {
  const { t } = useTranslation();
  const path = reportPath(kind, query);
  const [state, setState] = useState<{
    path: string | null;
    report: ReportAnswers[K] | null;
    error: string | null;
  }>({ path: null, report: null, error: null });
  useEffect(() => {
    const controller = new AbortController();
    api
      .get<ReportAnswers[K]>(path, { signal: controller.signal })
      .then((report) => {
        setState({ path, report, error: null });
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) {
          setState({ path, report: null, error: errorText(err, t('common.networkError')) });
        }
      });
    return () => {
      controller.abort();
    };
  }, [path, t]);
  // An answer to an earlier query is not this report's.
  return state.path === path ? { ...state, path } : { report: null, error: null, path };
}

/** The states every report goes through: loading, refused (the API's words), empty, shown. */
export function ReportBody({
  error,
  loading,
  empty,
  children,
}: {
  error: string | null;
  loading: boolean;
  empty: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (error) {
    return <Alert type="error" showIcon title={error} role="alert" data-testid="report-error" />;
  }
  if (loading) {
    return <Skeleton active />;
  }
  if (empty) {
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t('reports.empty')}
        data-testid="report-empty"
      />
    );
  }
  return children;
}

/** The chart, loaded with its library only when a report has rows to draw. */
export function LazyReportChart(props: ReportChartProps) {
  return (
    <Suspense fallback={<Skeleton.Node active className="report-chart-loading" />}>
      <ReportChart {...props} />
    </Suspense>
  );
}

/** The API's CSV of the report on screen, saved under the name the API gives it. */
export function CsvButton({ path, fallbackName }: { path: string; fallbackName: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async (): Promise<void> => {
    setBusy(true);
    try {
      await downloadFile(path, fallbackName, { accept: 'text/csv' });
    } catch (err) {
      void message.error(errorText(err, t('common.networkError')));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      onClick={() => void download()}
      data-testid="report-csv"
    >
      {t('reports.csv')}
    </Button>
  );
}

/** A labelled month picker; the value is YYYY-MM. */
export function MonthField({
  id,
  label,
  value,
  onChange,
  disabledAfter,
  disabledBefore,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (month: string) => void;
  disabledAfter?: string;
  disabledBefore?: string;
}) {
  return (
    <div className="report-field">
      <label htmlFor={id}>{label}</label>
      <DatePicker
        id={id}
        picker="month"
        format="MM.YYYY"
        allowClear={false}
        value={dayjs(`${value}-01`)}
        disabledDate={(date) =>
          (disabledAfter !== undefined && monthOf(date) > disabledAfter) ||
          (disabledBefore !== undefined && monthOf(date) < disabledBefore)
        }
        onChange={(date: Dayjs | null) => {
          if (date) {
            onChange(monthOf(date));
          }
        }}
      />
    </div>
  );
}

/**
 * A report's period and options as the address holds them (`?from=&to=&…`), so that a link opens
 * the report as it was shown: the last `months` up to this month unless named.
 */
export function usePeriodParams(months = 3): {
  params: URLSearchParams;
  from: string;
  to: string;
  set: (changes: Record<string, string>) => void;
} {
  const [params, setParams] = useSearchParams();
  const to = params.get('to') ?? monthOf();
  const from = params.get('from') ?? monthOf(dayjs(`${to}-01`).subtract(months - 1, 'month'));
  const set = (changes: Record<string, string>): void => {
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      // The period shown is kept in the address with whatever else changes.
      for (const [name, value] of Object.entries({ from, to, ...changes })) {
        next.set(name, value);
      }
      return next;
    });
  };
  return { params, from, to, set };
}

/** The "from" and "to" month pickers of a report's period, neither past the other. */
export function PeriodFields({
  from,
  to,
  onChange,
}: {
  from: string;
  to: string;
  onChange: (period: { from: string; to: string }) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <MonthField
        id="report-from"
        label={t('reports.from')}
        value={from}
        disabledAfter={to}
        onChange={(month) => {
          onChange({ from: month, to });
        }}
      />
      <MonthField
        id="report-to"
        label={t('reports.to')}
        value={to}
        disabledBefore={from}
        onChange={(month) => {
          onChange({ from, to: month });
        }}
      />
    </>
  );
}

/** A column of a report's table: its heading and how a row (or the total) shows in it. */
export interface ColumnSpec<T> {
  key: string;
  title: string;
  value: (row: T) => ReactNode;
}

/**
 * A report's rows with the period's total under them; it scrolls sideways inside its card (the
 * first column stays), so a phone's page does not.
 */
function ReportTable<T extends object>({
  label,
  specs,
  rows,
  total,
  rowKey,
}: {
  label: string;
  specs: readonly ColumnSpec<T>[];
  rows: readonly T[];
  total: T;
  rowKey: (row: T) => string;
}) {
  const { t } = useTranslation();
  return (
    <TableScroll label={label}>
      <Table<T>
        rowKey={rowKey}
        size="small"
        pagination={false}
        dataSource={rows}
        columns={specs.map((spec) => ({
          key: spec.key,
          title: spec.title,
          render: (_: unknown, row: T) => spec.value(row),
          onCell: () => ({ 'data-column': spec.key }) as TdHTMLAttributes<HTMLTableCellElement>,
        }))}
        summary={() => (
          <Table.Summary>
            <Table.Summary.Row className="report-total">
              {specs.map((spec, index) => (
                <Table.Summary.Cell key={spec.key} index={index}>
                  <span data-column={spec.key}>
                    {index === 0 ? <strong>{t('reports.total')}</strong> : spec.value(total)}
                  </span>
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          </Table.Summary>
        )}
      />
    </TableScroll>
  );
}

/** A labelled switch between a few values. */
export function SegmentedField<V extends string>({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: V;
  options: { value: V; label: string }[];
  onChange: (value: V) => void;
}) {
  return (
    <div className="report-field">
      <span id={id}>{label}</span>
      <Segmented<V> aria-labelledby={id} value={value} onChange={onChange} options={options} />
    </div>
  );
}

/**
 * A report's page: its controls in one card; in the next its title, the CSV of what is shown, and
 * the table with its total and the chart (or the empty or error state).
 */
export function ReportCards<T extends object>({
  controls,
  title,
  hint,
  answer,
  csvName,
  specs,
  rows,
  total,
  rowKey,
  chartTitle,
  chart,
}: {
  controls: ReactNode;
  title: string;
  hint?: string;
  answer: { report: unknown; error: string | null; path: string };
  csvName: string;
  specs: readonly ColumnSpec<T>[];
  rows: readonly T[];
  total: T;
  rowKey: (row: T) => string;
  chartTitle: string;
  chart: ReportChartProps;
}) {
  const { report, error, path } = answer;
  return (
    <>
      <Card className="page-card report-controls">
        <div className="report-fields">{controls}</div>
      </Card>
      <Card
        className="page-card report-card"
        title={<h2 className="card-title">{title}</h2>}
        extra={
          report && rows.length > 0 ? <CsvButton path={`${path}&format=csv`} fallbackName={csvName} /> : null
        }
      >
        <ReportBody error={error} loading={!report && !error} empty={rows.length === 0}>
          {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
          <ReportTable<T> label={title} specs={specs} rows={rows} total={total} rowKey={rowKey} />
          <h3 className="report-chart-title">{chartTitle}</h3>
          <LazyReportChart {...chart} />
        </ReportBody>
      </Card>
    </>
  );
}
