// Model folders on disk (Node only): model.json + weights.bin + meta.json in the format of ./artifacts.ts.
// Saving goes to a temporary folder renamed into place, so an interrupted save never leaves half a model.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { recoverLeftovers, writeDirAtomically, type OwnedFolder } from '../common/atomic.ts';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, ModelLoadError, readerFromArtifacts, type ModelMeta } from './artifacts.ts';
import { recordCanaries, type ModelHealth } from './health.ts';
import { parameterSpecs, type NumberReader } from './reader.ts';
import { checkAgainstNetwork, checkFiles, checkMeta, filesSha256, sha256 } from './verify.ts';

/** A model folder holds only what saveModel writes, and its model.json is in our format. */
export const MODEL_FOLDER: OwnedFolder = {
  what: 'model',
  ownFile: /^(?:model\.json|meta\.json|weights\.bin)$/,
  isOurs: async (dir) => {
    const json = await readFile(path.join(dir, 'model.json'), 'utf8').then((text) => JSON.parse(text) as { format?: unknown }, () => undefined);
    return json?.format === MODEL_FORMAT;
  },
};

/** What a caller gives to save: everything but what the save itself records. */
export type MetaToSave = Omit<ModelMeta, 'weightsSha256' | 'health'>;

/**
 * `meta` with what the load checks (./health.ts): the hashes of `modelJson` and `weights`, the canaries
 * `reader` answers now from `validation` (the validation split's token lists), and the validation exact
 * share as the floor.
 */
export function withHealth(meta: MetaToSave, reader: NumberReader, validation: readonly (readonly string[])[], modelJson: Uint8Array, weights: Uint8Array, backend: string): ModelMeta & { health: ModelHealth } {
  const health: ModelHealth = { sha256: filesSha256(modelJson, weights), floor: meta.metrics.val.exact, backend, canaries: recordCanaries(reader, validation) };
  return { ...meta, weightsSha256: sha256(weights), health };
}

/** meta.json's text: indented, each canary on one line (a hundred of them would be thousands of lines). */
export function metaJson(meta: ModelMeta): string {
  const canaries = meta.health?.canaries ?? [];
  const text = JSON.stringify({ ...meta, ...(meta.health ? { health: { ...meta.health, canaries: canaries.map((_, i) => `\u0000${i}`) } } : {}) }, null, 2);
  return `${text.replace(/"\\u0000(\d+)"/g, (_, i: string) => JSON.stringify(canaries[Number(i)]))}\n`;
}

/**
 * Writes model.json + weights.bin + meta.json into `dir`, atomically; see checkReplaceable for `force`.
 * meta.json records the files' hashes and the canaries (./health.ts), read from `validation` on the tfjs
 * backend running now.
 */
export async function saveModel(
  dir: string,
  reader: NumberReader,
  meta: MetaToSave,
  validation: readonly (readonly string[])[],
  { force = false }: { force?: boolean } = {},
): Promise<ModelMeta> {
  const names = [...parameterSpecs(reader.arch).keys()];
  const { data, specs } = await tf.io.encodeWeights(names.map((name) => ({ name, tensor: reader.params.get(name) as tf.Tensor })));
  const weights = new Uint8Array(data);
  const modelJson = Buffer.from(
    `${JSON.stringify({ format: MODEL_FORMAT, formatVersion: MODEL_FORMAT_VERSION, modelTopology: { format: MODEL_FORMAT, architecture: reader.arch }, weightsManifest: [{ paths: ['weights.bin'], weights: specs }] }, null, 2)}\n`,
  );
  const saved = withHealth(meta, reader, validation, modelJson, weights, tf.getBackend());
  await writeDirAtomically(dir, MODEL_FOLDER, async (partial) => {
    await writeFile(path.join(partial, 'weights.bin'), weights);
    await writeFile(path.join(partial, 'model.json'), modelJson);
    await writeFile(path.join(partial, 'meta.json'), metaJson(saved));
  }, { force });
  return saved;
}

/**
 * A weights path must name a file in the model folder itself: no folder, no parent, nothing absolute (a
 * model.json from elsewhere must not read the disk outside its folder).
 */
function checkWeightsPath(file: unknown): string {
  const plain = typeof file === 'string' && file !== '' && file !== '.' && file !== '..' && !/[\\/\0]/.test(file) && !/^[A-Za-z]:/.test(file);
  if (!plain) throw new ModelLoadError(`model.json: the weights path ${JSON.stringify(file)} is not a file name in the model folder`);
  return file;
}

interface ModelFiles {
  artifacts: tf.io.ModelArtifacts;
  /** model.json's and the weights' bytes, as read (the hash is over them). */
  modelJson: Uint8Array;
  weights: Uint8Array;
}

/** Reads model.json's artifacts from disk the way tf.io.http does over the network, with the bytes read. */
async function readModelFiles(dir: string): Promise<ModelFiles> {
  const modelPath = path.join(dir, 'model.json');
  let modelJson: Buffer;
  let json: tf.io.ModelJSON;
  try {
    modelJson = await readFile(modelPath);
    json = JSON.parse(modelJson.toString('utf8')) as tf.io.ModelJSON;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ModelLoadError(`cannot read ${modelPath}: ${reason}`);
  }
  if (!Array.isArray(json.weightsManifest) || !json.weightsManifest.every((group) => Array.isArray(group?.paths) && Array.isArray(group.weights))) {
    throw new ModelLoadError('model.json: "weightsManifest" must be a list of {paths, weights}');
  }
  const files = json.weightsManifest.flatMap((group) => group.paths.map(checkWeightsPath));
  const buffers = await Promise.all(
    files.map((file) =>
      readFile(path.join(dir, file)).catch(() => {
        throw new ModelLoadError(`cannot read weights file ${path.join(dir, file)}`);
      }),
    ),
  );
  const weights = new Uint8Array(Buffer.concat(buffers));
  const artifacts = await tf.io.getModelArtifactsForJSON(json, async (manifest) => [manifest.flatMap((group) => group.weights), weights.buffer as ArrayBuffer]);
  return { artifacts, modelJson, weights };
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
 * Reader and metadata from a model folder, verified (src/model/verify.ts; what it reads is ./health.ts's
 * part). A save killed between its two renames is recovered first (src/common/atomic.ts). `requireHealth:
 * false` only for the migration of a model saved before meta.json recorded `health`.
 */
export async function loadModel(
  dir: string,
  { requireHealth = true }: { requireHealth?: boolean } = {},
): Promise<{ reader: NumberReader; meta: ModelMeta; bytes: Pick<ModelFiles, 'modelJson' | 'weights'> }> {
  await recoverLeftovers(path.dirname(path.resolve(dir)));
  // Both are read at once, but a folder missing both files reports model.json every time, not whichever
  // read lost the race: the same folder always gets the same error.
  const [filesRead, metaRead] = await Promise.allSettled([readModelFiles(dir), loadMeta(dir)]);
  if (filesRead.status === 'rejected') throw filesRead.reason;
  if (metaRead.status === 'rejected') throw metaRead.reason;
  const [{ artifacts, modelJson, weights }, meta] = [filesRead.value, metaRead.value];
  // What the files are comes first (a folder of something else is told so), then whether they are the saved bytes.
  const reader = readerFromArtifacts(artifacts);
  try {
    checkFiles(meta, modelJson, weights, { dir, requireHealth });
    checkAgainstNetwork(meta, reader.arch, path.join(dir, 'meta.json'));
  } catch (error) {
    reader.dispose();
    throw error;
  }
  return { reader, meta, bytes: { modelJson, weights } };
}

