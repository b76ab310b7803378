// The package's entry (browser-safe): read one phrase, find and replace numbers in text, read text as it
// arrives, and the Predictor that puts the network beside the grammar. Loading a model from disk is
// "nalu-words/node" (which also holds the Predictor class); here it is a type, so the entry never loads tfjs.

import { readTokens } from '../language/grammar.ts';
import { tokenize } from '../language/tokenize.ts';
import { PhraseError } from '../language/errors.ts';
import { grammarAnswer } from '../reading/answers.ts';
import type { Detail, GrammarPrediction, Prediction, Predictor, ValueGrammarPrediction, ValuePrediction } from '../reading/predict.ts';

export { findNumbers, replaceNumbers, TooManyNumbers, written, type FindOptions, type NumberSpan, type Place } from './find.ts';
export { NumberStream, type InProgress } from './stream.ts';
export { DEFAULT_ORDINAL_THRESHOLD, DEFAULT_THRESHOLD, type TextOptions } from './scan.ts';
export type { Detail, GrammarPrediction, Predictor, Prediction, Step, ValueGrammarPrediction, ValuePrediction } from '../reading/predict.ts';
export { PhraseError };

/**
 * One number phrase: the network's reading beside the grammar's with a predictor, else the grammar's alone.
 * Throws PhraseError for anything that is not one number phrase.
 */
export function readNumber(phrase: unknown, options: { predictor?: Predictor; detail?: Detail } = {}): Prediction | ValuePrediction | GrammarPrediction | ValueGrammarPrediction {
  const { predictor, detail = 'steps' } = options;
  if (predictor) {
    const { tokens: _tokens, steps: _steps, ...value } = predictor.predictPhrase(phrase);
    return detail === 'value' ? value : { tokens: _tokens, steps: _steps, ...value };
  }
  if (typeof phrase !== 'string') throw new PhraseError('not_a_string', 'the phrase must be a string');
  const tokens = tokenize(phrase);
  const reading = readTokens(tokens.map((t) => t.normalized), { typed: tokens.map((t) => t.text) });
  return grammarAnswer({ phrase, tokens, reading }, detail);
}
