// What a model proves before it serves. At save it records canaries (phrases of its validation split and
// every word alone) with the exact answers the saved weights give, and the share of its validation split it
// read exactly, as a floor. At load the weights must be finite, the floor at least what the head must read,
// and every canary answered again as recorded — through the served reading and, where that is a second
// implementation and the reader was loaded with tfjs, the tfjs forward pass. A failure is one line (Predictor.problem).

import type { ModelMeta } from './artifacts.ts';
import type { HeadName } from './choices.ts';
import { servedRunning, type RunningPrediction, type ServedReader } from './running.ts';
import { encodeTokens, modelVocabulary } from './weights.ts';

/** Validation phrases among the canaries (evenly spaced through the split, so every kind of phrase shows). */
export const CANARY_PHRASES = 64;

/** The register head's discrete choices per token, recorded and compared beside its values. */
const CHOICES = ['carryTo', 'implied'] as const;

export interface Canary {
  tokens: string[];
  /** The value after every token (the last is the final value), as the served reading gave it at save. */
  running: number[];
  /** Register head: its choices per token (carryTo: the group it moved into, 0 for none; implied: 0 or 1). */
  choices?: Partial<Record<(typeof CHOICES)[number], number[]>>;
}

/** meta.json's `health`: what the load checks a model against. */
export interface ModelHealth {
  /** sha256 over model.json's bytes followed by weights.bin's. */
  sha256: string;
  /** Share of its validation split the model read exactly at save (as metrics.val.exact): the floor it claims. */
  floor: number;
  /** The tfjs backend the canaries were read on: float heads are compared bit for bit only on the same one. */
  backend: string;
  canaries: Canary[];
}

/**
 * The floor a head must reach. The register head is the product: it reads every validation phrase or it is
 * broken. The paper's heads are research models, flagged only when they read no validation phrase at all.
 */
export function floorProblem(head: HeadName, floor: number): string | undefined {
  const pct = `${(floor * 100).toFixed(1)} %`;
  if (head === 'registers') return floor >= 1 ? undefined : `it read ${pct} of its validation split exactly at save, below the 100 % a registers head must read`;
  return floor > 0 ? undefined : `it read ${pct} of its validation split exactly at save: a ${head} head must read some of it`;
}

/**
 * The canaries' phrases: of `validation` (the validation split's token lists, in the split's order) some
 * evenly spaced, and every word of the network alone (so every row of the per-word weights is read).
 */
export function canaryPhrases(reader: ServedReader, validation: readonly (readonly string[])[]): string[][] {
  const words = reader.arch.vocabulary.slice(1);
  const count = Math.min(CANARY_PHRASES, validation.length);
  const sampled = Array.from({ length: count }, (_, i) => [...(validation[Math.floor((i * validation.length) / count)] as readonly string[])]);
  return [...sampled, ...words.map((w) => [w])];
}

/** What the reader's served reading answers on `phrases`, as a Predictor asks for it. */
function served(reader: ServedReader, phrases: readonly string[][]): RunningPrediction[] {
  return servedRunning(reader)(phrases, { roundRegisters: true, record: 'trace' });
}

function canaryOf(tokens: string[], reading: RunningPrediction, head: HeadName): Canary {
  if (head !== 'registers') return { tokens, running: reading.values };
  return { tokens, running: reading.values, choices: Object.fromEntries(CHOICES.map((k) => [k, reading.trace[k] ?? []])) };
}

/** The canaries with the answers `reader` gives now; a non-finite answer is an error (it cannot be recorded). */
export function recordCanaries(reader: ServedReader, validation: readonly (readonly string[])[]): Canary[] {
  const phrases = canaryPhrases(reader, validation);
  return served(reader, phrases).map((reading, i) => {
    const tokens = phrases[i] as string[];
    if (reading.values.some((v) => !Number.isFinite(v))) throw new Error(`the network gives a non-finite value for "${tokens.join(' ')}"`);
    return canaryOf(tokens, reading, reader.arch.head);
  });
}

/**
 * The first canary `readings` do not answer as recorded, as one line, or undefined. `tolerance`: 0 for bit
 * for bit; else the relative difference allowed in a value (float32 sums in another backend's order).
 */
export function canaryProblem(canaries: readonly Canary[], readings: readonly RunningPrediction[], tolerance: number, path: string): string | undefined {
  for (const [i, canary] of canaries.entries()) {
    const reading = readings[i] as RunningPrediction;
    const phrase = `canary "${canary.tokens.join(' ')}"`;
    for (const [t, recorded] of canary.running.entries()) {
      const value = reading.values[t] as number;
      const same = tolerance === 0 ? value === recorded : Math.abs(value - recorded) <= tolerance * Math.max(1, Math.abs(recorded));
      if (!same) return `${phrase} reads ${value} at word ${t + 1}, recorded ${recorded} (${path})`;
    }
    for (const [name, recorded] of Object.entries(canary.choices ?? {})) {
      const t = recorded.findIndex((choice, t) => reading.trace[name]?.[t] !== choice);
      if (t >= 0) return `${phrase} chose ${name} ${reading.trace[name]?.[t]} at word ${t + 1}, recorded ${recorded[t]} (${path})`;
    }
  }
  return undefined;
}

/** Relative difference allowed between backends in a float head's values: float32 carries ~7 digits. */
const OTHER_BACKEND_TOLERANCE = 1e-5;

/**
 * Why a loaded model must not serve, or undefined. `backend`: the tfjs backend it runs on now. The served
 * reading is the code a Predictor reads with (servedRunning, with the Predictor's options).
 */
export function healthProblem(reader: ServedReader, { head, health }: Pick<ModelMeta, 'head' | 'health'>, backend: string): string | undefined {
  if (!health) return 'meta.json records no canaries';
  for (const [name, weight] of reader.params) {
    if (Array.from(weight.dataSync()).some((v) => !Number.isFinite(v))) return `weight "${name}" holds a non-finite value`;
  }
  const low = floorProblem(head, health.floor);
  if (low) return low;
  const phrases = health.canaries.map((c) => c.tokens);
  // The register head's answers are integers and choices: equal everywhere or wrong.
  const tolerance = head === 'registers' || backend === health.backend ? 0 : OTHER_BACKEND_TOLERANCE;
  const problem = canaryProblem(health.canaries, served(reader, phrases), tolerance, 'served reading');
  // A reader loaded without tfjs (./weights.ts) serves through the served reading alone: there is no second
  // implementation beside it to compare.
  if (problem || head !== 'registers' || !reader.runningTfjs) return problem;
  const vocab = modelVocabulary(reader.arch.vocabulary);
  const rows = phrases.map((tokens) => encodeTokens(vocab, tokens));
  return canaryProblem(health.canaries, reader.runningTfjs(rows, { roundRegisters: true }), 0, 'tfjs forward pass');
}
