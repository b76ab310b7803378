// Phrase → the network's token-by-token reading, beside the grammar's. The one place the CLI, the HTTP API
// and the page get predictions from: tokenize (with typo correction), check with the grammar, run the model.

import type { BackendInfo } from './backend.ts';
import { predictRunning } from './evaluate.ts';
import { PhraseError } from './errors.ts';
import { readTokens } from './grammar.ts';
import { loadModel, type ModelMeta } from './model/artifacts.ts';
import type { NumberReader } from './model/reader.ts';
import { selfTest } from './model/verify.ts';
import { tokenize, type Token } from './tokenize.ts';

export interface Step {
  token: string;
  /** The network's running value after this token. */
  value: number;
  /** NALU head: its gate (1 = adding, 0 = multiplying). */
  gate?: number;
  /** Accumulator head: what it did with this token, and that in words ("× 100", "+ 7", "carry"). */
  ops?: { operand: number; multiplier: number; carry: number; summary: string };
  /** The grammar's running value after this token. */
  reference: number;
  /** Whether the network's value, rounded, is the grammar's. */
  agrees: boolean;
}

export interface Prediction {
  phrase: string;
  tokens: Token[];
  steps: Step[];
  /** Final prediction, unrounded. */
  value: number;
  rounded: number;
  /** The grammar's value. */
  reference: number;
  agrees: boolean;
  model: { name: string; head: string };
  backend: string;
}

/** A refused phrase: `phrase` echoes it when it was a string, else null (a nested value is never echoed). */
export type BatchItem = Prediction | { phrase: string | null; error: ReturnType<PhraseError['toJSON']> };

/** Outputs are rounded to this many decimals: float32 carries about 7 significant digits. */
const DECIMALS = 4;
const round = (x: number) => Math.round(x * 10 ** DECIMALS) / 10 ** DECIMALS;

/** The accumulator's operation for a person: "× 100", "+ 7", "× 1000, carry", or "keep". */
export function describeOps({ operand, multiplier, carry }: { operand: number; multiplier: number; carry: number }): string {
  const parts: string[] = [];
  const two = (x: number) => Math.round(x * 100) / 100;
  if (Math.abs(multiplier - 1) > 0.01) parts.push(`× ${two(multiplier)}`);
  if (Math.abs(operand) > 0.01) parts.push(`${operand >= 0 ? '+' : '−'} ${two(Math.abs(operand))}`);
  if (carry > 0.5) parts.push('carry');
  return parts.length > 0 ? parts.join(', ') : 'keep';
}

/** A batch item's prediction, or its error thrown as the PhraseError it was. */
export function predictionOrThrow(item: BatchItem): Prediction {
  if ('error' in item) throw new PhraseError(item.error.code, item.error.message, item.error.token, item.error.position);
  return item;
}

export class Predictor {
  /** Why the model failed its self-test (finite outputs on its own vocabulary), or undefined if it passed. */
  readonly problem: string | undefined;

  constructor(
    readonly reader: NumberReader,
    readonly meta: ModelMeta,
    readonly backend: BackendInfo,
  ) {
    this.problem = selfTest(meta.vocabulary, (phrases) => predictRunning(reader, phrases));
  }

  static async load(dir: string, backend: BackendInfo): Promise<Predictor> {
    const { reader, meta } = await loadModel(dir);
    return new Predictor(reader, meta, backend);
  }

  /** Tokens and grammar reading of a phrase, or a PhraseError saying what is wrong with it. */
  private prepare(phrase: unknown): { phrase: string; tokens: Token[]; reference: number; running: number[] } {
    if (typeof phrase !== 'string') throw new PhraseError('not_a_string', 'the phrase must be a string');
    if (phrase.trim() === '') throw new PhraseError('empty', 'the phrase is empty');
    const tokens = tokenize(phrase);
    const reading = readTokens(tokens.map((t) => t.normalized));
    return { phrase, tokens, reference: reading.value, running: reading.running };
  }

  /** Predictions for many phrases in one batched forward pass; errors stay in their place. */
  predictMany(phrases: readonly unknown[]): BatchItem[] {
    const prepared = phrases.map((phrase) => {
      try {
        return this.prepare(phrase);
      } catch (error) {
        if (error instanceof PhraseError) return { phrase: typeof phrase === 'string' ? phrase : null, error };
        throw error;
      }
    });
    const valid = prepared.filter((p): p is ReturnType<Predictor['prepare']> => !('error' in p));
    const vocabulary = new Set(this.meta.vocabulary);
    const runnable = valid.filter((p) => p.tokens.every((t) => vocabulary.has(t.normalized)));
    const outputs = predictRunning(this.reader, runnable.map((p) => p.tokens.map((t) => t.normalized)));
    const byPrepared = new Map(runnable.map((p, i) => [p, outputs[i]]));
    return prepared.map((p) => {
      if ('error' in p) return { phrase: p.phrase, error: p.error.toJSON() };
      const output = byPrepared.get(p);
      if (!output) {
        const position = p.tokens.findIndex((t) => !vocabulary.has(t.normalized));
        const token = p.tokens[position]?.normalized ?? '';
        const error = new PhraseError('out_of_vocabulary', `the model "${this.meta.name}" was not trained on the word "${token}"`, token, position);
        return { phrase: p.phrase, error: error.toJSON() };
      }
      const steps: Step[] = p.tokens.map((token, t) => {
        const value = output.values[t] as number;
        const reference = p.running[t] as number;
        const step: Step = { token: token.normalized, value: round(value), reference, agrees: Math.round(value) === reference };
        if (output.trace.gate) step.gate = round(output.trace.gate[t] as number);
        if (output.trace.operand && output.trace.multiplier && output.trace.carry) {
          const ops = {
            operand: round((output.trace.operand[t] as number) * this.reader.arch.targetScale),
            multiplier: round(output.trace.multiplier[t] as number),
            carry: round(output.trace.carry[t] as number),
          };
          step.ops = { ...ops, summary: describeOps(ops) };
        }
        return step;
      });
      const value = output.values[output.values.length - 1] as number;
      const rounded = Math.round(value);
      return {
        phrase: p.phrase,
        tokens: p.tokens,
        steps,
        value: round(value),
        rounded,
        reference: p.reference,
        agrees: rounded === p.reference,
        model: { name: this.meta.name, head: this.meta.head },
        backend: this.backend.name,
      };
    });
  }

  /** One phrase; throws PhraseError for bad input. */
  predictPhrase(phrase: unknown): Prediction {
    return predictionOrThrow(this.predictMany([phrase])[0] as BatchItem);
  }

  dispose(): void {
    this.reader.dispose();
  }
}
