// Metrics of a trained reader on examples: MAE of the final prediction, exact-match after rounding, and MAE
// of the per-token running predictions against the grammar's running values. Also the paper's Table 3 rows
// we report beside our own.

import type { Example } from '../data/dataset.ts';
import { formatPercent } from '../language/format.ts';
import type { SplitMetrics } from '../model/artifacts.ts';
import { predictRunning, type InferenceOptions, type RunningPrediction, type ServedReader } from '../model/running.ts';

/** Trask et al. 2018, Table 3 (MAE), as widely cited. */
export const PAPER_TABLE = {
  linear: { train: 0.003, val: 29.9, test: 29.4 },
  nac: { train: 80.0, val: 114.1, test: 114.3 },
  nalu: { train: 0.12, val: 0.39, test: 0.41 },
} as const;

export function evaluateExamples(reader: ServedReader, examples: readonly Example[], options?: InferenceOptions): SplitMetrics {
  if (examples.length === 0) return { n: 0, mae: NaN, exact: NaN, runningMae: NaN, relativeError: NaN };
  const predictions = predictRunning(reader, examples.map((e) => e.tokens), { roundRegisters: true, ...options, record: 'values' });
  let absFinal = 0;
  let exact = 0;
  let absRunning = 0;
  let relative = 0;
  let tokens = 0;
  examples.forEach((example, i) => {
    const values = (predictions[i] as RunningPrediction).values;
    const final = values[values.length - 1] as number;
    absFinal += Math.abs(final - example.value);
    relative += Math.abs(final - example.value) / Math.max(1, Math.abs(example.value));
    if (Math.round(final) === example.value) exact++;
    values.forEach((v, t) => (absRunning += Math.abs(v - (example.running[t] as number))));
    tokens += values.length;
  });
  return { n: examples.length, mae: absFinal / examples.length, exact: exact / examples.length, runningMae: absRunning / tokens, relativeError: relative / examples.length };
}

export function evaluateDataset(reader: ServedReader, splits: Record<'train' | 'val' | 'test', readonly Example[]>): Record<'train' | 'val' | 'test', SplitMetrics> {
  return { train: evaluateExamples(reader, splits.train), val: evaluateExamples(reader, splits.val), test: evaluateExamples(reader, splits.test) };
}

export interface Miss {
  phrase: string;
  /** The network's final value, rounded as exact-match rounds it. */
  network: number;
  /** The grammar's value: the example's label. */
  grammar: number;
}

/** The first `limit` examples whose rounded final prediction is not the value, in the examples' order. */
export function listMisses(reader: ServedReader, examples: readonly Example[], limit: number): Miss[] {
  const predictions = predictRunning(reader, examples.map((e) => e.tokens), { roundRegisters: true, record: 'values' });
  const misses: Miss[] = [];
  for (const [i, example] of examples.entries()) {
    if (misses.length >= limit) break;
    const values = (predictions[i] as RunningPrediction).values;
    const network = Math.round(values[values.length - 1] as number);
    if (network !== example.value) misses.push({ phrase: example.phrase, network, grammar: example.value });
  }
  return misses;
}

const fmt = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const pct = (x: number) => (Number.isFinite(x) ? formatPercent(x) : '—');

/**
 * A Markdown table of our metrics per split. On a paper-rule split (`split` "paper") the paper's Table 3
 * rows follow; on any other data its figures measure something else and are left out.
 */
export function metricsTable(head: string, loss: string, metrics: Record<'train' | 'val' | 'test', SplitMetrics>, split: string): string {
  const rows = [
    '| | train | validation | test |',
    '|---|---|---|---|',
    `| MAE (final value) | ${fmt(metrics.train.mae)} | ${fmt(metrics.val.mae)} | ${fmt(metrics.test.mae)} |`,
    `| exact after rounding | ${pct(metrics.train.exact)} | ${pct(metrics.val.exact)} | ${pct(metrics.test.exact)} |`,
    `| MAE per token (running values) | ${fmt(metrics.train.runningMae)} | ${fmt(metrics.val.runningMae)} | ${fmt(metrics.test.runningMae)} |`,
    `| phrases | ${metrics.train.n} | ${metrics.val.n} | ${metrics.test.n} |`,
  ];
  // The paper's figures come from its protocol (final value only): beside a head trained that way they
  // compare like with like; beside anything else they are context, said so.
  if (split !== 'paper') return rows.join('\n');
  const comparable = loss === 'final' && head in PAPER_TABLE;
  for (const [name, row] of Object.entries(PAPER_TABLE)) {
    const mark = name === head ? ' (same head)' : '';
    rows.push(`| paper: LSTM + ${name.toUpperCase()} MAE${mark}${comparable ? '' : ', final-value protocol: not comparable'} | ${row.train} | ${row.val} | ${row.test} |`);
  }
  return rows.join('\n');
}
