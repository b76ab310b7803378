// Model folders on disk (Node only): model.json + weights.bin + meta.json in the format of ./artifacts.ts.
// Saving goes to a temporary folder renamed into place, so an interrupted save never leaves half a model.
// Loading reads and checks the folder without tfjs (./folder.ts), then makes the tfjs reader of it.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeDirAtomically, type OwnedFolder } from '../common/atomic.ts';
import type { ModelMeta } from './artifacts.ts';
import { readModel, type ModelBytes } from './folder.ts';
import { recordCanaries, type ModelHealth } from './health.ts';
import { NumberReader } from './reader.ts';
import { filesSha256, sha256 } from './verify.ts';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, parameterSpecs } from './weights.ts';

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
 * The tfjs reader and metadata from a model folder, verified (./folder.ts). `requireHealth: false` only for
 * the migration of a model saved before meta.json recorded `health`.
 */
export async function loadModel(
  dir: string,
  { requireHealth = true }: { requireHealth?: boolean } = {},
): Promise<{ reader: NumberReader; meta: ModelMeta; bytes: ModelBytes }> {
  const { arch, weights, meta, bytes } = await readModel(dir, { requireHealth });
  return { reader: NumberReader.fromArrays(arch, weights), meta, bytes };
}
