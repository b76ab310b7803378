// The saved network without tfjs (browser-safe): every parameter's name and shape in saved order, model.json's
// architecture and weights manifest checked (names, shapes, dtypes, every byte described) and decoded into
// float32 arrays, and a reader of those arrays for the served reading (./fast.ts). tfjs's own loader
// (./artifacts.ts) decodes through the same code, so the format is read in one place.

import { randomNormal, type Rng } from '../common/random.ts';
import { PhraseError } from '../language/errors.ts';
import { Vocabulary } from '../language/vocab.ts';
import { HEAD_INPUTS, HEADS, MOVE_TARGETS, ORDERS } from './choices.ts';
import type { Architecture } from './reader.ts';
import { choiceLayout, MOVE_GROUP, moveGroupWidth, OP_CONTEXT, OP_DIGITS, OP_MOVED, OP_WORD, OPERATION_NAMES, WORD_PARAMETERS } from './registers.ts';

export const MODEL_FORMAT = 'nalu-words-reader';
export const MODEL_FORMAT_VERSION = 1;

export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

const GATES = ['i', 'f', 'c', 'o'] as const;

/** Hidden units the NAU→NMU stack's NAU passes to its NMU. */
export const NAU_NMU_WIDTH = 2;

type Shape = [number] | [number, number];

interface ParamSpec {
  shape: Shape;
  init: (rng: Rng, shape: Shape) => Float32Array;
  /** Weight decay applies to matrices, not to biases. */
  decay: boolean;
  /** Projected back into [lo, hi] after every optimiser step, as NAU/NMU clamp their weights. */
  clamp?: readonly [number, number];
}

function size(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}
const glorot = (rng: Rng, shape: Shape) => {
  const limit = Math.sqrt(6 / ((shape[0] ?? 1) + (shape[1] ?? 1)));
  return Float32Array.from({ length: size(shape) }, () => (rng() * 2 - 1) * limit);
};
const normal = (std: number) => (rng: Rng, shape: Shape) => Float32Array.from({ length: size(shape) }, () => randomNormal(rng) * std);
// Madsen & Johansen: NMU weights start near 0.5 (uniform in [0.25, 0.75]), between "use" and "ignore".
const nmuInit = (rng: Rng, shape: Shape) => Float32Array.from({ length: size(shape) }, () => 0.25 + 0.5 * rng());
const constant = (value: number) => (_rng: Rng, shape: Shape) => new Float32Array(size(shape)).fill(value);

/** Initialisation knobs (they change the starting weights, not the architecture a saved model records). */
export interface InitOptions {
  embeddingStd?: number;
  forgetBias?: number;
}

