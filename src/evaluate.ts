// Metrics of a trained reader on examples: MAE of the final prediction, exact-match after rounding, and MAE
// of the per-token running predictions against the grammar's running values. Also the paper's Table 3 rows
// we report beside our own.

import * as tf from '@tensorflow/tfjs';
import type { Example } from './dataset.ts';
import { formatPercent } from './format.ts';
import { encodeTokens, modelVocabulary, padBatch } from './model/encode.ts';
import { FastRegisterReader, type Keep } from './model/fast.ts';
import { groupsValue } from './model/nalu.ts';
import type { ForwardOptions, NumberReader } from './model/reader.ts';

export interface SplitMetrics {
  n: number;
  /** Mean |prediction − value| of the final prediction. */
  mae: number;
  /** Share of phrases whose rounded final prediction equals the value. */
  exact: number;
  /** Mean |running prediction − running value| over every token. */
  runningMae: number;
  /** Mean |prediction − value| / max(1, value) of the final prediction: every magnitude counts alike. */
  relativeError: number;
}

/** Trask et al. 2018, Table 3 (MAE), as widely cited. */
export const PAPER_TABLE = {
  linear: { train: 0.003, val: 29.9, test: 29.4 },
  nac: { train: 80.0, val: 114.1, test: 114.3 },
  nalu: { train: 0.12, val: 0.39, test: 0.41 },
} as const;

export interface RunningPrediction {
  /** Per token, in value units. */
  values: number[];
  /** Register head: per token, the base-1000 groups (units first). */
  groups?: number[][];
  /** Per token head internals (NALU gate or the register head's operation). */
  trace: Record<string, number[]>;
}

/** How to run the reader at inference; by default the register head rounds its registers every token. */
export type InferenceOptions = Pick<ForwardOptions, 'roundRegisters' | 'hiddenOverride' | 'impliedOverride' | 'perWordMean'> & {
  /** What the caller needs per token, by default everything; the float path then records no more. */
  record?: Keep;
};

/**
 * Runs the reader over token lists in batches; returns per-token predictions in value units. The register
 * head's value is assembled from its groups in float64, so integer groups give exact integers to 2^53.
 */
export function predictRunning(
  reader: NumberReader,
  tokenLists: readonly string[][],
  options: InferenceOptions = { roundRegisters: true },
  batchSize = 512,
  floatReader: () => FastRegisterReader = () => new FastRegisterReader(reader),
): RunningPrediction[] {
  const vocab = modelVocabulary(reader.arch.vocabulary);
  const rows = tokenLists.map((tokens) => encodeTokens(vocab, tokens));
  // The register head's plain reading (rounded registers, nothing ablated) runs outside tfjs (src/model/
  // fast.ts): the same numbers as the tfjs forward pass (test/fast.test.ts), hundreds of times faster a phrase.
  const plain = options.roundRegisters && !options.hiddenOverride && !options.impliedOverride && !options.perWordMean;
  if (reader.arch.head === 'registers' && plain) {
    return floatReader().readMany(rows, options.record);
  }
  return predictRunningTfjs(reader, rows, options, batchSize);
}

/**
 * predictRunning for a reader whose weights no longer change (a loaded model being served): the register
 * head's float reader is built once, not per call — for one phrase, building it cost as much as reading.
 */
export function servedRunning(reader: NumberReader): (tokenLists: readonly string[][], options?: InferenceOptions) => RunningPrediction[] {
  let fast: FastRegisterReader | undefined;
  const floatReader = () => (fast ??= new FastRegisterReader(reader));
  return (tokenLists, options = { roundRegisters: true }) => predictRunning(reader, tokenLists, options, undefined, floatReader);
}

/** predictRunning through the tfjs forward pass, in batches, from token ids. */
export function predictRunningTfjs(reader: NumberReader, rows: readonly number[][], options: InferenceOptions = { roundRegisters: true }, batchSize = 512): RunningPrediction[] {
  const out: RunningPrediction[] = [];
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = padBatch(rows.slice(start, start + batchSize));
    // Read outside tf.tidy: tidy would walk every number of the returned arrays looking for tensors.
    const result = reader.forward(batch.ids, options);
    const values = result.values.arraySync();
    const groups = result.groups?.arraySync();
    const trace = Object.fromEntries(Object.entries(result.trace).map(([k, v]) => [k, v.arraySync()]));
    tf.dispose([batch.ids, result.values, ...(result.groups ? [result.groups] : []), ...Object.values(result.trace)]);
    batch.lengths.forEach((len, b) => {
      const rowGroups = groups?.[b]?.slice(0, len);
      out.push({
        values: rowGroups ? rowGroups.map(groupsValue) : (values[b] as number[]).slice(0, len).map((v) => v * reader.arch.targetScale),
        ...(rowGroups ? { groups: rowGroups } : {}),
        trace: Object.fromEntries(Object.entries(trace).map(([k, v]) => [k, (v[b] as number[]).slice(0, len)])),
      });
    });
  }
  return out;
}

export function evaluateExamples(reader: NumberReader, examples: readonly Example[], options?: InferenceOptions): SplitMetrics {
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
    relative += Math.abs(final - example.value) / Math.max(1, example.value);
    if (Math.round(final) === example.value) exact++;
    values.forEach((v, t) => (absRunning += Math.abs(v - (example.running[t] as number))));
    tokens += values.length;
  });
  return { n: examples.length, mae: absFinal / examples.length, exact: exact / examples.length, runningMae: absRunning / tokens, relativeError: relative / examples.length };
}

export function evaluateDataset(reader: NumberReader, splits: Record<'train' | 'val' | 'test', readonly Example[]>): Record<'train' | 'val' | 'test', SplitMetrics> {
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
export function listMisses(reader: NumberReader, examples: readonly Example[], limit: number): Miss[] {
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
