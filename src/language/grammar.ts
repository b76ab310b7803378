// Words → value, the project's source of truth. Reads a token list left to right with a small state machine
// and records the *running value* after every token: the value of that prefix read as if the phrase ended
// there, with a dangling "and", "point" or "a" ignored (a lone "a" reads as one). These are the model's
// per-token training targets and the reference the page shows beside the model.
//
//   "seven hundred and seventy seven" → 7, 700, 700, 770, 777
//   "two and a half million"          → 2, 2, 2, 2.5, 2500000
//
// The forms, and the rule chosen wherever English is ambiguous, are in docs/language.md: cardinals to the
// largest scale word, ordinals, negatives, decimals, fractions, years, digit strings, numerals mixed with
// words, dozens. Values are exact (exact.ts); `value`/`running` are their nearest numbers, exact
// themselves while every value is a safe integer. Anything else is refused with the offending word as the
// user typed it and its position — never a guess.

import { PhraseError } from './errors.ts';
import { Exact } from './exact.ts';
import { LEXICON, type Lexicon, type WordInfo, type WordKind } from './lexicon.ts';

export const FORMS = ['cardinal', 'ordinal', 'decimal', 'fraction', 'year', 'digits'] as const;
export type Form = (typeof FORMS)[number];

export interface Reading {
  /** The value, or its nearest number when `exact` is given. */
  value: number;
  /** running[i] = value of tokens[0..i] read as a phrase of its own (nearest numbers, as `value`). */
  running: number[];
  form: Form;
  /** Present only when some value is not a safe integer; else `value` and `running` are exact. */
  exact?: Exact;
  runningExact?: Exact[];
  ordinal?: true;
  /** A digit string as said, leading zeros kept ("zero eight" → "08"). */
  digits?: string;
}

/** The reading's exact value. */
export function exactValue(reading: Reading): Exact {
  return reading.exact ?? Exact.integer(reading.value);
}

/** exactValue(reading).toString(), without building the Exact of a safe integer. */
export function exactText(reading: Reading): string {
  return reading.exact ? reading.exact.toString() : Exact.text(reading.value);
}

/** The reading's exact running values. */
export function exactRunning(reading: Reading): Exact[] {
  return reading.runningExact ?? reading.running.map((v) => Exact.integer(v));
}

export interface ReadOptions {
  lexicon?: Lexicon;
  /** The words as the user typed them, quoted in errors in place of what they were read as. */
  typed?: readonly string[];
}

type BelowKind = 'none' | 'unit' | 'teen' | 'tens' | 'tensUnit';

/** A numeral token: digits with an optional decimal part, or an ordinal numeral ("21st"). */
const NUMERAL = /^(\d+)(?:\.(\d+))?$/;
/** A numeral fraction as the tokenizer gives it: "3/4". */
const SLASH_NUMERAL = /^(\d+)\/(\d+)$/;
const ORDINAL_NUMERAL = /^(\d+)(st|nd|rd|th)$/;

/** The suffix English gives the ordinal numeral n: 1st, 2nd, 3rd, 11th–13th, 21st. */
export function ordinalSuffix(n: bigint): string {
  const lastTwo = Number(n % 100n);
  if (lastTwo >= 11 && lastTwo <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][lastTwo % 10] ?? 'th';
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const POWERS_OF_TEN: bigint[] = Array.from({ length: 64 }, (_, i) => 10n ** BigInt(i));
const pow10 = (p: number): bigint => POWERS_OF_TEN[p] ?? 10n ** BigInt(p);
/** 10^0 … 10^15 as (exact) numbers: a decimal's scale on every token after its point, and a scale word's
 * multiplier, without Math.pow or BigInts. */
const TEN_POWERS: number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);
/** Group values as BigInts, made once: past 2^53 every token adds one. */
const GROUPS: bigint[] = Array.from({ length: 1000 }, (_, i) => BigInt(i));

/** What a fraction word divides by. */
const divisor = (info: WordInfo): bigint => (info.power !== undefined ? pow10(info.power) : BigInt(info.value));

/**
 * While a GrowingReading's machine reads, a refusal throws REFUSED, not a PhraseError: running text asks
 * thousands of times a second whether a word may follow, and needs only yes or no, not the message.
 */
let quiet = false;
const REFUSED: unique symbol = Symbol('refused');

function fail(message: string, token: string, position: number, suggestion?: string): never {
  if (quiet) throw REFUSED;
  throw new PhraseError('malformed', message, token, position, suggestion);
}

/** Reads a list of lexicon tokens (lower-case, as the tokenizer gives them). */
export function readTokens(tokens: readonly string[], options?: ReadOptions): Reading {
  if (tokens.length === 0) throw new PhraseError('empty', 'the phrase has no number words');
  return read(tokens, true, options);
}

/**
 * Reads the start of a phrase still being typed: the same rules as readTokens, except that it may be empty
 * and may end where a finished phrase cannot ("seven hundred and", "three point", "a"). Throws only when no
 * continuation could make the phrase grammatical: the reader decides every token as it comes, so a token
 * refused here is refused whatever follows.
 */
export function readPrefix(tokens: readonly string[], options?: ReadOptions): Reading {
  return read(tokens, false, options);
}

/** Whether `word` may come next after `tokens` (themselves a readable prefix). */
export function canFollow(tokens: readonly string[], word: string, options?: ReadOptions): boolean {
  try {
    readPrefix([...tokens, word], options);
    return true;
  } catch (error) {
    if (error instanceof PhraseError) return false;
    throw error;
  }
}

/** One more step of a GrowingReading: the words so far as readPrefix reads them, and as readTokens does when it does. */
export interface Growth {
  reading: Reading;
  /** The same words as a finished phrase, or undefined where readTokens refuses them ("seven hundred and"). */
  finished?: Reading;
}

/**
 * A phrase read as it grows, a word or a few at a time (running text, where every number is found by
 * extending its words while the grammar takes them): each step gives what readPrefix and readTokens give of
 * all the words so far, without reading them again from the start.
 */
