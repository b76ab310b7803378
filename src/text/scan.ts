// Where the numbers are in running text, by the grammar alone: the text is cut into pieces with their
// offsets (the tokenizer's own pattern), and from each piece that can start a number the longest run of
// pieces the grammar reads as one finished phrase is taken, greedily, left to right. The rules for where a
// number starts and ends, and which lone words are not numbers at all, are in docs/language.md ("Running
// text"); each is a function here. Browser-safe.

import { PhraseError } from '../language/errors.ts';
import { GrowingReading, readTokens, type Growth, type Reading } from '../language/grammar.ts';
import { LEXICON } from '../language/lexicon.ts';
import { correctWord, MAX_PHRASE_CHARS, PIECES, readPiece, runTogether, type Token } from '../language/tokenize.ts';

/** A piece of the text: a word, a numeral or a minus sign, at [start, end) of the original text. */
export interface Piece {
  start: number;
  end: number;
  /** Lower-cased. */
  text: string;
}

export interface TextOptions {
  /**
   * A number said in one word, with no other number next to it, is kept only if its value is at least
   * this (zero is always kept): by default 2, so a lone "one" ("the one you mentioned") is no number.
   */
  threshold?: number;
  /** A lone ordinal word below this ("first", "second" by default) is kept only in a list of ordinals. */
  ordinalThreshold?: number;
}

export const DEFAULT_THRESHOLD = 2;
export const DEFAULT_ORDINAL_THRESHOLD = 3;

/** A number found by the grammar: its pieces, tokens and reading. */
export interface Found {
  start: number;
  end: number;
  /** Where the words read start: after a leading "plus", else `start`. */
  wordsStart: number;
  /** Indexes of its first and last piece (the words, without a "plus"). */
  first: number;
  last: number;
  tokens: Token[];
  reading: Reading;
  /** Preceded by a "plus" that is part of it ("plus twenty" → +20). */
  plus?: true;
}

/** The pieces of a text, with their offsets. */
export function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  // exec on one regex of this module, not matchAll (which copies the regex and makes an iterator a call).
  const pattern = PIECES_HERE;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0].toLowerCase() });
  return out;
}
const PIECES_HERE = new RegExp(PIECES.source, PIECES.flags);

const PLAIN_WORD = /^[a-z]+$/;
const HAS_DIGIT = /\p{N}/u;
/** The first three letters of every lexicon word of three or more: a word run together must start with one. */
const STARTS = new Set([...LEXICON.words.keys()].filter((w) => w.length >= 3).map((w) => w.slice(0, 3)));

const word = (text: string): Token[] => [{ text, normalized: text, corrected: false }];

/** Looks like a numeral the tokenizer reads ("42", "1,000", "1.5", "21st"); the tokenizer still decides. */
const NUMERAL_LIKE = /^[\d.,]*\d(?:st|nd|rd|th)?$/;

/** A piece read with no typo correction: a lexicon word, a numeral, words run together; else undefined. */
function exactTokens(piece: Piece, next: Piece | undefined): Token[] | undefined {
  const text = piece.text;
  if (LEXICON.words.has(text)) return word(text);
  // A minus sign is one only when the number follows it at once ("-5", not the dash in "a - b").
  if (text === '-' || text === '−') return next?.start === piece.end ? [{ text, normalized: 'minus', corrected: false }] : undefined;
  if (NUMERAL_LIKE.test(text)) return tryRead(text);
  if (text.length >= 6 && STARTS.has(text.slice(0, 3)) && PLAIN_WORD.test(text)) return runTogether(text, LEXICON)?.flatMap(word);
  return undefined;
}

/** A piece inside a number: exactly, or a typo the tokenizer corrects (the policy of src/language/tokenize.ts). */
function insideTokens(piece: Piece, next: Piece | undefined): Token[] | undefined {
  const exact = exactTokens(piece, next);
  if (exact || !PLAIN_WORD.test(piece.text)) return exact;
  const read = correctWord(piece.text);
  return read === undefined ? undefined : [{ text: piece.text, normalized: read, corrected: true }];
}

function tryRead(text: string): Token[] | undefined {
  try {
    return readPiece(text, 0);
  } catch (error) {
    if (error instanceof PhraseError) return undefined;
    throw error;
  }
}

