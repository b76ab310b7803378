// The extrapolation protocol for every form the grammar reads: train and validation hold each form with
// small numbers only, test holds each far past them (the rules and sizes are in docs/data.md). Phrases are
// written by the writers in language/words.ts and checked against the grammar when the examples are built.

import { randomInt, shuffleInPlace, type Rng } from '../common/random.ts';
import { Exact } from '../language/exact.ts';
import { ordinalSuffix } from '../language/grammar.ts';
import { LEXICON } from '../language/lexicon.ts';
import {
  decimalToWords,
  digitsToWords,
  fractionToWords,
  negativeToWords,
  numberToWords,
  ordinalToWords,
  yearToWords,
  type StyleName,
} from '../language/words.ts';

/** The forms of this split, each example's `written`; the grammar's own `form` is coarser (a negative or a dozen reads as a cardinal). */
export const SPLIT_FORMS = ['cardinal', 'scale', 'ordinal', 'negative', 'decimal', 'fraction', 'year', 'digits', 'numeral', 'dozen'] as const;
export type SplitForm = (typeof SPLIT_FORMS)[number];

/** One phrase of the split, before the grammar reads it: what was written and the number it says. */
export interface Written {
  form: SplitForm;
  phrase: string;
  exact: Exact;
}

export type FormParts = Record<'train' | 'val' | 'test', Written[]>;

export const EXTRAPOLATION_FORMS = {
  /** Train and validation: integers below this (or a bare multiple of a scale word, k × 10^p, k < 1000). */
  below: 10_000,
  /** Test integers: a uniform number of digits from 5 up to this (to the quintillions, below 10^19). */
  testDigits: 19,
  /** Decimal places: train and validation 1 … 3, test 4 … 8. */
  trainDecimals: 3,
  testDecimals: 8,
  /** Digit strings: train and validation 2 … 4 digits, test 5 … 9. */
  trainDigitString: 4,
  testDigitString: 9,
  /** Numerals, and the count of dozens: train and validation below 100, test to 999. */
  trainNumeral: 100,
  /** Years: train and validation 1701–2099 (four centuries) and implied hundreds ("one thirty"); test 1001–1699. */
  trainYears: [1701, 2099],
  testYears: [1001, 1699],
  /** Drawn examples per form and part, on top of the fixed ones train holds (see planForms). */
  sizes: {
    cardinal: [500, 150, 800],
    scale: [20, 5, 0], // per scale word; the test's phrases are the group pairs below
    ordinal: [150, 60, 400],
    negative: [150, 40, 300],
    decimal: [250, 60, 400],
    fraction: [200, 60, 400],
    year: [150, 40, 300],
    digits: [200, 50, 300],
    numeral: [200, 50, 300],
    dozen: [60, 15, 150],
  } satisfies Record<SplitForm, [number, number, number]>,
} as const;

const SCALES = LEXICON.scales;
const pow10 = (p: number): bigint => 10n ** BigInt(p);

/** A number with `digits` digits, each of them uniform (the first non-zero). */
function randomOfDigits(rng: Rng, digits: number): bigint {
  let text = String(randomInt(rng, 1, 9));
  for (let i = 1; i < digits; i++) text += String(randomInt(rng, 0, 9));
  return BigInt(text);
}

/** k × 10^p with k < 1000 and p a scale word's power: "five quintillion", "forty two thousand". */
export function isBareMultiple(n: bigint): boolean {
  return SCALES.some(({ power }) => n % pow10(power) === 0n && n / pow10(power) < 1000n && n > 0n);
}

/** A test integer: 5 … 19 digits, log-uniform, never a bare multiple (those are train's). */
function largeInteger(rng: Rng): bigint {
  for (;;) {
    const n = randomOfDigits(rng, randomInt(rng, 5, EXTRAPOLATION_FORMS.testDigits));
    if (!isBareMultiple(n)) return n;
  }
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

/** Draws `count` distinct keys from `draw`; the parts then never share a phrase. */
function distinct<T>(count: number, draw: () => T, key: (t: T) => string, seen: Set<string>): T[] {
  const out: T[] = [];
  for (let tries = 0; out.length < count; tries++) {
    if (tries > count * 1000) throw new Error(`cannot draw ${count} distinct phrases`);
    const t = draw();
    const k = key(t);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(t);
  }
  return out;
}

/** Splits `count[0] + count[1] + count[2]` distinct phrases of one form into the parts. */
function parts(sizes: readonly [number, number, number], small: () => Written, large: () => Written): FormParts {
  const seen = new Set<string>();
  const key = (w: Written) => w.phrase;
  const [train, val, test] = sizes;
  const smalls = distinct(train + val, small, key, seen);
  return { train: smalls.slice(0, train), val: smalls.slice(train), test: distinct(test, large, key, seen) };
}

function written(form: SplitForm, phrase: string, exact: Exact): Written {
  return { form, phrase, exact };
}

const DENOMINATORS = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 16, 20, 100, 1000, 1_000_000];

