// The closed vocabulary of English cardinal number words, with each word's role in the grammar. The
// grammar, the tokenizer's typo correction and the model's token ids all derive from this one table.

export type WordKind = 'zero' | 'unit' | 'teen' | 'tens' | 'hundred' | 'scale' | 'and' | 'article';

export interface WordInfo {
  kind: WordKind;
  /** Face value: 7 for "seven", 70 for "seventy", 100 for "hundred", 1000 for "thousand", 1 for "a". */
  value: number;
}

const UNITS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
/** Scale words, largest last; values are powers of 1000. */
export const SCALES: ReadonlyArray<readonly [string, number]> = [
  ['thousand', 1_000],
  ['million', 1_000_000],
];

function buildWords(): Map<string, WordInfo> {
  const words = new Map<string, WordInfo>();
  // "nought" and "naught" are British spellings of zero; each stands alone like "zero".
  for (const w of ['zero', 'nought', 'naught']) words.set(w, { kind: 'zero', value: 0 });
  UNITS.forEach((w, i) => words.set(w, { kind: 'unit', value: i + 1 }));
  TEENS.forEach((w, i) => words.set(w, { kind: 'teen', value: i + 10 }));
  TENS.forEach((w, i) => words.set(w, { kind: 'tens', value: (i + 2) * 10 }));
  words.set('hundred', { kind: 'hundred', value: 100 });
  for (const [w, v] of SCALES) words.set(w, { kind: 'scale', value: v });
  words.set('and', { kind: 'and', value: 0 });
  words.set('a', { kind: 'article', value: 1 });
  return words;
}

/** Every number word the grammar knows, in a fixed order. */
export const NUMBER_WORDS: ReadonlyMap<string, WordInfo> = buildWords();

export function wordInfo(word: string): WordInfo | undefined {
  return NUMBER_WORDS.get(word);
}

/** Word for 0–19 and the multiples of ten up to 90. */
export function wordForSmall(n: number): string {
  if (n === 0) return 'zero';
  if (n < 10) return UNITS[n - 1] as string;
  if (n < 20) return TEENS[n - 10] as string;
  if (n % 10 === 0 && n < 100) return TENS[n / 10 - 2] as string;
  throw new RangeError(`no single word for ${n}`);
}

/** Padding id 0 is reserved so right-padded batches never collide with a real token. */
export const PAD = '<pad>';

/**
 * Token ids for a model: PAD first, then the given words sorted in the grammar's order, so the same word
 * set always gives the same ids.
 */
export class Vocabulary {
  readonly words: readonly string[];
  private readonly ids: Map<string, number>;

  constructor(words: Iterable<string>) {
    const order = [...NUMBER_WORDS.keys()];
    const wanted = new Set(words);
    for (const w of wanted) {
      if (!NUMBER_WORDS.has(w)) throw new Error(`"${w}" is not a number word`);
    }
    this.words = [PAD, ...order.filter((w) => wanted.has(w))];
    this.ids = new Map(this.words.map((w, i) => [w, i]));
  }

  get size(): number {
    return this.words.length;
  }

  has(word: string): boolean {
    return word !== PAD && this.ids.has(word);
  }

  id(word: string): number {
    const id = this.ids.get(word);
    if (id === undefined || word === PAD) throw new Error(`"${word}" is not in this vocabulary`);
    return id;
  }
}