export class GrowingReading {
  private readonly words: string[] = [];
  /** Reads the words as they come; undefined once it refused one that the whole-phrase rules may take ("one one hundred"). */
  private machine: PhraseReader | undefined;

  constructor(private readonly lexicon: Lexicon = LEXICON) {
    this.machine = new PhraseReader(this.words, lexicon, undefined, true);
  }

  /** Adds words; undefined where readPrefix refuses the words so far (the reading then takes no more). */
  push(words: readonly string[]): Growth | undefined {
    this.words.push(...words);
    const { machine, lexicon } = this;
    const compound = this.words.length >= 3 ? compoundFraction(this.words, lexicon) : undefined;
    if (machine) {
      quiet = true;
      try {
        const reading = machine.read(false);
        if (compound) return { reading: compound, finished: compound };
        return machine.finishes() ? { reading, finished: reading } : { reading };
      } catch (error) {
        if (error !== REFUSED && !(error instanceof PhraseError)) throw error;
        this.machine = undefined;
        // What the machine refuses only a compound denominator, whole or begun, can take (as read() does).
        if (!compound && !oneBeforeNumber(this.words, lexicon)) return undefined;
      } finally {
        quiet = false;
      }
    }
    let reading: Reading;
    try {
      reading = read(this.words, false, { lexicon });
    } catch (error) {
      if (error instanceof PhraseError) return undefined;
      throw error;
    }
    try {
      return { reading, finished: read(this.words, true, { lexicon }) };
    } catch (error) {
      if (error instanceof PhraseError) return { reading };
      throw error;
    }
  }
}

function read(tokens: readonly string[], finished: boolean, options: ReadOptions | undefined): Reading {
  const lexicon = options?.lexicon ?? LEXICON;
  const compound = tokens.length >= 3 ? compoundFraction(tokens, lexicon) : undefined;
  if (compound) return compound;
  try {
    return new PhraseReader(tokens, lexicon, options?.typed).read(finished);
  } catch (error) {
    // While typing, the start of a compound denominator ("one one hundred" of "one one hundred fifth").
    if (!finished && error instanceof PhraseError && tokens.length >= 2) {
      const begun = compoundStart(tokens, lexicon);
      if (begun) return begun;
    }
    throw error;
  }
}

const isArticleOrOne = (word: string | undefined) => word === 'one' || word === 'a' || word === 'an';
const startsNumber = (info: WordInfo | undefined) => info !== undefined && !info.ordinal && (info.kind === 'unit' || info.kind === 'teen' || info.kind === 'tens');
/** "one" or "a" before a number: the start a compound denominator after a lone one takes ("one one hundred fifth"). */
const oneBeforeNumber = (tokens: readonly string[], lexicon: Lexicon) => isArticleOrOne(tokens[0]) && startsNumber(lexicon.info(tokens[1] as string));

/** The reading of `tokens` when the machine reads it as a cardinal, else undefined. */
function cardinalOf(tokens: readonly string[], lexicon: Lexicon): Reading | undefined {
  try {
    const reading = new PhraseReader(tokens, lexicon, undefined).read(true);
    return reading.form === 'cardinal' && exactValue(reading).isInteger() ? reading : undefined;
  } catch (error) {
    if (error instanceof PhraseError) return undefined;
    throw error;
  }
}

/**
 * The value of each prefix of `tokens` (a dangling word ignored): `fallback` where a prefix is no phrase
 * yet ("one one hundred" of "one one hundred fifth"), or undefined, without a fallback, if one is refused.
 */
function runningOf(tokens: readonly string[], lexicon: Lexicon, fallback?: Exact): Exact[] | undefined {
  const running: Exact[] = [];
  for (let i = 0; i < tokens.length; i++) {
    try {
      running.push(exactValue(new PhraseReader(tokens.slice(0, i + 1), lexicon, undefined).read(false)));
    } catch (error) {
      if (!(error instanceof PhraseError)) throw error;
      if (!fallback) return undefined;
      running.push(fallback);
    }
  }
  return running;
}

/** A reading with these exact values, nearest numbers beside them. */
function readingOf(value: Exact, running: Exact[], form: Form): Reading {
  const safe = (x: Exact) => x.isInteger() && x.numerator <= MAX_SAFE && x.numerator >= -MAX_SAFE;
  const reading: Reading = { value: value.toNumber(), running: running.map((x) => x.toNumber()), form };
  if (!safe(value) || !running.every(safe)) {
    reading.exact = value;
    reading.runningExact = running;
  }
  return reading;
}

/**
 * Compound denominators, read over the whole phrase (docs/language.md, rule 1): a tens word and a unit's
 * plural ordinal after a numerator divide together ("three twenty-fifths" → 3/25, "one hundred thirty
 * fifths" → 100/35), as do "one" and a scale word after "hundred" ("one hundred one thousand fifths" →
 * 100/1005), and after a lone "one" or "a" any ordinal does ("one one hundred fifth" → 1/105, "a
 * twenty-first" → 1/21). Undefined when the phrase has no such shape.
 */
