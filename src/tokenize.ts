// User text → number-word tokens, built on `natural`: its word tokenizer splits on hyphens and punctuation,
// and its Damerau–Levenshtein distance corrects likely typos against the vocabulary ("fourty" → forty,
// "tow" → two). Every correction is reported, never silent. Numerals are rejected rather than guessed:
// "5 hundred" asks the user to write the number in words, because the model only reads words.

import { createRequire } from 'node:module';
import type * as DistanceModule from 'natural/lib/natural/distance/index.js';
import type * as TokenizerModule from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';
import { PhraseError } from './errors.ts';
import { NUMBER_WORDS } from './vocab.ts';

const require = createRequire(import.meta.url);
const { WordTokenizer } = require('natural/lib/natural/tokenizers/regexp_tokenizer.js') as typeof TokenizerModule;
const { DamerauLevenshteinDistance, JaroWinklerDistance } = require('natural/lib/natural/distance/index.js') as typeof DistanceModule;

export interface Token {
  /** As typed (lower-cased). */
  text: string;
  /** The vocabulary word it was read as. */
  normalized: string;
  corrected: boolean;
}

/** Longest phrase, in characters, that is tokenized at all; longer input is refused before any work. */
export const MAX_PHRASE_CHARS = 300;

const wordTokenizer = new WordTokenizer();
const VOCABULARY = [...NUMBER_WORDS.keys()];

/** Edits allowed for a word of this length: none for 1–2 letters ("a", "an", "on"), one up to 6, then two. */
function allowedEdits(length: number): number {
  if (length <= 2) return 0;
  return length <= 6 ? 1 : 2;
}

/** The vocabulary word `word` most likely meant, or undefined when none is close enough. */
export function correctWord(word: string): string | undefined {
  if (NUMBER_WORDS.has(word)) return word;
  const budget = allowedEdits(word.length);
  if (budget === 0) return undefined;
  let best: { word: string; distance: number; similarity: number } | undefined;
  for (const candidate of VOCABULARY) {
    if (candidate.length <= 2) continue;
    const distance = DamerauLevenshteinDistance(word, candidate);
    if (distance > budget) continue;
    const similarity = JaroWinklerDistance(word, candidate);
    if (!best || distance < best.distance || (distance === best.distance && similarity > best.similarity)) {
      best = { word: candidate, distance, similarity };
    }
  }
  return best?.word;
}

/** Splits and normalises a phrase; throws PhraseError for empty, over-long, numeral or unknown input. */
export function tokenize(phrase: string): Token[] {
  if (phrase.length > MAX_PHRASE_CHARS) {
    throw new PhraseError('too_long', `the phrase is ${phrase.length} characters; the limit is ${MAX_PHRASE_CHARS}`);
  }
  const pieces = wordTokenizer.tokenize(phrase.toLowerCase());
  if (pieces.length === 0) throw new PhraseError('empty', 'the phrase has no words');
  return pieces.map((text, position) => {
    if (/\d/.test(text)) {
      throw new PhraseError('numeral', `"${text}" is a numeral; write numbers in words`, text, position);
    }
    const normalized = correctWord(text);
    if (normalized === undefined) {
      throw new PhraseError('unknown_word', `"${text}" is not a number word`, text, position);
    }
    return { text, normalized, corrected: normalized !== text };
  });
}

/** The normalised words alone: what the grammar and the model read. */
export function tokenWords(phrase: string): string[] {
  return tokenize(phrase).map((t) => t.normalized);
}
