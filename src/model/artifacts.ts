// Saving and loading a trained reader. Format (tfjs weights-manifest, as in any tfjs model.json):
//   model.json   { format, formatVersion, modelTopology: Architecture, weightsManifest: [{paths, weights}] }
//   weights.bin  float32 weights, decoded by tf.io.decodeWeights
//   meta.json    vocabulary, hyperparameters, dataset hash, seed, backend, training time, metrics
// `readerFromArtifacts` takes tf.io ModelArtifacts, so a browser loads the same files with
// `tf.io.http('/model/model.json').load()`; Node reads and writes them on disk with ./files.ts.
// Browser-safe: the page bundles this module.

import * as tf from '@tensorflow/tfjs';
import { HEAD_INPUTS, HEADS, ORDERS, type LossMode } from './choices.ts';
import { NumberReader, type Architecture } from './reader.ts';

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

export const MODEL_FORMAT = 'nalu-words-reader';
export const MODEL_FORMAT_VERSION = 1;

export interface ModelMeta {
  name: string;
  head: Architecture['head'];
  loss: LossMode;
  vocabulary: string[];
  /** Longest phrase (in tokens) seen in training; longer ones still run. */
  maxTokens: number;
  /** The training configuration (src/training/config.ts), recorded for a rerun; the reader never reads it. */
  hyperparameters: object;
  dataset: { path: string; hash: string; counts: Record<string, number> };
  seed: number;
  backend: string;
  trainingSeconds: number;
  epochsRun: number;
  bestEpoch: number;
  stoppedBy: string;
  createdAt: string;
  metrics: Record<'train' | 'val' | 'test', SplitMetrics>;
  /** sha256 of the weights (weights.bin), recorded at save and checked at load; absent in older models. */
  weightsSha256?: string;
}

export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

function checkArchitecture(value: unknown): Architecture {
  const a = value as Partial<Architecture> | undefined;
  const ok =
    a &&
    (HEADS as readonly string[]).includes(a.head as string) &&
    Array.isArray(a.vocabulary) &&
    a.vocabulary.every((w) => typeof w === 'string') &&
    (a.headInput === undefined || (HEAD_INPUTS as readonly string[]).includes(a.headInput)) &&
    (a.order === undefined || (ORDERS as readonly string[]).includes(a.order)) &&
    [a.embedding, a.hidden, a.targetScale, a.expClamp].every((n) => typeof n === 'number' && Number.isFinite(n) && n > 0);
  if (!ok) throw new ModelLoadError('model.json has no valid architecture (modelTopology)');
  return a as Architecture;
}

/** A reader from tfjs model artifacts (as tf.io.http or loadReader produce them). */
export function readerFromArtifacts(artifacts: tf.io.ModelArtifacts): NumberReader {
  const topology = artifacts.modelTopology as { format?: string; architecture?: unknown } | undefined;
  if (topology?.format !== MODEL_FORMAT) throw new ModelLoadError(`not a ${MODEL_FORMAT} model (format "${topology?.format}")`);
  const arch = checkArchitecture(topology.architecture);
  if (!artifacts.weightSpecs || !artifacts.weightData) throw new ModelLoadError('model has no weights');
  let tensors: tf.NamedTensorMap;
  try {
    tensors = tf.io.decodeWeights(artifacts.weightData as ArrayBuffer, artifacts.weightSpecs);
  } catch (error) {
    throw new ModelLoadError(`weights do not decode: ${(error as Error).message}`);
  }
  try {
    return NumberReader.fromTensors(arch, tensors);
  } catch (error) {
    throw new ModelLoadError((error as Error).message);
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
