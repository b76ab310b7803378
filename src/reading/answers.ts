// The answers every reader gives that need no model: what an answer says of the phrase, and the grammar's
// own answer (reader=grammar). Apart from src/reading/predict.ts so that reading with the grammar alone (the
// command line's filters, text without a model) never loads tfjs. Browser-safe.

import type { Exact } from '../language/exact.ts';
import { exactRunning, exactText, type Reading } from '../language/grammar.ts';
import type { Pending } from '../language/prefix.ts';
import type { Token } from '../language/tokenize.ts';
import type { Correction, Detail, GrammarPrediction, PhraseFields, ValueGrammarPrediction } from './predict.ts';

/** What an answer says of the phrase from its tokens and the grammar's reading. */
export function phraseFields(tokens: readonly Token[], reading: Reading): PhraseFields {
  const corrections: Correction[] = [];
  tokens.forEach((t, position) => {
    if (t.corrected) corrections.push({ position, typed: t.text, read: t.normalized });
  });
  // Key by key, in the answer's order: spreads of the optional keys cost more than the rest of it.
  const fields = { referenceExact: exactText(reading), form: reading.form } as PhraseFields;
  if (reading.ordinal) fields.ordinal = true;
  if (reading.digits !== undefined) fields.digits = reading.digits;
  fields.corrections = corrections;
  return fields;
}

/** The grammar's answer (reader=grammar) for a phrase already tokenized and read, e.g. a span of running text. */
export function grammarAnswer(p: { phrase: string; tokens: Token[]; reading: Reading; pending?: Pending }, detail: Detail = 'steps', partial = false): GrammarPrediction | ValueGrammarPrediction {
  const empty = p.tokens.length === 0;
  const fields = phraseFields(p.tokens, p.reading);
  const exact = empty ? null : fields.referenceExact;
  const value = empty ? null : p.reading.value;
  const answer = { phrase: p.phrase, value, exact, reference: value, ...fields, ...(empty ? { referenceExact: null } : {}), reader: 'grammar' as const };
  const typing = partial ? { partial: true as const, ...(p.pending ? { pending: p.pending } : {}) } : {};
  if (detail === 'value') return answer as ValueGrammarPrediction;
  const running = exactRunning(p.reading);
  const steps = p.tokens.map((t, i) => ({ token: t.normalized, value: p.reading.running[i] as number, exact: (running[i] as Exact).toString() }));
  return { ...answer, tokens: p.tokens, steps, ...typing } as GrammarPrediction;
}

