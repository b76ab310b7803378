// A reader run over token lists: per-token predictions in value units, through the float64 served path for
// the register head's plain reading and through the tfjs forward pass otherwise. No tfjs here: a reader of
// plain arrays (./weights.ts) serves the register head without it.

import { FastRegisterReader, type Keep } from './fast.ts';
import type { Architecture, ForwardOptions } from './reader.ts';
import { encodeTokens, modelVocabulary, type Weight } from './weights.ts';

/**
 * What the readings need of a reader: its architecture and weights, and the tfjs forward pass where it has
 * one (a NumberReader of ./reader.ts; an ArrayReader of ./weights.ts has none).
 */
export interface ServedReader {
  readonly arch: Architecture;
  readonly params: ReadonlyMap<string, Weight>;
  runningTfjs?(rows: readonly number[][], options?: InferenceOptions, batchSize?: number): RunningPrediction[];
  dispose(): void;
}

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
  reader: ServedReader,
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
  if (!reader.runningTfjs) throw new Error('this reader was loaded without tfjs: it reads the register head plainly, nothing else');
  return reader.runningTfjs(rows, options, batchSize);
}

/**
 * predictRunning for a reader whose weights no longer change (a loaded model being served): the register
 * head's float reader is built once, not per call — for one phrase, building it cost as much as reading.
 */
export function servedRunning(reader: ServedReader): (tokenLists: readonly string[][], options?: InferenceOptions) => RunningPrediction[] {
  let fast: FastRegisterReader | undefined;
  const floatReader = () => (fast ??= new FastRegisterReader(reader));
  return (tokenLists, options = { roundRegisters: true }) => predictRunning(reader, tokenLists, options, undefined, floatReader);
}
