// User text → lexicon tokens. Words are split on whitespace, punctuation (hyphens included) and the ASCII
// symbols; numerals stay whole ("1.2", "1,000", "21st", ".5", "1.2e-3", and in a phrase "3/4"), a scale
// letter after one is its scale word ("10k" → 10 thousand); a "-" or "−" that starts a word is "minus". A word
// run together from lexicon words is split ("twentyone" → twenty one). Typos are corrected by
// Damerau–Levenshtein distance (our own, bounded), under a policy that never yields a confident wrong number: a lexicon word is
// always itself; a correction goes only to a single nearest word, of the same kind by its ending (an ordinal
// "…th" to an ordinal), to a scale word only when its own stem was typed ("milion" → million, never
// "zillion"), and never from a common English word ("for", "none", "tree" are refused with "did you mean").
// Every correction is reported. Any other character (an emoji, a letter outside a–z, digits of another
// script) stays inside its word, which is then refused rather than read as a space or corrected.
//
// Correction is the one per-word cost that grows with the input, so it is bounded: candidates whose length
// or letters alone put them out of reach are never compared, and answers are remembered.
// Browser-safe: the page bundles this module, so it reads a phrase exactly as the server does.

import { JaroWinklerDistance } from 'natural/lib/natural/distance/index.js';
import { PhraseError } from './errors.ts';
import { LEXICON, type Lexicon } from './lexicon.ts';

export interface Token {
  /** As typed (lower-cased). */
  text: string;
  /** The vocabulary word it was read as. */
  normalized: string;
  corrected: boolean;
}

/** Longest phrase, in characters, that is tokenized at all; longer input is refused before any work. */
export const MAX_PHRASE_CHARS = 300;

/**
 * A minus sign starting a word (at the start or after a space), or a word: a run of anything but whitespace,
 * punctuation of any script and the ASCII symbols, where "." and "," between digits stay inside ("1.2"); a
 * decimal's leading point (".5") and scientific notation ("12.32e+14") stay inside too.
 */