/**
 * Every form's phrases, by part. `styleFor` gives a cardinal's phrasing style (a leading "one" said three
 * ways); other forms draw their style from `styles`.
 */
export function planForms(rng: Rng, styles: readonly StyleName[], styleFor: (n: number | bigint) => StyleName): FormParts {
  const e = EXTRAPOLATION_FORMS;
  const style = () => pick(rng, styles);
  const int = (n: bigint) => Exact.integer(n);
  const small = (from = 1) => BigInt(randomInt(rng, from, e.below - 1));
  const scale = () => pick(rng, SCALES);
  const bare = () => {
    const { power } = scale();
    return BigInt(randomInt(rng, 1, 999)) * pow10(power);
  };
  const decimalText = (whole: bigint, places: number) => `${whole}.${Array.from({ length: places }, () => randomInt(rng, 0, 9)).join('')}`;
  const out: Record<SplitForm, FormParts> = {} as Record<SplitForm, FormParts>;

  const cardinal = (n: bigint) => written('cardinal', numberToWords(n, styleFor(n)), int(n));
  out.cardinal = parts(e.sizes.cardinal, () => cardinal(small(200)), () => cardinal(largeInteger(rng)));
  // Train's fixed cardinals: all of 0–199, zero said three ways, as in the cardinal extrapolation split.
  out.cardinal.train.unshift(
    ...['zero', 'nought', 'naught'].map((word) => written('cardinal', word, Exact.ZERO)),
    ...Array.from({ length: 199 }, (_, i) => cardinal(BigInt(i + 1))),
  );
  dropRepeats(out.cardinal);

  // Scales: bare multiples of every scale word in train and validation; test, a group of every size right
  // after every larger group ("five million ten thousand and three": the shipped model's systematic miss).
  const bareOf = (power: number) => () => {
    const n = BigInt(randomInt(rng, 1, 999)) * pow10(power);
    return written('scale', numberToWords(n, styleFor(n)), int(n));
  };
  out.scale = { train: [], val: [], test: [] };
  for (const { power } of SCALES) {
    const one = parts(e.sizes.scale, bareOf(power), bareOf(power));
    out.scale.train.push(...one.train);
    out.scale.val.push(...one.val);
  }
  out.scale.test = groupPairs(rng, styleFor);

  const ordinal = (n: bigint) => written('ordinal', ordinalToWords(n, style()), int(n));
  // A tenth of the drawn ordinals are numerals: "21st", "4302nd".
  const drawnOrdinal = (n: bigint) => (rng() < 0.1 ? written('ordinal', `${n}${ordinalSuffix(n)}`, int(n)) : ordinal(n));
  out.ordinal = parts(e.sizes.ordinal, () => drawnOrdinal(rng() < 0.2 ? bare() : small()), () => drawnOrdinal(largeInteger(rng)));
  // Every ordinal word: 1st … 100th, and each scale's ("thousandth" … "quintillionth").
  out.ordinal.train.unshift(...Array.from({ length: 100 }, (_, i) => ordinal(BigInt(i + 1))), ...SCALES.map(({ power }) => ordinal(BigInt(randomInt(rng, 2, 9)) * pow10(power))));
  dropRepeats(out.ordinal);

  const sign = () => (rng() < 0.5 ? 'minus' : 'negative');
  const negative = (n: bigint) => written('negative', negativeToWords(-n, sign(), style()), int(-n));
  // A fifth of the negatives are decimals, "minus two point five", their places as the decimals' rule says.
  const negativeDecimal = (whole: bigint, places: number) => {
    const text = decimalText(whole, places);
    return written('negative', `${sign()} ${decimalToWords(text, 'zero', style())}`, Exact.decimal(`-${text}`));
  };
  out.negative = parts(
    e.sizes.negative,
    () => (rng() < 0.2 ? negativeDecimal(small(0), randomInt(rng, 1, e.trainDecimals)) : negative(small())),
    () => (rng() < 0.2 ? negativeDecimal(small(0), randomInt(rng, e.trainDecimals + 1, e.testDecimals)) : negative(largeInteger(rng))),
  );

  // Decimals: a whole part and its digits, a fifth of them times a scale word ("two point five million").
  const decimal = (whole: bigint, places: number) => {
    // A scale after a decimal needs a whole part below 1000.
    const times = rng() < 0.2 ? scale() : undefined;
    const text = decimalText(times ? whole % 1000n : whole, places);
    const words = decimalToWords(text, rng() < 0.3 ? 'oh' : 'zero', style());
    if (!times) return written('decimal', words, Exact.decimal(text));
    return written('decimal', `${words} ${times.word}`, Exact.decimal(text).mul(int(pow10(times.power))));
  };
  out.decimal = parts(
    e.sizes.decimal,
    () => decimal(BigInt(randomInt(rng, 0, e.below - 1)), randomInt(rng, 1, e.trainDecimals)),
    () => decimal(rng() < 0.5 ? BigInt(randomInt(rng, 0, e.below - 1)) : largeInteger(rng), randomInt(rng, e.trainDecimals + 1, e.testDecimals)),
  );

  out.fraction = parts(e.sizes.fraction, () => smallFraction(rng), () => largeFraction(rng));
  // Every divisor in train: "a …", "one …" and plural, "fourth(s)" beside "quarter(s)".
  out.fraction.train.unshift(
    ...DENOMINATORS.flatMap((d) => [
      fraction(0, 1, d, { one: 'a' }),
      // "one hundredth" is the ordinal 100th: "one" before a scale-like divisor says the cardinal.
      ...(d < 100 ? [fraction(0, 1, d, { one: 'one' })] : []),
      fraction(0, randomInt(rng, 2, 9), d),
      fraction(0, randomInt(rng, 2, 9), d, { quarter: false }),
      fraction(randomInt(rng, 1, 99), 1, d, { one: 'a', quarter: false }),
    ]),
  );
  dropRepeats(out.fraction);

  const year = (lo: number, hi: number) => () => {
    for (;;) {
      const y = randomInt(rng, lo, hi);
      if (y % 100 !== 0) return written('year', yearToWords(y), int(BigInt(y)));
    }
  };
  // Implied hundreds, read as years by the grammar: "one thirty" → 130, "six sixty two" → 662.
  const implied = () => {
    const [u, r] = [randomInt(rng, 1, 9), randomInt(rng, 10, 99)];
    return written('year', `${LEXICON.wordForSmall(u)} ${numberToWords(r, 'american')}`, int(BigInt(u * 100 + r)));
  };
  const trainYear = year(e.trainYears[0], e.trainYears[1]);
  out.year = parts(e.sizes.year, () => (rng() < 0.2 ? implied() : trainYear()), year(e.testYears[0], e.testYears[1]));

  const digits = (lo: number, hi: number) => () => {
    const length = randomInt(rng, lo, hi);
    let text = '';
    while (!/[1-9]/.test(text)) text = Array.from({ length }, () => (rng() < 0.15 ? 0 : randomInt(rng, 0, 9))).join('');
    return written('digits', digitsToWords(text, rng() < 0.5 ? 'oh' : 'zero'), int(BigInt(text)));
  };
  out.digits = parts(e.sizes.digits, digits(2, e.trainDigitString), digits(e.trainDigitString + 1, e.testDigitString));

  out.numeral = parts(e.sizes.numeral, () => smallNumeral(rng), () => largeNumeral(rng));

  const dozen = (n: number) => {
    const words = n === 1 ? pick(rng, ['a dozen', 'one dozen', 'dozen']) : `${numberToWords(n, 'american')} dozen`;
    return written('dozen', words, int(BigInt(n * 12)));
  };
  out.dozen = parts(e.sizes.dozen, () => dozen(randomInt(rng, 1, e.trainNumeral - 1)), () => dozen(randomInt(rng, e.trainNumeral, 999)));
  out.dozen.train.unshift(written('dozen', 'half a dozen', int(6n)), dozen(1), dozen(12));
  dropRepeats(out.dozen);

  return {
    train: SPLIT_FORMS.flatMap((f) => out[f].train),
    val: shuffleInPlace(rng, SPLIT_FORMS.flatMap((f) => out[f].val)),
    test: shuffleInPlace(rng, SPLIT_FORMS.flatMap((f) => out[f].test)),
  };
}

