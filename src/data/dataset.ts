// Datasets of number phrases: which numbers go in which split, the examples (phrase, tokens, value,
// per-token running values), and reading/writing them. Splits are by number value, so two phrasings of one
// number never straddle train and test, and every token that occurs anywhere also occurs in train.

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { writeDirAtomically, type OwnedFolder } from '../common/atomic.ts';
import { GENERATE_DEFAULTS, type GenerateConfig } from './config.ts';
import path from 'node:path';
import { exactRunning, exactValue, readTokens, type Form, type Reading } from '../language/grammar.ts';
import { createRng, sampleDistinctInts, shuffleInPlace, type Rng } from '../common/random.ts';
import { tokenWords } from '../language/tokenize.ts';
import { LEXICON } from '../language/lexicon.ts';
import { formPhrase, numberToWords, type DigitZero, type StyleName, type WrittenForm } from '../language/words.ts';
import type { Exact } from '../language/exact.ts';
import { EXTRAPOLATION_FORMS, formCounts, planForms, SPLIT_FORMS, type SplitForm, type Written } from './extrapolation-forms.ts';

export interface Example {
  phrase: string;
  tokens: string[];
  value: number;
  running: number[];
  /** Only for a form other than a plain cardinal (always in the extrapolation-forms split). */
  form?: Form;
  /** The extrapolation-forms split only: the form the phrase was written in (finer than `form`). */
  written?: SplitForm;
  /** Where a value is not a safe integer (and always in the extrapolation-forms split): the exact values (value and running are then the nearest). */
  exact?: string;
  runningExact?: string[];
}

export const SPLIT_NAMES = ['train', 'val', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];
export type DatasetFormat = 'jsonl' | 'csv';

/** A number with the phrasing style it will be written in. */
export interface Item {
  value: number;
  style: StyleName;
  /** For 0 only: "nought" or "naught" instead of "zero". */
  zeroWord?: ZeroWord;
  /** Written in another form than a cardinal (see formPhrase): "minus seven", "seven hundredths". */
  form?: WrittenForm;
  /** A phrase already written (the extrapolation-forms split): `style` and `form` then play no part. */
  written?: Written;
  /** A digit string that says its zeros as "oh" (--digit-zero both). */
  oh?: true;
  /** A train phrase the protocol promises (one million in its three spellings, and "a million" after a sign when negatives are a form): never given a form or swapped out. */
  pinned?: true;
}
export const ZERO_WORDS = ['zero', 'nought', 'naught'] as const;
export type ZeroWord = (typeof ZERO_WORDS)[number];
export type Splits = Record<SplitName, Item[]>;

/** What decides the numbers and their phrasing (the generator's flags less output format and folder). */
export type GenerateOptions = Omit<GenerateConfig, 'format' | 'out' | FormOption> & Partial<Pick<GenerateConfig, FormOption>>;
/** The options that only apply with forms; a caller without them gets GENERATE_DEFAULTS'. */
type FormOption = 'forms' | 'yearRoles' | 'digitZero' | 'ordinalRoles';

export interface Manifest {
  generator: 'nalu-words';
  generatorVersion: number;
  seed: number;
  options: Omit<GenerateOptions, 'seed'> & { format: DatasetFormat };
  counts: Record<SplitName, number>;
  /** Every token that occurs in the dataset, in the grammar's order. */
  vocabulary: string[];
  /** sha256 over the split files, in split order; identifies the data a model was trained on. */
  hash: string;
  /** The extrapolation-forms split only: examples of each written form in each split. */
  formCounts?: Record<SplitName, Record<SplitForm, number>>;
}

export interface Dataset {
  manifest: Manifest;
  splits: Record<SplitName, Example[]>;
}

/** Bumped whenever the same options would produce different bytes. */
export const GENERATOR_VERSION = 1;

/** The paper's split sizes (§4.3): 169 / 200 / 631 of the numbers 0–999, train holding all of 0–19. */
export const PAPER = { min: 0, max: 999, train: 169, val: 200, fixed: 20 } as const;

