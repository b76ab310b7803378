import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { GENERATE_DEFAULTS } from '../../src/data/config.ts';
import { type Example, type GenerateOptions, planDataset, readDataset, SPLIT_NAMES, type SplitName } from '../../src/data/dataset.ts';
import { SPLIT_FORMS } from '../../src/data/extrapolation-forms.ts';
import { exactRunning, exactValue, readTokens } from '../../src/language/grammar.ts';
import { LEXICON } from '../../src/language/lexicon.ts';
import { STYLE_NAMES } from '../../src/language/words.ts';
import { ROOT } from '../helpers.ts';

const DIR = path.join(ROOT, 'data', 'extrapolation-forms');
const { format: _format, out: _out, ...defaults } = GENERATE_DEFAULTS;
const options: GenerateOptions = { ...defaults, split: 'extrapolation-forms', styles: [...STYLE_NAMES] };
const committed = await readDataset(DIR);
const { splits } = committed;

const POWERS = LEXICON.scales.map((s) => s.power);
const exactOf = (e: Example) => BigInt(e.exact as string);
const abs = (n: bigint) => (n < 0n ? -n : n);
const bare = (n: bigint) => n > 0n && POWERS.some((p) => n % 10n ** BigInt(p) === 0n && n / 10n ** BigInt(p) < 1000n);
const isScale = (t: string) => LEXICON.info(t)?.kind === 'scale' || t === 'dozen';
const isNumeral = (t: string) => /^\d/.test(t);
/** Digits said after "point" (a scale word after them multiplies). */
const places = (e: Example) => e.tokens.slice(e.tokens.indexOf('point') + 1).filter((t) => !isScale(t)).length;
/** The largest magnitude read before a fraction's divisor word (the last word that is not a scale). */
const beforeDivisor = (e: Example) => {
  let divisor = e.tokens.length - 1;
  while (isScale(e.tokens[divisor] as string)) divisor--;
  return Math.max(0, ...e.running.slice(0, divisor).map(Math.abs));
};
const numeralFacts = (e: Example) => {
  const numerals = e.tokens.filter(isNumeral).map((t) => t.split('.'));
  return {
    whole: Math.max(...numerals.map(([w]) => Number(w))),
    places: Math.max(...numerals.map(([, f]) => f?.length ?? 0)),
    scales: e.tokens.filter((t) => LEXICON.info(t)?.kind === 'scale').length,
  };
};

/** Each form's rule for its train/validation range; every test example must break it (written from docs/data.md, not from the generator). */
const SMALL: Record<(typeof SPLIT_FORMS)[number], (e: Example) => boolean> = {
  cardinal: (e) => exactOf(e) < 10_000n || bare(exactOf(e)),
  scale: (e) => bare(exactOf(e)),
  ordinal: (e) => exactOf(e) < 10_000n || bare(exactOf(e)),
  negative: (e) => (e.tokens.includes('point') ? places(e) <= 3 : abs(exactOf(e)) < 10_000n),
  decimal: (e) => places(e) <= 3,
  fraction: (e) => beforeDivisor(e) < 10_000,
  year: (e) => (e.value >= 1701 && e.value <= 2099) || e.value < 1000,
  digits: (e) => e.tokens.length <= 4,
  numeral: (e) => {
    const f = numeralFacts(e);
    return f.whole < 100 && f.places <= 3 && f.scales <= 1;
  },
  dozen: (e) => e.value / 12 < 100,
};