/** Every parameter of an architecture, in a fixed order (the order of the saved weights). */
export function parameterSpecs(arch: Architecture, { embeddingStd = 1, forgetBias = 1 }: InitOptions = {}): Map<string, ParamSpec> {
  const V = arch.vocabulary.length;
  const { embedding: E, hidden: H } = arch;
  // Width of what the arithmetic head reads (the register head always reads h).
  const I = arch.headInput === 'hc' ? 2 * H : H;
  const specs = new Map<string, ParamSpec>();
  specs.set('embedding', { shape: [V, E], init: normal(embeddingStd), decay: false });
  for (const g of GATES) {
    specs.set(`lstm/W_${g}`, { shape: [E, H], init: glorot, decay: true });
    specs.set(`lstm/U_${g}`, { shape: [H, H], init: glorot, decay: true });
    // A positive forget-gate bias (1 by default) keeps memory open early in training.
    specs.set(`lstm/b_${g}`, { shape: [H], init: constant(g === 'f' ? forgetBias : 0), decay: false });
  }
  switch (arch.head) {
    case 'linear':
      specs.set('head/W', { shape: [I, 1], init: glorot, decay: true });
      specs.set('head/b', { shape: [1], init: constant(0), decay: false });
      break;
    case 'nac':
    case 'nalu':
      specs.set('head/W_hat', { shape: [I, 1], init: glorot, decay: true });
      specs.set('head/M_hat', { shape: [I, 1], init: glorot, decay: true });
      if (arch.head === 'nalu') specs.set('head/G', { shape: [I, 1], init: glorot, decay: true });
      break;
    // NAU/NMU weights are not decayed: the sparsity regulariser is their pull (to 0 or ±1, not to 0).
    case 'nau':
      specs.set('head/nau_W', { shape: [I, 1], init: glorot, decay: false, clamp: [-1, 1] });
      break;
    case 'nmu':
      specs.set('head/nmu_W', { shape: [I, 1], init: nmuInit, decay: false, clamp: [0, 1] });
      break;
    case 'nau-nmu':
      specs.set('head/nau_W', { shape: [I, NAU_NMU_WIDTH], init: glorot, decay: false, clamp: [-1, 1] });
      specs.set('head/nmu_W', { shape: [NAU_NMU_WIDTH, 1], init: nmuInit, decay: false, clamp: [0, 1] });
      break;
    case 'registers': {
      // What a word does everywhere, one row per word, starting at the identity (src/model/registers.ts).
      for (const [name, p] of Object.entries(WORD_PARAMETERS)) {
        specs.set(`head/${name}`, { shape: [V, 1], init: constant(0), decay: false, ...('clamp' in p ? { clamp: p.clamp } : {}) });
      }
      // Which operation the token performs (one softmax column per LSTM column of choiceLayout) and whether
      // an empty group takes an implied one: chosen from the LSTM's output, per token. They start leaning
      // to the first operation (act) and "no implied one", what most tokens do.
      const G = arch.groups ?? 1;
      const moveTarget = arch.moveTarget ?? 'context';
      const C = choiceLayout(G, moveTarget, arch.operations).contextColumns;
      const width = moveGroupWidth(G, moveTarget);
      if (width > 0) specs.set(MOVE_GROUP, { shape: [V, width], init: constant(0), decay: false });
      specs.set('head/op_W', { shape: [H, C], init: constant(0), decay: true });
      specs.set('head/op_b', { shape: [C], init: (_rng, shape) => Float32Array.from({ length: size(shape) }, (_, k) => (k === 0 ? 2 : 0)), decay: false });
      specs.set('head/implied_W', { shape: [H, 1], init: constant(0), decay: true });
      specs.set('head/implied_b', { shape: [1], init: constant(-2), decay: false });
      // Per-word op logits start at 0: the LSTM's choice alone until the data asks for more.
      if (arch.wordOps) specs.set(OP_WORD, { shape: [V, C], init: constant(0), decay: false });
      if (arch.moved) specs.set(OP_MOVED, { shape: [V, C], init: constant(0), decay: false });
      if (arch.digitMode) specs.set(OP_DIGITS, { shape: [V, C], init: constant(0), decay: false });
      // Every word starts listening to the LSTM fully; training's L1 pull closes the gates it does not need.
      if (arch.contextGate) specs.set(OP_CONTEXT, { shape: [V, 1], init: constant(1), decay: false, clamp: [0, 1] });
      break;
    }
  }
  return specs;
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
    [a.wordOps, a.moved, a.reset, a.digitMode, a.contextGate, a.signOnce, a.digitUnscaled, a.placeValue].every((flag) => flag === undefined || typeof flag === 'boolean') &&
    [a.embedding, a.hidden, a.targetScale, a.expClamp].every((n) => typeof n === 'number' && Number.isFinite(n) && n > 0);
  if (!ok) throw new ModelLoadError('model.json has no valid architecture (modelTopology)');
  return a as Architecture;
}

/**
 * The weights manifest must list the architecture's parameters in the order they are saved, each float32 of
 * its shape, and describe every byte of the weights: a renamed, reshaped or retyped tensor would decode into
 * the wrong place.
 */
