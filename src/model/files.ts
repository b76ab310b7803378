// Model folders on disk (Node only): model.json + weights.bin + meta.json in the format of ./artifacts.ts.
// Saving goes to a temporary folder renamed into place, so an interrupted save never leaves half a model.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { recoverLeftovers, writeDirAtomically, type OwnedFolder } from '../common/atomic.ts';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, ModelLoadError, readerFromArtifacts, type ModelMeta } from './artifacts.ts';
import { parameterSpecs, type NumberReader } from './reader.ts';
import { checkMeta, checkVocabulary, checkWeights, sha256 } from './verify.ts';

/** A model folder holds only what saveModel writes, and its model.json is in our format. */
export const MODEL_FOLDER: OwnedFolder = {
  what: 'model',
  ownFile: /^(?:model\.json|meta\.json|weights\.bin)$/,
  isOurs: async (dir) => {
    const json = await readFile(path.join(dir, 'model.json'), 'utf8').then((text) => JSON.parse(text) as { format?: unknown }, () => undefined);
    return json?.format === MODEL_FORMAT;
  },
};

/** Writes model.json + weights.bin + meta.json into `dir`, atomically; see checkReplaceable for `force`. */
export async function saveModel(dir: string, reader: NumberReader, meta: ModelMeta, { force = false }: { force?: boolean } = {}): Promise<void> {
  await writeDirAtomically(dir, MODEL_FOLDER, async (partial) => {
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
  }, { force });
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
 * renames is recovered first (src/common/atomic.ts).
 */
export async function loadModel(
  dir: string,
  { warn = (line: string) => process.stderr.write(`warning: ${line}\n`) }: { warn?: (line: string) => void } = {},
): Promise<{ reader: NumberReader; meta: ModelMeta }> {
  await recoverLeftovers(path.dirname(path.resolve(dir)));
  // Both are read at once, but a folder missing both files reports model.json every time, not whichever
  // read lost the race (it made a test flaky).
  const [artifactsRead, metaRead] = await Promise.allSettled([readArtifacts(dir), loadMeta(dir)]);
  if (artifactsRead.status === 'rejected') throw artifactsRead.reason;
  if (metaRead.status === 'rejected') throw metaRead.reason;
  const [artifacts, meta] = [artifactsRead.value, metaRead.value];
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
