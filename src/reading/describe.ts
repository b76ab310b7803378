// How a reading reads for people, shared by the server-rendered page and the in-page script so both say the
// same: an exact value written for its form (digit grouping, "2½", "21st", "1984", "08"; never a rounded
// float or ".00"), the form's name, and the one sentence under the input. Works on the answers' exact
// strings, so values past 2^53 stay exact. Browser-safe.

import type { GrammarNote } from '../language/errors.ts';
import { Exact } from '../language/exact.ts';
import { errorSentence, formatInteger, signedDigits, type ErrorLike } from '../language/format.ts';
import { ordinalSuffix, type Form } from '../language/grammar.ts';

/** What of an answer decides how its value is written. */
export interface Shape {
  form?: Form;
  ordinal?: true;
  /** A digit string as said ("08"): written as is. */
  digits?: string;
}

/** The fractions Unicode writes as one glyph, so "two and a half" shows as 2½. */
const GLYPHS: Record<string, string> = {
  '1/2': '½', '1/3': '⅓', '2/3': '⅔', '1/4': '¼', '3/4': '¾', '1/5': '⅕', '2/5': '⅖', '3/5': '⅗', '4/5': '⅘',
  '1/6': '⅙', '5/6': '⅚', '1/7': '⅐', '1/8': '⅛', '3/8': '⅜', '5/8': '⅝', '7/8': '⅞', '1/9': '⅑', '1/10': '⅒',
};

/** An answer's exact string ("-12.5", "2/3", "5000000000000000000") as the exact type. */
export function parseExact(exact: string): Exact {
  const slash = exact.indexOf('/');
  return slash < 0 ? Exact.decimal(exact) : Exact.fraction(BigInt(exact.slice(0, slash)), BigInt(exact.slice(slash + 1)));
}

/** Digit grouping of the whole part, the decimals as they are: "-1234567.125" → "-1,234,567.125". */
function grouped(value: Exact): string {
  const text = value.toDecimal() as string;
  const point = text.indexOf('.');
  const whole = point < 0 ? text : text.slice(0, point);
  // "-0.5": BigInt has no negative zero, so the sign is kept apart.
  const sign = whole.startsWith('-') ? '-' : '';
  return `${sign}${formatInteger(BigInt(whole.replace('-', '')))}${point < 0 ? '' : text.slice(point)}`;
}

/** A whole part and a proper fraction: 8/3 → "2⅔", 29/12 → "2 5/12", -1/3 → "-⅓". */
function mixed(value: Exact): string {
  const sign = value.sign < 0 ? '-' : '';
  const numerator = value.numerator < 0n ? -value.numerator : value.numerator;
  const whole = numerator / value.denominator;
  const rest = `${numerator % value.denominator}/${value.denominator}`;
  const glyph = GLYPHS[rest];
  if (whole === 0n) return `${sign}${glyph ?? rest}`;
  return `${sign}${formatInteger(whole)}${glyph ?? ` ${rest}`}`;
}

/**
 * An exact value as a person reads it, for its form: integers and decimals digit-grouped, fractions mixed
 * ("2½") or n/d where no decimal ends, ordinals with their suffix ("21st"), years and digit strings as said.
 */
export function showExact(exact: string, shape: Shape = {}): string {
  if (shape.digits !== undefined) return signedDigits(shape.digits, exact);
  const value = parseExact(exact);
  if (shape.form === 'year' || shape.form === 'digits') return value.toString();
  if (shape.ordinal && value.isInteger()) return `${grouped(value)}${ordinalSuffix(value.sign < 0 ? -value.numerator : value.numerator)}`;
  if (!value.isInteger() && (shape.form === 'fraction' || value.toDecimal() === undefined)) return mixed(value);
  return grouped(value);
}

const FORM_LABELS: Record<Form, string> = { cardinal: 'a whole number', ordinal: 'an ordinal', decimal: 'a decimal', fraction: 'a fraction', year: 'a year', digits: 'a digit string' };

/** The form as a tag: "fraction", "cardinal, negative". */
export function formTag(form: Form, exact: string): string {
  return exact.startsWith('-') ? `${form}, negative` : form;
}

/** The form in a sentence: "a fraction", "a negative whole number". */
export function formLabel(form: Form, exact: string): string {
  const label = FORM_LABELS[form];
  return exact.startsWith('-') ? label.replace(/^an? /, 'a negative ') : label;
}

/**
 * The line under the input: what the words read as, in one sentence. `typing`: the phrase cannot end where
 * it stands yet ("three point"), so the value is the words' so far.
 */
export function readsSentence(words: string, exact: string, shape: Shape & { form: Form }, typing = false): string {
  const shown = showExact(exact, shape);
  return typing ? `Reads ${words} as ${shown} so far — still typing.` : `Reads ${words} as ${shown} — ${formLabel(shape.form, exact)}.`;
}

/** An error as the API sends it; the network's refusal of a form or word it never learned carries the grammar's reading. */
export type Refusal = ErrorLike & { code?: string; grammar?: GrammarNote };

/** The network's refusal as a plain sentence: its message without the grammar's value, which is shown beside it. */
export function refusalSentence(refusal: Refusal): string {
  const tail = refusal.grammar ? `; the grammar reads it as ${refusal.grammar.exact}` : '';
  const message = tail && refusal.message.endsWith(tail) ? refusal.message.slice(0, -tail.length) : refusal.message;
  return `${errorSentence({ message })} Only the grammar reads it:`;
}