function compoundFraction(tokens: readonly string[], lexicon: Lexicon): Reading | undefined {
  const n = tokens.length;
  const last = lexicon.info(tokens[n - 1] as string);
  if (!last) return undefined;
  const singular = last.plural && last.kind === 'denominator' ? lexicon.info((tokens[n - 1] as string).slice(0, -1)) : undefined;
  if (last.plural && singular?.kind === 'unit' && singular.ordinal) {
    // The denominator's words before the unit's ordinal: a tens word ("thirty fifths" = 35ths), or right
    // after "hundred", "one" and a scale word ("one hundred one thousand fifths" = 100/1005).
    const word = lexicon.info(tokens[n - 2] as string);
    const hundred = n >= 4 ? lexicon.info(tokens[n - 4] as string) : undefined;
    const afterHundred = word?.kind === 'scale' && !word.plural && !word.ordinal && tokens[n - 3] === 'one' && hundred?.kind === 'hundred' && !hundred.plural && !hundred.ordinal;
    if (!afterHundred && (word?.kind !== 'tens' || word.ordinal)) return undefined;
    const numerator = cardinalOf(tokens.slice(0, afterHundred ? n - 3 : n - 2), lexicon);
    // Only where the denominator's words may follow the numerator ("one hundred thirty", "three twenty",
    // "twenty twenty"), so a prefix the reader refuses never becomes a fraction and typing keeps its candidates.
    const before = numerator && runningOf(tokens.slice(0, n - 1), lexicon);
    if (!numerator || !before) return undefined;
    const denominator = afterHundred ? pow10(word.power as number) + BigInt(singular.value) : BigInt(word.value + singular.value);
    const value = exactValue(numerator).div(Exact.integer(denominator));
    return readingOf(value, [...before, value], 'fraction');
  }
  if (last.ordinal && !last.plural && oneBeforeNumber(tokens, lexicon)) {
    let ordinal: Reading;
    try {
      ordinal = new PhraseReader(tokens.slice(1), lexicon, undefined).read(true);
    } catch (error) {
      if (error instanceof PhraseError) return undefined;
      throw error;
    }
    if (ordinal.form !== 'ordinal') return undefined;
    const value = Exact.ONE.div(exactValue(ordinal));
    const before = runningOf(tokens.slice(0, n - 1), lexicon, Exact.ONE) as Exact[];
    return readingOf(value, [...before, value], 'fraction');
  }
  return undefined;
}

/** While typing: "one one hundred" may become "one one hundred fifth" (1/105); it reads as the one so far. */
function compoundStart(tokens: readonly string[], lexicon: Lexicon): Reading | undefined {
  if (!oneBeforeNumber(tokens, lexicon)) return undefined;
  try {
    if (new PhraseReader(tokens.slice(1), lexicon, undefined).read(false).form !== 'cardinal') return undefined;
  } catch (error) {
    if (error instanceof PhraseError) return undefined;
    throw error;
  }
  return readingOf(Exact.ONE, runningOf(tokens, lexicon, Exact.ONE) as Exact[], 'fraction');
}

/** One phrase's reading, token by token: its state is fields, so a phrase costs one object, no closures. */
class PhraseReader {

  private negative = false;
  // Cardinal groups.
  private total = 0; // completed scale groups
  private big: bigint | undefined = undefined; // the same, once past the safe integers (scales of 10^15 and up)
  private lastPower = Infinity; // scales must decrease: "thousand thousand" fails ("three thousand million" is 3000 million)
  private sawScale = false;
  private hundredPart = 0; // 700 in "seven hundred and …"
  private hasHundred = false;
  private andInGroup = false;
  private andAfterScale = false; // the group's "and" came after a scale word: a hundreds group may follow ("two thousand and two hundred")
  private wholeNumeral = false; // a numeral of 1000 or more: only a scale word may follow ("1200k")
  private below = 0; // the part under a hundred read so far
  private belowKind: BelowKind = 'none';
  private numeral = false; // the group is a numeral: no number word may add to it
  private article = false; // a pending "a"
  // The other forms.
  private form = 'cardinal' as Form;
  private ended = false; // an ordinal, a year, a numeral ordinal or a multiplied fraction: nothing may follow
  private digits = ''; // a digit string as said
  private digitsBig: bigint | undefined = undefined; // its value once past 15 digits, kept up digit by digit
  private yearHigh = 0;
  private yearLow = -1; // -1 until the low pair starts; "oh" makes it 0 awaiting its digit
  private yearLowKind = 'done' as 'oh' | 'tens' | 'done';
  private whole: Exact | undefined = undefined; // decimals and fractions: the integer before "point" or "and"
  private decimals = ''; // digits after "point"
  private tensDigit = false; // the last decimal digits came from a tens word: a unit may replace its zero
  private fraction: Exact | undefined = undefined; // numerator/denominator once read
  private fractionAnd = false; // "two and …": a fraction must follow
  private fractionAndAt = -1;
  private andAfterTens = false; // that "and" came right after a tens word: "twenty and three and three fifths"
  private multiplier: Exact | undefined = undefined; // a scale or dozen after a decimal or fraction
  private over: Exact | undefined = undefined; // "one over …": the numerator, the cardinal after it the denominator
  private bodyAt = 0; // the token the current number starts at: after a leading minus, and after "over"
  private prevKind: WordKind | 'numeral' | null = null;
  private readonly running: number[] = [];
  /** How many tokens are read. */
  private at = 0;
  // pushBig's cache: the last `big`, its nearest number, the rest, and its Exact.
  private bigBase = -1n;
  private bigNumber = 0;
  private bigRest = NaN;
  private bigExact: Exact | undefined = undefined;
  private runningExact: Exact[] | undefined = undefined;


  constructor(
    private readonly tokens: readonly string[],
    private readonly lexicon: Lexicon,
    private readonly typed: readonly string[] | undefined,
    /** Each reading gets its own copy of the running values (a GrowingReading's outlive the next word). */
    private readonly copies = false,
  ) {}

  private shown(i: number): string {
    return this.typed?.[i] ?? (this.tokens[i] as string);
  }

  private groupValue() {
    return this.hundredPart + this.below + (this.article ? 1 : 0);
  }
  private groupEmpty() {
    return !this.hasHundred && this.belowKind === 'none' && !this.article;
  }
  /** The cardinal read so far (completed groups and this one): a number while safe, else undefined. */
  private cardinalNumber(): number | undefined {
    if (this.big !== undefined) return undefined;
    // The last group can take a safe total past 2^53 ("… seven hundred forty thousand nine hundred ninety two").
    const sum = this.total + this.groupValue();
    return sum <= Number.MAX_SAFE_INTEGER ? sum : undefined;
  }
  private cardinalExact(): Exact {
    const safe = this.cardinalNumber();
    if (safe !== undefined) return Exact.integer(safe);
    return Exact.integer((this.big ?? BigInt(this.total)) + BigInt(this.groupValue()));
  }

  /** The phrase without its dangling last word, one the reader has just accepted: joined only on failing. */
  private shorter(): string | undefined {
    const last = this.tokens.length - 1;
    return last > 0 ? (this.typed ?? this.tokens).slice(0, last).join(' ') : undefined;
  }

