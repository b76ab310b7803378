// Number → English words: cardinals in the phrasing styles the dataset generator offers, and a writer for
// every other form (ordinals, negatives, decimals, fractions, years, digit strings). The inverse of
// grammar.ts: every phrase these write, grammar.ts reads back to the same value and form (tested on
// thousands of samples each).

import { Exact } from './exact.ts';
import { LEXICON, ordinalWord, type Lexicon } from './lexicon.ts';

export const STYLE_NAMES = ['british', 'american', 'hyphen', 'a-hundred', 'twelve-hundred', 'bare-scale'] as const;
export type StyleName = (typeof STYLE_NAMES)[number];

interface Style {
  /** "and" after "hundred" and before a final group under 100 ("one thousand and five"). */
  and: boolean;
  /** "seventy-seven" instead of "seventy seven". */
  hyphen: boolean;
  /** What a leading "one hundred/thousand/million" becomes: "a hundred …", a bare "hundred …", or kept. */
  leadingOne: 'one' | 'a' | 'bare';
  /** 1,100–9,999 with a hundreds digit read in hundreds: "twelve hundred and five" for 1205. */
  hundreds: boolean;
}

const STYLES: Record<StyleName, Style> = {
  british: { and: true, hyphen: false, leadingOne: 'one', hundreds: false },
  american: { and: false, hyphen: false, leadingOne: 'one', hundreds: false },
  hyphen: { and: true, hyphen: true, leadingOne: 'one', hundreds: false },
  'a-hundred': { and: true, hyphen: false, leadingOne: 'a', hundreds: false },
  'twelve-hundred': { and: true, hyphen: false, leadingOne: 'one', hundreds: true },
  'bare-scale': { and: true, hyphen: false, leadingOne: 'bare', hundreds: false },
};

export function isStyleName(name: string): name is StyleName {
  return (STYLE_NAMES as readonly string[]).includes(name);
}

/** The largest value the writer supports with this lexicon: 999 of its largest scale and below. */
export function maxValue(lexicon: Lexicon = LEXICON): bigint {
  const largest = lexicon.scales[lexicon.scales.length - 1]?.power ?? 0;
  return 10n ** BigInt(largest + 3) - 1n;
}

function belowHundred(n: number, style: Style, lexicon: Lexicon): string[] {
  if (n < 20 || n % 10 === 0) return [lexicon.wordForSmall(n)];
  const tens = lexicon.wordForSmall(n - (n % 10));
  const unit = lexicon.wordForSmall(n % 10);
  return style.hyphen ? [`${tens}-${unit}`] : [tens, unit];
}

function belowThousand(n: number, style: Style, lexicon: Lexicon): string[] {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const out: string[] = [];
  if (hundreds > 0) out.push(lexicon.wordForSmall(hundreds), 'hundred');
  if (rest > 0) {
    if (hundreds > 0 && style.and) out.push('and');
    out.push(...belowHundred(rest, style, lexicon));
  }
  return out;
}

/** English words for an integer from 0 to maxValue(lexicon) (a safe integer, or a BigInt beyond). */
export function numberToWords(value: number | bigint, styleName: StyleName = 'british', lexicon: Lexicon = LEXICON): string {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new RangeError(`value must be a safe integer or a BigInt, got ${value}`);
  const n = BigInt(value);
  if (n < 0n || n > maxValue(lexicon)) throw new RangeError(`value must be an integer from 0 to ${maxValue(lexicon)}, got ${value}`);
  if (n === 0n) return 'zero';
  const style = STYLES[styleName];
  // "twenty hundred" and "ten hundred" are not said: only a non-zero hundreds digit reads in hundreds.
  if (style.hundreds && n >= 1100n && n < 10_000n && (n / 100n) % 10n !== 0n) {
    const rest = Number(n % 100n);
    return [...belowHundred(Number(n / 100n), style, lexicon), 'hundred', ...(rest > 0 ? [...(style.and ? ['and'] : []), ...belowHundred(rest, style, lexicon)] : [])].join(' ');
  }
  const out: string[] = [];
  let remainder = n;
  for (const { word, power } of [...lexicon.scales].reverse()) {
    const scale = 10n ** BigInt(power);
    const group = Number(remainder / scale);
    remainder %= scale;
    if (group > 0) out.push(...belowThousand(group, style, lexicon), word);
  }
  const rest = Number(remainder);
  if (rest > 0) {
    if (out.length > 0 && rest < 100 && style.and) out.push('and');
    out.push(...belowThousand(rest, style, lexicon));
  }
  if (style.leadingOne !== 'one' && out[0] === 'one' && (out[1] === 'hundred' || lexicon.info(out[1] ?? '')?.kind === 'scale')) {
    if (style.leadingOne === 'a') out[0] = 'a';
    else out.shift();
  }
  return out.join(' ');
}