/** A fixed phrase may repeat a drawn one: keep its first occurrence, and drop it from validation and test. */
function dropRepeats(p: FormParts): void {
  const seen = new Set<string>();
  const keep = (w: Written) => !seen.has(w.phrase) && (seen.add(w.phrase), true);
  p.train = p.train.filter(keep);
  p.val = p.val.filter(keep);
  p.test = p.test.filter(keep);
}

function fraction(whole: number, numerator: number, denominator: number, options: { one?: 'a' | 'one'; quarter?: boolean } = {}): Written {
  return written('fraction', fractionToWords(whole, numerator, denominator, options), Exact.integer(whole).add(Exact.fraction(numerator, denominator)));
}

/** A whole below 10,000 with a fraction, a fraction of a numerator below 10,000, or "two and a half million". */
function smallFraction(rng: Rng): Written {
  const d = pick(rng, DENOMINATORS);
  const quarter = rng() < 0.5;
  const r = rng();
  if (r < 0.4) return fraction(0, randomInt(rng, 1, EXTRAPOLATION_FORMS.below - 1), d, { quarter });
  if (r < 0.85) return mixed(rng, randomInt(rng, 1, EXTRAPOLATION_FORMS.below - 1), d, quarter);
  // A fraction times a scale word needs a whole below 1000.
  const { word, power } = pick(rng, SCALES);
  const f = rng() < 0.3 ? fraction(0, 1, 2) : mixed(rng, randomInt(rng, 1, 999), pick(rng, [2, 3, 4]), true);
  return written('fraction', `${f.phrase} ${word}`, f.exact.mul(Exact.integer(pow10(power))));
}

