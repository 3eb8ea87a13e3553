import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { init, use } from 'echarts/core';
import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the reports draw: bars on a grid, a legend and a tooltip, painted on a canvas.
use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Option = ComposeOption<
  BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export interface ChartSeries {
  name: string;
  values: number[];
  colour: string;
}

export interface ReportChartProps {
  /** One bar per category (a template, a client, a person), top to bottom. */
  categories: string[];
  /** Stacked along each bar. */
  series: ChartSeries[];
  /** How a value reads in the tooltip ("9.5 h"). */
  format: (value: number) => string;
  /** What the picture shows, for screen readers: the table beside it has the figures. */
  label: string;
}

const ROW_PX = 36;

/**
 * Horizontal stacked bars (ECharts, its own lazy chunk: the reports' first paint does not wait for
 * it). Redrawn when its data change, resized with its card.
 */
export default function ReportChart({ categories, series, format, label }: ReportChartProps) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) {
      return undefined;
    }
    const chart = init(element, undefined, { renderer: 'canvas' });
    const option: Option = {
      animation: false,
      // ECharts 6 keeps the axis labels inside the grid's bounds by itself.
      grid: { left: 8, right: 16, top: 32, bottom: 8 },
      legend: { top: 0, left: 0, textStyle: { color: '#1f2329' } },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (value) => (typeof value === 'number' ? format(value) : String(value)),
      },
      xAxis: { type: 'value', axisLabel: { color: '#1f2329' } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: categories,
        axisLabel: { color: '#1f2329', width: 140, overflow: 'truncate' },
      },
      series: series.map((s) => ({
        type: 'bar',
        name: s.name,
        stack: 'total',
        data: s.values,
        itemStyle: { color: s.colour },
        barMaxWidth: 24,
      })),
    };
    chart.setOption(option);
    const resized = new ResizeObserver(() => {
      chart.resize();
    });
    resized.observe(element);
    return () => {
      resized.disconnect();
      chart.dispose();
    };
  }, [categories, series, format]);

  return (
    <div
      ref={host}
      className="report-chart"
      role="img"
      aria-label={label}
      data-testid="report-chart"
      style={{ height: Math.max(160, categories.length * ROW_PX + 64) }}
    />
  );
}