/** The words of one digit: "zero" or "oh" for 0. */
function digitWord(digit: string, zero: 'zero' | 'oh', lexicon: Lexicon): string {
  return digit === '0' ? zero : lexicon.wordForSmall(Number(digit));
}

/** An ordinal: "twenty first", "one hundred and fifth", "two thousandth"; never "a hundredth" (a fraction). */
export function ordinalToWords(value: number | bigint, styleName: StyleName = 'british', lexicon: Lexicon = LEXICON): string {
  const words = numberToWords(value, styleName, lexicon).split(' ');
  const last = words.pop() as string;
  // "a" + an ordinal reads as a fraction ("a hundredth" is 0.01): say "one" there.
  if (words.length === 1 && words[0] === 'a') words[0] = 'one';
  return [...words, ...lastOrdinal(last)].join(' ');
}

/** A hyphenated last word "seventy-seven" ends in its unit's ordinal. */
function lastOrdinal(word: string): string[] {
  const dash = word.lastIndexOf('-');
  return dash < 0 ? [ordinalWord(word)] : [`${word.slice(0, dash + 1)}${ordinalWord(word.slice(dash + 1))}`];
}

/** A negative number: "minus seven", "negative twelve". */
export function negativeToWords(value: number | bigint, word: 'minus' | 'negative' = 'minus', styleName: StyleName = 'british', lexicon: Lexicon = LEXICON): string {
  const n = BigInt(value);
  if (n >= 0n) throw new RangeError(`a negative number, not ${value}`);
  return `${word} ${numberToWords(-n, styleName, lexicon)}`;
}

/** A decimal written in digits ("3.14") as words: "three point one four"; 0 after the point as "zero" or "oh". */
export function decimalToWords(text: string, zero: 'zero' | 'oh' = 'zero', styleName: StyleName = 'british', lexicon: Lexicon = LEXICON): string {
  const match = /^(\d+)\.(\d+)$/.exec(text);
  if (!match) throw new RangeError(`a decimal like "3.14", not "${text}"`);
  const [, whole, fraction] = match as unknown as [string, string, string];
  return `${numberToWords(BigInt(whole), styleName, lexicon)} point ${[...fraction].map((d) => digitWord(d, zero, lexicon)).join(' ')}`;
}

/** The single word that divides by `denominator`: half, quarter/fourth, third … twentieth, thirtieth … , hundredth, thousandth … */
function denominatorWord(denominator: number, plural: boolean, quarter: boolean, lexicon: Lexicon): string {
  if (denominator === 2) return plural ? 'halves' : 'half';
  if (denominator === 4 && quarter) return plural ? 'quarters' : 'quarter';
  const power = Math.log10(denominator);
  const cardinal = Number.isInteger(power) && power >= 2 ? (power === 2 ? 'hundred' : lexicon.scaleWord(power)) : denominator < 20 || (denominator < 100 && denominator % 10 === 0) ? lexicon.wordForSmall(denominator) : undefined;
  if (cardinal === undefined || denominator < 3) throw new RangeError(`no single word divides by ${denominator}`);
  return `${ordinalWord(cardinal)}${plural ? 's' : ''}`;
}

export interface FractionWords {
  /** "a half" or "one half" for a numerator of one. */
  one?: 'a' | 'one';
  /** "quarter(s)" or "fourth(s)" for 4. */
  quarter?: boolean;
}

/**
 * A fraction, or a mixed number when `whole` > 0: "two thirds", "a half", "seven hundredths", "two and a
 * half", "one hundred and three and two thirds". The numerator is written without "and" ("one hundred two
 * thirds"), except where its last words would join a unit's ordinal (then "one hundred and twenty fifths",
 * "one hundred and one thousand fifths").
 * A whole of whole hundreds (1000, 200) has no mixed form: its "and" would join the group.
 */
