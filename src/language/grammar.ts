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

/** What a fraction word divides by. */
const divisor = (info: WordInfo): bigint => (info.power !== undefined ? pow10(info.power) : BigInt(info.value));

function fail(message: string, token: string, position: number, suggestion?: string): never {
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

function read(tokens: readonly string[], finished: boolean, options: ReadOptions | undefined): Reading {
  const lexicon = options?.lexicon ?? LEXICON;
  const typed = options?.typed;
  const shown = (i: number): string => typed?.[i] ?? (tokens[i] as string);

  let negative = false;
  // Cardinal groups.
  let total = 0; // completed scale groups
  let big: bigint | undefined; // the same, once past the safe integers (scales of 10^15 and up)
  let lastPower = Infinity; // scales must decrease: "thousand thousand" and "thousand million" fail
  let sawScale = false;
  let hundredPart = 0; // 700 in "seven hundred and …"
  let hasHundred = false;
  let andInGroup = false;
  let below = 0; // the part under a hundred read so far
  let belowKind: BelowKind = 'none';
  let numeral = false; // the group is a numeral: no number word may add to it
  let article = false; // a pending "a"
  // The other forms.
  let form = 'cardinal' as Form;
  let ended = false; // an ordinal, a year, a numeral ordinal or a multiplied fraction: nothing may follow
  let digits = ''; // digit string or year low digits … see `form`
  let yearHigh = 0;
  let yearLow = -1; // -1 until the low pair starts; "oh" makes it 0 awaiting its digit
  let yearLowKind = 'done' as 'oh' | 'tens' | 'done';
  let whole: Exact | undefined; // decimals and fractions: the integer before "point" or "and"
  let decimals = ''; // digits after "point"
  let tensDigit = false; // the last decimal digits came from a tens word: a unit may replace its zero
  let fraction: Exact | undefined; // numerator/denominator once read
  let fractionAnd = false; // "two and …": a fraction must follow
  let fractionAndAt = -1;
  let multiplier: Exact | undefined; // a scale or dozen after a decimal or fraction
  let prevKind: WordKind | 'numeral' | null = null;
  const running: number[] = [];
  let runningExact: Exact[] | undefined;

  const groupValue = () => hundredPart + below + (article ? 1 : 0);
  const groupEmpty = () => !hasHundred && belowKind === 'none' && !article;
  /** The cardinal read so far (completed groups and this one): a number while safe, else undefined. */
  const cardinalNumber = (): number | undefined => (big === undefined ? total + groupValue() : undefined);
  const cardinalExact = (): Exact => (big === undefined ? Exact.integer(total + groupValue()) : Exact.integer(big + BigInt(groupValue())));

  const cannotFollow = (i: number): never => fail(`"${shown(i)}" cannot follow "${shown(i - 1)}"`, shown(i), i);
  const bodyStart = () => running.length === (negative ? 1 : 0);

  /** The value of the prefix read so far: a number when it is a safe integer, else exact. */
  const current = (): number | Exact => {
    let value: number | Exact;
    if (form === 'digits') value = digits.length <= 15 ? Number(digits) : Exact.integer(BigInt(digits));
    else if (form === 'year') value = yearHigh * 100 + Math.max(yearLow, 0);
    else if (form === 'decimal' || form === 'fraction' || fractionAnd || multiplier) {
      let x = whole ?? Exact.ZERO;
      if (form === 'decimal' && decimals !== '') x = x.add(Exact.fraction(BigInt(decimals), pow10(decimals.length)));
      if (fraction) x = x.add(fraction);
      if (multiplier) x = x.mul(multiplier);
      value = x;
    } else value = cardinalNumber() ?? cardinalExact();
    if (typeof value === 'number') return negative && value !== 0 ? -value : value;
    const exact = negative ? value.neg() : value;
    return exact.isInteger() && exact.numerator <= MAX_SAFE && exact.numerator >= -MAX_SAFE ? Number(exact.numerator) : exact;
  };

  /** A singular or plural fraction word after a numerator: "one third", "three quarters", "two and a half". */
  const readFraction = (info: WordInfo, i: number): void => {
    if (andInGroup) {
      const [a, b] = [total + hundredPart, below];
      fail(`"${shown(i)}" after "and" inside a number is ambiguous: ${a} and ${b}/${info.value}, or ${a + b}/${info.value}?`, shown(i), i);
    }
    const numerator = article && groupEmptyButArticle() ? 1n : cardinalNumber() !== undefined ? BigInt(cardinalNumber() as number) : (big as bigint) + BigInt(groupValue());
    if (!info.plural && numerator !== 1n) fail(`say "${shown(i)}" after "a" or "one"; after ${numerator} it is plural`, shown(i), i);
    fraction = Exact.fraction(numerator, divisor(info));
    if (!fractionAnd) whole = Exact.ZERO;
    fractionAnd = false;
    form = 'fraction';
    resetGroup();
  };
  const groupEmptyButArticle = () => !hasHundred && belowKind === 'none';
  const resetGroup = () => {
    total = 0;
    big = undefined;
    hundredPart = 0;
    hasHundred = false;
    andInGroup = false;
    below = 0;
    belowKind = 'none';
    numeral = false;
    article = false;
  };

  /** A scale word or "dozen" multiplying a decimal or a fraction: "two point five million", "half a dozen". */
  const multiply = (info: WordInfo, i: number): void => {
    if (multiplier) cannotFollow(i);
    const base = current();
    const size = typeof base === 'number' ? Math.abs(base) : Math.abs(base.toNumber());
    if (size >= 1000) fail(`"${shown(i)}" cannot follow ${typeof base === 'number' ? base : base.toString()}`, shown(i), i);
    multiplier = info.kind === 'dozen' ? Exact.integer(12) : Exact.integer(pow10(info.power as number));
    article = false;
    ended = true;
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    let info = lexicon.info(token);
    if (!info) {
      if (token.charCodeAt(0) >= 48 && token.charCodeAt(0) <= 57) {
        readNumeral(token, i);
        prevKind = 'numeral';
        pushRunning();
        continue;
      }
      throw new PhraseError('unknown_word', `"${shown(i)}" is not a number word`, shown(i), i);
    }
    const kind = info.kind;
    if (ended) cannotFollow(i);

    if (kind === 'minus') {
      if (i > 0) fail(`"${shown(i)}" can only start a phrase`, shown(i), i);
      negative = true;
      prevKind = kind;
      pushRunning();
      continue;
    }
    if (prevKind === 'article' && kind !== 'hundred' && kind !== 'scale' && kind !== 'dozen' && !info.denominator) {
      fail(`"${shown(i - 1)}" must be followed by hundred, thousand, million, dozen or a fraction, not "${shown(i)}"`, shown(i), i);
    }

    if (form === 'digits') {
      if (kind !== 'zero' && kind !== 'unit' && kind !== 'oh') cannotFollow(i);
      if (info.ordinal) cannotFollow(i);
      digits += String(info.value);
    } else if (form === 'year') {
      if (yearLowKind === 'oh' && kind === 'unit' && !info.ordinal) yearLow = info.value;
      else if (yearLowKind === 'tens' && kind === 'unit' && !info.ordinal) yearLow += info.value;
      else cannotFollow(i);
      yearLowKind = 'done';
      ended = true;
    } else if (form === 'decimal' && !multiplier) {
      if (kind === 'scale' || kind === 'dozen') {
        if (decimals === '') cannotFollow(i);
        multiply(info, i);
      } else if (numeral || info.ordinal || (kind !== 'zero' && kind !== 'oh' && kind !== 'unit' && kind !== 'teen' && kind !== 'tens')) {
        cannotFollow(i);
      } else if (kind === 'unit' && tensDigit) {
        decimals = decimals.slice(0, -1) + String(info.value);
        tensDigit = false;
      } else {
        decimals += String(info.value);
        tensDigit = kind === 'tens';
      }
    } else if (form === 'fraction') {
      // After a fraction: a scale or dozen multiplies it, after an optional "a" ("half a million").
      if (kind === 'article' && !article && prevKind !== 'article') article = true;
      else if (kind === 'scale' || kind === 'dozen') multiply(info, i);
      else cannotFollow(i);
    } else {
      readCardinal(info, i);
    }
    prevKind = kind;
    pushRunning();
  }

  function pushRunning(): void {
    const value = current();
    if (typeof value === 'number') {
      running.push(value);
      runningExact?.push(Exact.integer(value));
    } else {
      runningExact ??= running.map((v) => Exact.integer(v));
      running.push(value.toNumber());
      runningExact.push(value);
    }
  }

  function readNumeral(token: string, i: number): void {
    if (ended || form !== 'cardinal' || fractionAnd) cannotFollow(i);
    const ordinalMatch = ORDINAL_NUMERAL.exec(token);
    if (ordinalMatch) {
      const n = BigInt(ordinalMatch[1] as string);
      const suffix = ordinalSuffix(n);
      if (ordinalMatch[2] !== suffix) fail(`"${shown(i)}" is written "${n}${suffix}"`, shown(i), i, `${n}${suffix}`);
      if (!bodyStart()) cannotFollow(i);
      big = n;
      form = 'ordinal';
      ended = true;
      return;
    }
    const match = NUMERAL.exec(token);
    if (!match) throw new PhraseError('numeral', `"${shown(i)}" is not a number written in digits or in words`, shown(i), i);
    const [, integer, fractionDigits] = match;
    if (fractionDigits !== undefined) {
      if (!bodyStart()) cannotFollow(i);
      whole = Exact.integer(BigInt(integer as string));
      decimals = fractionDigits;
      form = 'decimal';
      numeral = true;
      return;
    }
    const n = BigInt(integer as string);
    const afterAnd = andInGroup && belowKind === 'none';
    if (afterAnd) {
      if (n >= 100n) cannotFollow(i);
    } else if (!groupEmpty() || article) cannotFollow(i);
    if (n < 1000n) {
      const v = Number(n);
      if (v < 100) {
        below = v;
        belowKind = v < 10 ? 'unit' : v < 20 ? 'teen' : 'tensUnit';
      } else {
        hundredPart = v;
        hasHundred = true;
        belowKind = 'tensUnit';
      }
    } else {
      // A numeral of four digits or more is a whole number on its own.
      if (!bodyStart()) cannotFollow(i);
      if (n <= BigInt(Number.MAX_SAFE_INTEGER)) below = Number(n);
      else big = n;
      belowKind = 'tensUnit';
      hasHundred = true;
      ended = true;
    }
    numeral = true;
  }

  function readCardinal(info: WordInfo, i: number): void {
    const kind = info.kind;
    if (prevKind === 'zero' && kind !== 'point') {
      if ((kind === 'unit' || kind === 'zero' || kind === 'oh') && !info.ordinal) {
        form = 'digits';
        digits = `0${info.value}`;
        return;
      }
      cannotFollow(i);
    }
    if (prevKind === 'and' && !fractionAnd && kind !== 'unit' && kind !== 'teen' && kind !== 'tens') cannotFollow(i);
    if (fractionAnd && (kind === 'hundred' || kind === 'scale' || kind === 'dozen' || kind === 'and' || kind === 'point' || kind === 'oh' || kind === 'zero')) {
      fail(`after "and", say a fraction, as in "two and a half" or "one and three quarters", not "${shown(i)}"`, shown(i), i);
    }

    if (info.denominator) {
      // "a third", "a half", "a hundredth": after the article, always a fraction.
      if (article && !info.plural) return readFraction(info, i);
      if (info.plural || kind === 'denominator') {
        if (!groupEmpty()) return readFraction(info, i);
        if (fractionAnd || info.plural || !bodyStart()) fail(`"${shown(i)}" needs a number or "a" before it`, shown(i), i);
        // "half" alone, "half a million": one half.
        whole = Exact.ZERO;
        fraction = Exact.fraction(1n, divisor(info));
        form = 'fraction';
        return;
      }
      // A singular ordinal: the ordinal where the cardinal grammar takes it ("thirty third", "one hundredth"),
      // else one over it after a lone "one" ("one third").
      if (!fitsCardinal(info)) {
        if (below === 1 && belowKind === 'unit' && !hasHundred && !sawScale && !numeral) return readFraction(info, i);
        if (!groupEmpty()) {
          const said = (typed ?? tokens).slice(0, i).join(' ');
          fail(`"${shown(i)}" cannot follow "${shown(i - 1)}"`, shown(i), i, `${said} ${shown(i)}s`);
        }
      }
    }

    if (kind === 'point') {
      if (article || prevKind === 'and' || fractionAnd) cannotFollow(i);
      whole = cardinalExact();
      form = 'decimal';
      resetGroup();
      return;
    }
    if (kind === 'dozen') {
      if (sawScale || andInGroup || prevKind === 'and' || (!groupEmpty() && groupValue() >= 1000)) cannotFollow(i);
      const n = groupEmpty() ? 1 : groupValue();
      whole = Exact.integer(n);
      multiplier = Exact.integer(12);
      ended = true;
      resetGroup();
      return;
    }
    if (kind === 'oh') {
      if (belowKind === 'unit' && !hasHundred && !sawScale && !andInGroup && !article && !numeral && bodyStartGroup()) {
        form = 'digits';
        digits = `${below}0`;
        return;
      }
      if ((belowKind === 'teen' || (belowKind === 'tens' && below === 20)) && yearEligible()) {
        form = 'year';
        yearHigh = below;
        yearLow = 0;
        yearLowKind = 'oh';
        return;
      }
      if (bodyStart()) {
        form = 'digits';
        digits = '0';
        return;
      }
      cannotFollow(i);
    }

    switch (kind) {
      case 'zero':
        if (belowKind === 'unit' && !info.ordinal && yearEligible() && !numeral) {
          form = 'digits';
          digits = `${below}0`;
          return;
        }
        if (!bodyStart()) fail(`"${shown(i)}" can only stand alone`, shown(i), i);
        break;
      case 'unit':
        if (belowKind === 'tens') {
          below += info.value;
          belowKind = 'tensUnit';
        } else if (belowKind === 'none' && !numeral) {
          below = info.value;
          belowKind = 'unit';
        } else if (belowKind === 'unit' && !info.ordinal && yearEligible() && !numeral) {
          form = 'digits';
          digits = `${below}${info.value}`;
          return;
        } else cannotFollow(i);
        break;
      case 'teen':
      case 'tens':
        if (belowKind !== 'none' || numeral) {
          // "nineteen eighty", "twenty twelve", "one thirty", "six sixty": a year or implied hundreds.
          if (!info.ordinal && !numeral && yearEligible() && (belowKind === 'unit' || belowKind === 'teen' || (below === 20 && belowKind === 'tens') || (belowKind === 'tensUnit' && below > 20 && below < 30))) {
            form = 'year';
            yearHigh = below;
            yearLow = info.value;
            yearLowKind = kind === 'tens' ? 'tens' : 'done';
            if (kind === 'teen') ended = true;
            return;
          }
          cannotFollow(i);
        }
        below = info.value;
        belowKind = kind;
        break;
      case 'hundred': {
        const byUnit = belowKind === 'unit';
        const byTeenOrTens = belowKind !== 'none' && belowKind !== 'unit' && !sawScale; // "twelve hundred"
        const bare = belowKind === 'none' && (article || bodyStart());
        if (hasHundred) fail('"hundred" cannot appear twice in one group', shown(i), i);
        if (andInGroup || !(byUnit || byTeenOrTens || bare)) {
          if (belowKind === 'none') fail(`"${shown(i)}" needs a number before it`, shown(i), i);
          cannotFollow(i);
        }
        hundredPart = (belowKind === 'none' ? 1 : below) * 100;
        hasHundred = true;
        below = 0;
        belowKind = 'none';
        article = false;
        numeral = false;
        break;
      }
      case 'scale': {
        const power = info.power as number;
        if (prevKind === 'and') cannotFollow(i);
        if (power >= lastPower) fail(`"${shown(i)}" cannot follow a "${lexicon.scaleWord(lastPower) ?? `10^${lastPower}`}" group`, shown(i), i);
        if (groupEmpty() && !bodyStart()) fail(`"${shown(i)}" needs a number before it`, shown(i), i);
        const group = groupEmpty() ? 1 : groupValue();
        if (group >= 1000) fail(`"${shown(i)}" cannot follow a group of ${group}`, shown(i), i);
        if (big === undefined && power < 15) total += group * info.value;
        else big = (big ?? BigInt(total)) + BigInt(group) * pow10(power);
        lastPower = power;
        sawScale = true;
        hundredPart = 0;
        hasHundred = false;
        andInGroup = false;
        below = 0;
        belowKind = 'none';
        numeral = false;
        article = false;
        break;
      }
      case 'and':
        if (prevKind === 'hundred' || prevKind === 'scale') {
          andInGroup = true;
          break;
        }
        if (bodyStart()) fail('a phrase cannot start with "and"', shown(i), i);
        if (prevKind === 'and' || article || groupEmpty()) cannotFollow(i);
        // "two and a half", "one hundred and three and two thirds": a fraction must follow.
        whole = cardinalExact();
        fractionAnd = true;
        fractionAndAt = i;
        resetGroup();
        break;
      case 'article':
        if (!bodyStart() && !(fractionAnd && groupEmpty())) cannotFollow(i);
        article = true;
        break;
      default:
        cannotFollow(i);
    }
    if (info.ordinal) {
      form = 'ordinal';
      ended = true;
    }
  }

  /** Whether the cardinal grammar takes this ordinal where its cardinal would go. */
  function fitsCardinal(info: WordInfo): boolean {
    switch (info.kind) {
      case 'unit':
        return belowKind === 'tens' || (belowKind === 'none' && !numeral);
      case 'teen':
      case 'tens':
        return belowKind === 'none' && !numeral;
      case 'hundred':
        return !hasHundred && !andInGroup && (belowKind === 'unit' || (belowKind !== 'none' && !sawScale) || (belowKind === 'none' && (article || bodyStart())));
      case 'scale':
        return (info.power as number) < lastPower && prevKind !== 'and' && (!groupEmpty() || bodyStart()) && (groupEmpty() || groupValue() < 1000);
      default:
        return false;
    }
  }

  /** The group so far is the phrase's first and only: a year or digit string may start from it. */
  function yearEligible(): boolean {
    return !sawScale && !hasHundred && !andInGroup && !article && !fractionAnd && bodyStartGroup();
  }
  function bodyStartGroup(): boolean {
    const wordsInGroup = belowKind === 'tensUnit' ? 2 : 1;
    return running.length - (negative ? 1 : 0) === wordsInGroup;
  }

  const last = tokens.length - 1;
  if (finished) {
    // The phrase without its dangling word is one the reader has just accepted.
    const shorter = last > 0 ? (typed ?? tokens).slice(0, last).join(' ') : undefined;
    if (prevKind === 'and') fail('a phrase cannot end with "and"', shown(last), last, shorter);
    if (prevKind === 'article') fail(`"${shown(last)}" must be followed by hundred, thousand, million, dozen or a fraction`, shown(last), last, shorter);
    if (prevKind === 'point') fail(`a phrase cannot end with "${shown(last)}"`, shown(last), last, shorter);
    if (prevKind === 'minus') fail(`"${shown(last)}" must be followed by a number`, shown(last), last);
    if (fractionAnd) fail(`"${shown(fractionAndAt)}" after "${shown(fractionAndAt - 1)}" must be followed by a fraction, as in "two and a half"`, shown(fractionAndAt), fractionAndAt);
    if (form === 'year' && yearLowKind === 'oh') fail(`"${shown(last)}" must be followed by a digit`, shown(last), last);
    if (form === 'digits' && prevKind === 'oh' && digits === '0') fail(`"${shown(last)}" must be followed by digits`, shown(last), last);
  }
  const value = current();
  const reading: Reading = {
    value: typeof value === 'number' ? value : value.toNumber(),
    running,
    form,
  };
  if (typeof value !== 'number') reading.exact = value;
  if (runningExact) reading.runningExact = runningExact;
  if (form === 'ordinal') reading.ordinal = true;
  if (form === 'digits') reading.digits = digits;
  return reading;
}
