// Datasets of number phrases: which numbers go in which split, the examples (phrase, tokens, value,
// per-token running values), and reading/writing them. Splits are by number value, so two phrasings of one
// number never straddle train and test, and every token that occurs anywhere also occurs in train.

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { writeDirAtomically, type OwnedFolder } from '../common/atomic.ts';
import type { GenerateConfig } from './config.ts';
import path from 'node:path';
import { readTokens } from '../language/grammar.ts';
import { createRng, sampleDistinctInts, shuffleInPlace, type Rng } from '../common/random.ts';
import { tokenWords } from '../language/tokenize.ts';
import { LEXICON } from '../language/lexicon.ts';
import { numberToWords, type StyleName } from '../language/words.ts';

export interface Example {
  phrase: string;
  tokens: string[];
  value: number;
  running: number[];
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
}
export const ZERO_WORDS = ['zero', 'nought', 'naught'] as const;
export type ZeroWord = (typeof ZERO_WORDS)[number];
export type Splits = Record<SplitName, Item[]>;

/** What decides the numbers and their phrasing (the generator's flags less output format and folder). */
export type GenerateOptions = Omit<GenerateConfig, 'format' | 'out'>;

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
}

export interface Dataset {
  manifest: Manifest;
  splits: Record<SplitName, Example[]>;
}

/** Bumped whenever the same options would produce different bytes. */
export const GENERATOR_VERSION = 1;

/** The paper's split sizes (§4.3): 169 / 200 / 631 of the numbers 0–999, train holding all of 0–19. */
export const PAPER = { min: 0, max: 999, train: 169, val: 200, fixed: 20 } as const;

export function makeExample(value: number, style: StyleName, zeroWord: ZeroWord = 'zero'): Example {
  const phrase = value === 0 ? zeroWord : numberToWords(value, style);
  const tokens = tokenWords(phrase);
  const reading = readTokens(tokens);
  if (reading.value !== value) throw new Error(`grammar read "${phrase}" as ${reading.value}, not ${value}`);
  return { phrase, tokens, value, running: reading.running };
}

function itemTokens(item: Item): string[] {
  return makeExample(item.value, item.style, item.zeroWord).tokens;
}

/**
 * Moves items into train until every token seen in val or test also occurs in train, swapping each in for a
 * train item (past the first `fixed`) whose tokens all occur elsewhere in train. Deterministic.
 */
export function ensureTrainCoverage(splits: Splits, fixed = 0): void {
  const counts = new Map<string, number>();
  const add = (item: Item, delta: number) => {
    for (const t of new Set(itemTokens(item))) counts.set(t, (counts.get(t) ?? 0) + delta);
  };
  splits.train.forEach((item) => add(item, 1));
  for (const other of [splits.val, splits.test]) {
    for (let i = 0; i < other.length; i++) {
      const candidate = other[i] as Item;
      const missing = itemTokens(candidate).some((t) => !counts.get(t));
      if (!missing) continue;
      const spare = splits.train.findIndex(
        (item, j) => j >= fixed && [...new Set(itemTokens(item))].every((t) => (counts.get(t) ?? 0) > 1),
      );
      if (spare < 0) throw new Error('cannot cover every token in train: the train split is too small');
      const out = splits.train[spare] as Item;
      add(out, -1);
      add(candidate, 1);
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

/** The styles that change how a leading "one hundred/thousand/million" is said. */
const LEADING_STYLES: readonly StyleName[] = ['a-hundred', 'bare-scale'];

/**
 * A number whose phrase starts with "one hundred/thousand/million" is said with "one", "a" or nothing
 * equally often; without that, the two forms the LSTM must read from context are 2 % of the data.
 */
function leadingOneStyle(rng: Rng, styles: readonly StyleName[]): (value: number) => StyleName {
  const leading = LEADING_STYLES.filter((s) => styles.includes(s));
  const plain = styles.filter((s) => !leading.includes(s));
  return (value) => {
    const hasLeadingOne = /^one (hundred|thousand|million)/.test(numberToWords(value, 'british'));
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
    ...(['british', 'a-hundred', 'bare-scale'] as const).map((style) => ({ value: 1_000_000, style })),
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

/** Decides which numbers go where, in which style; deterministic by `options.seed`. */
export function planSplits(options: GenerateOptions): Splits {
  const rng = createRng(options.seed);
  const item = (value: number): Item => ({ value, style: pickStyle(rng, options.styles) });
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
  const nTrain = Math.max(1, Math.round(values.length * options.trainFraction));
  const nVal = Math.round(values.length * options.valFraction);
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
        const example = makeExample(item.value, item.style, item.zeroWord);
        example.tokens.forEach((t) => vocabulary.add(t));
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
    const { seed, ...rest } = options;
    const manifest: Manifest = {
      generator: 'nalu-words',
      generatorVersion: GENERATOR_VERSION,
      seed,
      options: { ...rest, format },
      counts: { train: splits.train.length, val: splits.val.length, test: splits.test.length },
      vocabulary: orderedVocabulary(vocabulary),
      hash: hash.digest('hex'),
    };
    await writeFile(path.join(partial, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await writeFile(path.join(partial, 'README.md'), datasetReadme(manifest));
    signal?.throwIfAborted();
    return manifest;
  }, { force });
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
  const range =
    o.split === 'paper'
      ? 'the numbers 0–999, split as in the NALU paper (§4.3)'
      : o.split === 'extrapolation'
        ? `the extrapolation protocol: train and validation below ${e.below} (train holding all of 0–${e.fixed - 1}, 0 as zero, nought and naught) plus bare multiples of a million (${e.millions} in train, ${e.valMillions} in validation); test spread log-uniformly over ${e.testMin}–${e.testMax}, numbers never seen in training; a leading "one hundred/thousand/million" said with "one", "a" or nothing equally often`
        : `${o.count} numbers from ${o.min} to ${o.max}`;
  return `# nalu-words dataset

${range}; styles: ${o.styles.join(', ')}; seed ${m.seed}.

| split | examples | file |
|---|---|---|
${SPLIT_NAMES.map((s) => `| ${s} | ${m.counts[s]} | \`${splitFileName(s, o.format)}\` |`).join('\n')}

Each example: \`phrase\`, \`tokens\` (the tokenizer's words), \`value\`, and \`running\` — the value of every
prefix of the tokens read as a phrase of its own (the model's per-token targets). Splits are by value: no
number appears in two splits, and every token in the data occurs in train. \`manifest.json\` holds the options,
vocabulary and a sha256 of the split files. Regenerate with \`npm run generate -- --seed ${m.seed} ...\`.
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
    examples[split] = splits[split].map((item) => makeExample(item.value, item.style, item.zeroWord));
    for (const example of examples[split]) {
      example.tokens.forEach((t) => vocabulary.add(t));
      hash.update(`${formatLine(example, 'jsonl')}\n`);
    }
  }
  const { seed, ...rest } = options;
  const manifest: Manifest = {
    generator: 'nalu-words',
    generatorVersion: GENERATOR_VERSION,
    seed,
    options: { ...rest, format: 'jsonl' },
    counts: { train: splits.train.length, val: splits.val.length, test: splits.test.length },
    vocabulary: orderedVocabulary(vocabulary),
    hash: hash.digest('hex'),
  };
  return { manifest, splits: examples };
}