/**
 * Whether the text between two pieces lets them be one number: spaces, one hyphen ("twenty-five"), or a
 * comma after a scale word ("twenty thousand, five hundred"). Any other mark ends the number.
 */
function joins(gap: string, last: string): boolean {
  if (gap === '' || /^\s+$/.test(gap) || /^[-‐‑]$/.test(gap)) return true;
  return /^,\s*$/.test(gap) && LEXICON.info(last)?.kind === 'scale';
}

/**
 * Readings the grammar takes for one phrase that running text does not: words of single digits are separate
 * numbers ("one two three" → 1, 2, 3) unless they start with zero ("zero six" → "06", a code), and a unit
 * before a tens word or teen is two numbers ("one ten" → 1, 10), not implied hundreds.
 */
function textReads(reading: Reading, years: boolean): boolean {
  if (reading.form === 'digits') return reading.digits?.startsWith('0') === true;
  if (reading.form === 'year') return years && Math.abs(reading.value) >= 1000;
  return true;
}

/** Readings of single words, which start most runs ("a", "one", "and" are everywhere in prose): remembered. */
const firstGrowths = new Map<string, Growth | null>();
function firstGrowth(tokens: Token[]): Growth | undefined {
  if (tokens.length > 1) return grow(new GrowingReading(), tokens);
  const w = (tokens[0] as Token).normalized;
  let growth = firstGrowths.get(w);
  if (growth === undefined) {
    growth = grow(new GrowingReading(), tokens) ?? null;
    if (firstGrowths.size < 10_000) firstGrowths.set(w, growth);
  }
  return growth ?? undefined;
}

/** The longest number starting at piece `i`, and the index of the piece after its tentative end. */
export interface Run {
  found?: Found;
  /** Index of the first piece after the number (or after `i` when there is none). */
  next: number;
  /** Index of the first piece the reader did not accept: the number's tail up to it was tentative. */
  stopped: number;
  /** The words read up to `stopped`, and their reading as a prefix: the number in progress. */
  tentative?: { tokens: Token[]; reading: Reading; end: number };
}

/**
 * From piece `i`, the words are extended while the grammar's prefix reading takes them; the number is the
 * longest of those prefixes the grammar reads as a finished phrase. `years: false` reads no pair of words
 * as a year (a list of numbers, see scan).
 */
export function longestAt(text: string, all: readonly Piece[], i: number, options: { years?: boolean } = {}): Run {
  return runAt(text, all, i, options.years ?? true) ?? { next: i + 1, stopped: i + 1 };
}

/** longestAt, or undefined where no number starts at piece `i` (most pieces of prose: no object made for them). */
function runAt(text: string, all: readonly Piece[], i: number, years: boolean): Run | undefined {
  const first = all[i] as Piece;
  // A piece longer than a phrase may be is no number (a numeral of a million digits would cost seconds).
  if (first.end - first.start > MAX_PHRASE_CHARS) return undefined;
  const start = exactTokens(first, all[i + 1]);
  const initial = start && firstGrowth(start);
  if (!start || !initial || !textReads(initial.reading, years)) return undefined;
  // The words are read as they are added (one pass, not every prefix again), by a reader made when a
  // second piece comes (a lone word needs none); per prefix, its last piece, its tokens and its readings.
  let growing: GrowingReading | undefined;
  const tokens = start;
  const prefixes: { last: number; count: number; growth: Growth }[] = [{ last: i, count: tokens.length, growth: initial }];
  let j = i + 1;
  for (; j < all.length; j++) {
    const piece = all[j] as Piece;
    const prev = all[j - 1] as Piece;
    if (piece.end - first.start > MAX_PHRASE_CHARS || !joins(text.slice(prev.end, piece.start), (tokens[tokens.length - 1] as Token).normalized)) break;
    const more = insideTokens(piece, all[j + 1]);
    // In prose "over" is a preposition ("two over three seasons"), not a fraction bar (docs/language.md 8c).
    if (!more || more.some((t) => LEXICON.info(t.normalized)?.kind === 'over')) break;
    if (!growing) {
      growing = new GrowingReading();
      growing.push(tokens.map((t) => t.normalized));
    }
    const growth = grow(growing, more);
    if (!growth || !textReads(growth.reading, years)) break;
    tokens.push(...more);
    prefixes.push({ last: j, count: tokens.length, growth });
  }
  const longest = prefixes[prefixes.length - 1] as { count: number; growth: Growth };
  const tentative = { tokens: tokens.slice(0, longest.count), reading: longest.growth.reading, end: (all[j - 1] as Piece).end };
  for (let k = prefixes.length - 1; k >= 0; k--) {
    const { last, count, growth } = prefixes[k] as { last: number; count: number; growth: Growth };
    if (!growth.finished) continue;
    const found = { start: first.start, end: (all[last] as Piece).end, wordsStart: first.start, first: i, last, tokens: count === tokens.length ? tokens : tokens.slice(0, count), reading: growth.finished };
    return { found, next: last + 1, stopped: j, tentative };
  }
  return { next: i + 1, stopped: j, tentative };
}

