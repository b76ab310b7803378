// Reading a model folder from disk without tfjs (Node only): model.json's architecture and weights manifest,
// the weights decoded into float32 arrays (./weights.ts) and meta.json, all verified (./verify.ts). The tfjs
// reader (./files.ts) and the served reading without tfjs (src/reading/node.ts) both load through here.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { recoverLeftovers } from '../common/atomic.ts';
import type { ModelMeta } from './artifacts.ts';
import type { Architecture } from './reader.ts';
import { checkAgainstNetwork, checkFiles, checkMeta } from './verify.ts';
import { architectureOf, decodeWeights, ModelLoadError, type WeightSpec } from './weights.ts';

/** model.json's and the weights' bytes, as read (the hash is over them). */
export interface ModelBytes {
  modelJson: Uint8Array;
  weights: Uint8Array;
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

interface ModelJson {
  modelTopology?: unknown;
  weightsManifest?: { paths: unknown[]; weights: WeightSpec[] }[];
}

/** model.json parsed and the weights files it names read, in order, as one run of bytes. */
async function readModelFiles(dir: string): Promise<ModelBytes & { json: ModelJson }> {
  const modelPath = path.join(dir, 'model.json');
  let modelJson: Buffer;
  let json: ModelJson;
  try {
    modelJson = await readFile(modelPath);
    json = JSON.parse(modelJson.toString('utf8')) as ModelJson;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ModelLoadError(`cannot read ${modelPath}: ${reason}`);
  }
  const manifest = json?.weightsManifest;
  if (!Array.isArray(manifest) || !manifest.every((group) => Array.isArray(group?.paths) && Array.isArray(group.weights))) {
    throw new ModelLoadError('model.json: "weightsManifest" must be a list of {paths, weights}');
  }
  const files = manifest.flatMap((group) => group.paths.map(checkWeightsPath));
  const buffers = await Promise.all(
    files.map((file) =>
      readFile(path.join(dir, file)).catch(() => {
        throw new ModelLoadError(`cannot read weights file ${path.join(dir, file)}`);
      }),
    ),
  );
  return { json, modelJson, weights: new Uint8Array(Buffer.concat(buffers)) };
}

async function loadMeta(dir: string): Promise<ModelMeta> {
  const metaPath = path.join(dir, 'meta.json');
  try {
    return checkMeta(JSON.parse(await readFile(metaPath, 'utf8')), metaPath);
  } catch (error) {
    if (error instanceof ModelLoadError) throw error;
    throw new ModelLoadError(`cannot read ${metaPath}: ${(error as Error).message}`);
  }
}

/**
 * Architecture, weights and metadata from a model folder, verified (./verify.ts; what it reads is
 * ./health.ts's part). A save killed between its two renames is recovered first (src/common/atomic.ts).
 * `requireHealth: false` only for the migration of a model saved before meta.json recorded `health`.
 */
export async function readModel(
  dir: string,
  { requireHealth = true }: { requireHealth?: boolean } = {},
): Promise<{ arch: Architecture; weights: Map<string, Float32Array>; meta: ModelMeta; bytes: ModelBytes }> {
  await recoverLeftovers(path.dirname(path.resolve(dir)));
  // Both are read at once, but a folder missing both files reports model.json every time, not whichever
  // read lost the race: the same folder always gets the same error.
  const [filesRead, metaRead] = await Promise.allSettled([readModelFiles(dir), loadMeta(dir)]);
  if (filesRead.status === 'rejected') throw filesRead.reason;
  if (metaRead.status === 'rejected') throw metaRead.reason;
  const [{ json, modelJson, weights: bytes }, meta] = [filesRead.value, metaRead.value];
  // What the files are comes first (a folder of something else is told so), then whether they are the saved bytes.
  const arch = architectureOf(json.modelTopology);
  const weights = decodeWeights(arch, (json.weightsManifest ?? []).flatMap((group) => group.weights), bytes);
  checkFiles(meta, modelJson, bytes, { dir, requireHealth });
  checkAgainstNetwork(meta, arch, path.join(dir, 'meta.json'));
  return { arch, weights, meta, bytes: { modelJson, weights: bytes } };
}
