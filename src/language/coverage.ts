// What a model can read, from its vocabulary: the largest number all of whose words it knows. Derived with
// the project's own number writer rather than a table, so a model trained on more words says so itself.

import { numberToWords } from './words.ts';

/** Each is the largest number written with one more kind of word: units, teens, tens, hundred, scales. */
const LIMITS = [9, 19, 99, 999, 999_999, 999_999_999];

/** The largest number of LIMITS whose words (written without "and") are all in `vocabulary`; 0 if none. */
export function largestReadable(vocabulary: readonly string[]): number {
  const known = new Set(vocabulary);
  const readable = LIMITS.filter((n) => numberToWords(n, 'american').split(' ').every((w) => known.has(w)));
  return readable.length > 0 ? Math.max(...readable) : 0;
}