/** The reading grown by these tokens, or undefined where the grammar refuses them. */
function grow(growing: GrowingReading, more: readonly Token[]): Growth | undefined {
  return growing.push(more.map((t) => t.normalized));
}

const SPACES = /^\s+$/;

/**
 * Every number the grammar takes, before the rules for lone words (see `keep`). A year is never the next
 * item of a list: right after another number, with only spaces between, its words are separate numbers
 * ("one two three four twenty fifteen" → 20, 15). A number the grammar cuts where the rest starts with a
 * bare scale word is no number at all ("one point two hundred thirty-six": not 1.2 and 136).
 */
export function scan(text: string, all: readonly Piece[] = pieces(text)): Found[] {
  return withoutStacks(() => {
    const out: Found[] = [];
    for (let i = 0; i < all.length; ) {
      let run = runAt(text, all, i, true);
      const previous = out[out.length - 1];
      if (run?.found?.reading.form === 'year' && previous && SPACES.test(text.slice(previous.end, run.found.start))) run = runAt(text, all, i, false);
      if (run?.found) out.push(run.found);
      i = run ? run.next : i + 1;
    }
    return out.filter((f, k) => !cutAtScale(text, f, out[k + 1]) && !cutAtScale(text, out[k - 1], f));
  });
}

/** Whether `after` follows `before` word to word, starting with a bare "hundred" or scale word the grammar would not add. */
function cutAtScale(text: string, before: Found | undefined, after: Found | undefined): boolean {
  if (!before || !after || after.first !== before.last + 1 || !SPACES.test(text.slice(before.end, after.start))) return false;
  const kind = LEXICON.info((after.tokens[0] as Token).normalized)?.kind;
  return kind === 'hundred' || kind === 'scale';
}

/**
 * Runs `f` with no stack traces on errors: the grammar refuses by throwing, a text is thousands of tries,
 * and each trace (source-mapped under tsx) cost three times the reading itself. The refusals are caught here.
 */
