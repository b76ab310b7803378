// The saved form of a trained reader. Format (tfjs weights-manifest, as in any tfjs model.json):
//   model.json   { format, formatVersion, modelTopology: { format, architecture: Architecture }, weightsManifest: [{paths, weights}] }
//   weights.bin  float32 weights, decoded by tf.io.decodeWeights
//   meta.json    vocabulary, hyperparameters, dataset hash, seed, backend, training time, metrics, and
//                `health`: hashes of the files, canaries and the floor the load checks (./health.ts)
// `readerFromArtifacts` takes tf.io ModelArtifacts, so a browser loads the same files with
// `tf.io.http('/model/model.json').load()`; Node reads and writes them on disk with ./files.ts.
// Browser-safe: the page bundles this module.

import * as tf from '@tensorflow/tfjs';
import { HEAD_INPUTS, HEADS, MOVE_TARGETS, ORDERS, type LossMode } from './choices.ts';
import type { ModelHealth } from './health.ts';
import type { Form } from '../language/grammar.ts';
import { NumberReader, parameterSpecs, type Architecture } from './reader.ts';
import { OPERATION_NAMES } from './registers.ts';

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

/** meta.json's `validation`: how the saved reader read its validation split, per form, against its target. */
export interface ValidationRecord {
  /** Share of the validation split read exactly (metrics.val.exact). */
  exact: number;
  /** The same per form: an example's `written`, else its `form`, else cardinal. */
  perForm: Record<string, number>;
  /** The share the split and every form in it must reach, and why that share. */
  target: number;
  reason: string;
  /** Whether they do (targetMet). */
  met: boolean;
}

/**
 * The target a model is held to when it recorded none (saved before models recorded one) and retrain's
 * default: the product reads every phrase it was shown in validation, so anything less is a model that fails.
 */
export const DEFAULT_VALIDATION_TARGET = { target: 1, reason: 'a reader must read every validation phrase exactly' } as const;

/** The split and every form in it at least the target. */
export function targetMet(exact: number, perForm: Record<string, number>, target: number): boolean {
  return exact >= target && Object.values(perForm).every((share) => share >= target);
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
    (a.moveTarget === undefined || (MOVE_TARGETS as readonly string[]).includes(a.moveTarget)) &&
    (a.operations === undefined || (Array.isArray(a.operations) && a.operations.every((o) => (OPERATION_NAMES as readonly string[]).includes(o)))) &&
    [a.embedding, a.hidden, a.targetScale, a.expClamp].every((n) => typeof n === 'number' && Number.isFinite(n) && n > 0);
  if (!ok) throw new ModelLoadError('model.json has no valid architecture (modelTopology)');
  return a as Architecture;
}

/**
 * The weights manifest must list the architecture's parameters in the order they are saved, each float32 of
 * its shape, and describe every byte of the weights: a renamed, reshaped or retyped tensor would decode into
 * the wrong place.
 */
function checkWeightSpecs(arch: Architecture, specs: readonly tf.io.WeightsManifestEntry[], bytes: number): void {
  const expected = [...parameterSpecs(arch)];
  if (specs.length !== expected.length) throw new ModelLoadError(`model.json: ${specs.length} weights listed, the architecture has ${expected.length}`);
  let size = 0;
  for (const [i, [name, { shape }]] of expected.entries()) {
    const spec = specs[i] as tf.io.WeightsManifestEntry;
    if (spec.name !== name) throw new ModelLoadError(`model.json: weight ${i + 1} is "${spec.name}", expected "${name}"`);
    if (spec.dtype !== 'float32' || spec.quantization) throw new ModelLoadError(`model.json: weight "${name}" is ${spec.quantization ? 'quantized' : spec.dtype}, expected float32`);
    if (!Array.isArray(spec.shape) || spec.shape.join(',') !== shape.join(',')) throw new ModelLoadError(`model.json: weight "${name}" has shape [${spec.shape}], expected [${shape}]`);
    size += 4 * shape.reduce((a, b) => a * b, 1);
  }
  if (size !== bytes) throw new ModelLoadError(`the weights hold ${bytes} bytes, model.json describes ${size}`);
}

/** A reader from tfjs model artifacts (as tf.io.http or loadModel in ./files.ts produce them). */
export function readerFromArtifacts(artifacts: tf.io.ModelArtifacts): NumberReader {
  const topology = artifacts.modelTopology as { format?: string; architecture?: unknown } | undefined;
  if (topology?.format !== MODEL_FORMAT) throw new ModelLoadError(`not a ${MODEL_FORMAT} model (format "${topology?.format}")`);
  const arch = checkArchitecture(topology.architecture);
  if (!artifacts.weightSpecs || !artifacts.weightData) throw new ModelLoadError('model has no weights');
  // tf.io.http hands the weights over as one buffer per file.
  const data = artifacts.weightData;
  checkWeightSpecs(arch, artifacts.weightSpecs, Array.isArray(data) ? data.reduce((n, b) => n + b.byteLength, 0) : data.byteLength);
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
