// User text → number-word tokens. Words are split on whitespace, punctuation (hyphens included) and the
// ASCII symbols; a Damerau–Levenshtein distance (damerauLevenshtein, below) corrects likely typos against the vocabulary
// ("fourty" → forty, "tow" → two). Every correction is reported, never silent. Numerals of any script are
// rejected rather than guessed: "5 hundred" asks the user to write the number in words, because the model
// only reads words. Any other character (an emoji, a letter outside a–z) stays inside its word, which is then
// refused as unknown rather than read as a space or "corrected" into a number word.
//
// Correction is the one per-word cost that grows with the input, so it is bounded: candidates whose length
// or letters alone put them out of reach are never compared, and answers are remembered.
// Browser-safe: the page bundles this module, so it reads a phrase exactly as the server does.

import { JaroWinklerDistance } from 'natural/lib/natural/distance/index.js';
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

/** Whitespace, punctuation of any script, and the ASCII symbols: what separates words. */
const SEPARATORS = /[\s\p{P}$+<=>^`|~]+/u;
const NUMERAL = /\p{N}/u;
const PLAIN_WORD = /^[a-z]+$/;

/** How many times each letter a–z occurs. */
function letterCounts(word: string, counts = new Int16Array(26)): Int16Array {
  counts.fill(0);
  for (let i = 0; i < word.length; i++) counts[word.charCodeAt(i) - 97]! += 1;
  return counts;
}

interface Candidate {
  word: string;
  counts: Int16Array;
  /** Bit i set when letter i occurs. */
  letters: number;
}

function letterSet(word: string): number {
  let set = 0;
  for (let i = 0; i < word.length; i++) set |= 1 << (word.charCodeAt(i) - 97);
  return set;
}

function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Vocabulary words of 3+ letters, by length: a word is compared only with lengths its budget can reach. */
const BY_LENGTH: Candidate[][] = [];
for (const word of NUMBER_WORDS.keys()) {
  if (word.length > 2) (BY_LENGTH[word.length] ??= []).push({ word, counts: letterCounts(word), letters: letterSet(word) });
}

const queryCounts = new Int16Array(26);

/**
 * Whether `budget` edits might turn the query word (its letters in queryCounts, their set in `letters`) into
 * `candidate`: every edit changes the letter counts by at most 2 in total.
 */
function withinReach(candidate: Candidate, letters: number, budget: number): boolean {
  // A letter in one word only is at least one change: a cheap first bound.
  if (bitCount(letters ^ candidate.letters) > 2 * budget) return false;
  let changed = 0;
  for (let i = 0; i < 26; i++) changed += Math.abs(queryCounts[i]! - candidate.counts[i]!);
  return changed <= 2 * budget;
}

/** The candidates of the lengths `budget` edits can reach from a word of `length` letters. */
function reachableLengths(length: number, budget: number): Candidate[] {
  const found: Candidate[] = [];
  for (let l = Math.max(3, length - budget); l <= length + budget; l++) found.push(...(BY_LENGTH[l] ?? []));
  return found;
}

/** Longest word correction looks at: a longer one is out of every candidate's reach anyway. */
const MAX_WORD = 32;

/** REACHABLE[budget][length]: the candidates whose length a word of `length` letters can reach. */
const REACHABLE = [0, 1, 2].map((budget) => Array.from({ length: MAX_WORD + 1 }, (_, length) => reachableLengths(length, budget)));

const table = new Int32Array((MAX_WORD + 2) * (MAX_WORD + 2));
const lastRow = new Int32Array(26);

/**
 * The (unrestricted) Damerau–Levenshtein distance of two a–z words of at most MAX_WORD letters, as `natural`
 * computes it (Lowrance–Wagner), on one preallocated table: correction runs it for every close candidate of
 * every word of a request, and natural's general version costs about 2 µs a call. Row minima never decrease,
 * so once a whole row exceeds `limit` the answer is known to: it returns limit + 1 then.
 */
function damerauLevenshtein(a: string, b: string, limit: number): number {
  const width = b.length + 2;
  const infinity = a.length + b.length;
  lastRow.fill(0);
  table[0] = infinity;
  for (let i = 0; i <= a.length; i++) {
    table[(i + 1) * width] = infinity;
    table[(i + 1) * width + 1] = i;
  }
  for (let j = 0; j <= b.length; j++) {
    table[j + 1] = infinity;
    table[width + j + 1] = j;
  }
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1) - 97;
    let lastMatchColumn = 0;
    let rowMin = table[(i + 1) * width + 1]!;
    for (let j = 1; j <= b.length; j++) {
      const cb = b.charCodeAt(j - 1) - 97;
      const k = lastRow[cb]!;
      const l = lastMatchColumn;
      const cost = ca === cb ? 0 : 1;
      if (cost === 0) lastMatchColumn = j;
      const d = Math.min(
        table[i * width + j]! + cost,
        table[(i + 1) * width + j]! + 1,
        table[i * width + j + 1]! + 1,
        table[k * width + l]! + (i - k - 1) + 1 + (j - l - 1),
      );
      table[(i + 1) * width + j + 1] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    lastRow[ca] = i;
  }
  return table[(a.length + 1) * width + b.length + 1]!;
}

/** Edits allowed for a word of this length: none for 1–2 letters ("a", "an", "on"), one up to 6, then two. */
function allowedEdits(length: number): number {
  if (length <= 2) return 0;
  return length <= 6 ? 1 : 2;
}

/** Remembered corrections; cleared when full so a flood of distinct words costs memory only up to a bound. */
const remembered = new Map<string, string | undefined>();
const REMEMBER_MAX = 10_000;

/**
 * The vocabulary words (of 3+ letters) that `budget` edits might reach from a plain a–z `word`: the others
 * differ in length, or in letter counts, by more than the budget allows, so they are never compared.
 */
export function candidatesWithinReach(word: string, budget: number): string[] {
  letterCounts(word, queryCounts);
  const letters = letterSet(word);
  return (REACHABLE[budget]?.[word.length] ?? []).filter((c) => withinReach(c, letters, budget)).map((c) => c.word);
}

/** The vocabulary word within `budget` (≤ 2) edits of `word` that is most like it. */
function nearestWord(word: string, budget: number): string | undefined {
  if (budget === 0 || word.length > MAX_WORD || !PLAIN_WORD.test(word)) return undefined;
  letterCounts(word, queryCounts);
  const letters = letterSet(word);
  let best: { word: string; distance: number; similarity?: number } | undefined;
  for (const candidate of REACHABLE[budget]![word.length] ?? []) {
    if (!withinReach(candidate, letters, budget)) continue;
    const distance = damerauLevenshtein(word, candidate.word, best ? best.distance : budget);
    if (distance > budget || (best && distance > best.distance)) continue;
    if (!best || distance < best.distance) {
      best = { word: candidate.word, distance };
    } else {
      // Similarity only breaks ties, so it is computed only when there is one to break.
      best.similarity ??= JaroWinklerDistance(word, best.word);
      const similarity = JaroWinklerDistance(word, candidate.word);
      if (similarity > best.similarity) best = { word: candidate.word, distance, similarity };
    }
  }
  return best?.word;
}

/** The vocabulary word `word` most likely meant, or undefined when none is close enough. */
export function correctWord(word: string): string | undefined {
  if (NUMBER_WORDS.has(word)) return word;
  if (remembered.has(word)) return remembered.get(word);
  const found = nearestWord(word, allowedEdits(word.length));
  if (remembered.size >= REMEMBER_MAX) remembered.clear();
  remembered.set(word, found);
  return found;
}

const VOCABULARY = [...NUMBER_WORDS.keys()];

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
  return completions(text)[0] ?? nearestWord(text, 2);
}

/** The phrase cut into lower-case words, after the length check every reading starts with. */
export function splitWords(phrase: string): string[] {
  if (phrase.length > MAX_PHRASE_CHARS) {
    throw new PhraseError('too_long', `the phrase is ${phrase.length} characters; the limit is ${MAX_PHRASE_CHARS}`);
  }
  return phrase.toLowerCase().split(SEPARATORS).filter((piece) => piece !== '');
}

/** One word as the `position`-th token, or a PhraseError naming it. */
export function readWord(text: string, position: number): Token {
  if (!PLAIN_WORD.test(text) && NUMERAL.test(text)) {
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
