// Phrase → the network's token-by-token reading, beside the grammar's. The one place the CLI, the HTTP API
// and the page get predictions from: tokenize (with typo correction), check with the grammar, run the model.
// Every answer names its reader: "network" (the default), or "grammar" alone for callers who need a
// deterministic parser. Values are exact strings (`exact`, `referenceExact`) beside the nearest numbers.
// Browser-safe (the page bundles it and reads with the served model); loading from disk is src/reading/load.ts.

import type { BackendInfo } from '../model/backend.ts';
import { servedRunning, type RunningPrediction, type ServedReader } from '../model/running.ts';
import { PhraseError } from '../language/errors.ts';
import { Exact } from '../language/exact.ts';
import { exactRunning, exactValue, readTokens, type Form, type Reading } from '../language/grammar.ts';
import type { ModelMeta } from '../model/artifacts.ts';
import { describeOps, GROUP_BASE, operationsOf } from '../model/registers.ts';
import { LEXICON } from '../language/lexicon.ts';
import { readTyping, type Pending } from '../language/prefix.ts';
import { tokenize, type Token } from '../language/tokenize.ts';
import { grammarAnswer, phraseFields } from './answers.ts';
import { validationStatus, type ValidationStatus } from './validation.ts';

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
  /** `value` and `reference` exactly. */
  exact: string;
  referenceExact: string;
}

/** A typo the tokenizer corrected: the `position`-th token, as typed and as read. */
export interface Correction {
  position: number;
  typed: string;
  read: string;
}

/** Which reader answers: the network (the default), or the grammar alone. */
export type ReaderName = 'network' | 'grammar';
export const READERS: readonly ReaderName[] = ['network', 'grammar'];

/** What every answer says of the phrase itself, whichever reader answers. */
export interface PhraseFields {
  /** The grammar's value, exactly ("5000000000000000000", "-38263", "3.1415926", "2/3"). */
  referenceExact: string;
  form: Form;
  ordinal?: true;
  /** A digit string as said, leading zeros kept ("08"). */
  digits?: string;
  /** Every typo correction made; empty when none. */
  corrections: Correction[];
}

export interface Prediction extends PhraseFields {
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
  reader: 'network';
  /** The network's value, exactly as `value` says it. */
  exact: string;
  /** Present when the model missed its validation target (./validation.ts): its answers may be wrong. */
  warning?: string;
}

/** The grammar's reading alone (reader=grammar): `value`/`exact` are the grammar's, as are `reference`/`referenceExact`. */
export interface GrammarPrediction extends PhraseFields {
  phrase: string;
  tokens: Token[];
  steps: { token: string; value: number; exact: string }[];
  value: number;
  exact: string;
  reference: number;
  reader: 'grammar';
}

/**
 * The reading of a phrase still being typed: the finished words, read as a Prediction, and the word being
 * typed. value, rounded, reference, agrees and the exact values are null until a word is read.
 */
