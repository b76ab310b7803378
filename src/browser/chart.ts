// Both running values per word, drawn as steps (a running value holds until the next word changes it), so
// both always show: the grammar as wide steps with square markers under the network's thin steps with round
// markers (they coincide when the network is right), a red marker where the network is off. The value axis
// starts at 0, so one or two words get a readable scale, not 8.5–9.5; once values pass 10^4 it is
// symmetric-log, or every word before "thousand" would sit on a flat 0. A reading the network did not make
// (a form or word it never learned) draws the grammar's steps alone.

import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';
import { formatEstimate, formatInteger } from '../language/format.ts';
import { showExact, type Shape } from '../reading/describe.ts';

/** One word's running values: the grammar's, and the network's where it read the phrase. */
export interface ChartStep {
  token: string;
  reference: number;
  referenceExact: string;
  value?: number;
  agrees?: boolean;
}

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

/** Beyond this the value axis is symmetric-log. */
const LOG_FROM = 10_000;

/** Symmetric log: linear within ±1, then 1 + log10|y|, so 0 stays 0 and 10^k sits at k + 1. */
const symlog = (y: number) => Math.sign(y) * (Math.abs(y) < 1 ? Math.abs(y) : 1 + Math.log10(Math.abs(y)));
const unsymlog = (v: number) => Math.sign(v) * (Math.abs(v) <= 1 ? Math.abs(v) : 10 ** (Math.abs(v) - 1));

/** The chart drawn on each canvas, updated in place. */
const charts = new WeakMap<HTMLCanvasElement, Chart<'line'>>();

/** The chart of a reading's steps: both curves (the grammar's alone if the network did not read), the axis, the tooltips. */
export function chartConfig(steps: readonly ChartStep[], shape: Shape = {}): ChartConfiguration<'line'> {
  const network = steps.every((s) => s.value !== undefined) ? steps.map((s) => s.value as number) : undefined;
  const log = steps.some((s, i) => Math.max(Math.abs(network?.[i] ?? 0), Math.abs(s.reference)) >= LOG_FROM);
  const y = log ? symlog : (v: number) => v;
  const grammar = steps.map((s) => s.reference);
  const whole = grammar.every(Number.isInteger);
  const grammarSet = { label: 'grammar', data: grammar.map(y), borderColor: '#7cc49a', backgroundColor: '#1d7a46', borderWidth: 6, stepped: 'before' as const, pointStyle: 'rect' as const, pointRadius: 7, order: 2 };
  const networkSet = network && { label: 'network', data: network.map(y), borderColor: '#2a5bd7', backgroundColor: '#ffffff', pointBackgroundColor: steps.map((s) => (s.agrees ? '#ffffff' : '#b3261e')), borderWidth: 2, stepped: 'before' as const, pointStyle: 'circle' as const, pointRadius: 5, pointBorderWidth: 2, order: 1 };
  const running = { ...(shape.form ? { form: shape.form } : {}) };
  const config: ChartConfiguration<'line'> = {
    type: 'line',
    data: {
      labels: steps.map((s, i) => `${i + 1}. ${s.token}`),
      datasets: networkSet ? [networkSet, grammarSet] : [grammarSet],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true } },
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const step = steps[ctx.dataIndex] as ChartStep;
              const real = ctx.dataset.label === 'network' ? formatEstimate(step.value ?? 0) : showExact(step.referenceExact, running);
              return `${ctx.dataset.label}: ${real}`;
            },
          },
        },
      },
      scales: {
        x: { title: { display: true, text: 'word' } },
        y: {
          title: { display: true, text: log ? 'running value (log)' : 'running value' },
          beginAtZero: true,
          // Linear ticks keep Chart.js's own labels, already digit-grouped, at whole numbers while the values are.
          ticks: log ? { stepSize: 1, callback: (v: number | string) => formatInteger(unsymlog(Number(v))) } : whole ? { precision: 0 } : {},
        },
      },
    },
  };
  return config;
}

export function drawChart(canvas: HTMLCanvasElement, steps: readonly ChartStep[], shape: Shape = {}): void {
  const config = chartConfig(steps, shape);
  const chart = charts.get(canvas);
  if (chart) {
    chart.data = config.data;
    chart.options = config.options ?? {};
    chart.update('none');
  } else {
    charts.set(canvas, new Chart(canvas, config));
  }
}