export function makeExample(value: number, style: StyleName, zeroWord: ZeroWord = 'zero', form: WrittenForm = 'cardinal', digitZero: DigitZero = 'zero'): Example {
  if (form === 'cardinal') {
    const phrase = value === 0 ? zeroWord : numberToWords(value, style);
    const tokens = tokenWords(phrase);
    const reading = readTokens(tokens);
    if (reading.value !== value) throw new Error(`grammar read "${phrase}" as ${reading.value}, not ${value}`);
    return { phrase, tokens, value, running: reading.running };
  }
  const written = formPhrase(value, form, style, digitZero);
  if (!written) throw new Error(`${value} has no ${form} phrase`);
  const { tokens, reading } = readChecked(written.phrase, written.exact);
  const exact = reading.exact ? { exact: reading.exact.toString(), runningExact: exactRunning(reading).map(String) } : {};
  return { phrase: written.phrase, tokens, value: reading.value, running: reading.running, form: reading.form, ...exact };
}

/** The grammar's reading of a written phrase, which must say `exact`. */
function readChecked(phrase: string, exact: Exact): { tokens: string[]; reading: Reading } {
  const tokens = tokenWords(phrase);
  const reading = readTokens(tokens);
  if (!exactValue(reading).equals(exact)) throw new Error(`grammar read "${phrase}" as ${exactValue(reading)}, not ${exact}`);
  return { tokens, reading };
}

/** An example of the extrapolation-forms split: both forms and the exact values, always. */
function writtenExample(w: Written): Example {
  const { tokens, reading } = readChecked(w.phrase, w.exact);
  return {
    phrase: w.phrase,
    tokens,
    value: reading.value,
    running: reading.running,
    form: reading.form,
    written: w.form,
    exact: exactValue(reading).toString(),
    runningExact: exactRunning(reading).map(String),
  };
}

function exampleOf(item: Item): Example {
  return item.written ? writtenExample(item.written) : makeExample(item.value, item.style, item.zeroWord, item.form, item.oh ? 'oh' : 'zero');
}

function itemTokens(item: Item): string[] {
  return exampleOf(item).tokens;
}

/**
 * Gives each item a form from `forms`, evenly at random (a value with no phrase in the drawn form stays a
 * cardinal), then covers train's tokens again; drawn from its own generator, so the numbers and styles are
 * those of a cardinal dataset with the same seed.
 */
function assignForms(splits: Splits, forms: readonly WrittenForm[], seed: number, fixed: number, roles: Required<Pick<GenerateOptions, 'yearRoles' | 'digitZero' | 'ordinalRoles'>>): void {
  const rng = createRng(seed ^ 0x5eed);
  for (const split of SPLIT_NAMES) {
    for (const item of splits[split]) {
      const form = forms[Math.floor(rng() * forms.length)] as WrittenForm;
      if (form !== 'cardinal' && !item.pinned && formPhrase(item.value, form, item.style)) item.form = form;
      // By a hash of the number, not the generator, so every other item is as drawn without the option.
      if (roles.digitZero === 'both' && item.form === 'digits' && Math.imul(item.value, 0x85ebca6b) < 0) item.oh = true;
    }
  }
  // "a million" after a sign too: otherwise only "negative a thousand" teaches the one a sign's "a" implies,
  // and seeds lost the million of "negative a million …". Added after the draws, so no other item changes form.
  const aMillion = splits.train.find((i) => i.pinned && i.style === 'a-hundred');
  if (aMillion && forms.includes('negative')) splits.train.push({ ...aMillion, form: 'negative' });
  ensureTrainCoverage(splits, fixed);
  if (roles.yearRoles === 'cover') coverYearShapes(splits, fixed);
  if (roles.ordinalRoles === 'cover') coverOrdinalWords(splits);
}

/** The numbers whose ordinal is one word after at most "one": zeroth … nineteenth, twentieth … ninetieth, one hundredth. */
const ONE_WORD_ORDINALS = [...Array.from({ length: 20 }, (_, i) => i), ...Array.from({ length: 8 }, (_, i) => 20 + 10 * i), 100];
/** Train ordinals below 1000 each ordinal word must end: a word value is learned from the phrases that hold it. */
const ORDINAL_WORD_PHRASES = 6;

