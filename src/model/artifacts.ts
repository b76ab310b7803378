// The saved form of a trained reader. Format (tfjs weights-manifest, as in any tfjs model.json):
//   model.json   { format, formatVersion, modelTopology: { format, architecture: Architecture }, weightsManifest: [{paths, weights}] }
//   weights.bin  float32 weights, decoded by ./weights.ts (without tfjs)
//   meta.json    vocabulary, hyperparameters, dataset hash, seed, backend, training time, metrics, and
//                `health`: hashes of the files, canaries and the floor the load checks (./health.ts)
// `readerFromArtifacts` takes tf.io ModelArtifacts, so a browser loads the same files with
// `tf.io.http('/model/model.json').load()`; Node reads and writes them on disk with ./files.ts.
// Browser-safe: the page bundles this module.

import type * as tf from '@tensorflow/tfjs';
import type { LossMode } from './choices.ts';
import type { ModelHealth } from './health.ts';
import type { Form } from '../language/grammar.ts';
import type { ValidationRecord } from './validation.ts';
import { NumberReader, type Architecture } from './reader.ts';
import { architectureOf, decodeWeights, ModelLoadError } from './weights.ts';

/** Metrics of a reader on one split, as meta.json records them (computed by src/evaluation/evaluate.ts). */
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

export interface ModelMeta {
  name: string;
  head: Architecture['head'];
  loss: LossMode;
  vocabulary: string[];
  /** Longest phrase (in tokens) seen in training; longer ones still run. */
  maxTokens: number;
  /** The full training configuration (src/training/config.ts), recorded for a rerun; the reader never reads it. */
  hyperparameters: object;
  /** The version of `hyperparameters` (absent: written before versions, possibly lacking newer options). */
  configVersion?: number;
  dataset: { path: string; hash: string; counts: Record<string, number> };
  /** The forms of the training phrases, when more than cardinals: the network answers those as its own. */
  forms?: Form[];
  seed: number;
  backend: string;
  trainingSeconds: number;
  epochsRun: number;
  bestEpoch: number;
  stoppedBy: string;
  createdAt: string;
  metrics: Record<'train' | 'val' | 'test', SplitMetrics>;
  /** sha256 of the weights (weights.bin), recorded at save and checked at load. */
  weightsSha256?: string;
  /** Recorded at save; a model without it is refused until migrated (src/cli/migrate-model.ts). */
  health?: ModelHealth;
  /** Recorded at save; a model without it (the committed ones) is held to DEFAULT_VALIDATION_TARGET on metrics.val.exact (src/reading/validation.ts). */
  validation?: ValidationRecord;
}

/** A reader from tfjs model artifacts (as tf.io.http produces them), decoded by ./weights.ts. */
export function readerFromArtifacts(artifacts: tf.io.ModelArtifacts): NumberReader {
  const arch = architectureOf(artifacts.modelTopology);
  if (!artifacts.weightSpecs || !artifacts.weightData) throw new ModelLoadError('model has no weights');
  // tf.io.http hands the weights over as one buffer per file.
  const buffers = [artifacts.weightData].flat().map((b) => new Uint8Array(b));
  const bytes = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  buffers.reduce((at, b) => (bytes.set(b, at), at + b.byteLength), 0);
  return NumberReader.fromArrays(arch, decodeWeights(arch, artifacts.weightSpecs, bytes));
}
