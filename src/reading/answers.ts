// The answers every reader gives that need no model: what an answer says of the phrase, and the grammar's
// own answer (reader=grammar). Apart from src/reading/predict.ts so that reading with the grammar alone (the
// command line's filters, text without a model) never loads tfjs. Browser-safe.

import type { Exact } from '../language/exact.ts';
import { exactRunning, exactText, type Reading } from '../language/grammar.ts';
import type { Pending } from '../language/prefix.ts';
import type { Token } from '../language/tokenize.ts';
import type { Correction, Detail, GrammarPrediction, PhraseFields, ValueGrammarPrediction } from './predict.ts';

/**
 * What an answer says of the phrase from its tokens and the grammar's reading, added key by key to `into`
 * (the answer's first keys): spreads of these into an answer cost more than the rest of building it.
 */
export function phraseFields<T extends object>(tokens: readonly Token[], reading: Reading, into: T): T & PhraseFields {
  const corrections: Correction[] = [];
  tokens.forEach((t, position) => {
    if (t.corrected) corrections.push({ position, typed: t.text, read: t.normalized });
  });
  const fields = into as T & PhraseFields;
  fields.referenceExact = exactText(reading);
  fields.form = reading.form;
  if (reading.ordinal) fields.ordinal = true;
  if (reading.digits !== undefined) fields.digits = reading.digits;
  fields.corrections = corrections;
  return fields;
}

/** The grammar's answer (reader=grammar) for a phrase already tokenized and read, e.g. a span of running text. */
export function grammarAnswer(p: { phrase: string; tokens: Token[]; reading: Reading; pending?: Pending }, detail: Detail = 'steps', partial = false): GrammarPrediction | ValueGrammarPrediction {
  const empty = p.tokens.length === 0;
  const value = empty ? null : p.reading.value;
  const answer = phraseFields(p.tokens, p.reading, { phrase: p.phrase, value, exact: null as string | null, reference: value }) as unknown as Record<string, unknown>;
  // The grammar's value is its reference: the same text, in its place after the value.
  if (empty) answer.referenceExact = null;
  else answer.exact = answer.referenceExact;
  answer.reader = 'grammar';
  const typing = partial ? { partial: true as const, ...(p.pending ? { pending: p.pending } : {}) } : {};
  if (detail === 'value') return answer as unknown as ValueGrammarPrediction;
  const running = exactRunning(p.reading);
  const steps = p.tokens.map((t, i) => ({ token: t.normalized, value: p.reading.running[i] as number, exact: (running[i] as Exact).toString() }));
  return { ...answer, tokens: p.tokens, steps, ...typing } as unknown as GrammarPrediction;
}