/**
 * Adds train ordinals below 1000 ending in each ordinal word (n, n + 100, n + 200 …: "fortieth", "one hundred
 * and fortieth") until it ends `ORDINAL_WORD_PHRASES`. An ordinal word is last in its phrase and drawn ordinals
 * spread over 31 ordinal words, so a word ended 1–5 train phrases, mostly after thousands, and seeds never learned
 * its value ("nineteenth" read as 78). A number below 200 is a train cardinal already; a larger one is taken
 * only if in no split. Added after every other step, so no other item changes.
 */
function coverOrdinalWords(splits: Splits): void {
  const { train } = splits;
  const used = new Set(SPLIT_NAMES.flatMap((split) => splits[split].map((i) => i.value)));
  const last = (item: Item) => itemTokens(item).at(-1);
  const ordinals = new Set(train.filter((i) => i.form === 'ordinal').map((i) => i.value));
  const ends = new Map<string | undefined, number>();
  for (const word of train.filter((i) => i.form === 'ordinal' && i.value < 1000).map(last)) ends.set(word, (ends.get(word) ?? 0) + 1);
  for (const n of ONE_WORD_ORDINALS) {
    const candidates = n === 0 ? [0] : Array.from({ length: Math.ceil((1000 - n) / 100) }, (_, k) => n + 100 * k);
    for (const value of candidates) {
      const item: Item = { value, style: 'british', form: 'ordinal' };
      const word = last(item);
      if ((ends.get(word) ?? 0) >= ORDINAL_WORD_PHRASES) break;
      if (ordinals.has(value) || (value >= 200 && used.has(value))) continue;
      train.push(item);
      ends.set(word, (ends.get(word) ?? 0) + 1);
    }
  }
}

/**
 * The shape of a year's second half ("oh", each teen, each tens word alone or before a unit): a word the
 * per-word op tables never see opening a year's second half is only ever read as an addition.
 */
export function yearShape(year: number): string {
  const low = year % 100;
  if (low < 10) return 'oh';
  const words = numberToWords(low, 'american').split(' ');
  return low < 20 || low % 10 === 0 ? (words[0] as string) : `${words[0]} +unit`;
}

/**
 * All 27 shapes, each in train at least once, after the token coverage and keeping it: only a train item whose
 * words all occur elsewhere in train changes. A missing shape turns the first such train number of 1000–2099
 * with it into a year; failing that, the last such small train cardinal (below 10,000: never a bare million)
 * gives its place to the smallest year with the shape in no split. Validation and test are never touched.
 */
function coverYearShapes(splits: Splits, fixed: number): void {
  const { train } = splits;
  const yearly = (v: number) => v >= 1000 && v <= 2099 && v % 100 !== 0;
  const counts = trainTokenCounts(train);
  const changeable = (it: Item, j: number) => j >= fixed && it.form !== 'year' && counts.spare(it);
  const used = new Set(SPLIT_NAMES.flatMap((split) => splits[split].map((i) => i.value)));
  const have = new Set(train.filter((i) => i.form === 'year').map((i) => yearShape(i.value)));
  for (let low = 1; low < 100; low++) {
    const shape = yearShape(low);
    if (have.has(shape)) continue;
    let j = train.findIndex((it, k) => changeable(it, k) && yearly(it.value) && yearShape(it.value) === shape);
    let value = train[j]?.value;
    if (j < 0) {
      for (let k = train.length - 1; k >= 0 && j < 0; k--) {
        const it = train[k] as Item;
        if (changeable(it, k) && it.form === undefined && it.value < 10_000 && !yearly(it.value)) j = k;
      }
      value = Array.from({ length: 11 }, (_, h) => (10 + h) * 100 + low).find((v) => !used.has(v));
    }
    const old = train[j];
    if (!old || value === undefined) throw new Error(`cannot cover the year shape "${shape}" in train`);
    const year: Item = { value, style: old.style, form: 'year' };
    counts.add(old, -1);
    counts.add(year, 1);
    train[j] = year;
    used.add(value);
    have.add(shape);
  }
}