describe('extrapolation-forms split (data/extrapolation-forms)', () => {
  it('its manifest hash is the sha256 of the committed files, and seed 1 regenerates them byte for byte', async () => {
    const hash = createHash('sha256');
    for (const split of SPLIT_NAMES) {
      hash.update(`${split}.jsonl\n`);
      hash.update(await readFile(path.join(DIR, `${split}.jsonl`), 'utf8'));
    }
    assert.equal(hash.digest('hex'), committed.manifest.hash);
    assert.equal(planDataset({ ...options, seed: 1 }).manifest.hash, committed.manifest.hash);
  });

  it('is deterministic by seed; another seed draws other phrases with every form in every part', () => {
    const [a, b] = [planDataset({ ...options, seed: 7 }), planDataset({ ...options, seed: 7 })];
    assert.equal(a.manifest.hash, b.manifest.hash);
    assert.notEqual(a.manifest.hash, committed.manifest.hash);
    for (const split of SPLIT_NAMES) assert.deepEqual(new Set(a.splits[split].map((e) => e.written)), new Set(SPLIT_FORMS));
  });

  it('every form is in every part, as the manifest counts say; at most 3,000 training phrases', () => {
    for (const split of SPLIT_NAMES) {
      for (const form of SPLIT_FORMS) {
        const n = splits[split].filter((e) => e.written === form).length;
        assert.ok(n >= 15, `${split} holds ${n} ${form}`);
        assert.equal(committed.manifest.formCounts?.[split][form], n, `${split} ${form}`);
      }
    }
    assert.ok(splits.train.length <= 3000, `${splits.train.length} training phrases`);
  });

  it('train and validation never hold a test-range phrase; every test phrase is out of that range', () => {
    for (const split of ['train', 'val', 'test'] as SplitName[]) {
      for (const e of splits[split]) {
        const small = SMALL[e.written as keyof typeof SMALL](e);
        assert.equal(small, split !== 'test', `${split}: "${e.phrase}" (${e.written}) is ${small ? 'small' : 'test-range'}`);
      }
    }
    // Test reaches where the rules say: 19-digit integers, 8 decimal places, 9-digit strings, numerals to 999.
    const test = (form: string) => splits.test.filter((e) => e.written === form);
    assert.equal(Math.max(...test('cardinal').map((e) => e.exact?.length ?? 0)), 19);
    assert.equal(Math.max(...test('decimal').map(places)), 8);
    assert.deepEqual([...new Set(test('digits').map((e) => e.tokens.length))].sort(), [5, 6, 7, 8, 9]);
    assert.ok(test('numeral').some((e) => numeralFacts(e).whole >= 900));
    assert.ok(test('year').every((e) => e.value >= 1001 && e.value <= 1699));
  });

  it('test holds a group of every size right after every larger group ("… million ten thousand …")', () => {
    const scale = splits.test.filter((e) => e.written === 'scale').map(exactOf);
    const group = (n: bigint, p: number) => Number((n / 10n ** BigInt(p)) % 1000n);
    const sizes = [...Array.from({ length: 19 }, (_, i) => i + 1), 20, 30, 40, 50, 60, 70, 80, 90, 100, 200, 300, 400, 500, 600, 700, 800, 900];
    for (const large of POWERS) {
      for (const small of POWERS.filter((p) => p < large)) {
        const between = POWERS.filter((p) => p > small && p < large);
        const after = scale.filter((n) => group(n, large) > 0 && between.every((p) => group(n, p) === 0));
        for (const size of sizes) assert.ok(after.some((n) => group(n, small) === size), `10^${large} group, then ${size} × 10^${small}`);
      }
    }
  });

  it('no phrase in two parts; every word of validation and test occurs in train (numerals are values)', () => {
    const phrases = SPLIT_NAMES.flatMap((s) => splits[s].map((e) => e.phrase));
    assert.equal(new Set(phrases).size, phrases.length);
    const trainWords = new Set(splits.train.flatMap((e) => e.tokens));
    for (const e of [...splits.val, ...splits.test]) {
      for (const t of e.tokens) if (!isNumeral(t)) assert.ok(trainWords.has(t), `"${t}" of "${e.phrase}" in train`);
    }
    assert.ok(committed.manifest.vocabulary.every((w) => !isNumeral(w)));
  });

  it('every example carries its forms and exact running values, which the grammar reads back', () => {
    for (const split of SPLIT_NAMES) {
      for (const e of splits[split]) {
        const reading = readTokens(e.tokens);
        assert.equal(e.form, reading.form);
        assert.equal(e.exact, exactValue(reading).toString(), e.phrase);
        assert.deepEqual(e.runningExact, exactRunning(reading).map(String), e.phrase);
        assert.deepEqual(e.running, reading.running);
      }
    }
    // Bare quintillions are past 2^53: the exact strings, not the rounded numbers, carry them.
    const quintillions = splits.train.filter((e) => e.written === 'scale' && e.tokens.at(-1) === 'quintillion');
    assert.ok(quintillions.length >= 15);
    for (const e of quintillions) assert.equal(BigInt(e.runningExact?.at(-1) as string) % 10n ** 18n, 0n, e.phrase);
    assert.ok(splits.test.some((e) => e.written === 'fraction' && e.exact?.includes('/')), 'a fraction that is no decimal, exact');
  });
});
