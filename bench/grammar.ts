// `npm run bench:grammar`: the grammar's speed in process, phrases per second of this process's CPU time (so a
// loaded, shared machine skews it less than wall time), on the committed datasets' cardinals and on a sample
// of every other form, read from tokens and from typed text. Not a test: figures depend on the machine.
// Words per second beside phrases per second: a phrase of 26 words (a number in the quintillions) costs
// more than one of 6 for its length alone, so forms compare per word too. Each row's ratio is to the
// cardinals of data/extrapolation (to 10^9), tokenized and read in the same run.

import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PATHS } from '../src/common/paths.ts';
import { createRng, randomInt } from '../src/common/random.ts';
import { readTokens } from '../src/language/grammar.ts';
import { ordinalWord } from '../src/language/lexicon.ts';
import { tokenWords } from '../src/language/tokenize.ts';
import { numberToWords } from '../src/language/words.ts';

const SECONDS = 1.5;
const SAMPLES = 2000;

async function phrasesOf(dir: string): Promise<string[]> {
  const phrases: string[] = [];
  for (const split of ['train', 'val', 'test']) {
    const text = await readFile(path.join(dir, `${split}.jsonl`), 'utf8');
    for (const line of text.trim().split('\n')) phrases.push((JSON.parse(line) as { phrase: string }).phrase);
  }
  return phrases;
}

const rng = createRng(1);
const REFERENCE = 'cardinal, data/extrapolation (to 10^9)';
const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const sample = (make: () => string) => Array.from({ length: SAMPLES }, make);
const cardinal = () => numberToWords(randomInt(rng, 1, 999_999), 'british');
const withOrdinalEnd = (phrase: string) => {
  const words = phrase.split(' ');
  words.push(ordinalWord(words.pop() as string));
  return words.join(' ');
};
const SAFE = 2n ** 53n;
/** A cardinal with every digit random, from `low` up to (not including) `high`, in words. */
const cardinalBetween = (low: bigint, high: bigint) => {
  const digits = high.toString().length;
  for (;;) {
    const n = BigInt(Array.from({ length: digits }, () => randomInt(rng, 0, 9)).join(''));
    if (n >= low && n < high) return numberToWords(n);
  }
};
/** Tens and unit run together ("twentyone"), the other words joined by hyphens, as people type them. */
const runTogether = (phrase: string) => phrase.replace(/(ty) (?=one|two|three|four|five|six|seven|eight|nine)/g, '$1').replaceAll(' ', '-');
const FORMS: Record<string, string[]> = {
  'cardinal, 10^9 to 2^53': sample(() => cardinalBetween(10n ** 9n, SAFE)),
  'cardinal, past 2^53 to quintillions': sample(() => {
    for (;;) {
      const n = BigInt(randomInt(rng, 1, 999_999_999)) * 10n ** BigInt(randomInt(rng, 9, 12)) + BigInt(randomInt(rng, 0, 999_999));
      if (n > SAFE) return numberToWords(n);
    }
  }),
  ordinal: sample(() => withOrdinalEnd(cardinal())),
  negative: sample(() => `minus ${cardinal()}`),
  decimal: sample(() => `${cardinal()} point ${Array.from({ length: randomInt(rng, 1, 4) }, () => DIGITS[randomInt(rng, 0, 9)]).join(' ')}`),
  fraction: sample(() => `${numberToWords(randomInt(rng, 2, 99))} ${ordinalWord(numberToWords(randomInt(rng, 3, 19)))}s`),
  // A whole part ending in "hundred" or a scale word is refused before "and a half" ("six thousand and a
  // half"), so none here.
  'mixed fraction': sample(() => `${numberToWords(randomInt(rng, 1, 9999) * 100 + randomInt(rng, 1, 99))} and ${['a half', 'a quarter', 'three quarters', 'two thirds', 'five eighths'][randomInt(rng, 0, 4)]}`),
  year: sample(() => `${numberToWords(randomInt(rng, 11, 19))} ${numberToWords(randomInt(rng, 21, 99), 'american')}`),
  digits: sample(() => Array.from({ length: randomInt(rng, 2, 10) }, () => DIGITS[randomInt(rng, 0, 9)]).join(' ')),
  numeral: sample(() => `${randomInt(rng, 1, 999)} ${['thousand', 'million', 'billion'][randomInt(rng, 0, 2)]}`),
  'numeral, decimal': sample(() => `${randomInt(rng, 1, 99)}.${randomInt(rng, 1, 99)} ${['thousand', 'million', 'billion'][randomInt(rng, 0, 2)]}`),
  dozen: sample(() => [`${numberToWords(randomInt(rng, 2, 99))} dozen`, 'a dozen', 'half a dozen'][randomInt(rng, 0, 2)] as string),
  'run together': sample(() => runTogether(cardinal())),
};

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1e6;
};

function rate(phrases: readonly string[], read: (i: number) => unknown): number {
  for (let i = 0; i < phrases.length; i++) read(i);
  let n = 0;
  const started = process.cpuUsage();
  while (cpuSeconds(started) < SECONDS) {
    for (let i = 0; i < phrases.length; i++) read(i);
    n += phrases.length;
  }
  return n / cpuSeconds(started);
}

// `npm run bench:grammar -- decimal year`: only the rows whose names contain a word given (and the reference).
const only = process.argv.slice(2);
const sets: [string, string[]][] = [
  ['cardinal, data/paper (0–999)', await phrasesOf(PATHS.paperData)] as [string, string[]],
  [REFERENCE, await phrasesOf(PATHS.extrapolationData)] as [string, string[]],
  ...Object.entries(FORMS),
].filter(([name]) => name === REFERENCE || only.length === 0 || only.some((word) => name.includes(word)));
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`load average before: ${load()} (${os.cpus().length} cores)`);
console.log('| phrases | n | words per phrase | grammar on tokens (phrases per CPU second) | tokenize + grammar (phrases per CPU second) | tokenize + grammar (words per CPU second) | × cardinals, per phrase | × cardinals, per word |');
console.log('|---|---|---|---|---|---|---|---|');
let reference: { phrases: number; words: number } | undefined;
for (const [name, phrases] of sets) {
  const tokens = phrases.map((p) => tokenWords(p));
  const fromTokens = rate(phrases, (i) => readTokens(tokens[i] as string[]));
  const fromText = rate(phrases, (i) => readTokens(tokenWords(phrases[i] as string)));
  const words = tokens.reduce((sum, t) => sum + t.length, 0) / phrases.length;
  if (name === REFERENCE) reference = { phrases: fromText, words: fromText * words };
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const ratio = (x: number, of: 'phrases' | 'words') => (reference ? `${(x / reference[of]).toFixed(2)}×` : '—');
  console.log(`| ${name} | ${phrases.length} | ${words.toFixed(1)} | ${n(fromTokens)} | ${n(fromText)} | ${n(fromText * words)} | ${ratio(fromText, 'phrases')} | ${ratio(fromText * words, 'words')} |`);
}
console.log(`load average after: ${load()}`);