/**
 * How many train items hold each token, kept as items come and go; an item is spare when every token it
 * holds is held by another train item too, so it can leave train without uncovering a word (never a pinned one).
 */
function trainTokenCounts(train: readonly Item[]) {
  const counts = new Map<string, number>();
  const add = (item: Item, delta: number) => {
    for (const t of new Set(itemTokens(item))) counts.set(t, (counts.get(t) ?? 0) + delta);
  };
  train.forEach((item) => add(item, 1));
  return {
    add,
    covers: (token: string) => (counts.get(token) ?? 0) > 0,
    spare: (item: Item) => !item.pinned && [...new Set(itemTokens(item))].every((t) => (counts.get(t) ?? 0) > 1),
  };
}

/**
 * Moves items into train until every token seen in val or test also occurs in train, swapping each in for a
 * train item (past the first `fixed`) whose tokens all occur elsewhere in train. Deterministic.
 */
export function ensureTrainCoverage(splits: Splits, fixed = 0): void {
  const counts = trainTokenCounts(splits.train);
  for (const other of [splits.val, splits.test]) {
    for (let i = 0; i < other.length; i++) {
      const candidate = other[i] as Item;
      const missing = itemTokens(candidate).some((t) => !counts.covers(t));
      if (!missing) continue;
      const spare = splits.train.findIndex((item, j) => j >= fixed && counts.spare(item));
      if (spare < 0) throw new Error('cannot cover every token in train: the train split is too small');
      const out = splits.train[spare] as Item;
      counts.add(out, -1);
      counts.add(candidate, 1);
      splits.train[spare] = candidate;
      other[i] = out;
    }
  }
}

function pickStyle(rng: Rng, styles: readonly StyleName[]): StyleName {
  return styles.length === 1 ? (styles[0] as StyleName) : (styles[Math.floor(rng() * styles.length)] as StyleName);
}

/**
 * The extrapolation protocol: train and validation below `below`, plus a few bare multiples of a million
 * (so "million" is a known word whose group is never more than one phrase long in training); test spread
 * log-uniformly over [testMin, testMax], so every magnitude band is tested with composites never trained on.
 * Train holds all of 0 … fixed − 1 (as the paper's holds 0–19), so every first-hundred shape, bare "hundred"
 * and "a hundred" among them, is seen.
 */
export const EXTRAPOLATION = {
  below: 10_000,
  fixed: 200,
  /** Train: this many values below `below` (0 once per zero word) and `millions` multiples of a million. */
  train: 1_970,
  millions: 30,
  val: 500,
  valMillions: 10,
  test: 2_000,
  testMin: 10_000,
  testMax: 999_999_999,
} as const;

const LEADING_ONE = new RegExp(`^one (hundred|${LEXICON.scales.map((s) => s.word).join('|')})\\b`);

/** The styles that change how a leading "one hundred/thousand/million" is said. */
const LEADING_STYLES: readonly StyleName[] = ['a-hundred', 'bare-scale'];

/**
 * A number whose phrase starts with "one hundred/thousand/million" is said with "one", "a" or nothing
 * equally often; without that, the two forms the LSTM must read from context are 2 % of the data.
 */
function leadingOneStyle(rng: Rng, styles: readonly StyleName[]): (value: number | bigint) => StyleName {
  const leading = LEADING_STYLES.filter((s) => styles.includes(s));
  const plain = styles.filter((s) => !leading.includes(s));
  return (value) => {
    const hasLeadingOne = LEADING_ONE.test(numberToWords(value, 'british'));
    if (!hasLeadingOne || leading.length === 0 || plain.length === 0) return pickStyle(rng, styles);
    const form = Math.floor(rng() * (leading.length + 1));
    return form < leading.length ? (leading[form] as StyleName) : pickStyle(rng, plain);
  };
}