  private cannotFollow(i: number): never {
    return fail(`"${this.shown(i)}" cannot follow "${this.shown(i - 1)}"`, this.shown(i), i);
  }
  private bodyStart() {
    return this.running.length === this.bodyAt;
  }

  /**
   * The decimal's digits as one integer over 10^places ("3.14" → 314) while it is a safe integer (the
   * usual decimal: then it is read in doubles, exactly), else NaN (then in BigInts).
   */
  private decimalScaled(): number {
    // `whole` is an integer: its nearest number is itself while safe, else at 2^53 or more.
    const whole = (this.whole ?? Exact.ZERO).toNumber();
    if (this.decimals.length > 15 || !Number.isSafeInteger(whole)) return NaN;
    const scaled = whole * (TEN_POWERS[this.decimals.length] as number) + Number(this.decimals);
    return Number.isSafeInteger(scaled) ? scaled : NaN;
  }

  /** The value of the prefix read so far: a number when it is a safe integer, else exact. */
  private current(): number | Exact {
    let value: number | Exact;
    if (this.over) {
      const denominator = this.cardinalExact();
      value = denominator.sign === 0 ? this.over : this.over.div(denominator);
    } else if (this.form === 'digits') value = this.digitsBig === undefined ? Number(this.digits) : Exact.integer(this.digitsBig);
    else if (this.form === 'year') value = this.yearHigh * 100 + Math.max(this.yearLow, 0);
    else if (this.form === 'decimal' || this.form === 'fraction' || this.fractionAnd || this.multiplier) {
      let x = this.whole ?? Exact.ZERO;
      if (this.form === 'decimal' && this.decimals !== '') {
        const places = this.decimals.length;
        const scaled = this.decimalScaled();
        x = Number.isNaN(scaled) ? Exact.overPowerOfTen(x.numerator * pow10(places) + BigInt(this.decimals), places) : Exact.scaled(scaled, places);
      }
      if (this.fraction) x = x.add(this.fraction);
      if (this.multiplier) x = x.mul(this.multiplier);
      value = x;
    } else value = this.cardinalNumber() ?? this.cardinalExact();
    if (typeof value === 'number') return this.negative && value !== 0 ? -value : value;
    const exact = this.negative ? value.neg() : value;
    const nearest = exact.toNumber();
    return exact.isInteger() && Number.isSafeInteger(nearest) ? nearest : exact;
  }

  /** A singular or plural fraction word after a numerator: "one third", "three quarters", "two and a half". */
  private readFraction(info: WordInfo, i: number): void {
    if (this.andInGroup && this.belowKind !== 'none' && !this.article) {
      // "one hundred and three quarters" → 100¾ (a mixed number's fraction is proper); "one hundred and
      // thirty fifths" → 130/5 (an improper one takes the whole cardinal).
      const below = BigInt(this.below);
      if (!info.plural && below !== 1n) fail(`say "${this.shown(i)}" after "a" or "one"; after ${below} it is plural`, this.shown(i), i);
      if (below < divisor(info)) {
        this.whole = this.cardinalExact().sub(Exact.integer(below));
        this.fraction = Exact.fraction(below, divisor(info));
        this.form = 'fraction';
        this.resetGroup();
        return;
      }
    } else if (this.andInGroup) this.cannotFollow(i);
    const numerator = this.article && this.groupEmptyButArticle() ? 1n : this.cardinalNumber() !== undefined ? BigInt(this.cardinalNumber() as number) : (this.big as bigint) + BigInt(this.groupValue());
    if (!info.plural && numerator !== 1n) fail(`say "${this.shown(i)}" after "a" or "one"; after ${numerator} it is plural`, this.shown(i), i);
    this.fraction = Exact.fraction(numerator, divisor(info));
    if (!this.fractionAnd) this.whole = Exact.ZERO;
    this.fractionAnd = false;
    this.form = 'fraction';
    this.resetGroup();
  }
  private groupEmptyButArticle() {
    return !this.hasHundred && this.belowKind === 'none';
  }
  /** A new cardinal from nothing: after "point", a fraction, or the "and" of a mixed number. */
  private resetGroup() {
    this.lastPower = Infinity;
    this.sawScale = false;
    this.total = 0;
    this.big = undefined;
    this.startGroup();
  }
  /** A new group of the cardinal: after a scale word, or from nothing. */
  private startGroup() {
    this.hundredPart = 0;
    this.hasHundred = false;
    this.andInGroup = false;
    this.below = 0;
    this.belowKind = 'none';
    this.numeral = false;
    this.article = false;
    this.andAfterScale = false;
  }

  /** A scale word or "dozen" multiplying a decimal or a fraction: "two point five million", "half a dozen". */
  private multiply(info: WordInfo, i: number): void {
    if (this.multiplier) this.cannotFollow(i);
    const base = this.current();
    const size = typeof base === 'number' ? Math.abs(base) : Math.abs(base.toNumber());
    // Below 1000, or for a decimal below the scale itself ("two thousand eight hundred five point eight
    // seven three billion" → 2805.873 billion; "two million point five thousand" stays refused).
    const limit = this.form === 'decimal' && info.kind === 'scale' ? (TEN_POWERS[info.power as number] ?? 10 ** (info.power as number)) : 1000;
    if (size >= limit) fail(`"${this.shown(i)}" cannot follow ${typeof base === 'number' ? base : base.toString()}`, this.shown(i), i);
    this.multiplier = info.kind === 'dozen' ? Exact.integer(12) : Exact.integer(TEN_POWERS[info.power as number] ?? pow10(info.power as number));
    this.article = false;
    this.ended = true;
  }