/** A whole of 5 … 15 digits with a fraction, or a numerator of 5 … 12 digits. */
function largeFraction(rng: Rng): Written {
  const d = pick(rng, DENOMINATORS);
  if (rng() < 0.5) return fraction(0, Number(randomOfDigits(rng, randomInt(rng, 5, 12))), d, { quarter: rng() < 0.5 });
  return mixed(rng, Number(randomOfDigits(rng, randomInt(rng, 5, 15))), d, rng() < 0.5);
}

/** whole and n/d with n < d; a whole of whole hundreds has no mixed form, so it moves by one. */
function mixed(rng: Rng, whole: number, d: number, quarter: boolean): Written {
  const w = whole >= 100 && whole % 100 === 0 ? whole + 1 : whole;
  const n = randomInt(rng, 1, Math.min(d - 1, 99));
  return fraction(w, n, d, { one: rng() < 0.5 ? 'a' : 'one', quarter });
}

/** Group sizes by shape: every 1–19, every ten, every hundred, and a few of the other shapes. */
function groupShapes(rng: Rng): number[] {
  const some = (count: number, lo: number, hi: number, ok: (n: number) => boolean) => {
    const out = new Set<number>();
    while (out.size < count) {
      const n = randomInt(rng, lo, hi);
      if (ok(n)) out.add(n);
    }
    return [...out];
  };
  return [
    ...Array.from({ length: 19 }, (_, i) => i + 1),
    ...Array.from({ length: 8 }, (_, i) => (i + 2) * 10),
    ...Array.from({ length: 9 }, (_, i) => (i + 1) * 100),
    ...some(5, 21, 99, (n) => n % 10 !== 0),
    ...some(5, 101, 999, (n) => n % 100 !== 0),
  ];
}

/** For every pair of scale words (larger, smaller): a larger group, then a smaller group of every shape, then a last group. */
function groupPairs(rng: Rng, styleFor: (n: number | bigint) => StyleName): Written[] {
  const out: Written[] = [];
  for (const large of SCALES) {
    for (const small of SCALES.filter((s) => s.power < large.power)) {
      for (const g of groupShapes(rng)) {
        const last = rng() < 0.3 ? 0 : randomInt(rng, 1, 999);
        const n = BigInt(randomInt(rng, 1, 999)) * pow10(large.power) + BigInt(g) * pow10(small.power) + BigInt(last);
        out.push(written('scale', numberToWords(n, styleFor(n)), Exact.integer(n)));
      }
    }
  }
  return out;
}