function planExtrapolation(rng: Rng, styles: readonly StyleName[]): Splits {
  const e = EXTRAPOLATION;
  const styleFor = leadingOneStyle(rng, styles);
  const item = (value: number): Item => ({ value, style: styleFor(value) });
  // One million goes into train in its three spellings ("one", "a", bare); the rest are drawn.
  const millionFactors = sampleDistinctInts(rng, 2, 999, e.millions - 3 + e.valMillions);
  const drawn = e.train - ZERO_WORDS.length - (e.fixed - 1);
  const small = sampleDistinctInts(rng, e.fixed, e.below - 1, drawn + e.val);
  const train: Item[] = [
    ...ZERO_WORDS.map((zeroWord) => ({ value: 0, style: 'british' as const, zeroWord })),
    ...Array.from({ length: e.fixed - 1 }, (_, i) => item(i + 1)),
    ...(['british', 'a-hundred', 'bare-scale'] as const).map((style) => ({ value: 1_000_000, style, pinned: true as const })),
    ...small.slice(0, drawn).map(item),
    ...millionFactors.slice(0, e.millions - 3).map((k) => item(k * 1_000_000)),
  ];
  const val = [...small.slice(drawn), ...millionFactors.slice(e.millions - 3).map((k) => k * 1_000_000)].map(item);
  const seen = new Set([...train, ...val].map((i) => i.value));
  const test: Item[] = [];
  const [lo, hi] = [Math.log10(e.testMin), Math.log10(e.testMax + 1)];
  while (test.length < e.test) {
    const value = Math.min(e.testMax, Math.floor(10 ** (lo + (hi - lo) * rng())));
    if (seen.has(value)) continue;
    seen.add(value);
    test.push(item(value));
  }
  return { train, val, test };
}

/**
 * The extrapolation protocol for every form (extrapolation-forms.ts): the phrases of each form by part,
 * every word of validation and test in train by construction (checked here: moving phrases between parts
 * would break the ranges).
 */
function planExtrapolationForms(rng: Rng, styles: readonly StyleName[]): Splits {
  const parts = planForms(rng, styles, leadingOneStyle(rng, styles));
  const item = (written: Written): Item => ({ value: written.exact.toNumber(), style: 'british', written });
  const splits: Splits = { train: parts.train.map(item), val: parts.val.map(item), test: parts.test.map(item) };
  const trainWords = new Set(splits.train.flatMap((i) => vocabularyTokens(itemTokens(i))));
  for (const split of ['val', 'test'] as const) {
    for (const i of splits[split]) {
      const missing = vocabularyTokens(itemTokens(i)).find((t) => !trainWords.has(t));
      if (missing !== undefined) throw new Error(`"${missing}" in ${split} ("${i.written?.phrase}") never occurs in train`);
    }
  }
  return splits;
}

/** A numeral ("5", "1.25") is a value, not a word: it is in no vocabulary and needs no train occurrence. */
function vocabularyTokens(tokens: readonly string[]): string[] {
  return tokens.filter((t) => !/^\d/.test(t));
}

/** How many of `count` random numbers go to each split. */
export function randomSplitSizes(count: number, trainFraction: number, valFraction: number): Record<SplitName, number> {
  const train = Math.max(1, Math.round(count * trainFraction));
  const val = Math.round(count * valFraction);
  return { train, val, test: count - train - val };
}

/** Decides which numbers go where, in which style and form; deterministic by `options.seed`. */
export function planSplits(options: GenerateOptions): Splits {
  const splits = planCardinals(options);
  const forms = options.forms ?? ['cardinal'];
  const d = GENERATE_DEFAULTS;
  const roles = { yearRoles: options.yearRoles ?? d.yearRoles, digitZero: options.digitZero ?? d.digitZero, ordinalRoles: options.ordinalRoles ?? d.ordinalRoles };
  if (forms.some((f) => f !== 'cardinal')) assignForms(splits, forms, options.seed, options.split === 'paper' ? PAPER.fixed : 0, roles);
  return splits;
}

