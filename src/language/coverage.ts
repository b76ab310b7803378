// What a model can read, from its vocabulary: the largest number all of whose words it knows. Derived with
// the project's own number writer rather than a table, so a model trained on more words says so itself.

import { LEXICON } from './lexicon.ts';
import { numberToWords } from './words.ts';

/** Each is the largest number written with one more kind of word: units, teens, tens, hundred, each scale. */
const LIMITS = [9n, 19n, 99n, 999n, ...LEXICON.scales.map(({ power }) => 10n ** BigInt(power + 3) - 1n)];

/** The largest number of LIMITS whose words (written without "and") are all in `vocabulary`; 0 if none. */
export function largestReadable(vocabulary: readonly string[]): bigint {
  const known = new Set(vocabulary);
  const readable = LIMITS.filter((n) => numberToWords(n, 'american').split(' ').every((w) => known.has(w)));
  return readable[readable.length - 1] ?? 0n;
}