/** A decimal numeral: its whole part and `places` digits. */
function numeralDecimal(rng: Rng, whole: number, places: number): { text: string; exact: Exact } {
  const text = `${whole}.${Array.from({ length: places }, () => randomInt(rng, 0, 9)).join('')}`;
  return { text, exact: Exact.decimal(text) };
}

/** Numerals below 100 with words: "5 million", "42 hundred", "7 hundred and 12", "3 thousand two hundred", "1.25 billion", "42". */
function smallNumeral(rng: Rng): Written {
  const below = EXTRAPOLATION_FORMS.trainNumeral;
  const { word, power } = pick(rng, SCALES);
  const n = randomInt(rng, 1, below - 1);
  const r = rng();
  if (r < 0.3) return written('numeral', `${n} ${word}`, Exact.integer(BigInt(n) * pow10(power)));
  if (r < 0.45) return written('numeral', `${n} hundred`, Exact.integer(n * 100));
  if (r < 0.6) {
    const [h, rest] = [randomInt(rng, 1, 9), randomInt(rng, 1, 99)];
    return written('numeral', `${h} hundred and ${rest}`, Exact.integer(h * 100 + rest));
  }
  if (r < 0.75) {
    const [t, rest] = [randomInt(rng, 1, 9), randomInt(rng, 1, 999)];
    return written('numeral', `${t} thousand ${numberToWords(rest, pick(rng, ['british', 'american'] as const))}`, Exact.integer(t * 1000 + rest));
  }
  if (r < 0.92) {
    const d = numeralDecimal(rng, randomInt(rng, 0, below - 1), randomInt(rng, 1, EXTRAPOLATION_FORMS.trainDecimals));
    return written('numeral', `${d.text} ${word}`, d.exact.mul(Exact.integer(pow10(power))));
  }
  return written('numeral', String(n), Exact.integer(n));
}

/** Numerals to 999, decimals of up to 8 places, and several numeral groups: "347 thousand", "12.3456 billion", "5 million 250 thousand 12". */
function largeNumeral(rng: Rng): Written {
  const e = EXTRAPOLATION_FORMS;
  const { word, power } = pick(rng, SCALES);
  const r = rng();
  if (r < 0.3) {
    const n = randomInt(rng, e.trainNumeral, 999);
    return written('numeral', `${n} ${word}`, Exact.integer(BigInt(n) * pow10(power)));
  }
  if (r < 0.6) {
    const wide = rng() < 0.5;
    const d = numeralDecimal(rng, wide ? randomInt(rng, e.trainNumeral, 999) : randomInt(rng, 0, e.trainNumeral - 1), wide ? randomInt(rng, 1, e.testDecimals) : randomInt(rng, e.trainDecimals + 1, e.testDecimals));
    return written('numeral', `${d.text} ${word}`, d.exact.mul(Exact.integer(pow10(power))));
  }
  // Two or three groups, each a numeral or words, largest scale first.
  const powers = shuffleInPlace(rng, SCALES.map((s) => s.power)).slice(0, randomInt(rng, 2, 3)).sort((a, b) => b - a);
  let value = 0n;
  const said: string[] = [];
  for (const p of powers) {
    const g = randomInt(rng, 1, 999);
    value += BigInt(g) * pow10(p);
    said.push(rng() < 0.7 ? String(g) : numberToWords(g, 'american'), LEXICON.scaleWord(p) as string);
  }
  if (rng() < 0.6) {
    const last = randomInt(rng, 1, 999);
    value += BigInt(last);
    said.push(String(last));
  }
  return written('numeral', said.join(' '), Exact.integer(value));
}

/** How many examples of each form a list holds. */
export function formCounts(items: readonly { form: SplitForm }[]): Record<SplitForm, number> {
  const counts = Object.fromEntries(SPLIT_FORMS.map((f) => [f, 0])) as Record<SplitForm, number>;
  for (const item of items) counts[item.form]++;
  return counts;
}