function planCardinals(options: GenerateOptions): Splits {
  const rng = createRng(options.seed);
  const item = (value: number): Item => ({ value, style: pickStyle(rng, options.styles) });
  if (options.split === 'extrapolation-forms') return planExtrapolationForms(rng, options.styles);
  if (options.split === 'extrapolation') {
    const splits = planExtrapolation(rng, options.styles);
    ensureTrainCoverage(splits);
    return splits;
  }
  if (options.split === 'paper') {
    const fixed = Array.from({ length: PAPER.fixed }, (_, i) => item(i));
    const rest = shuffleInPlace(rng, Array.from({ length: PAPER.max - PAPER.fixed + 1 }, (_, i) => PAPER.fixed + i)).map(item);
    const sampled = PAPER.train - PAPER.fixed;
    const splits: Splits = {
      train: [...fixed, ...rest.slice(0, sampled)],
      val: rest.slice(sampled, sampled + PAPER.val),
      test: rest.slice(sampled + PAPER.val),
    };
    ensureTrainCoverage(splits, PAPER.fixed);
    return splits;
  }
  const values = sampleDistinctInts(rng, options.min, options.max, options.count).map(item);
  const { train: nTrain, val: nVal } = randomSplitSizes(options.count, options.trainFraction, options.valFraction);
  const splits: Splits = {
    train: values.slice(0, nTrain),
    val: values.slice(nTrain, nTrain + nVal),
    test: values.slice(nTrain + nVal),
  };
  ensureTrainCoverage(splits);
  return splits;
}

export function splitFileName(split: SplitName, format: DatasetFormat): string {
  return `${split}.${format}`;
}

const CSV_HEADER = 'value,phrase,tokens,running';

/** A dataset folder holds only what writeDataset writes, and its manifest names this generator. */
export const DATASET_FOLDER: OwnedFolder = {
  what: 'dataset',
  ownFile: /^(?:(?:train|val|test)\.(?:jsonl|csv)|manifest\.json|README\.md)$/,
  isOurs: async (dir) => {
    const manifest = await readFile(path.join(dir, 'manifest.json'), 'utf8').then((text) => JSON.parse(text) as Partial<Manifest>, () => undefined);
    return manifest?.generator === 'nalu-words';
  },
};

function formatLine(example: Example, format: DatasetFormat): string {
  if (format === 'jsonl') return JSON.stringify(example);
  // Phrases hold only letters, spaces and hyphens, so no CSV quoting is ever needed.
  return `${example.value},${example.phrase},${example.tokens.join(' ')},${example.running.join(' ')}`;
}

function parseLine(line: string, format: DatasetFormat): Example {
  if (format === 'jsonl') return JSON.parse(line) as Example;
  const [value, phrase, tokens, running] = line.split(',');
  if (running === undefined || phrase === undefined || tokens === undefined) throw new Error('expected 4 columns');
  return { value: Number(value), phrase, tokens: tokens.split(' '), running: running.split(' ').map(Number) };
}

function checkExample(example: Example): void {
  const ok =
    typeof example.phrase === 'string' &&
    Array.isArray(example.tokens) &&
    Array.isArray(example.running) &&
    Number.isFinite(example.value) &&
    example.tokens.length > 0 &&
    example.tokens.length === example.running.length &&
    example.running.every(Number.isFinite);
  if (!ok) throw new Error('needs phrase, tokens, value and one running value per token');
}

export interface WriteProgress {
  (written: number, total: number): void;
}

/**
 * Writes the splits into `outDir` atomically, so an interrupted or failed run never leaves a partial dataset.
 */
