// `npm run bench:grammar`: the grammar's speed in process, phrases per second of this process's CPU time (so a
// loaded, shared machine skews it less than wall time), on the committed datasets' cardinals and on a sample
// of every other form, read from tokens and from typed text. Not a test: figures depend on the machine.
// Words per second beside phrases per second: a phrase of 26 words (a number in the quintillions) costs
// more than one of 6 for its length alone, so forms compare per word.

import { readFile } from 'node:fs/promises';
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
const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const sample = (make: () => string) => Array.from({ length: SAMPLES }, make);
const cardinal = () => numberToWords(randomInt(rng, 1, 999_999), 'british');
const withOrdinalEnd = (phrase: string) => {
  const words = phrase.split(' ');
  words.push(ordinalWord(words.pop() as string));
  return words.join(' ');
};
const FORMS: Record<string, string[]> = {
  'cardinal, billions to quintillions': sample(() => numberToWords(BigInt(randomInt(rng, 1, 999_999_999)) * 10n ** BigInt(randomInt(rng, 9, 12)) + BigInt(randomInt(rng, 0, 999_999)))),
  ordinal: sample(() => withOrdinalEnd(cardinal())),
  negative: sample(() => `minus ${cardinal()}`),
  decimal: sample(() => `${cardinal()} point ${Array.from({ length: randomInt(rng, 1, 4) }, () => DIGITS[randomInt(rng, 0, 9)]).join(' ')}`),
  fraction: sample(() => `${numberToWords(randomInt(rng, 2, 99))} ${ordinalWord(numberToWords(randomInt(rng, 3, 19)))}s`),
  year: sample(() => `${numberToWords(randomInt(rng, 11, 19))} ${numberToWords(randomInt(rng, 21, 99), 'american')}`),
  digits: sample(() => Array.from({ length: randomInt(rng, 2, 10) }, () => DIGITS[randomInt(rng, 0, 9)]).join(' ')),
  numeral: sample(() => `${randomInt(rng, 1, 999)} ${['thousand', 'million', 'billion'][randomInt(rng, 0, 2)]}`),
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

const sets: [string, string[]][] = [
  ['cardinal, data/paper (0–999)', await phrasesOf(PATHS.paperData)],
  ['cardinal, data/extrapolation (to 10^9)', await phrasesOf(PATHS.extrapolationData)],
  ...Object.entries(FORMS),
];
console.log('| phrases | n | words per phrase | grammar on tokens (phrases per CPU second) | tokenize + grammar (phrases per CPU second) | tokenize + grammar (words per CPU second) |');
console.log('|---|---|---|---|---|---|');
for (const [name, phrases] of sets) {
  const tokens = phrases.map((p) => tokenWords(p));
  const fromTokens = rate(phrases, (i) => readTokens(tokens[i] as string[]));
  const fromText = rate(phrases, (i) => readTokens(tokenWords(phrases[i] as string)));
  const words = tokens.reduce((sum, t) => sum + t.length, 0) / phrases.length;
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(`| ${name} | ${phrases.length} | ${words.toFixed(1)} | ${n(fromTokens)} | ${n(fromText)} | ${n(fromText * words)} |`);
}
