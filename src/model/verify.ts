// Checks a model folder before it is served: meta.json has every field the app reads, with the right type
// (extra fields are fine: newer models add some); the weights are the bytes that were saved (sha256 recorded
// in meta.json at save); and the network gives finite outputs on its own vocabulary. Each failure is one
// line naming what is wrong.

import { createHash } from 'node:crypto';
import type { RunningPrediction } from './running.ts';
import { ModelLoadError, type ModelMeta } from './artifacts.ts';
import type { Architecture } from './reader.ts';

/** A field's expected type: a primitive, a list or record of numbers/strings, or a nested shape. */
type Shape = 'string' | 'number' | 'object' | 'string[]' | 'number{}' | { readonly [field: string]: Shape };

const SPLIT_METRICS: Shape = { n: 'number', mae: 'number', exact: 'number', runningMae: 'number' };

/** What the server, the page and the CLIs read from meta.json. */
const META_SHAPE: Shape = {
  name: 'string',
  head: 'string',
  vocabulary: 'string[]',
  seed: 'number',
  hyperparameters: 'object',
  dataset: { path: 'string', hash: 'string', counts: 'number{}' },
  metrics: { train: SPLIT_METRICS, val: SPLIT_METRICS, test: SPLIT_METRICS },
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function describe(shape: Shape): string {
  if (typeof shape !== 'string') return 'an object';
  return { string: 'a string', number: 'a number', object: 'an object', 'string[]': 'a list of strings', 'number{}': 'an object of numbers' }[shape];
}

function matches(value: unknown, shape: Exclude<Shape, object>): boolean {
  switch (shape) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'object':
      return isObject(value);
    case 'string[]':
      return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string');
    case 'number{}':
      return isObject(value) && Object.values(value).every((v) => typeof v === 'number' && Number.isFinite(v));
  }
}

/** The first field of `value` that does not fit `shape`, as "dataset.counts must be …", or undefined. */
function mismatch(value: unknown, shape: Shape, where: string): string | undefined {
  if (typeof shape === 'string') {
    if (matches(value, shape)) return undefined;
    return value === undefined ? `"${where}" is missing (${describe(shape)})` : `"${where}" must be ${describe(shape)}`;
  }
  if (!isObject(value)) return value === undefined ? `"${where}" is missing (an object)` : `"${where}" must be an object`;
  for (const [field, inner] of Object.entries(shape)) {
    const problem = mismatch(value[field], inner, where ? `${where}.${field}` : field);
    if (problem) return problem;
  }
  return undefined;
}

/** meta.json's content as ModelMeta, or a ModelLoadError naming the first missing or mistyped field. */
export function checkMeta(value: unknown, source = 'meta.json'): ModelMeta {
  if (!isObject(value)) throw new ModelLoadError(`${source}: must hold a JSON object`);
  const problem = mismatch(value, META_SHAPE, '');
  if (problem) throw new ModelLoadError(`${source}: ${problem}`);
  const sha = (value as { weightsSha256?: unknown }).weightsSha256;
  if (sha !== undefined && (typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha))) {
    throw new ModelLoadError(`${source}: "weightsSha256" must be 64 hexadecimal digits`);
  }
  return value as unknown as ModelMeta;
}

/** Every word meta.json says the model reads must have a token id in the network. */
export function checkVocabulary(meta: ModelMeta, arch: Architecture, source = 'meta.json'): void {
  const ids = new Set(arch.vocabulary);
  const missing = meta.vocabulary.find((word) => !ids.has(word));
  if (missing !== undefined) throw new ModelLoadError(`${source}: the word "${missing}" is not in the network's vocabulary (model.json)`);
}

export function sha256(data: ArrayBuffer | Uint8Array): string {
  return createHash('sha256').update(data instanceof Uint8Array ? data : new Uint8Array(data)).digest('hex');
}

/**
 * Throws when the weights are not the bytes meta.json recorded; a model saved before hashes were recorded
 * has nothing to compare with, which `warn` reports.
 */
export function checkWeights(meta: ModelMeta, weights: ArrayBuffer, warn: (line: string) => void): void {
  if (meta.weightsSha256 === undefined) {
    warn(`model "${meta.name}" records no weights hash (saved before hashes were recorded); its weights are not verified`);
    return;
  }
  const actual = sha256(weights);
  if (actual !== meta.weightsSha256) {
    throw new ModelLoadError(`the weights do not match meta.json (sha256 ${actual.slice(0, 12)}…, recorded ${meta.weightsSha256.slice(0, 12)}…): the files are corrupt or were edited`);
  }
}

/**
 * A load-time self-test: the network's outputs (values and head internals) for every vocabulary word alone,
 * and for the whole vocabulary read as one sequence, must be finite. Returns what failed, or undefined.
 */
export function selfTest(vocabulary: readonly string[], run: (phrases: string[][]) => RunningPrediction[]): string | undefined {
  const phrases = [...vocabulary.map((word) => [word]), [...vocabulary]];
  const outputs = run(phrases);
  for (const [i, output] of outputs.entries()) {
    const series = [output.values, ...Object.values(output.trace)];
    if (series.some((values) => values.some((v) => !Number.isFinite(v)))) {
      return `the network gives a non-finite output for "${(phrases[i] as string[]).join(' ')}"`;
    }
  }
  return undefined;
}