export async function writeDataset(
  outDir: string,
  splits: Splits,
  options: GenerateOptions,
  format: DatasetFormat,
  { onProgress, signal, force }: { onProgress?: WriteProgress; signal?: AbortSignal; force?: boolean } = {},
): Promise<Manifest> {
  return writeDirAtomically(outDir, DATASET_FOLDER, async (partial) => {
    const hash = createHash('sha256');
    const vocabulary = new Set<string>();
    const total = SPLIT_NAMES.reduce((n, s) => n + splits[s].length, 0);
    let written = 0;
    for (const split of SPLIT_NAMES) {
      const name = splitFileName(split, format);
      hash.update(`${name}\n`);
      const stream = createWriteStream(path.join(partial, name));
      const write = async (text: string) => {
        hash.update(text);
        if (!stream.write(text)) await once(stream, 'drain');
      };
      if (format === 'csv') await write(`${CSV_HEADER}\n`);
      const chunk: string[] = [];
      for (const item of splits[split]) {
        const example = exampleOf(item);
        vocabularyTokens(example.tokens).forEach((t) => vocabulary.add(t));
        chunk.push(formatLine(example, format));
        written++;
        if (chunk.length === 5000) {
          signal?.throwIfAborted();
          await write(`${chunk.join('\n')}\n`);
          chunk.length = 0;
          onProgress?.(written, total);
        }
      }
      if (chunk.length > 0) await write(`${chunk.join('\n')}\n`);
      stream.end();
      await once(stream, 'close');
      onProgress?.(written, total);
    }
    const manifest = buildManifest(options, format, splits, vocabulary, hash.digest('hex'));
    await writeFile(path.join(partial, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await writeFile(path.join(partial, 'README.md'), datasetReadme(manifest));
    signal?.throwIfAborted();
    return manifest;
  }, { force });
}

function buildManifest(options: GenerateOptions, format: DatasetFormat, splits: Splits, vocabulary: Set<string>, hash: string): Manifest {
  const written = (split: SplitName) => splits[split].flatMap((i) => (i.written ? [i.written] : []));
  const byForm = splits.train.some((i) => i.written) ? { formCounts: { train: formCounts(written('train')), val: formCounts(written('val')), test: formCounts(written('test')) } } : {};
  return {
    generator: 'nalu-words',
    generatorVersion: GENERATOR_VERSION,
    seed: options.seed,
    options: manifestOptions(options, format),
    counts: { train: splits.train.length, val: splits.val.length, test: splits.test.length },
    vocabulary: orderedVocabulary(vocabulary),
    hash,
    ...byForm,
  };
}

/** The options a manifest records; a cardinal dataset's are written as before there were forms. */
function manifestOptions(options: GenerateOptions, format: DatasetFormat): Manifest['options'] {
  const { seed: _seed, forms, yearRoles, digitZero, ordinalRoles, ...rest } = options;
  const formed = forms?.some((f) => f !== 'cardinal') ? { forms } : {};
  const roles = { ...(yearRoles === 'cover' ? { yearRoles } : {}), ...(digitZero === 'both' ? { digitZero } : {}), ...(ordinalRoles === 'cover' ? { ordinalRoles } : {}) };
  return { ...rest, ...formed, ...roles, format };
}

function orderedVocabulary(words: Set<string>): string[] {
  return [...words].sort((a, b) => vocabularyRank(a) - vocabularyRank(b));
}

const RANKS = new Map([...LEXICON.words.keys()].map((w, i) => [w, i]));
function vocabularyRank(word: string): number {
  return RANKS.get(word) ?? RANKS.size;
}

function datasetReadme(m: Manifest): string {
  const o = m.options;
  const e = EXTRAPOLATION;
  const f = EXTRAPOLATION_FORMS;
  const range =
    o.split === 'paper'
      ? 'the numbers 0–999, split as in the NALU paper (§4.3)'
      : o.split === 'extrapolation'
        ? `the extrapolation protocol: train and validation below ${e.below} (train holding all of 0–${e.fixed - 1}, 0 as zero, nought and naught) plus bare multiples of a million (${e.millions} in train, ${e.valMillions} in validation); test spread log-uniformly over ${e.testMin}–${e.testMax}, numbers never seen in training; a leading "one hundred/thousand/million" said with "one", "a" or nothing equally often`
        : o.split === 'extrapolation-forms'
          ? `the extrapolation protocol for every form (docs/data.md): train and validation small (integers below ${f.below} or a bare multiple of a scale word, 1–${f.trainDecimals} decimal places, digit strings of 2–${f.trainDigitString}, numerals below ${f.trainNumeral}, years ${f.trainYears.join('–')}), test far past them (integers of 5–${f.testDigits} digits, ${f.trainDecimals + 1}–${f.testDecimals} decimal places, digit strings of ${f.trainDigitString + 1}–${f.testDigitString}, numerals to 999, years ${f.testYears.join('–')}, a group of every size after every larger group); every example carries \`written\` (its form) and \`exact\`/\`runningExact\``
          : `${o.count} numbers from ${o.min} to ${o.max}`;
  return `# nalu-words dataset

${range}; styles: ${o.styles.join(', ')}; seed ${m.seed}.

| split | examples | file |
|---|---|---|
${SPLIT_NAMES.map((s) => `| ${s} | ${m.counts[s]} | \`${splitFileName(s, o.format)}\` |`).join('\n')}
${m.formCounts ? formTable(m.formCounts) : ''}
Each example: \`phrase\`, \`tokens\` (the tokenizer's words), \`value\`, and \`running\` — the value of every
prefix of the tokens read as a phrase of its own (the model's per-token targets). ${m.formCounts ? 'Splits are by range, form by form: no phrase appears in two splits' : 'Splits are by value: no\nnumber appears in two splits'}, and every token in the data occurs in train${m.formCounts ? ' (numerals are values, not words)' : ''}. \`manifest.json\` holds the options,
vocabulary and a sha256 of the split files. Regenerate with \`npm run generate -- ${m.formCounts ? '--split extrapolation-forms ' : ''}--seed ${m.seed} ...\`.
`;
}

