// Both running values per word, drawn as steps (a running value holds until the next word changes it), so
// both always show: the grammar as wide steps with square markers under the network's thin steps with round
// markers (they coincide when the network is right), a red marker where the network is off. The value axis
// starts at 0, so one or two words get a readable scale, not 8.5–9.5; once values pass 10^4 it is
// symmetric-log, or every word before "thousand" would sit on a flat 0.

import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';
import { formatEstimate, formatInteger } from '../language/format.ts';
import type { Step } from '../reading/predict.ts';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

/** Beyond this the value axis is symmetric-log. */
const LOG_FROM = 10_000;

/** Symmetric log: linear within ±1, then 1 + log10|y|, so 0 stays 0 and 10^k sits at k + 1. */
const symlog = (y: number) => Math.sign(y) * (Math.abs(y) < 1 ? Math.abs(y) : 1 + Math.log10(Math.abs(y)));
const unsymlog = (v: number) => Math.sign(v) * (Math.abs(v) <= 1 ? Math.abs(v) : 10 ** (Math.abs(v) - 1));

let chart: Chart<'line'> | undefined;

/** The chart of a reading's steps: both curves, the axis, the tooltips. */
export function chartConfig(steps: readonly Step[]): ChartConfiguration<'line'> {
  const log = steps.some((s) => Math.max(Math.abs(s.value), Math.abs(s.reference)) >= LOG_FROM);
  const y = log ? symlog : (v: number) => v;
  const network = steps.map((s) => s.value);
  const grammar = steps.map((s) => s.reference);
  const config: ChartConfiguration<'line'> = {
    type: 'line',
    data: {
      labels: steps.map((s, i) => `${i + 1}. ${s.token}`),
      datasets: [
        { label: 'network', data: network.map(y), borderColor: '#2a5bd7', backgroundColor: '#ffffff', pointBackgroundColor: steps.map((s) => (s.agrees ? '#ffffff' : '#b3261e')), borderWidth: 2, stepped: 'before', pointStyle: 'circle', pointRadius: 5, pointBorderWidth: 2, order: 1 },
        { label: 'grammar', data: grammar.map(y), borderColor: '#7cc49a', backgroundColor: '#1d7a46', borderWidth: 6, stepped: 'before', pointStyle: 'rect', pointRadius: 7, order: 2 },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true } },
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const real = ctx.datasetIndex === 0 ? formatEstimate(network[ctx.dataIndex] ?? 0) : formatInteger(grammar[ctx.dataIndex] ?? 0);
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
          // Linear ticks keep Chart.js's own labels, already digit-grouped, at whole numbers only.
          ticks: log ? { stepSize: 1, callback: (v: number | string) => formatInteger(unsymlog(Number(v))) } : { precision: 0 },
        },
      },
    },
  };
  return config;
}

export function drawChart(canvas: HTMLCanvasElement, steps: readonly Step[]): void {
  const config = chartConfig(steps);
  if (chart) {
    chart.data = config.data;
    chart.options = config.options ?? {};
    chart.update('none');
  } else {
    chart = new Chart(canvas, config);
  }
}
