// Phrase → the network's token-by-token reading, beside the grammar's. The one place the CLI, the HTTP API
// and the page get predictions from: tokenize (with typo correction), check with the grammar, run the model.
// Browser-safe (the page bundles it and reads with the served model); loading from disk is src/reading/load.ts.

import type { BackendInfo } from '../model/backend.ts';
import { servedRunning } from '../model/running.ts';
import { PhraseError } from '../language/errors.ts';
import { readTokens } from '../language/grammar.ts';
import type { ModelMeta } from '../model/artifacts.ts';
import { describeOps } from '../model/registers.ts';
import type { NumberReader } from '../model/reader.ts';
import { readTyping, type Pending } from '../language/prefix.ts';
import { tokenize, type Token } from '../language/tokenize.ts';

export interface Step {
  token: string;
  /** The network's running value after this token. */
  value: number;
  /** NALU head: its gate (1 = adding, 0 = multiplying). */
  gate?: number;
  /**
   * Register head: what it did with this token — the word's operand and multiplier, whether it moved the
   * units group up (carry 1, into group `group`: 1 thousands, 2 millions), whether the LSTM implied a one —
   * and that in words ("+ 7", "× 100", "one, move to thousands").
   */
  ops?: { operand: number; multiplier: number; carry: number; implied: number; group: number; summary: string };
  /** The grammar's running value after this token. */
  reference: number;
  /** Whether the network's value, rounded, is the grammar's. */
  agrees: boolean;
}

export interface Prediction {
  phrase: string;
  tokens: Token[];
  steps: Step[];
  /** Final prediction: exact integer from the register head (its registers are integers), else unrounded. */
  value: number;
  rounded: number;
  /** The grammar's value. */
  reference: number;
  agrees: boolean;
  model: { name: string; head: string };
  backend: string;
}

/**
 * The reading of a phrase still being typed: the finished words, read as a Prediction, and the word being
 * typed. value, rounded, reference and agrees are null until a word is read.
 */
export interface PartialPrediction extends Omit<Prediction, 'value' | 'rounded' | 'reference' | 'agrees'> {
  value: number | null;
  rounded: number | null;
  reference: number | null;
  agrees: boolean | null;
  partial: true;
  pending?: Pending;
}

/**
 * How much of a reading to return: 'steps' (the default) every token's step; 'value' the final value and
 * verdict only, for callers that read many phrases and show no steps (about a tenth of the bytes).
 */
export type Detail = 'steps' | 'value';
export const DETAILS: readonly Detail[] = ['steps', 'value'];

/** A reading without its tokens and steps (detail 'value'). */
export type ValuePrediction = Omit<Prediction, 'tokens' | 'steps'>;

/** The same reading at detail 'value'. */
export function valueOnly({ phrase, value, rounded, reference, agrees, model, backend }: Prediction | ValuePrediction): ValuePrediction {
  return { phrase, value, rounded, reference, agrees, model, backend };
}

/** A refused phrase: `phrase` echoes it when it was a string, else null (a nested value is never echoed). */
export type PhraseFailure = { phrase: string | null; error: ReturnType<PhraseError['toJSON']> };
export type BatchItem = Prediction | PhraseFailure;
export type ValueBatchItem = ValuePrediction | PhraseFailure;

interface Prepared {
  phrase: string;
  tokens: Token[];
  reference: number;
  running: number[];
  pending?: Pending;
}

/** Outputs are rounded to this many decimals: float32 carries about 7 significant digits. */
const SCALE = 10 ** 4;
const round = (x: number) => Math.round(x * SCALE) / SCALE;

/**
 * A partial reading of the finished words only: when the word being typed is already a number word that
 * may still grow ("nine" of "ninety"), its step is left out, so the value does not jump 900 → 909 → 900
 * while "ninety" is typed.
 */
export function confirmedReading(r: PartialPrediction): PartialPrediction {
  const position = r.pending?.position;
  if (position === undefined || position >= r.steps.length) return r;
  const steps = r.steps.slice(0, position);
  const last = steps[steps.length - 1];
  const verdict = last
    ? { value: last.value, rounded: Math.round(last.value), reference: last.reference, agrees: last.agrees }
    : { value: null, rounded: null, reference: null, agrees: null };
  return { ...r, tokens: r.tokens.slice(0, position), steps, ...verdict };
}

/** A batch item's prediction, or its error thrown as the PhraseError it was. */
export function predictionOrThrow(item: BatchItem): Prediction {
  if ('error' in item) throw new PhraseError(item.error.code, item.error.message, item.error.token, item.error.position, item.error.suggestion);
  return item;
}

export class Predictor {
  /** The reader's running predictions; its weights never change while it serves. */
  private readonly running: ReturnType<typeof servedRunning>;

  constructor(
    readonly reader: NumberReader,
    readonly meta: ModelMeta,
    readonly backend: BackendInfo,
    /** Why the model failed its load-time checks (src/model/health.ts), or undefined if it passed. */
    readonly problem?: string,
  ) {
    this.running = servedRunning(reader);
  }

