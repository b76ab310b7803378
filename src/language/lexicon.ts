// The lexicon: every word the language knows, its kind and its value, in one fixed order. The grammar's word
// classes, the writer, typo correction and the model's token ids all derive from it, so adding a scale word is
// one line of SCALE_WORDS (its ordinal "…th" and fraction "…ths" follow). Browser-safe.

export type WordKind =
  | 'zero' // zero, nought, naught: alone, or a digit in a digit string
  | 'unit' // one … nine, and their ordinals first … ninth
  | 'teen' // ten … nineteen, tenth … nineteenth
  | 'tens' // twenty … ninety, twentieth … ninetieth
  | 'hundred' // hundred, hundredth
  | 'scale' // thousand, million, … and their ordinals
  | 'and'
  | 'article' // a, an: one before hundred, a scale, dozen or a fraction
  | 'denominator' // half, quarter, and every plural "thirds", "hundredths": a fraction's divisor
  | 'minus' // minus, negative, a leading "-"
  | 'point' // the decimal point
  | 'oh' // "oh"/"o": a zero digit inside a year, decimal or digit string
  | 'dozen'
  | 'over'; // "one over three": the numerator before it, the denominator after

export interface WordInfo {
  kind: WordKind;
  /** Face value: 7 for "seven" and "seventh", 100 for "hundred", 1000 for "thousand", 3 for "thirds". */
  value: number;
  /** Scale words and their fractions: value = 10 ** power (exact, where `value` may not be). */
  power?: number;
  /** An ordinal: "fifth", "hundredth", "millionth". */
  ordinal?: true;
  /** A word that can divide: "third" (after "a"/"one"), "thirds", "half"; the divisor is `value`. */
  denominator?: true;
  /** Plural divisor: "thirds", "halves" (takes any numerator); singular "half", "third" takes one. Also the
   * plurals "hundreds", "thousands", "dozens", which need a number before them ("three thousands"). */
  plural?: true;
  /** "firsts", "seconds": a divisor only as the end of a compound ("three twenty-firsts"); "thirty seconds" is a time. */
  compoundOnly?: true;
  /** A short English word ("nil", "dot", "over") read only as typed: never the target of a typo correction
   * ("not" is no "dot"). */
  noTypos?: true;
  /** A spelling read as written but never offered ("halfs" for "halves"): no typo's target, and no
   * completion or suggestion while typing, so typing "half" is not told it may still become "halfs". */
  variant?: true;
}

/** Scale words and their powers of ten, smallest first. One line adds a scale (and its "-th" and "-ths"). */
export const SCALE_WORDS: ReadonlyArray<readonly [string, number]> = [
  ['thousand', 3],
  ['million', 6],
  ['billion', 9],
  ['trillion', 12],
  ['quadrillion', 15],
  ['quintillion', 18],
];

const UNITS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
/** Ordinals that are not the cardinal + "th". */
const IRREGULAR_ORDINALS: Readonly<Record<string, string>> = {
  one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth',
};
/** Ordinals that are not fractions: "one second" is a time, "a first" no number. */
const NOT_DENOMINATORS = new Set(['zeroth', 'first', 'second']);

/** "seven" → "seventh", "twenty" → "twentieth", "million" → "millionth". */
export function ordinalWord(cardinal: string): string {
  return IRREGULAR_ORDINALS[cardinal] ?? (cardinal.endsWith('y') ? `${cardinal.slice(0, -1)}ieth` : `${cardinal}th`);
}

export interface Lexicon {
  /** Every word, in the order token ids and dataset vocabularies follow. */
  readonly words: ReadonlyMap<string, WordInfo>;
  /** Scale words, smallest first. */
  readonly scales: ReadonlyArray<{ word: string; power: number }>;
  info(word: string): WordInfo | undefined;
  /** Word for 0–19 and the multiples of ten up to 90. */
  wordForSmall(n: number): string;
  /** The scale word of 10 ** power, if there is one. */
  scaleWord(power: number): string | undefined;
}

/**
 * A lexicon with these scale words (smallest first, powers of 1000). The cardinal words keep the order
 * today's models were trained with; every newer word comes after them, so old token ids never move.
 */
