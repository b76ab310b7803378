// Saving and loading a trained reader. Format (tfjs weights-manifest, as in any tfjs model.json):
//   model.json   { format, formatVersion, modelTopology: Architecture, weightsManifest: [{paths, weights}] }
//   weights.bin  float32 weights, decoded by tf.io.decodeWeights
//   meta.json    vocabulary, hyperparameters, dataset hash, seed, backend, training time, metrics
// `readerFromArtifacts` takes tf.io ModelArtifacts, so a browser loads the same files with
// `tf.io.http('/models/default/model.json').load()`; Node reads them from disk with `loadModel`.
// Saving goes to a temporary folder renamed into place, so an interrupted save never leaves half a model.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { recoverLeftovers, writeDirAtomically } from '../atomic.ts';
import { HEADS, type TrainConfig } from '../config.ts';
import type { SplitMetrics } from '../evaluate.ts';
import { NumberReader, parameterSpecs, type Architecture } from './reader.ts';
import { checkMeta, checkVocabulary, checkWeights, sha256 } from './verify.ts';

export const MODEL_FORMAT = 'nalu-words-reader';
export const MODEL_FORMAT_VERSION = 1;

export interface ModelMeta {
  name: string;
  head: Architecture['head'];
  loss: TrainConfig['loss'];
  vocabulary: string[];
  /** Longest phrase (in tokens) seen in training; longer ones still run. */
  maxTokens: number;
  hyperparameters: TrainConfig;
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

/** Writes model.json + weights.bin + meta.json into `dir`, atomically. */
export async function saveModel(dir: string, reader: NumberReader, meta: ModelMeta): Promise<void> {
  await writeDirAtomically(dir, async (partial) => {
    const names = [...parameterSpecs(reader.arch).keys()];
    const { data, specs } = await tf.io.encodeWeights(names.map((name) => ({ name, tensor: reader.params.get(name) as tf.Tensor })));
    const modelJson = {
      format: MODEL_FORMAT,
      formatVersion: MODEL_FORMAT_VERSION,
      modelTopology: { format: MODEL_FORMAT, architecture: reader.arch },
      weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
    };
    await writeFile(path.join(partial, 'weights.bin'), Buffer.from(data));
    await writeFile(path.join(partial, 'model.json'), `${JSON.stringify(modelJson, null, 2)}\n`);
    await writeFile(path.join(partial, 'meta.json'), `${JSON.stringify({ ...meta, weightsSha256: sha256(data) }, null, 2)}\n`);
  });
}

/** Reads model.json's artifacts from disk the way tf.io.http does over the network. */
export async function readArtifacts(dir: string): Promise<tf.io.ModelArtifacts> {
  const modelPath = path.join(dir, 'model.json');
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(await readFile(modelPath, 'utf8')) as tf.io.ModelJSON;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ModelLoadError(`cannot read ${modelPath}: ${reason}`);
  }
  return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
    const specs = manifest.flatMap((group) => group.weights);
    const buffers = await Promise.all(
      manifest.flatMap((group) => group.paths).map(async (file) => {
        const bytes = await readFile(path.join(dir, file)).catch(() => {
          throw new ModelLoadError(`cannot read weights file ${path.join(dir, file)}`);
        });
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      }),
    );
    const total = buffers.reduce((n, b) => n + b.byteLength, 0);
    const joined = new Uint8Array(total);
    let offset = 0;
    for (const b of buffers) {
      joined.set(new Uint8Array(b), offset);
      offset += b.byteLength;
    }
    return [specs, joined.buffer];
  });
}

export async function loadMeta(dir: string): Promise<ModelMeta> {
  const metaPath = path.join(dir, 'meta.json');
  try {
    return checkMeta(JSON.parse(await readFile(metaPath, 'utf8')), metaPath);
  } catch (error) {
    if (error instanceof ModelLoadError) throw error;
    throw new ModelLoadError(`cannot read ${metaPath}: ${(error as Error).message}`);
  }
}

/**
 * Reader and metadata from a model folder, verified (src/model/verify.ts). A save killed between its two
 * renames is recovered first (src/atomic.ts).
 */
export async function loadModel(
  dir: string,
  { warn = (line: string) => process.stderr.write(`warning: ${line}\n`) }: { warn?: (line: string) => void } = {},
): Promise<{ reader: NumberReader; meta: ModelMeta }> {
  await recoverLeftovers(path.dirname(path.resolve(dir)));
  const [artifacts, meta] = await Promise.all([readArtifacts(dir), loadMeta(dir)]);
  const reader = readerFromArtifacts(artifacts);
  try {
    checkWeights(meta, artifacts.weightData as ArrayBuffer, warn);
    checkVocabulary(meta, reader.arch, path.join(dir, 'meta.json'));
  } catch (error) {
    reader.dispose();
    throw error;
  }
  return { reader, meta };
}