function formTable(counts: NonNullable<Manifest['formCounts']>): string {
  return `
| form | ${SPLIT_NAMES.join(' | ')} |
|---|${SPLIT_NAMES.map(() => '---:').join('|')}|
${SPLIT_FORMS.map((form) => `| ${form} | ${SPLIT_NAMES.map((s) => counts[s][form]).join(' | ')} |`).join('\n')}
`;
}

/** Reads a dataset folder written by writeDataset, checking every line. */
export async function readDataset(dir: string): Promise<Dataset> {
  const manifestPath = path.join(dir, 'manifest.json');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(`cannot read dataset manifest ${manifestPath}: ${(error as Error).message}`);
  }
  const format = manifest.options?.format ?? 'jsonl';
  const splits = {} as Record<SplitName, Example[]>;
  for (const split of SPLIT_NAMES) {
    const file = path.join(dir, splitFileName(split, format));
    const text = await readFile(file, 'utf8').catch((error: Error) => {
      throw new Error(`cannot read ${file}: ${error.message}`);
    });
    const lines = text.split('\n').filter((l) => l.length > 0);
    if (format === 'csv') lines.shift();
    splits[split] = lines.map((line, i) => {
      try {
        const example = parseLine(line, format);
        checkExample(example);
        return example;
      } catch (error) {
        throw new Error(`${file} line ${i + 1}: ${(error as Error).message}`);
      }
    });
  }
  return { manifest, splits };
}

/**
 * The dataset `writeDataset` would write for these options (jsonl), built in memory: the experiment grid draws
 * paper-rule splits with other seeds without touching the disk.
 */
export function planDataset(options: GenerateOptions): Dataset {
  const splits = planSplits(options);
  const hash = createHash('sha256');
  const vocabulary = new Set<string>();
  const examples = {} as Record<SplitName, Example[]>;
  for (const split of SPLIT_NAMES) {
    hash.update(`${splitFileName(split, 'jsonl')}\n`);
    examples[split] = splits[split].map((item) => exampleOf(item));
    for (const example of examples[split]) {
      vocabularyTokens(example.tokens).forEach((t) => vocabulary.add(t));
      hash.update(`${formatLine(example, 'jsonl')}\n`);
    }
  }
  return { manifest: buildManifest(options, 'jsonl', splits, vocabulary, hash.digest('hex')), splits: examples };
}
