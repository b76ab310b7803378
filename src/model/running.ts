// A reader run over token lists: per-token predictions in value units, through the float64 served path for
// the register head's plain reading and through the tfjs forward pass otherwise.

import * as tf from '@tensorflow/tfjs';
import { encodeTokens, modelVocabulary, padBatch } from './encode.ts';
import { FastRegisterReader, type Keep } from './fast.ts';
import { groupsValue } from './nalu.ts';
import type { ForwardOptions, NumberReader } from './reader.ts';

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
  // fast.ts): the same numbers as the tfjs forward pass (test/model/fast.test.ts), hundreds of times faster a phrase.
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