export interface PartialPrediction extends Omit<Prediction, 'value' | 'rounded' | 'reference' | 'agrees' | 'exact' | 'referenceExact'> {
  value: number | null;
  rounded: number | null;
  reference: number | null;
  agrees: boolean | null;
  exact: string | null;
  referenceExact: string | null;
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
export type ValueGrammarPrediction = Omit<GrammarPrediction, 'tokens' | 'steps'>;

/** The same reading at detail 'value'. */
export function valueOnly(prediction: Prediction | ValuePrediction): ValuePrediction;
export function valueOnly(prediction: GrammarPrediction | ValueGrammarPrediction): ValueGrammarPrediction;
export function valueOnly(prediction: Prediction | ValuePrediction | GrammarPrediction | ValueGrammarPrediction): ValuePrediction | ValueGrammarPrediction {
  const { tokens: _tokens, steps: _steps, ...rest } = prediction as Prediction;
  return rest;
}

/** A refused phrase: `phrase` echoes it when it was a string, else null (a nested value is never echoed). */
export type PhraseFailure = { phrase: string | null; error: ReturnType<PhraseError['toJSON']> };
export type BatchItem = Prediction | PhraseFailure;
export type ValueBatchItem = ValuePrediction | PhraseFailure;
export type GrammarBatchItem = GrammarPrediction | ValueGrammarPrediction | PhraseFailure;

/** A phrase tokenized and read by the grammar, as a Predictor reads it (src/text finds spans so). */
export interface Prepared {
  phrase: string;
  tokens: Token[];
  reading: Reading;
  pending?: Pending;
}

/** The forms of a model that records none (every model trained on cardinals alone). */
const CARDINALS_ONLY: readonly Form[] = ['cardinal'];

/** How a form is named in a sentence. */
const FORM_NAMES: Record<Form, string> = { cardinal: 'cardinals', ordinal: 'ordinals', decimal: 'decimals', fraction: 'fractions', year: 'years', digits: 'digit strings' };

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
    ? { value: last.value, rounded: Math.round(last.value), reference: last.reference, agrees: last.agrees, exact: last.exact, referenceExact: last.referenceExact }
    : { value: null, rounded: null, reference: null, agrees: null, exact: null, referenceExact: null };
  return { ...r, tokens: r.tokens.slice(0, position), steps, ...verdict };
}

/** A batch item's prediction, or its error thrown as the PhraseError it was. */
export function predictionOrThrow<T extends object>(item: T | PhraseFailure): T {
  if ('error' in item) throw new PhraseError(item.error.code, item.error.message, item.error.token, item.error.position, item.error.suggestion, item.error.grammar);
  return item;
}

export class Predictor {
  /** The reader's running predictions; its weights never change while it serves. */
  private readonly running: ReturnType<typeof servedRunning>;
  /** Whether the model met its validation target; a miss is every network answer's `warning`. */
  readonly validation: ValidationStatus;
  private readonly vocabulary: ReadonlySet<string>;