  /**
   * Reads the tokens not read yet (all of them, or the words a GrowingReading added since) and returns the
   * reading of all: the machine decides each token as it comes, so reading on from a prefix is reading
   * the whole again. A refusal throws and leaves the machine unusable.
   */
  read(finished: boolean): Reading {
    for (let i = this.at; i < this.tokens.length; i++) {
      const token = this.tokens[i] as string;
      let info = this.lexicon.info(token);
      if (!info) {
        if (token.charCodeAt(0) >= 48 && token.charCodeAt(0) <= 57) {
          this.readNumeral(token, i);
          this.prevKind = 'numeral';
          this.pushRunning();
          continue;
        }
        throw new PhraseError('unknown_word', `"${this.shown(i)}" is not a number word`, this.shown(i), i);
      }
      const kind = info.kind;
      if (this.ended) this.cannotFollow(i);

      if (kind === 'minus') {
        if (i > 0) fail(`"${this.shown(i)}" can only start a phrase`, this.shown(i), i);
        this.negative = true;
        this.bodyAt = 1;
        this.prevKind = kind;
        this.pushRunning();
        continue;
      }
      if (info.compoundOnly) fail(`"${this.shown(i)}" divides only as the end of a compound, as in "three twenty-${this.shown(i)}"`, this.shown(i), i);
      if (kind === 'over') {
        this.readOver(i);
        this.prevKind = kind;
        this.pushRunning();
        continue;
      }
      if (this.wholeNumeral) {
        // "1200k", "3000 thousand": a numeral of four digits or more times one scale word, and nothing after.
        if (kind !== 'scale' || info.plural) this.cannotFollow(i);
        const product = this.cardinalExact().numerator * pow10(info.power as number);
        this.below = 0;
        if (product <= MAX_SAFE) this.below = Number(product);
        else this.big = product;
        this.wholeNumeral = false;
        this.ended = true;
        this.prevKind = kind;
        this.pushRunning();
        continue;
      }
      if (this.prevKind === 'article' && kind !== 'hundred' && kind !== 'scale' && kind !== 'dozen' && !info.denominator) {
        fail(`"${this.shown(i - 1)}" must be followed by hundred, thousand, million, dozen or a fraction, not "${this.shown(i)}"`, this.shown(i), i);
      }

      if (this.form === 'digits') {
        if (kind !== 'zero' && kind !== 'unit' && kind !== 'oh') this.cannotFollow(i);
        if (info.ordinal) this.cannotFollow(i);
        this.digits += String(info.value);
        if (this.digits.length > 15) this.digitsBig = this.digitsBig === undefined ? BigInt(this.digits) : this.digitsBig * 10n + BigInt(info.value);
      } else if (this.form === 'year') {
        if (this.yearLowKind === 'oh' && kind === 'unit' && !info.ordinal) this.yearLow = info.value;
        else if (this.yearLowKind === 'tens' && kind === 'unit' && !info.ordinal) this.yearLow += info.value;
        else this.cannotFollow(i);
        this.yearLowKind = 'done';
        this.ended = true;
      } else if (this.form === 'decimal' && !this.multiplier) {
        if (kind === 'scale' || kind === 'dozen') {
          if (this.decimals === '') this.cannotFollow(i);
          this.multiply(info, i);
        } else if (this.numeral || info.ordinal || (kind !== 'zero' && kind !== 'oh' && kind !== 'unit' && kind !== 'teen' && kind !== 'tens')) {
          this.cannotFollow(i);
        } else if (kind === 'unit' && this.tensDigit) {
          this.decimals = this.decimals.slice(0, -1) + String(info.value);
          this.tensDigit = false;
        } else {
          this.decimals += String(info.value);
          this.tensDigit = kind === 'tens';
        }
      } else if (this.form === 'fraction') {
        // After a fraction: a scale or dozen multiplies it, after an optional "a" ("half a million").
        if (kind === 'article' && !this.article && this.prevKind !== 'article') this.article = true;
        else if (kind === 'scale' || kind === 'dozen') this.multiply(info, i);
        else this.cannotFollow(i);
      } else {
        this.readCardinal(info, i);
      }
      // After "over" only a whole number: "one over twenty", never "one over twenty first" or "one over one two".
      if (this.over && this.form !== 'cardinal') this.cannotFollow(i);
      this.prevKind = kind;
      this.pushRunning();
    }

    this.at = this.tokens.length;
    if (finished) this.endProblem()?.();
    const value = this.current();
    const reading: Reading = {
      value: typeof value === 'number' ? value : value.toNumber(),
      running: this.copies ? this.running.slice() : this.running,
      form: this.over ? 'fraction' : this.form,
    };
    if (typeof value !== 'number') reading.exact = value;
    if (this.runningExact) reading.runningExact = this.copies ? this.runningExact.slice() : this.runningExact;
    if (this.form === 'ordinal') reading.ordinal = true;
    if (this.form === 'digits') reading.digits = this.digits;
    return reading;
  }

  /** Whether the words read so far are a finished phrase. */
  finishes(): boolean {
    return this.endProblem() === undefined;
  }

  /**
   * Why the words read cannot end a finished phrase (a dangling "and", "point" or "a", "over" nothing, a
   * fraction's "and" with no fraction…), as a function that throws it; undefined when they can.
   */
  private endProblem(): (() => never) | undefined {
    const last = this.tokens.length - 1;
    if (this.prevKind === 'and') return () => fail('a phrase cannot end with "and"', this.shown(last), last, this.shorter());
    if (this.prevKind === 'article') return () => fail(`"${this.shown(last)}" must be followed by hundred, thousand, million, dozen or a fraction`, this.shown(last), last, this.shorter());
    if (this.prevKind === 'point') return () => fail(`a phrase cannot end with "${this.shown(last)}"`, this.shown(last), last, this.shorter());
    if (this.prevKind === 'minus' || this.prevKind === 'over') return () => fail(`"${this.shown(last)}" must be followed by a number`, this.shown(last), last);
    if (this.over && this.cardinalExact().sign === 0) return () => fail('cannot divide by zero', this.shown(last), last);
    if (this.fractionAnd) return () => fail(`"${this.shown(this.fractionAndAt)}" after "${this.shown(this.fractionAndAt - 1)}" must be followed by a fraction, as in "two and a half"`, this.shown(this.fractionAndAt), this.fractionAndAt);
    if (this.form === 'year' && this.yearLowKind === 'oh') return () => fail(`"${this.shown(last)}" must be followed by a digit`, this.shown(last), last);
    if (this.form === 'digits' && this.prevKind === 'oh' && this.digits === '0') return () => fail(`"${this.shown(last)}" must be followed by digits`, this.shown(last), last);
    return undefined;
  }