export function fractionToWords(whole: number, numerator: number, denominator: number, options: FractionWords = {}, lexicon: Lexicon = LEXICON): string {
  if (!(numerator >= 1) || (whole > 0 && numerator >= 100)) throw new RangeError(`numerator ${numerator} out of range`);
  // "one thousand and a half" is refused as ambiguous (1000.5 or 1500?): no mixed number on a whole hundred.
  if (whole >= 100 && whole % 100 === 0) throw new RangeError(`no mixed number on ${whole}: its "and" would join the group`);
  const plural = numerator !== 1;
  // A numerator ending in a tens word, or in "hundred one" and a scale word, takes its group's "and" before a
  // unit's ordinal: "one hundred twenty fifths" is 100/25 and "one hundred one thousand fifths" 100/1005
  // (compound denominators), "one hundred and twenty fifths" 120/5.
  const american = plural ? numberToWords(numerator, 'american', lexicon) : '';
  const joinsOrdinal = (numerator >= 100 && numerator % 10 === 0 && numerator % 100 >= 20) || / hundred one [a-z]+$/.test(american);
  const compoundable = denominator < 10 && !(denominator === 4 && (options.quarter ?? true));
  const top = plural ? (joinsOrdinal && compoundable ? numberToWords(numerator, 'british', lexicon) : american) : (options.one ?? 'a');
  const fraction = `${top} ${denominatorWord(denominator, plural, options.quarter ?? true, lexicon)}`;
  return whole > 0 ? `${numberToWords(whole, 'british', lexicon)} and ${fraction}` : fraction;
}

/** A year said in pairs: 1984 "nineteen eighty four", 1905 "nineteen oh five", 2021 "twenty twenty one"; 1000–2099, not a whole hundred. */
export function yearToWords(year: number, lexicon: Lexicon = LEXICON): string {
  const high = Math.floor(year / 100);
  const low = year % 100;
  if (!Number.isInteger(year) || high < 10 || high > 20 || low === 0) throw new RangeError(`a year 1000–2099, not a whole hundred: ${year}`);
  const lowWords = low < 10 ? `oh ${lexicon.wordForSmall(low)}` : numberToWords(low, 'american', lexicon);
  return `${numberToWords(high, 'american', lexicon)} ${lowWords}`;
}

/** How a digit string says 0. */
export type DigitZero = 'zero' | 'oh';

/** A digit string said digit by digit: "0800" → "zero eight zero zero" (or "oh" for zero); at least two digits. */
export function digitsToWords(digits: string, zero: DigitZero = 'zero', lexicon: Lexicon = LEXICON): string {
  if (!/^\d{2,}$/.test(digits)) throw new RangeError(`two or more digits, not "${digits}"`);
  return [...digits].map((d) => digitWord(d, zero, lexicon)).join(' ');
}

/** The forms the dataset generator can write a number in. */
export const WRITTEN_FORMS = ['cardinal', 'ordinal', 'negative', 'decimal', 'fraction', 'year', 'digits'] as const;
export type WrittenForm = (typeof WRITTEN_FORMS)[number];

/** The divisors a generated fraction uses, each one word ("thirds", "quarters", "hundredths"). */
const GENERATED_DENOMINATORS = [2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 100, 1000];

/**
 * The phrase for the integer `value` in `form`, and the number it says — value itself, −value, value/100,
 * a fraction numbered by value (value 0, 1, … runs through the denominators, then numerators), the year
 * value, value's digits — or undefined when value has no phrase in that form (a year outside 1000–2099 or on
 * a whole hundred, a negative or digit string below 10).
 */
export function formPhrase(value: number, form: WrittenForm, styleName: StyleName = 'british', digitZero: DigitZero = 'zero'): { phrase: string; exact: Exact } | undefined {
  switch (form) {
    case 'cardinal':
      return { phrase: numberToWords(value, styleName), exact: Exact.integer(value) };
    case 'ordinal':
      return { phrase: ordinalToWords(value, styleName), exact: Exact.integer(value) };
    case 'negative':
      // "minus" or "negative", by a hash of the value: both words in every dataset, neither tied to a digit.
      return value < 1 ? undefined : { phrase: negativeToWords(-value, Math.imul(value, 0x9e3779b1) < 0 ? 'negative' : 'minus', styleName), exact: Exact.integer(-value) };
    case 'decimal': {
      const text = `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
      return { phrase: decimalToWords(text, 'zero', styleName), exact: Exact.decimal(text) };
    }
    case 'fraction': {
      const denominator = GENERATED_DENOMINATORS[value % GENERATED_DENOMINATORS.length] as number;
      const numerator = Math.floor(value / GENERATED_DENOMINATORS.length) + 1;
      return { phrase: fractionToWords(0, numerator, denominator), exact: Exact.fraction(numerator, denominator) };
    }
    case 'year':
      return value < 1000 || value > 2099 || value % 100 === 0 ? undefined : { phrase: yearToWords(value), exact: Exact.integer(value) };
    case 'digits':
      return value < 10 ? undefined : { phrase: digitsToWords(String(value), digitZero), exact: Exact.integer(value) };
  }
}