  constructor(
    readonly reader: ServedReader,
    readonly meta: ModelMeta,
    readonly backend: BackendInfo,
    /** Why the model failed its load-time checks (src/model/health.ts), or undefined if it passed. */
    readonly problem?: string,
  ) {
    this.running = servedRunning(reader);
    this.validation = validationStatus(meta);
    this.vocabulary = new Set(meta.vocabulary);
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
      return { phrase, tokens, reading, ...(pending ? { pending } : {}) };
    }
    const tokens = tokenize(phrase);
    const reading = readTokens(
      tokens.map((t) => t.normalized),
      { typed: tokens.map((t) => t.text) },
    );
    return { phrase, tokens, reading };
  }

  /** Each phrase prepared, or its error in its place. */
  private prepareAll(phrases: readonly unknown[], partial: boolean): (Prepared | { phrase: string | null; error: PhraseError })[] {
    return phrases.map((phrase) => {
      try {
        return this.prepare(phrase, partial);
      } catch (error) {
        if (error instanceof PhraseError) return { phrase: typeof phrase === 'string' ? phrase : null, error };
        throw error;
      }
    });
  }

  /** The grammar's readings alone, for reader=grammar; errors stay in their place. */
  readMany(phrases: readonly unknown[], detail: Detail = 'steps', partial = false): GrammarBatchItem[] {
    return this.prepareAll(phrases, partial).map((p) => ('error' in p ? { phrase: p.phrase, error: p.error.toJSON() } : grammarAnswer(p, detail, partial)));
  }

  /** One phrase read by the grammar alone; throws PhraseError for bad input. */
  readPhrase(phrase: unknown, partial = false): GrammarPrediction {
    return predictionOrThrow(this.readMany([phrase], 'steps', partial)[0] as GrammarPrediction | PhraseFailure);
  }

  /** Why the network does not answer a phrase the grammar reads: a word or a form it never learned. */
  private unlearned(p: Prepared, vocabulary: ReadonlySet<string>): PhraseError | undefined {
    const position = p.tokens.findIndex((t) => !vocabulary.has(t.normalized));
    // The network answers only the forms it was trained on (meta.json's forms); those need no message built.
    const learned = this.meta.forms ?? CARDINALS_ONLY;
    if (position < 0 && learned.includes(p.reading.form)) return undefined;
    const grammar = { value: p.reading.value, exact: exactValue(p.reading).toString(), form: p.reading.form };
    const reads = `the grammar reads it as ${grammar.exact}`;
    if (position >= 0) {
      const unknown = [...new Set(p.tokens.filter((t) => !vocabulary.has(t.normalized)).map((t) => t.text))];
      const words = unknown.map((w) => `"${w}"`).join(', ');
      const token = p.tokens[position] as Token;
      const message = `the model "${this.meta.name}" was not trained on the word${unknown.length > 1 ? 's' : ''} ${words}; ${reads}`;
      return new PhraseError('out_of_vocabulary', message, token.normalized, position, undefined, grammar);
    }
    const message = `the model "${this.meta.name}" was trained on ${learned.map((f) => FORM_NAMES[f]).join(', ')} only, not on ${FORM_NAMES[p.reading.form]}; ${reads}`;
    return new PhraseError('unlearned_form', message, undefined, undefined, undefined, grammar);
  }

  /**
   * Keeps, of the words the word being typed may become, those this model was trained on; with none left
   * the phrase is refused now, as the finished word would be.
   */
  private known(pending: Pending | undefined): { pending?: Pending } {
    if (!pending) return {};
    // The word being typed: the network's answer keeps only the words it knows.
    const candidates = pending.candidates.filter((w) => this.meta.vocabulary.includes(w));
    // As in readTyping: a word is pending only while this model knows a longer word it may become.
    if (candidates.some((w) => w !== pending.text)) return { pending: { ...pending, candidates } };
    if (candidates.length > 0) return {};
    const words = pending.candidates.map((w) => `"${w}"`).join(', ');
    throw new PhraseError('out_of_vocabulary', `the model "${this.meta.name}" was not trained on ${words}`, pending.text, pending.position);
  }

  /** Predictions for many phrases in one batched forward pass; errors stay in their place. */
  predictMany(phrases: readonly unknown[]): BatchItem[];
  predictMany(phrases: readonly unknown[], detail: Detail): (BatchItem | ValueBatchItem)[];
  predictMany(phrases: readonly unknown[], detail: Detail = 'steps'): (BatchItem | ValueBatchItem)[] {
    return this.run(phrases, false, detail) as (BatchItem | ValueBatchItem)[];
  }

  /**
   * Network readings of phrases already tokenized and read by the grammar (spans of running text): the same
   * answers as predictMany of their text, without tokenizing and reading each again.
   */
  predictPrepared(items: readonly Prepared[], detail: Detail = 'steps'): (BatchItem | ValueBatchItem)[] {
    return this.answer(items, false, detail) as (BatchItem | ValueBatchItem)[];
  }

  private run(phrases: readonly unknown[], partial: boolean, detail: Detail = 'steps'): (BatchItem | ValueBatchItem | PartialPrediction)[] {
    return this.answer(this.prepareAll(phrases, partial), partial, detail);
  }

  /** A phrase being typed, its pending word kept to the words this model knows, or the error Enter would give. */
  private typing(p: Prepared | { phrase: string | null; error: PhraseError }): Prepared | { phrase: string | null; error: PhraseError } {
    if ('error' in p) return p;
    try {
      const { pending, ...rest } = p;
      return { ...rest, ...this.known(pending) };
    } catch (error) {
      if (!(error instanceof PhraseError)) throw error;
      // The typed word is a whole word that could only grow into words this model never learned: say what
      // Enter would say when the phrase as it stands is wrong ("seventy eleven", not "… elevenths").
      const whole = p.pending !== undefined && LEXICON.words.has(p.pending.text);
      const finished = whole ? this.prepareAll([p.phrase], false)[0] : undefined;
      return { phrase: p.phrase, error: finished && 'error' in finished ? finished.error : error };
    }
  }

  private answer(items: readonly (Prepared | { phrase: string | null; error: PhraseError })[], partial: boolean, detail: Detail): (BatchItem | ValueBatchItem | PartialPrediction)[] {
    const vocabulary = this.vocabulary;
    const prepared = partial ? items.map((p) => this.typing(p)) : items;
    // Per item, in its place: why the network does not read it, or its reading.
    const refusals = prepared.map((p) => ('error' in p || p.tokens.length === 0 ? undefined : this.unlearned(p, vocabulary)));
    const runnable: number[] = [];
    prepared.forEach((p, k) => {
      if (!('error' in p) && p.tokens.length > 0 && !refusals[k]) runnable.push(k);
    });
    const outputs = new Array<RunningPrediction | undefined>(prepared.length);
    this.running(
      runnable.map((k) => (prepared[k] as Prepared).tokens.map((t) => t.normalized)),
      { roundRegisters: true, record: detail === 'value' ? 'values' : 'trace' },
    ).forEach((output, i) => (outputs[runnable[i] as number] = output));
    const model = { name: this.meta.name, head: this.meta.head };
    const warning = this.validation.warning === undefined ? {} : { warning: this.validation.warning };
    const { targetScale } = this.reader.arch;
    const entries = operationsOf(this.reader.arch.operations);
    return prepared.map((p, k) => {
      if ('error' in p) return { phrase: p.phrase, error: p.error.toJSON() };
      const pending = p.pending ? { pending: p.pending } : {};
      const typing = partial ? { partial: true as const, ...pending } : {};
      if (p.tokens.length === 0) {
        return { phrase: p.phrase, tokens: [], steps: [], value: null, rounded: null, reference: null, agrees: null, model, backend: this.backend.name, reader: 'network', exact: null, ...phraseFields<Record<never, never>>(p.tokens, p.reading, {}), referenceExact: null, partial: true, ...pending, ...warning };
      }
      const refusal = refusals[k];
      const output = outputs[k];
      if (refusal || !output) return { phrase: p.phrase, error: (refusal as PhraseError).toJSON() };
      const value = output.values[output.values.length - 1] as number;
      const rounded = Math.round(value);
      const reference = p.reading.value;
      // The value answer in one object; the steps answer puts its tokens and steps after the phrase.
      const head = { phrase: p.phrase, value: round(value), rounded, reference, agrees: rounded === reference, model, backend: this.backend.name, reader: 'network' as const, exact: Exact.text(round(value)) };
      const verdict = Object.assign(phraseFields(p.tokens, p.reading, head), warning);
      if (detail === 'value') return verdict;
      const { gate, operand, multiplier, carry, implied, carryTo, operation } = output.trace;
      const registers = operand && multiplier && carry && implied && carryTo;
      const running = exactRunning(p.reading);
      const steps: Step[] = p.tokens.map((token, t) => {
        const value = output.values[t] as number;
        const reference = p.reading.running[t] as number;
        const step: Step = { token: token.normalized, value: round(value), reference, agrees: Math.round(value) === reference, exact: Exact.fromNumber(round(value)).toString(), referenceExact: (running[t] as Exact).toString() };
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
          // The units group before the token: the magnitude so far, below its thousands.
          const units = t === 0 ? 0 : Math.round(Math.abs(output.values[t - 1] as number)) % GROUP_BASE;
          // The word's own multiplier, not the shown one: whether it takes an implied one is decided at 2.
          ops.summary = describeOps({ ...ops, multiplier: multiplier[t] as number, units }, operation && entries[operation[t] as number]);
          step.ops = ops;
        }
        return step;
      });
      return Object.assign({ phrase: p.phrase, tokens: p.tokens, steps }, verdict, typing);
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
    return predictionOrThrow(item as Prediction | PhraseFailure);
  }

  dispose(): void {
    this.reader.dispose();
  }
}