  private pushRunning(): void {
    if (this.big !== undefined && this.form === 'cardinal' && !this.over && !this.fractionAnd && !this.multiplier && this.pushBig()) return;
    if (this.form === 'decimal' && this.decimals !== '' && !this.multiplier) {
      // A decimal in doubles: the quotient of two exact doubles is the nearest number to the exact value.
      const scaled = this.decimalScaled();
      if (!Number.isNaN(scaled)) {
        const signed = this.negative ? -scaled : scaled;
        const scale = TEN_POWERS[this.decimals.length] as number;
        this.runningExact ??= this.running.map((v) => Exact.integer(v));
        this.running.push(signed / scale);
        this.runningExact.push(Exact.scaled(signed, this.decimals.length));
        return;
      }
    }
    const value = this.current();
    if (typeof value === 'number') {
      this.running.push(value);
      this.runningExact?.push(Exact.integer(value));
    } else {
      this.runningExact ??= this.running.map((v) => Exact.integer(v));
      this.running.push(value.toNumber());
      this.runningExact.push(value);
    }
  }

  /**
   * The running value of a cardinal past the safe integers, with one BigInt addition per token: its nearest
   * number is Number(big) plus the small exact rest (big − Number(big)) and the group, one correctly rounded
   * addition. False when the value is still a safe integer (then the general path takes it).
   */
  private pushBig(): boolean {
    const big = this.big as bigint;
    if (big !== this.bigBase) {
      this.bigBase = big;
      this.bigNumber = Number(big);
      this.bigRest = big > MAX_SAFE && Number.isFinite(this.bigNumber) ? Number(big - BigInt(this.bigNumber)) : NaN;
      this.bigExact = undefined;
    }
    if (Number.isNaN(this.bigRest)) return false;
    const group = this.groupValue();
    let exact: Exact;
    if (group === 0) exact = this.bigExact ??= Exact.integer(this.negative ? -big : big);
    else {
      const sum = big + (GROUPS[group] ?? BigInt(group)); // "… nine hundred and nineteen dozen": 1128
      exact = Exact.integer(this.negative ? -sum : sum);
    }
    const nearest = this.bigNumber + (this.bigRest + group);
    this.runningExact ??= this.running.map((v) => Exact.integer(v));
    this.running.push(this.negative ? -nearest : nearest);
    this.runningExact.push(exact);
    return true;
  }

  /** "one over three", "1 over 20": a whole number before "over" is the numerator. */
  private readOver(i: number): void {
    if (this.ended || this.over || this.form !== 'cardinal' || this.fractionAnd || this.article || this.prevKind === 'and' || this.bodyStart()) this.cannotFollow(i);
    this.over = this.cardinalExact();
    this.resetGroup();
    this.bodyAt = i + 1;
  }

  private readNumeral(token: string, i: number): void {
    if (this.form === 'decimal' && this.prevKind === 'point' && /^\d+$/.test(token)) {
      // "point 77", "1 point 1": digits after the point.
      this.decimals = token;
      this.numeral = true;
      return;
    }
    const slash = SLASH_NUMERAL.exec(token);
    if (slash && !this.ended && (this.form === 'cardinal' || this.fractionAnd) && !this.over) return this.readSlash(BigInt(slash[1] as string), BigInt(slash[2] as string), i);
    if (this.ended || this.form !== 'cardinal' || this.fractionAnd) this.cannotFollow(i);
    const ordinalMatch = ORDINAL_NUMERAL.exec(token);
    if (ordinalMatch) {
      const n = BigInt(ordinalMatch[1] as string);
      const suffix = ordinalSuffix(n);
      if (ordinalMatch[2] !== suffix) fail(`"${this.shown(i)}" is written "${n}${suffix}"`, this.shown(i), i, `${n}${suffix}`);
      if (!this.bodyStart()) this.cannotFollow(i);
      this.big = n;
      this.form = 'ordinal';
      this.ended = true;
      return;
    }
    const match = NUMERAL.exec(token);
    if (!match) throw new PhraseError('numeral', `"${this.shown(i)}" is not a number written in digits or in words`, this.shown(i), i);
    const [, integer, fractionDigits] = match;
    if (fractionDigits !== undefined) {
      if (!this.bodyStart()) this.cannotFollow(i);
      this.whole = Exact.integer((integer as string).length <= 15 ? Number(integer) : BigInt(integer as string));
      this.decimals = fractionDigits;
      this.form = 'decimal';
      this.numeral = true;
      return;
    }
    const n = BigInt(integer as string);
    const afterAnd = this.andInGroup && this.belowKind === 'none';
    if (afterAnd) {
      if (n >= 100n) this.cannotFollow(i);
    } else if (!this.groupEmpty() || this.article) this.cannotFollow(i);
    if (n < 1000n) {
      const v = Number(n);
      if (v < 100) {
        this.below = v;
        this.belowKind = v < 10 ? 'unit' : v < 20 ? 'teen' : 'tensUnit';
      } else {
        this.hundredPart = v;
        this.hasHundred = true;
        this.belowKind = 'tensUnit';
      }
    } else {
      // A numeral of four digits or more is a whole number on its own.
      if (!this.bodyStart()) this.cannotFollow(i);
      if (n <= BigInt(Number.MAX_SAFE_INTEGER)) this.below = Number(n);
      else this.big = n;
      this.belowKind = 'tensUnit';
      this.hasHundred = true;
      this.wholeNumeral = true;
    }
    this.numeral = true;
  }