function checkWeightSpecs(arch: Architecture, specs: readonly WeightSpec[], bytes: number): void {
  const expected = [...parameterSpecs(arch)];
  if (specs.length !== expected.length) throw new ModelLoadError(`model.json: ${specs.length} weights listed, the architecture has ${expected.length}`);
  let size = 0;
  for (const [i, [name, { shape }]] of expected.entries()) {
    const spec = specs[i] as WeightSpec;
    if (spec.name !== name) throw new ModelLoadError(`model.json: weight ${i + 1} is "${spec.name}", expected "${name}"`);
    if (spec.dtype !== 'float32' || spec.quantization) throw new ModelLoadError(`model.json: weight "${name}" is ${spec.quantization ? 'quantized' : spec.dtype}, expected float32`);
    if (!Array.isArray(spec.shape) || spec.shape.join(',') !== shape.join(',')) throw new ModelLoadError(`model.json: weight "${name}" has shape [${spec.shape}], expected [${shape}]`);
    size += 4 * shape.reduce((a, b) => a * b, 1);
  }
  if (size !== bytes) throw new ModelLoadError(`the weights hold ${bytes} bytes, model.json describes ${size}`);
}

/** One entry of a tfjs weights manifest (model.json's `weightsManifest[].weights`). */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: unknown;
}

/** The architecture in model.json's `modelTopology`, or a ModelLoadError. */
export function architectureOf(topology: unknown): Architecture {
  const t = topology as { format?: string; architecture?: unknown } | undefined;
  if (t?.format !== MODEL_FORMAT) throw new ModelLoadError(`not a ${MODEL_FORMAT} model (format "${t?.format}")`);
  return checkArchitecture(t.architecture);
}

/**
 * Every parameter's float32 values, by name, from the weights' bytes as the manifest `specs` describes
 * them (checked first against `arch`: a renamed, reshaped or retyped tensor is refused).
 */
export function decodeWeights(arch: Architecture, specs: readonly WeightSpec[], bytes: Uint8Array): Map<string, Float32Array> {
  checkWeightSpecs(arch, specs, bytes.byteLength);
  const out = new Map<string, Float32Array>();
  let offset = 0;
  for (const spec of specs) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    // A copy: the bytes of a file read from disk need not sit at a multiple of 4 in their buffer.
    out.set(spec.name, new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + 4 * n)));
    offset += 4 * n;
  }
  return out;
}

/** A parameter as the served reading reads it: a tfjs variable, or a plain array. */
export interface Weight {
  dataSync(): ArrayLike<number>;
}

/**
 * A reader as plain float32 arrays, for the served reading only (it holds no tfjs forward pass, and so
 * nothing to free).
 */
export class ArrayReader {
  readonly params: ReadonlyMap<string, Weight>;

  constructor(
    readonly arch: Architecture,
    weights: ReadonlyMap<string, Float32Array>,
  ) {
    this.params = new Map([...weights].map(([name, data]) => [name, { dataSync: () => data }]));
  }

  dispose(): void {}
}

const vocabularies = new WeakMap<readonly string[], Vocabulary>();

/** The model's vocabulary from its saved word list (PAD first); made once per list (a served model reads many batches). */
export function modelVocabulary(words: readonly string[]): Vocabulary {
  let vocabulary = vocabularies.get(words);
  if (!vocabulary) vocabularies.set(words, (vocabulary = new Vocabulary(words.slice(1))));
  return vocabulary;
}

/** Token ids; a word the model never saw is refused by name rather than read as padding. */
export function encodeTokens(vocab: Vocabulary, tokens: readonly string[]): number[] {
  return tokens.map((token, position) => {
    if (!vocab.has(token)) {
      throw new PhraseError('out_of_vocabulary', `this model was not trained on the word "${token}"`, token, position);
    }
    return vocab.id(token);
  });
}
