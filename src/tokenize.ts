// User text → number-word tokens, built on `natural`: its word tokenizer splits on hyphens and punctuation,
// and its Damerau–Levenshtein distance corrects likely typos against the vocabulary ("fourty" → forty,
// "tow" → two). Every correction is reported, never silent. Numerals are rejected rather than guessed:
// "5 hundred" asks the user to write the number in words, because the model only reads words.
// Browser-safe: the page bundles this module, so it reads a phrase exactly as the server does.

import { DamerauLevenshteinDistance, JaroWinklerDistance } from 'natural/lib/natural/distance/index.js';
import { WordTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';
import { PhraseError } from './errors.ts';
import { NUMBER_WORDS } from './vocab.ts';
import { MAX_VALUE, numberToWords } from './words.ts';

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

/** The vocabulary word within `budget` edits of `word` that is most like it. */
function nearestWord(word: string, budget: number): string | undefined {
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

/** The vocabulary word `word` most likely meant, or undefined when none is close enough. */
export function correctWord(word: string): string | undefined {
  if (NUMBER_WORDS.has(word)) return word;
  const budget = allowedEdits(word.length);
  return budget === 0 ? undefined : nearestWord(word, budget);
}

/** Vocabulary words that begin with `text` ("hun" → hundred; "seven" → seven, seventeen, seventy). */
export function completions(text: string): string[] {
  return text === '' ? [] : VOCABULARY.filter((w) => w.startsWith(text));
}

/** What a refused word probably meant, for "did you mean …": too far for a silent correction, but close. */
function suggestionFor(text: string): string | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n <= MAX_VALUE ? numberToWords(n) : undefined;
  }
  return completions(text)[0] ?? nearestWord(text, Math.max(1, Math.floor(text.length / 2)));
}

/** The phrase cut into lower-case words, after the length check every reading starts with. */
export function splitWords(phrase: string): string[] {
  if (phrase.length > MAX_PHRASE_CHARS) {
    throw new PhraseError('too_long', `the phrase is ${phrase.length} characters; the limit is ${MAX_PHRASE_CHARS}`);
  }
  return wordTokenizer.tokenize(phrase.toLowerCase());
}

/** One word as the `position`-th token, or a PhraseError naming it. */
export function readWord(text: string, position: number): Token {
  if (/\d/.test(text)) {
    throw new PhraseError('numeral', `"${text}" is a numeral; write numbers in words`, text, position, suggestionFor(text));
  }
  const normalized = correctWord(text);
  if (normalized === undefined) {
    throw new PhraseError('unknown_word', `"${text}" is not a number word`, text, position, suggestionFor(text));
  }
  return { text, normalized, corrected: normalized !== text };
}

/** Splits and normalises a phrase; throws PhraseError for empty, over-long, numeral or unknown input. */
export function tokenize(phrase: string): Token[] {
  const pieces = splitWords(phrase);
  if (pieces.length === 0) throw new PhraseError('empty', 'the phrase has no words');
  return pieces.map(readWord);
}

/** The normalised words alone: what the grammar and the model read. */
export function tokenWords(phrase: string): string[] {
  return tokenize(phrase).map((t) => t.normalized);
}