  /** "3/4" alone, or after a whole number as a mixed number ("2 1/4", "two and 3/4"; the fraction then proper). */
  private readSlash(numerator: bigint, denominator: bigint, i: number): void {
    if (denominator === 0n) fail('cannot divide by zero', this.shown(i), i);
    const fraction = Exact.fraction(numerator, denominator);
    if (this.fractionAnd) {
      if (numerator >= denominator) fail(`after "and", a fraction is below one, as in "two and 3/4"`, this.shown(i), i);
    } else if (this.bodyStart()) {
      this.whole = Exact.ZERO;
    } else {
      if (this.prevKind !== 'numeral' || !this.numeral) this.cannotFollow(i);
      if (numerator >= denominator) this.cannotFollow(i);
      this.whole = this.cardinalExact();
      this.wholeNumeral = false;
    }
    this.fraction = fraction;
    this.fractionAnd = false;
    this.form = 'fraction';
    this.resetGroup();
  }

  private readCardinal(info: WordInfo, i: number): void {
    const kind = info.kind;
    // "three thousands", "two dozens": a plural needs a number before it ("thousands" alone is no number).
    if (info.plural && !info.denominator && (this.groupEmpty() || this.article) && !(kind === 'scale' && this.prevKind === 'scale')) fail(`"${this.shown(i)}" needs a number before it`, this.shown(i), i);
    if (this.prevKind === 'zero' && kind !== 'point') {
      if ((kind === 'unit' || kind === 'zero' || kind === 'oh') && !info.ordinal) {
        this.form = 'digits';
        this.digits = `0${info.value}`;
        return;
      }
      this.cannotFollow(i);
    }
    if (this.prevKind === 'and' && !this.fractionAnd && kind !== 'unit' && kind !== 'teen' && kind !== 'tens') this.cannotFollow(i);
    if (kind === 'and' && this.andAfterTens && this.prevKind === 'unit' && this.belowKind === 'unit' && !this.hasHundred && !this.numeral) {
      // "twenty and three and three fifths" → 23⅗: a tens word, "and" and a unit make a mixed number's whole.
      this.whole = (this.whole as Exact).add(Exact.integer(this.below));
      this.andAfterTens = false;
      this.fractionAndAt = i;
      this.resetGroup();
      return;
    }
    if (this.fractionAnd && !info.denominator && (kind === 'hundred' || kind === 'scale' || kind === 'dozen' || kind === 'and' || kind === 'point' || kind === 'oh' || kind === 'zero')) {
      fail(`after "and", say a fraction, as in "two and a half" or "one and three quarters", not "${this.shown(i)}"`, this.shown(i), i);
    }

    if (info.denominator) {
      // "a third", "a half", "a hundredth": after the article, always a fraction.
      if (this.article && !info.plural) return this.readFraction(info, i);
      if (info.plural || kind === 'denominator') {
        if (!this.groupEmpty() || (this.sawScale && this.prevKind === 'scale')) return this.readFraction(info, i);
        if (this.fractionAnd || info.plural || !this.bodyStart()) fail(`"${this.shown(i)}" needs a number or "a" before it`, this.shown(i), i);
        // "half" alone, "half a million": one half.
        this.whole = Exact.ZERO;
        this.fraction = Exact.fraction(1n, divisor(info));
        this.form = 'fraction';
        return;
      }
      // A singular ordinal: the ordinal where the cardinal grammar takes it ("thirty third", "one hundredth"),
      // else one over it after a lone "one" ("one third"), and always after "and" ("two and one hundredth").
      if (!this.fitsCardinal(info) || this.fractionAnd) {
        if (this.below === 1 && this.belowKind === 'unit' && ((!this.hasHundred && !this.sawScale) || this.andInGroup) && !this.numeral) return this.readFraction(info, i);
        if (!this.groupEmpty()) {
          const said = (this.typed ?? this.tokens).slice(0, i).join(' ');
          fail(`"${this.shown(i)}" cannot follow "${this.shown(i - 1)}"`, this.shown(i), i, `${said} ${this.shown(i)}s`);
        }
      }
    }

    if (kind === 'point') {
      if (this.article || this.prevKind === 'and' || this.fractionAnd) this.cannotFollow(i);
      this.whole = this.cardinalExact();
      this.form = 'decimal';
      this.resetGroup();
      return;
    }
    if (kind === 'dozen') {
      if (this.andInGroup && (this.belowKind === 'unit' || this.belowKind === 'teen') && !this.article) {
        // "three hundred and two dozen" → 324: the dozens are the part after the group's "and".
        this.below *= 12;
        this.belowKind = 'tensUnit';
        this.ended = true;
        return;
      }
      if (this.sawScale || this.andInGroup || this.prevKind === 'and' || (!this.groupEmpty() && this.groupValue() >= 1000)) this.cannotFollow(i);
      const n = this.groupEmpty() ? 1 : this.groupValue();
      this.whole = Exact.integer(n);
      this.multiplier = Exact.integer(12);
      this.ended = true;
      this.resetGroup();
      return;
    }
    if (kind === 'oh') {
      if (this.belowKind === 'unit' && !this.hasHundred && !this.sawScale && !this.andInGroup && !this.article && !this.numeral && this.bodyStartGroup()) {
        this.form = 'digits';
        this.digits = `${this.below}0`;
        return;
      }
      if ((this.belowKind === 'teen' || (this.belowKind === 'tens' && this.below === 20)) && this.yearEligible()) {
        this.form = 'year';
        this.yearHigh = this.below;
        this.yearLow = 0;
        this.yearLowKind = 'oh';
        return;
      }
      if (this.bodyStart()) {
        this.form = 'digits';
        this.digits = '0';
        return;
      }
      this.cannotFollow(i);
    }

    switch (kind) {
      case 'zero':
        if (this.belowKind === 'unit' && !info.ordinal && this.yearEligible() && !this.numeral) {
          this.form = 'digits';
          this.digits = `${this.below}0`;
          return;
        }
        if (!this.bodyStart()) fail(`"${this.shown(i)}" can only stand alone`, this.shown(i), i);
        break;
      case 'unit':
        if (this.belowKind === 'tens') {
          this.below += info.value;
          this.belowKind = 'tensUnit';
        } else if (this.belowKind === 'none' && !this.numeral) {
          this.below = info.value;
          this.belowKind = 'unit';
        } else if (this.belowKind === 'unit' && !info.ordinal && this.yearEligible() && !this.numeral) {
          this.form = 'digits';
          this.digits = `${this.below}${info.value}`;
          return;
        } else this.cannotFollow(i);
        break;
      case 'teen':
      case 'tens':
        if (this.belowKind !== 'none' || this.numeral) {
          // "nineteen eighty", "twenty twelve", "one thirty", "six sixty": a year or implied hundreds.
          if (!info.ordinal && !this.numeral && this.yearEligible() && (this.belowKind === 'unit' || this.belowKind === 'teen' || (this.below === 20 && this.belowKind === 'tens') || (this.belowKind === 'tensUnit' && this.below > 20 && this.below < 30))) {
            this.form = 'year';
            this.yearHigh = this.below;
            this.yearLow = info.value;
            this.yearLowKind = kind === 'tens' ? 'tens' : 'done';
            if (kind === 'teen') this.ended = true;
            return;
          }
          this.cannotFollow(i);
        }
        this.below = info.value;
        this.belowKind = kind;
        break;
      case 'hundred': {
        if (this.prevKind === 'numeral' && this.numeral && !this.sawScale && !this.andInGroup && this.groupValue() < 1000) {
          // "322 hundred" → 32,200, as "twelve hundred" → 1200.
          this.hundredPart = this.groupValue() * 100;
          this.hasHundred = true;
          this.below = 0;
          this.belowKind = 'none';
          this.numeral = false;
          break;
        }
        const byUnit = this.belowKind === 'unit';
        const byTeenOrTens = this.belowKind !== 'none' && this.belowKind !== 'unit' && !this.sawScale; // "twelve hundred"
        const bare = this.belowKind === 'none' && (this.article || this.bodyStart());
        if (this.hasHundred) fail('"hundred" cannot appear twice in one group', this.shown(i), i);
        if ((this.andInGroup && !this.andAfterScale) || !(byUnit || byTeenOrTens || bare)) {
          if (this.belowKind === 'none') fail(`"${this.shown(i)}" needs a number before it`, this.shown(i), i);
          this.cannotFollow(i);
        }
        this.hundredPart = (this.belowKind === 'none' ? 1 : this.below) * 100;
        this.hasHundred = true;
        this.andInGroup = false;
        this.andAfterScale = false;
        this.below = 0;
        this.belowKind = 'none';
        this.article = false;
        this.numeral = false;
        break;
      }
      case 'scale': {
        const power = info.power as number;
        if (this.prevKind === 'and') this.cannotFollow(i);
        if (power > this.lastPower && this.lastPower === 3 && this.prevKind === 'scale' && this.big === undefined && this.total < 1e6) {
          // "three thousand million" → 3,000,000,000: a thousand of the larger scale (British usage).
          this.big = BigInt(this.total) * pow10(power);
          this.total = 0;
          this.lastPower = power + 3;
          this.startGroup();
          break;
        }
        if (power >= this.lastPower) fail(`"${this.shown(i)}" cannot follow a "${this.lexicon.scaleWord(this.lastPower) ?? `10^${this.lastPower}`}" group`, this.shown(i), i);
        if (this.groupEmpty() && !this.bodyStart()) fail(`"${this.shown(i)}" needs a number before it`, this.shown(i), i);
        const group = this.groupEmpty() ? 1 : this.groupValue();
        if (group >= 1000) fail(`"${this.shown(i)}" cannot follow a group of ${group}`, this.shown(i), i);
        // Exact in floats while the sum stays a safe integer (a rounded one would land at 2^53 or above).
        const sum = this.total + group * info.value;
        if (this.big === undefined && sum <= Number.MAX_SAFE_INTEGER) this.total = sum;
        else this.big = (this.big ?? BigInt(this.total)) + (GROUPS[group] as bigint) * pow10(power);
        this.lastPower = power;
        this.sawScale = true;
        this.startGroup();
        break;
      }
      case 'and':
        if (this.prevKind === 'hundred' || this.prevKind === 'scale') {
          this.andInGroup = true;
          this.andAfterScale = this.prevKind === 'scale';
          break;
        }
        if (this.bodyStart()) fail('a phrase cannot start with "and"', this.shown(i), i);
        if (this.prevKind === 'and' || this.article || this.groupEmpty()) this.cannotFollow(i);
        // "two and a half", "one hundred and three and two thirds": a fraction must follow.
        this.whole = this.cardinalExact();
        this.fractionAnd = true;
        this.fractionAndAt = i;
        this.andAfterTens = this.prevKind === 'tens' && this.belowKind === 'tens';
        this.resetGroup();
        break;
      case 'article':
        if (!this.bodyStart() && !(this.fractionAnd && this.groupEmpty())) this.cannotFollow(i);
        this.article = true;
        break;
      default:
        this.cannotFollow(i);
    }
    if (info.ordinal) {
      this.form = 'ordinal';
      this.ended = true;
    }
  }