export function withoutStacks<T>(f: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return f();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Text between two numbers that makes them neighbours in a list: spaces, commas, "and", "or", "to". */
const NEIGHBOURS = /^(?:[\s,]|\band\b|\bor\b|\bto\b)*$/i;

const isWord = (f: Found) => f.tokens.length === 1 && !HAS_DIGIT.test(f.tokens[0]!.text);

/**
 * The numbers running text holds, of those the grammar found (in order): a lone ordinal word below
 * ordinalThreshold is kept only next to another ordinal ("first, second, third"; not "one second
 * please"), then a lone one-word cardinal below threshold only next to another number ("one two three";
 * not "the one you mentioned"). A "plus" right before a number, after no number, is its sign.
 */
export function keep(text: string, scanned: readonly Found[], all: readonly Piece[], options: TextOptions = {}): Found[] {
  if (scanned.length === 0) return [];
  const found = scanned.map((f, k) => partitive(text, all, withPlus(text, f, all, scanned[k - 1])));
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const ordinalThreshold = options.ordinalThreshold ?? DEFAULT_ORDINAL_THRESHOLD;
  const near = (a: Found | undefined, b: Found | undefined) => a !== undefined && b !== undefined && NEIGHBOURS.test(text.slice(a.end, b.start));
  const lowOrdinal = (f: Found) => f.reading.ordinal === true && f.reading.value < ordinalThreshold && isWord(f);
  const ordinalNext = (a: Found | undefined, b: Found | undefined) => a?.reading.ordinal === true && b?.reading.ordinal === true && near(a, b);
  const ordinals = found.filter((f, k) => !lowOrdinal(f) || ordinalNext(found[k - 1], f) || ordinalNext(f, found[k + 1]));
  const lowCardinal = (f: Found) => f.reading.form === 'cardinal' && f.reading.value !== 0 && f.reading.value < threshold && isWord(f) && !named(text, all, f) && !titleCount(text, all, f);
  const kept = ordinals.filter((f, k) => !lowCardinal(f) || near(ordinals[k - 1], f) || near(f, ordinals[k + 1]));
  return kept.filter((f) => !dayOfMonth(text, all, f));
}

/** Words that name the number after them: "digit one", "number one", "page one", "chapter one" are numbers. */
const NAMING = new Set(['number', 'digit', 'figure', 'page', 'chapter', 'step', 'part', 'level', 'volume', 'room', 'day', 'year']);

/** The word right before a number, separated by spaces only, or undefined. */
function wordBefore(text: string, all: readonly Piece[], f: Found): Piece | undefined {
  const before = all[f.first - 1];
  return before && SPACES.test(text.slice(before.end, f.start)) ? before : undefined;
}

function named(text: string, all: readonly Piece[], f: Found): boolean {
  return NAMING.has(wordBefore(text, all, f)?.text ?? '');
}

/** A capitalised word, not all capitals ("Question", not "QUESTION" or "question"). */
const CAPITALISED = /^\p{Lu}\p{Ll}+$/u;

/**
 * A title's count: a capitalised number word that starts a phrase (the text's start or after a mark) before
 * a capitalised word other than "Of" — "Fifty People, One Question" — not "One moment please", "The One".
 */
function titleCount(text: string, all: readonly Piece[], f: Found): boolean {
  const next = all[f.last + 1];
  const before = all[f.first - 1];
  if (!CAPITALISED.test(text.slice(f.start, f.end)) || !next || next.text === 'of' || !SPACES.test(text.slice(f.end, next.start))) return false;
  return CAPITALISED.test(text.slice(next.start, next.end)) && (!before || !SPACES.test(text.slice(before.end, f.start)));
}

/** Fractions said with a partitive "of": "one thousandth of a parsec" (the grammar alone reads 1000th). */
function partitive(text: string, all: readonly Piece[], f: Found): Found {
  const [one, tenths] = f.tokens.map((t) => t.normalized);
  const info = tenths === undefined ? undefined : LEXICON.info(tenths);
  const round = info?.ordinal === true && (info.kind === 'hundred' || info.kind === 'scale');
  if (f.tokens.length !== 2 || one !== 'one' || !round || wordBefore(text, all, f)?.text === 'the') return f;
  const of = all[f.last + 1];
  if (of?.text !== 'of' || !SPACES.test(text.slice(f.end, of.start))) return f;
  return { ...f, reading: readTokens(['a', tenths as string]) };
}

/** Month names as written in dates, capitalised ("May" only so: "may" is a verb); "Sept" and three letters too. */
const MONTH = /^(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)$/;

/** An ordinal that is a day of the month, a date rather than a number: "May 4th", "the fourth of June". */
function dayOfMonth(text: string, all: readonly Piece[], f: Found): boolean {
  if (f.reading.ordinal !== true) return false;
  const before = wordBefore(text, all, f);
  if (before && MONTH.test(text.slice(before.start, before.end))) return true;
  const [of, month] = [all[f.last + 1], all[f.last + 2]];
  return of?.text === 'of' && month !== undefined && SPACES.test(text.slice(f.end, of.start)) && SPACES.test(text.slice(of.end, month.start)) && MONTH.test(text.slice(month.start, month.end));
}

function withPlus(text: string, f: Found, all: readonly Piece[], previous: Found | undefined): Found {
  const before = all[f.first - 1];
  if (!before || before.text !== 'plus' || !/^\s+$/.test(text.slice(before.end, f.start))) return f;
  if (previous && previous.last === f.first - 2 && /^\s+$/.test(text.slice(previous.end, before.start))) return f; // "two plus two": an operator
  return { ...f, start: before.start, plus: true };
}
