// Checks a model folder before it is served: meta.json has every field the app reads, with the right type and
// a meaning (a known head and loss, the network's own head and words; extra fields are fine: newer models
// add some); the files are the bytes that were saved (sha256 recorded in meta.json at save). What the
// network reads is checked by ./health.ts. Each failure is one line naming what is wrong.

import { createHash } from 'node:crypto';
import { HEADS, LOSS_MODES } from './choices.ts';
import type { ModelMeta } from './artifacts.ts';
import { targetMet } from './validation.ts';
import { FORMS } from '../language/grammar.ts';
import type { Architecture } from './reader.ts';
import { ModelLoadError } from './weights.ts';

/** A field's expected type: a primitive, a list or record of numbers/strings, or a nested shape. */
type Shape = 'string' | 'number' | 'object' | 'string[]' | 'number{}' | { readonly [field: string]: Shape };

const SPLIT_METRICS: Shape = { n: 'number', mae: 'number', exact: 'number', runningMae: 'number' };

/** What the server, the page and the CLIs read from meta.json. */
const META_SHAPE: Shape = {
  name: 'string',
  head: 'string',
  loss: 'string',
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

const isSha256 = (value: unknown) => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
const isNumbers = (value: unknown, length: number) => Array.isArray(value) && value.length === length && value.every((v) => typeof v === 'number' && Number.isFinite(v));

/** What is wrong with meta.json's `health` (./health.ts), or undefined. */
function healthMismatch(health: unknown, valExact: number): string | undefined {
  if (!isObject(health)) return '"health" must be an object';
  if (!isSha256(health.sha256)) return '"health.sha256" must be 64 hexadecimal digits';
  if (typeof health.backend !== 'string') return '"health.backend" must be a string';
  if (typeof health.floor !== 'number' || !(health.floor >= 0 && health.floor <= 1)) return '"health.floor" must be a number from 0 to 1';
  if (health.floor !== valExact) return `"health.floor" (${health.floor}) is not the validation exact share it records (${valExact})`;
  const { canaries } = health;
  if (!Array.isArray(canaries) || canaries.length === 0) return '"health.canaries" must be a list of canaries';
  const bad = canaries.findIndex((c: unknown) => {
    if (!isObject(c) || !Array.isArray(c.tokens) || c.tokens.length === 0 || !c.tokens.every((t) => typeof t === 'string')) return true;
    const n = c.tokens.length;
    return !isNumbers(c.running, n) || (c.choices !== undefined && !(isObject(c.choices) && Object.values(c.choices).every((v) => isNumbers(v, n))));
  });
  return bad >= 0 ? `"health.canaries[${bad}]" must hold tokens, a running value per token and choices per token` : undefined;
}

const isShare = (value: unknown): value is number => typeof value === 'number' && value >= 0 && value <= 1;

/** What is wrong with meta.json's `validation` (a ValidationRecord), or undefined: a model that missed its target cannot say it met it. */
function validationMismatch(validation: unknown, valExact: number, trainExact: number): string | undefined {
  if (!isObject(validation)) return '"validation" must be an object';
  const { exact, perForm, target, reason, met, train } = validation;
  if (!isShare(exact) || !isShare(target)) return '"validation.exact" and "validation.target" must be numbers from 0 to 1';
  if (!isObject(perForm) || !Object.values(perForm).every(isShare)) return '"validation.perForm" must be an object of numbers from 0 to 1';
  if (typeof reason !== 'string' || typeof met !== 'boolean') return '"validation.reason" must be a string and "validation.met" true or false';
  if (exact !== valExact) return `"validation.exact" (${exact}) is not the validation exact share it records (${valExact})`;
  if (train !== undefined && train !== trainExact) return `"validation.train" (${String(train)}) is not the training exact share it records (${trainExact})`;
  if (met !== targetMet(exact, perForm as Record<string, number>, target, train as number | undefined)) return `"validation.met" is ${met}, but its figures say ${!met}`;
  return undefined;
}

/** A dataset path fit to show: one recorded as absolute, or climbing out of the repository, is shown by name. */
export function shownDatasetPath(recorded: string): string {
  const parts = recorded.split(/[\\/]+/).filter((part) => part !== '');
  const outside = /^([\\/~]|[A-Za-z]:)/.test(recorded) || parts.includes('..');
  return outside ? (parts.at(-1) ?? '') : recorded;
}

/**
 * meta.json's content as ModelMeta, or a ModelLoadError naming the first missing, mistyped or meaningless
 * field. The dataset path is returned fit to show (shownDatasetPath).
 */
export function checkMeta(value: unknown, source = 'meta.json'): ModelMeta {
  if (!isObject(value)) throw new ModelLoadError(`${source}: must hold a JSON object`);
  const problem = mismatch(value, META_SHAPE, '');
  if (problem) throw new ModelLoadError(`${source}: ${problem}`);
  const meta = value as unknown as ModelMeta;
  if (!(HEADS as readonly string[]).includes(meta.head)) throw new ModelLoadError(`${source}: "head" must be one of ${HEADS.join(', ')}, got "${meta.head}"`);
  if (!(LOSS_MODES as readonly string[]).includes(meta.loss)) throw new ModelLoadError(`${source}: "loss" must be ${LOSS_MODES.join(' or ')}, got "${meta.loss}"`);
  if (meta.weightsSha256 !== undefined && !isSha256(meta.weightsSha256)) throw new ModelLoadError(`${source}: "weightsSha256" must be 64 hexadecimal digits`);
  if (meta.forms !== undefined && !(Array.isArray(meta.forms) && meta.forms.every((f) => (FORMS as readonly string[]).includes(f)))) throw new ModelLoadError(`${source}: "forms" must be a list of ${FORMS.join(', ')}`);
  const health = meta.health === undefined ? undefined : healthMismatch(meta.health, meta.metrics.val.exact);
  if (health) throw new ModelLoadError(`${source}: ${health}`);
  const validation = meta.validation === undefined ? undefined : validationMismatch(meta.validation, meta.metrics.val.exact, meta.metrics.train.exact);
  if (validation) throw new ModelLoadError(`${source}: ${validation}`);
  return { ...meta, dataset: { ...meta.dataset, path: shownDatasetPath(meta.dataset.path) } };
}

/** meta.json must describe the network in model.json: its head, and its words, all of them. */
export function checkAgainstNetwork(meta: ModelMeta, arch: Architecture, source = 'meta.json'): void {
  if (meta.head !== arch.head) throw new ModelLoadError(`${source}: "head" is ${meta.head}, but the network in model.json has a ${arch.head} head`);
  const ids = new Set(arch.vocabulary);
  const extra = meta.vocabulary.find((word) => !ids.has(word));
  if (extra !== undefined) throw new ModelLoadError(`${source}: the word "${extra}" is not in the network's vocabulary (model.json)`);
  const words = new Set(meta.vocabulary);
  const missing = arch.vocabulary.slice(1).find((word) => !words.has(word));
  if (missing !== undefined) throw new ModelLoadError(`${source}: "vocabulary" lacks the network's word "${missing}"`);
}

export function sha256(data: ArrayBuffer | Uint8Array): string {
  return createHash('sha256').update(data instanceof Uint8Array ? data : new Uint8Array(data)).digest('hex');
}

/** The hash meta.json's `health.sha256` records: model.json's bytes, then weights.bin's. */
export function filesSha256(modelJson: Uint8Array, weights: Uint8Array): string {
  return createHash('sha256').update(modelJson).update(weights).digest('hex');
}

/**
 * Throws when the files are not the bytes meta.json recorded. A model saved before `health` was recorded is
 * refused, naming the command that migrates it, unless `requireHealth` is off (that command's own load).
 */
export function checkFiles(meta: ModelMeta, modelJson: Uint8Array, weights: Uint8Array, { dir, requireHealth }: { dir: string; requireHealth: boolean }): void {
  if (meta.weightsSha256 !== undefined) {
    const actual = sha256(weights);
    if (actual !== meta.weightsSha256) {
      throw new ModelLoadError(`the weights do not match meta.json (sha256 ${actual.slice(0, 12)}…, recorded ${meta.weightsSha256.slice(0, 12)}…): the files are corrupt or were edited`);
    }
  }
  if (meta.health === undefined) {
    if (!requireHealth) return;
    throw new ModelLoadError(`model "${meta.name}" records no hash of its files and no canaries (saved before models proved their reading); migrate it with: npm run migrate-model -- ${dir}`);
  }
  const actual = filesSha256(modelJson, weights);
  if (actual !== meta.health.sha256) {
    throw new ModelLoadError(`the model files do not match meta.json (sha256 ${actual.slice(0, 12)}…, recorded ${meta.health.sha256.slice(0, 12)}…): they are corrupt or were edited`);
  }
}