  /** Whether the cardinal grammar takes this ordinal where its cardinal would go. */
  private fitsCardinal(info: WordInfo): boolean {
    switch (info.kind) {
      case 'unit':
        return this.belowKind === 'tens' || (this.belowKind === 'none' && !this.numeral);
      case 'teen':
      case 'tens':
        return this.belowKind === 'none' && !this.numeral;
      case 'hundred':
        return !this.hasHundred && (!this.andInGroup || this.andAfterScale) && (this.belowKind === 'unit' || (this.belowKind !== 'none' && !this.sawScale) || (this.belowKind === 'none' && (this.article || this.bodyStart())));
      case 'scale':
        return (info.power as number) < this.lastPower && this.prevKind !== 'and' && (!this.groupEmpty() || this.bodyStart()) && (this.groupEmpty() || this.groupValue() < 1000);
      default:
        return false;
    }
  }

  /** The group so far is the phrase's first and only: a year or digit string may start from it. */
  private yearEligible(): boolean {
    return !this.sawScale && !this.hasHundred && !this.andInGroup && !this.article && !this.fractionAnd && this.bodyStartGroup();
  }
  private bodyStartGroup(): boolean {
    const wordsInGroup = this.belowKind === 'tensUnit' ? 2 : 1;
    return this.running.length - this.bodyAt === wordsInGroup;
  }

}