  /**
   * Tokens and grammar reading of a phrase, or a PhraseError saying what is wrong with it. `partial`: the
   * phrase is still being typed (see src/language/prefix.ts).
   */
  private prepare(phrase: unknown, partial: boolean): Prepared {
    if (typeof phrase !== 'string') throw new PhraseError('not_a_string', 'the phrase must be a string');
    if (phrase.trim() === '') throw new PhraseError('empty', 'the phrase is empty');
    if (partial) {
      const { tokens, reading, pending } = readTyping(phrase);
      return { phrase, tokens, reference: reading.value, running: reading.running, ...this.known(pending) };
    }
    const tokens = tokenize(phrase);
    const reading = readTokens(tokens.map((t) => t.normalized));
    return { phrase, tokens, reference: reading.value, running: reading.running };
  }

  /**
   * Keeps, of the words the word being typed may become, those this model was trained on; with none left
   * the phrase is refused now, as the finished word would be.
   */
  private known(pending: Pending | undefined): { pending?: Pending } {
    if (!pending) return {};
    const candidates = pending.candidates.filter((w) => this.meta.vocabulary.includes(w));
    if (candidates.length > 0) return { pending: { ...pending, candidates } };
    const words = pending.candidates.map((w) => `"${w}"`).join(', ');
    throw new PhraseError('out_of_vocabulary', `the model "${this.meta.name}" was not trained on ${words}`, pending.text, pending.position);
  }

  /** Predictions for many phrases in one batched forward pass; errors stay in their place. */
  predictMany(phrases: readonly unknown[]): BatchItem[];
  predictMany(phrases: readonly unknown[], detail: Detail): (BatchItem | ValueBatchItem)[];
  predictMany(phrases: readonly unknown[], detail: Detail = 'steps'): (BatchItem | ValueBatchItem)[] {
    return this.run(phrases, false, detail) as (BatchItem | ValueBatchItem)[];
  }

  private run(phrases: readonly unknown[], partial: boolean, detail: Detail = 'steps'): (BatchItem | ValueBatchItem | PartialPrediction)[] {
    const prepared = phrases.map((phrase) => {
      try {
        return this.prepare(phrase, partial);
      } catch (error) {
        if (error instanceof PhraseError) return { phrase: typeof phrase === 'string' ? phrase : null, error };
        throw error;
      }
    });
    const valid = prepared.filter((p): p is Prepared => !('error' in p));
    const vocabulary = new Set(this.meta.vocabulary);
    const runnable = valid.filter((p) => p.tokens.length > 0 && p.tokens.every((t) => vocabulary.has(t.normalized)));
    const outputs = this.running(
      runnable.map((p) => p.tokens.map((t) => t.normalized)),
      { roundRegisters: true, record: detail === 'value' ? 'values' : 'trace' },
    );
    const byPrepared = new Map(runnable.map((p, i) => [p, outputs[i]]));
    const model = { name: this.meta.name, head: this.meta.head };
    const { targetScale } = this.reader.arch;
    return prepared.map((p) => {
      if ('error' in p) return { phrase: p.phrase, error: p.error.toJSON() };
      const pending = p.pending ? { pending: p.pending } : {};
      const typing = partial ? { partial: true as const, ...pending } : {};
      if (p.tokens.length === 0) {
        return { phrase: p.phrase, tokens: [], steps: [], value: null, rounded: null, reference: null, agrees: null, model, backend: this.backend.name, partial: true, ...pending };
      }
      const output = byPrepared.get(p);
      if (!output) {
        const position = p.tokens.findIndex((t) => !vocabulary.has(t.normalized));
        const token = p.tokens[position]?.normalized ?? '';
        const error = new PhraseError('out_of_vocabulary', `the model "${this.meta.name}" was not trained on the word "${token}"`, token, position);
        return { phrase: p.phrase, error: error.toJSON() };
      }
      const value = output.values[output.values.length - 1] as number;
      const rounded = Math.round(value);
      const verdict = { value: round(value), rounded, reference: p.reference, agrees: rounded === p.reference, model, backend: this.backend.name };
      if (detail === 'value') return { phrase: p.phrase, ...verdict };
      const { gate, operand, multiplier, carry, implied, carryTo } = output.trace;
      const registers = operand && multiplier && carry && implied && carryTo;
      const steps: Step[] = p.tokens.map((token, t) => {
        const value = output.values[t] as number;
        const reference = p.running[t] as number;
        const step: Step = { token: token.normalized, value: round(value), reference, agrees: Math.round(value) === reference };
        if (gate) step.gate = round(gate[t] as number);
        if (registers) {
          const ops = {
            operand: round((operand[t] as number) * targetScale),
            multiplier: round(multiplier[t] as number),
            carry: carry[t] as number,
            implied: implied[t] as number,
            group: carryTo[t] as number,
            summary: '',
          };
          ops.summary = describeOps(ops);
          step.ops = ops;
        }
        return step;
      });
      return { phrase: p.phrase, tokens: p.tokens, steps, ...verdict, ...typing };
    });
  }

  /** One phrase; throws PhraseError for bad input. */
  predictPhrase(phrase: unknown): Prediction {
    return this.one(phrase, false) as Prediction;
  }

  /** One phrase still being typed; throws PhraseError only where no continuation could make it right. */
  predictPartial(phrase: unknown): PartialPrediction {
    return this.one(phrase, true) as PartialPrediction;
  }

  private one(phrase: unknown, partial: boolean): Prediction | PartialPrediction {
    const [item] = this.run([phrase], partial);
    return predictionOrThrow(item as BatchItem);
  }

  dispose(): void {
    this.reader.dispose();
  }
}