export function createLexicon(scaleWords: ReadonlyArray<readonly [string, number]> = SCALE_WORDS): Lexicon {
  const words = new Map<string, WordInfo>();
  const add = (word: string, info: WordInfo) => {
    if (words.has(word)) throw new Error(`"${word}" is in the lexicon twice`);
    words.set(word, info);
  };
  for (const w of ['zero', 'nought', 'naught']) add(w, { kind: 'zero', value: 0 });
  UNITS.forEach((w, i) => add(w, { kind: 'unit', value: i + 1 }));
  TEENS.forEach((w, i) => add(w, { kind: 'teen', value: i + 10 }));
  TENS.forEach((w, i) => add(w, { kind: 'tens', value: (i + 2) * 10 }));
  add('hundred', { kind: 'hundred', value: 100 });
  const scales = [...scaleWords].map(([word, power]) => ({ word, power }));
  scales.forEach(({ word, power }, i) => {
    if (power % 3 !== 0 || power <= (scales[i - 1]?.power ?? 0)) throw new Error(`scale "${word}": powers must be multiples of 3, increasing`);
    add(word, { kind: 'scale', value: 10 ** power, power });
  });
  add('and', { kind: 'and', value: 0 });
  add('a', { kind: 'article', value: 1 });

  // Newer words: ordinals (and the fractions they divide by), signs, the point, "oh", dozen.
  const cardinals = [...words].filter(([word, info]) => info.kind !== 'and' && info.kind !== 'article' && word !== 'nought' && word !== 'naught');
  for (const [word, info] of cardinals) {
    const ordinal = ordinalWord(word);
    const divides = !NOT_DENOMINATORS.has(ordinal);
    add(ordinal, { ...info, ordinal: true, ...(divides ? { denominator: true as const } : {}) });
  }
  for (const [word, info] of cardinals) {
    const ordinal = ordinalWord(word);
    const power = info.power !== undefined ? { power: info.power } : {};
    if (words.get(ordinal)?.denominator) add(`${ordinal}s`, { kind: 'denominator', value: info.value, ...power, denominator: true, plural: true });
  }
  add('half', { kind: 'denominator', value: 2, denominator: true });
  add('halves', { kind: 'denominator', value: 2, denominator: true, plural: true });
  add('quarter', { kind: 'denominator', value: 4, denominator: true });
  add('quarters', { kind: 'denominator', value: 4, denominator: true, plural: true });
  add('an', { kind: 'article', value: 1 });
  add('minus', { kind: 'minus', value: -1 });
  add('negative', { kind: 'minus', value: -1 });
  add('point', { kind: 'point', value: 0 });
  add('oh', { kind: 'oh', value: 0 });
  add('o', { kind: 'oh', value: 0 });
  add('dozen', { kind: 'dozen', value: 12 });
  add('nil', { kind: 'zero', value: 0, noTypos: true });
  add('dot', { kind: 'point', value: 0, noTypos: true });
  add('over', { kind: 'over', value: 0, noTypos: true });
  add('dozens', { kind: 'dozen', value: 12, plural: true });
  add('hundreds', { kind: 'hundred', value: 100, plural: true });
  for (const { word, power } of scales) add(`${word}s`, { kind: 'scale', value: 10 ** power, power, plural: true });
  add('firsts', { kind: 'denominator', value: 1, denominator: true, plural: true, compoundOnly: true });
  add('seconds', { kind: 'denominator', value: 2, denominator: true, plural: true, compoundOnly: true });
  // A common plural of "half" ("three halfs", compromise's tests): read as written, never offered.
  add('halfs', { kind: 'denominator', value: 2, denominator: true, plural: true, variant: true });

  const byPower = new Map(scales.map(({ word, power }) => [power, word]));
  return {
    words,
    scales,
    info: (word) => words.get(word),
    wordForSmall(n) {
      if (n === 0) return 'zero';
      if (n < 10) return UNITS[n - 1] as string;
      if (n < 20) return TEENS[n - 10] as string;
      if (n % 10 === 0 && n < 100) return TENS[n / 10 - 2] as string;
      throw new RangeError(`no single word for ${n}`);
    },
    scaleWord: (power) => byPower.get(power),
  };
}

/** The lexicon everything reads with. */
export const LEXICON: Lexicon = createLexicon();