export const PIECES = /(?<!\S)[-−](?=\s*(?:[^\s\p{P}$+<=>^`|~−]|\.\d))|(?<![\d.])\.\d+(?:e[+-]?\d+)?[^\s\p{P}$+<=>^`|~−]*|\d+(?:[.,]\d+)*e[+-]?\d+[^\s\p{P}$+<=>^`|~−]*|[^\s\p{P}$+<=>^`|~−]+(?:[.,](?=\d)[^\s\p{P}$+<=>^`|~−]+)*/giu;
/** The same, for one phrase: a numeral fraction ("3/4", "3/8ths") is one piece too (not in running text, where "24/7" and "12/25" are no fractions). */
const PHRASE_PIECES = /(?<!\S)[-−](?=\s*(?:[^\s\p{P}$+<=>^`|~−]|\.\d))|\d+\/\d+[a-z]*|(?<![\d.])\.\d+(?:e[+-]?\d+)?[^\s\p{P}$+<=>^`|~−]*|\d+(?:[.,]\d+)*e[+-]?\d+[^\s\p{P}$+<=>^`|~−]*|[^\s\p{P}$+<=>^`|~−]+(?:[.,](?=\d)[^\s\p{P}$+<=>^`|~−]+)*/giu;
const MINUS_SIGNS = new Set(['-', '−']);
const NUMERAL = /\p{N}/u;
const PLAIN_WORD = /^[a-z]+$/;
/** Digits as the grammar reads them: an integer, a decimal, an ordinal numeral; commas between thousands. */
const DIGITS = /^(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$|^\d+(?:st|nd|rd|th)$/;
/** A decimal without its leading zero (".5"), and scientific notation ("1.2e-3"); both read as plain decimals. */
const BARE_DECIMAL = /^\.\d+$/;
const SCIENTIFIC = /^(\d*)(?:\.(\d+))?e([+-]?\d+)$/;
/** Exponents beyond this are refused: "1e999999" would be a million digits. */
const MAX_EXPONENT = 100;
/** A numeral fraction, "3/4", optionally with the ordinal ending people add ("3/8th", "3/8ths"). */
const SLASH_FRACTION = /^(\d+)\/(\d+)(?:st|nd|rd|th)?s?$/;
/**
 * Scale letters after a numeral, as in "10k", "1.2M", "3G", "1.2b", "5bn". Case matters where a lower-case
 * letter is a unit: "5m" is metres and "10g" grams, so only "M" and "G" are million and billion (giga).
 */
const SCALE_SUFFIX = /^((?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?|\.\d+)(k|K|M|G|b|B|bn|BN|Bn)$/;
const SUFFIX_SCALES: Readonly<Record<string, string>> = { k: 'thousand', m: 'million', g: 'billion', b: 'billion', bn: 'billion' };
/** Endings that make a word an ordinal or a fraction's divisor: a typo keeps its kind. "-nd" is either
 * ("second", "thousand"). */
const ORDINAL_ENDING = /(?:th|ths|st|rd|rds)$/;
const EITHER_ENDING = /nd$/;

/**
 * English words a letter or two from a number word ("for" → four, "none" → nine, "tree" → three, "bullion"
 * → billion): typed alone they are refused with "did you mean", never corrected.
 */
const COMMON_WORDS = new Set(
  ('for fore form fort forth fork fur our hour pour sour tour your flour none nice line mine wine vine dine pine nile ' +
    'tree free thee there threw throw ton tone tan tin teen then than tent tend tea too twin won own once ones bone ' +
    'gone done lone zone sin sit sic sex sax mix fix ski even seen sever eve weight height night light fight sight ' +
    'tight right might fire fine file hive dive give live jive fife delve dirty thirsty thirst frosty nifty silty ' +
    'hero ought bought sought fought caught taught naughty hall halt hale calf hail dozed dozer doze quartet ' +
    'quartets paint print joint pint points minis mines bullion mullion pillion trillium').split(' '),
);

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

/** Longest word correction looks at: a longer one is out of every candidate's reach anyway. */
const MAX_WORD = 32;

/** What correction needs of a lexicon, built once per lexicon. */
interface Index {
  lexicon: Lexicon;
  /** REACHABLE[budget][length]: the candidates whose length a word of `length` letters can reach. */
  reachable: Candidate[][][];
  /** The words offered while typing: completions and suggestions (no variant spellings). */
  words: string[];
  /** Letters of the longest lexicon word: no part of a run-together word is longer. */
  longest: number;
  /** Remembered corrections; cleared when full so a flood of distinct words costs memory only up to a bound. */
  remembered: Map<string, Correction>;
}

/** A word's reading: the lexicon word, or why it is refused and what it may have meant. */
type Correction = { word: string } | { parts: string[] } | { refused: string; suggestion?: string };

const indexes = new WeakMap<Lexicon, Index>();

function indexFor(lexicon: Lexicon): Index {
  let index = indexes.get(lexicon);
  if (index) return index;
  // Lexicon words of 3+ letters, by length: a word is compared only with lengths its budget can reach.
  const byLength: Candidate[][] = [];
  for (const [word, info] of lexicon.words) {
    if (word.length > 2 && !info.noTypos && !info.variant) (byLength[word.length] ??= []).push({ word, counts: letterCounts(word), letters: letterSet(word) });
  }
  const reachable = [0, 1, 2].map((budget) =>
    Array.from({ length: MAX_WORD + 1 }, (_, length) => {
      const found: Candidate[] = [];
      for (let l = Math.max(3, length - budget); l <= length + budget; l++) found.push(...(byLength[l] ?? []));
      return found;
    }),
  );
  const longest = Math.max(...[...lexicon.words.keys()].map((w) => w.length));
  index = { lexicon, reachable, words: [...lexicon.words].filter(([, info]) => !info.variant).map(([word]) => word), longest, remembered: new Map() };
  indexes.set(lexicon, index);
  return index;
}

const table = new Int32Array((MAX_WORD + 2) * (MAX_WORD + 2));
const lastRow = new Int32Array(26);

/**
 * The (unrestricted, Lowrance–Wagner) Damerau–Levenshtein distance of two a–z words of at most MAX_WORD
 * letters, on one preallocated table: correction runs it for every close candidate of every word of a
 * request, so it allocates nothing. Row minima never decrease,
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

const REMEMBER_MAX = 10_000;

export function candidatesWithinReach(word: string, budget: number, lexicon: Lexicon = LEXICON): string[] {
  letterCounts(word, queryCounts);
  const letters = letterSet(word);
  return (indexFor(lexicon).reachable[budget]?.[word.length] ?? []).filter((c) => withinReach(c, letters, budget)).map((c) => c.word);
}

/** Whether a typo may become `candidate`: the same kind by its ending, and a scale's stem typed as it is. */
function sameKind(word: string, candidate: string): boolean {
  if (!EITHER_ENDING.test(word) && !EITHER_ENDING.test(candidate) && ORDINAL_ENDING.test(word) !== ORDINAL_ENDING.test(candidate)) return false;
  const illion = candidate.indexOf('illion');
  return illion < 0 || word.startsWith(candidate.slice(0, illion));
}

/** The lexicon words of the same kind within `budget` (≤ 2) edits of `word`, all at the least distance. */
function nearestWords(word: string, budget: number, index: Index): string[] {
  if (budget === 0 || word.length > MAX_WORD || !PLAIN_WORD.test(word)) return [];
  letterCounts(word, queryCounts);
  const letters = letterSet(word);
  let best: string[] = [];
  let bestDistance = budget;
  for (const candidate of index.reachable[budget]![word.length] ?? []) {
    if (!withinReach(candidate, letters, budget) || !sameKind(word, candidate.word)) continue;
    const distance = damerauLevenshtein(word, candidate.word, bestDistance);
    if (distance > bestDistance) continue;
    if (distance < bestDistance || best.length === 0) best = [];
    bestDistance = distance;
    best.push(candidate.word);
  }
  return best;
}

/**
 * The words offered for a refused word, most alike first by natural's Jaro–Winkler similarity (which weighs
 * a shared beginning, how people mistype), lexicon order among equals: a suggestion, never a correction.
 */
const either = (typed: string, words: readonly string[]) =>
  [...words]
    .sort((a, b) => JaroWinklerDistance(typed, b) - JaroWinklerDistance(typed, a))
    .map((w) => `"${w}"`)
    .join(' or ');

/** Lexicon words run together ("twentyone", "fivehundredandtwo"): the split, if there is exactly one. */
export function runTogether(word: string, lexicon: Lexicon = LEXICON): string[] | undefined {
  return splitRunTogether(word, indexFor(lexicon));
}

function splitRunTogether(word: string, index: Index): string[] | undefined {
  if (word.length > MAX_WORD || !PLAIN_WORD.test(word)) return undefined;
  // splits[i]: the ways word.slice(i) splits into words of 3+ letters (the article "a" and "o" never inside).
  const splits: (string[][] | undefined)[] = [];
  splits[word.length] = [[]];
  for (let i = word.length - 1; i >= 0; i--) {
    const ways: string[][] = [];
    for (let j = i + 3; j <= Math.min(word.length, i + index.longest) && ways.length < 2; j++) {
      const part = word.slice(i, j);
      if (!index.lexicon.words.has(part)) continue;
      for (const rest of splits[j] ?? []) if (ways.length < 2) ways.push([part, ...rest]);
    }
    splits[i] = ways;
  }
  const ways = splits[0] ?? [];
  return ways.length === 1 && (ways[0] as string[]).length > 1 ? ways[0] : undefined;
}

function correct(word: string, index: Index): Correction {
  const near = nearestWords(word, allowedEdits(word.length), index);
  if (COMMON_WORDS.has(word)) {
    const meant = near.length > 0 ? near : nearestWords(word, 2, index);
    const refused = `"${word}" is an English word, not a number word`;
    return meant.length === 1 ? { refused, suggestion: meant[0] } : { refused: meant.length > 1 ? `${refused}; did you mean ${either(word, meant)}?` : refused };
  }
  if (near.length === 1) return { word: near[0] as string };
  if (near.length > 1) return { refused: `"${word}" is not a number word; did you mean ${either(word, near)}?` };
  return { refused: `"${word}" is not a number word`, ...suggestionFor(word, index) };
}

/** The lexicon word `word` is read as, or undefined when it is refused. */
export function correctWord(word: string, lexicon: Lexicon = LEXICON): string | undefined {
  const found = correction(word, indexFor(lexicon));
  return 'word' in found ? found.word : undefined;
}

function correction(word: string, index: Index): Correction {
  if (index.lexicon.words.has(word)) return { word };
  const known = index.remembered.get(word);
  if (known) return known;
  const parts = splitRunTogether(word, index);
  const found = parts ? { parts } : correct(word, index);
  if (index.remembered.size >= REMEMBER_MAX) index.remembered.clear();
  index.remembered.set(word, found);
  return found;
}

/** Lexicon words that begin with `text` ("hun" → hundred, hundredth, hundredths); variant spellings only if asked. */
export function completions(text: string, lexicon: Lexicon = LEXICON, variants = false): string[] {
  if (text === '') return [];
  return (variants ? [...lexicon.words.keys()] : indexFor(lexicon).words).filter((w) => w.startsWith(text));
}

/** What a refused word probably meant, for "did you mean …": too far for a silent correction, but close. */
function suggestionFor(text: string, index: Index): { suggestion?: string } {
  const begun = index.words.find((w) => w.startsWith(text) && w.length > text.length);
  const near = nearestWords(text, 2, index);
  const suggestion = begun ?? (near.length === 1 ? near[0] : undefined);
  return suggestion !== undefined ? { suggestion } : {};
}

/** The phrase cut into lower-case pieces (words, numerals, minus signs), after the length check. */
export function splitWords(phrase: string): string[] {
  if (phrase.length > MAX_PHRASE_CHARS) {
    throw new PhraseError('too_long', `the phrase is ${phrase.length} characters; the limit is ${MAX_PHRASE_CHARS}`);
  }
  // A numeral with a scale letter keeps its case ("1.2M" is million, "1.2m" metres); all else is lower-cased.
  const lower = phrase.toLowerCase();
  if (lower === phrase) return phrase.match(PHRASE_PIECES) ?? [];
  return (phrase.match(PHRASE_PIECES) ?? []).map((piece) => (SCALE_SUFFIX.test(piece) ? piece : piece.toLowerCase()));
}

/** A decimal written as plain digits: ".5" → "0.5", "12.32e+14" → "1232000000000000", "-12e-1"'s "12e-1" → "1.2". */
function plainDecimal(text: string, position: number): string {
  if (BARE_DECIMAL.test(text)) return `0${text}`;
  const [, whole = '', fractionDigits = '', exponentText = '0'] = SCIENTIFIC.exec(text) ?? [];
  const exponent = Number(exponentText);
  if (whole + fractionDigits === '' || Math.abs(exponent) > MAX_EXPONENT) {
    throw new PhraseError('numeral', `"${text}" is not a number in the digits 0–9 or in words`, text, position);
  }
  // Move the point: the digits, and where the point falls in them.
  let digits = whole + fractionDigits;
  let point = whole.length + exponent;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const decimals = digits.slice(point).replace(/0+$/, '');
  return decimals === '' ? integer : `${integer}.${decimals}`;
}

/** One piece as tokens from the `position`-th on (a run-together word gives several), or a PhraseError. */
export function readPiece(text: string, position: number, lexicon: Lexicon = LEXICON): Token[] {
  if (lexicon.words.has(text)) return [{ text, normalized: text, corrected: false }];
  if (MINUS_SIGNS.has(text)) return [{ text, normalized: 'minus', corrected: false }];
  if (!PLAIN_WORD.test(text) && NUMERAL.test(text)) {
    if (DIGITS.test(text)) return [{ text, normalized: text.replaceAll(',', ''), corrected: false }];
    const suffixed = SCALE_SUFFIX.exec(text);
    if (suffixed) {
      const [, numeral = '', letter = ''] = suffixed;
      const normalized = BARE_DECIMAL.test(numeral) ? `0${numeral}` : numeral.replaceAll(',', '');
      return [
        { text: numeral, normalized, corrected: false },
        { text: letter.toLowerCase(), normalized: SUFFIX_SCALES[letter.toLowerCase()] as string, corrected: false },
      ];
    }
    if (BARE_DECIMAL.test(text) || SCIENTIFIC.test(text)) return [{ text, normalized: plainDecimal(text, position), corrected: false }];
    const slash = SLASH_FRACTION.exec(text);
    if (slash) return [{ text, normalized: `${slash[1]}/${slash[2]}`, corrected: false }];
    throw new PhraseError('numeral', `"${text}" is not a number in the digits 0–9 or in words`, text, position);
  }
  const found = correction(text, indexFor(lexicon));
  if ('word' in found) return [{ text, normalized: found.word, corrected: found.word !== text }];
  if ('parts' in found) return found.parts.map((part) => ({ text: part, normalized: part, corrected: false }));
  throw new PhraseError('unknown_word', found.refused, text, position, found.suggestion);
}

/** One word as the `position`-th token, or a PhraseError naming it. */
export function readWord(text: string, position: number, lexicon: Lexicon = LEXICON): Token {
  const [token, ...more] = readPiece(text, position, lexicon);
  if (!token || more.length > 0) throw new PhraseError('unknown_word', `"${text}" is several words run together`, text, position);
  return token;
}

/** Splits and normalises a phrase; throws PhraseError for empty, over-long, numeral or unknown input. */
export function tokenize(phrase: string, lexicon: Lexicon = LEXICON): Token[] {
  const pieces = splitWords(phrase);
  if (pieces.length === 0) throw new PhraseError('empty', 'the phrase has no words');
  return readPieces(pieces, lexicon);
}

/**
 * Pieces as tokens, with what a piece means beside its neighbours: a "k" after a numeral is thousand ("2.33
 * k"), and a "-" between a tens word and a unit is the hyphen of "fifty - two", not a minus. `typing` is
 * a word still being typed after the pieces (src/language/prefix.ts).
 */
export function readPieces(pieces: readonly string[], lexicon: Lexicon = LEXICON, typing?: string): Token[] {
  // After the last piece comes the word still being typed, if any: "fifty - tw" may become "fifty - two".
  const isUnit = (word: string | undefined, p: number) => {
    if (word !== undefined) return lexicon.info(word)?.kind === 'unit';
    return p === pieces.length - 1 && typing !== undefined && completions(typing, lexicon).some((w) => lexicon.info(w)?.kind === 'unit');
  };
  const tokens: Token[] = [];
  for (let p = 0; p < pieces.length; p++) {
    const piece = pieces[p] as string;
    if (piece === 'k' || piece === '-') {
      const previous = tokens[tokens.length - 1]?.normalized ?? '';
      if (piece === 'k' && /^\d/.test(previous)) {
        tokens.push({ text: piece, normalized: 'thousand', corrected: false });
        continue;
      }
      const before = lexicon.info(previous);
      if (piece === '-' && before?.kind === 'tens' && !before.ordinal && isUnit(pieces[p + 1], p)) continue;
    }
    const read = readPiece(piece, tokens.length, lexicon);
    if (read.length === 1) tokens.push(read[0] as Token);
    else tokens.push(...read);
  }
  return tokens;
}

/** The normalised words alone: what the grammar and the model read. */
export function tokenWords(phrase: string, lexicon: Lexicon = LEXICON): string[] {
  return tokenize(phrase, lexicon).map((t) => t.normalized);
}
