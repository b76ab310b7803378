import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planDataset, SPLIT_NAMES, yearShape } from '../../src/data/dataset.ts';
import { exactValue, readTokens } from '../../src/language/grammar.ts';
import { WRITTEN_FORMS } from '../../src/language/words.ts';

const OPTIONS = { split: 'random', min: 0, max: 99_999, count: 3000, styles: ['british', 'american'], seed: 4, trainFraction: 0.8, valFraction: 0.1 } as const;

describe('datasets of every form (--forms)', () => {
  it('mixes the forms, each example read back by the grammar to its value, exact where it must be', () => {
    const dataset = planDataset({ ...OPTIONS, styles: [...OPTIONS.styles], forms: [...WRITTEN_FORMS] });
    const seen = new Set<string>();
    for (const split of SPLIT_NAMES) {
      for (const e of dataset.splits[split]) {
        const reading = readTokens(e.tokens);
        seen.add(reading.form);
        assert.equal(e.form, reading.form === 'cardinal' && !/^(minus|negative) /.test(e.phrase) ? undefined : reading.form, e.phrase);
        assert.equal(e.value, reading.value, e.phrase);
        assert.deepEqual(e.running, reading.running, e.phrase);
        assert.equal(e.exact, reading.exact ? exactValue(reading).toString() : undefined, e.phrase);
      }
    }
    assert.deepEqual([...seen].sort(), ['cardinal', 'decimal', 'digits', 'fraction', 'ordinal', 'year']);
    assert.deepEqual(dataset.manifest.options.forms, [...WRITTEN_FORMS]);
    const train = new Set(dataset.splits.train.flatMap((e) => e.tokens));
    for (const e of [...dataset.splits.val, ...dataset.splits.test]) for (const t of e.tokens) assert.ok(train.has(t), `"${t}" is in train`);
  });
  it('a cardinal dataset is the one it was before there were forms: same numbers, no form fields', () => {
    const plain = planDataset({ ...OPTIONS, styles: [...OPTIONS.styles] });
    const cardinal = planDataset({ ...OPTIONS, styles: [...OPTIONS.styles], forms: ['cardinal'] });
    assert.equal(cardinal.manifest.hash, plain.manifest.hash);
    assert.equal(cardinal.manifest.options.forms, undefined);
    assert.ok(cardinal.splits.train.every((e) => e.form === undefined && e.exact === undefined));
  });
  it('--year-roles cover: train holds every shape of a year\'s second half; validation and test stay as drawn, every token still in train', () => {
    const yearOf = (e: { form?: string; value: number }) => e.form === 'year';
    for (const [seed, forms] of [[1, ['cardinal', 'digits', 'year']], [12, [...WRITTEN_FORMS]], [21, [...WRITTEN_FORMS]]] as const) {
      const options = { split: 'extrapolation', min: 0, max: 999, count: 1000, styles: ['british', 'american', 'bare-scale', 'a-hundred'], seed, trainFraction: 0.8, valFraction: 0.1, forms: [...forms] } as const;
      const drawn = planDataset({ ...options, styles: [...options.styles], forms: [...options.forms] });
      const covered = planDataset({ ...options, styles: [...options.styles], forms: [...options.forms], yearRoles: 'cover' });
      const shapes = (examples: typeof drawn.splits.train) => new Set(examples.filter(yearOf).map((e) => yearShape(e.value)));
      assert.ok(shapes(drawn.splits.train).size < 27, `seed ${seed}: the drawn years miss some shape, so the test can fail`);
      assert.equal(shapes(covered.splits.train).size, 27, `seed ${seed}`);
      assert.deepEqual(covered.splits.val, drawn.splits.val, `seed ${seed}`);
      assert.deepEqual(covered.splits.test, drawn.splits.test, `seed ${seed}`);
      const train = new Set(covered.splits.train.flatMap((e) => e.tokens));
      for (const e of [...covered.splits.val, ...covered.splits.test]) for (const t of e.tokens) assert.ok(train.has(t), `seed ${seed}: "${t}" of "${e.phrase}" is in train`);
      const before = new Set(drawn.splits.train.map((e) => e.value));
      const added = covered.splits.train.filter((e) => !before.has(e.value));
      assert.ok(added.length > 0 && added.every(yearOf), `seed ${seed}: the numbers cover adds to train are years`);
      // Splits are by the number written: a fraction or decimal of another number may share a value ("3120 halves").
      const others = [...covered.splits.val, ...covered.splits.test].filter((e) => e.form !== 'fraction' && e.form !== 'decimal');
      assert.ok(!others.some((e) => added.some((a) => a.value === e.value)), `seed ${seed}: in no other split`);
      // Never a bare million traded away, and every phrase still reads back to its value.
      const millions = (examples: typeof drawn.splits.train) => examples.filter((e) => e.value >= 1_000_000).length;
      assert.equal(millions(covered.splits.train), millions(drawn.splits.train));
      for (const e of covered.splits.train) assert.equal(readTokens(e.tokens).value, e.value, e.phrase);
      assert.deepEqual(planDataset({ ...options, styles: [...options.styles], forms: [...options.forms], yearRoles: 'cover' }).splits.train, covered.splits.train, 'deterministic');
      assert.equal(covered.manifest.options.yearRoles, 'cover');
      assert.equal(drawn.manifest.options.yearRoles, undefined);
    }
    assert.equal(new Set(Array.from({ length: 99 }, (_, i) => yearShape(i + 1))).size, 27);
    assert.deepEqual([yearShape(1905), yearShape(1916), yearShape(1940), yearShape(1984)], ['oh', 'sixteen', 'forty', 'eighty +unit']);
  });
  it('--digit-zero both: a digit string says its zeros as "oh" or "zero", each read back to its value; every other phrase as without it', () => {
    const options = { split: 'extrapolation', min: 0, max: 999, count: 1000, styles: ['british', 'american'], seed: 1, trainFraction: 0.8, valFraction: 0.1, forms: ['cardinal', 'digits', 'year'], yearRoles: 'cover' } as const;
    const zero = planDataset({ ...options, styles: [...options.styles], forms: [...options.forms] });
    const both = planDataset({ ...options, styles: [...options.styles], forms: [...options.forms], digitZero: 'both' });
    const says = (word: string, examples: typeof both.splits.train) => examples.filter((e) => e.form === 'digits' && e.tokens.includes(word)).length;
    for (const split of SPLIT_NAMES) {
      assert.equal(says('oh', zero.splits[split]), 0, `${split}: without the option no digit string says "oh"`);
      assert.ok(says('oh', both.splits[split]) > 0 && says('zero', both.splits[split]) > 0, `${split}: both words`);
      assert.equal(both.splits[split].length, zero.splits[split].length);
      both.splits[split].forEach((e, i) => {
        const before = zero.splits[split][i];
        assert.equal(e.value, before?.value, e.phrase);
        assert.deepEqual(e.running, readTokens(e.tokens).running, e.phrase);
        if (e.form === 'digits') assert.equal(e.phrase.replaceAll('oh', 'zero'), before?.phrase);
        else assert.equal(e.phrase, before?.phrase);
      });
    }
    assert.equal(both.manifest.options.digitZero, 'both');
    assert.equal(zero.manifest.options.digitZero, undefined);
  });
  it('--ordinal-roles cover: every ordinal word ends six train ordinals below 1000; what was drawn stays, validation and test unchanged', () => {
    const options = { split: 'extrapolation', min: 0, max: 999, count: 1000, styles: ['british', 'american', 'hyphen', 'bare-scale'], seed: 1, trainFraction: 0.8, valFraction: 0.1, forms: ['cardinal', 'ordinal', 'negative'] } as const;
    const drawn = planDataset({ ...options, styles: [...options.styles], forms: [...options.forms] });
    const covered = planDataset({ ...options, styles: [...options.styles], forms: [...options.forms], ordinalRoles: 'cover' });
    const ends = (examples: typeof drawn.splits.train) => {
      const counts = new Map<string, number>();
      for (const e of examples) if (e.form === 'ordinal' && e.value < 1000) counts.set(e.tokens.at(-1) as string, (counts.get(e.tokens.at(-1) as string) ?? 0) + 1);
      return counts;
    };
    const words = ['first', 'ninth', 'tenth', 'nineteenth', 'twentieth', 'fortieth', 'ninetieth', 'hundredth'];
    assert.ok(words.some((w) => (ends(drawn.splits.train).get(w) ?? 0) < 6), 'drawn, some word ends fewer: the test can fail');
    for (const w of words) assert.ok((ends(covered.splits.train).get(w) ?? 0) >= 6, `"${w}" ends six train ordinals`);
    assert.deepEqual(covered.splits.train.slice(0, drawn.splits.train.length), drawn.splits.train);
    assert.deepEqual(covered.splits.val, drawn.splits.val);
    assert.deepEqual(covered.splits.test, drawn.splits.test);
    const added = covered.splits.train.slice(drawn.splits.train.length);
    assert.ok(added.length > 0 && added.every((e) => e.form === 'ordinal' && e.value < 1000));
    const elsewhere = new Set([...drawn.splits.val, ...drawn.splits.test].map((e) => e.value));
    assert.ok(!added.some((e) => elsewhere.has(e.value)), 'no added number is in validation or test');
    for (const e of added) assert.equal(readTokens(e.tokens).value, e.value, e.phrase);
    assert.equal(covered.manifest.options.ordinalRoles, 'cover');
    assert.equal(drawn.manifest.options.ordinalRoles, undefined);
  });
  it('the extrapolation split keeps one million in its three spellings in train, as cardinals, whatever forms are mixed in, and "a million" after a sign with negatives', () => {
    // Seed 1 with negatives lost "a million" and "million" before they were pinned: no phrase opened with a bare million.
    for (const [seed, forms] of [[1, ['cardinal', 'digits', 'year', 'negative']], [1, ['cardinal', 'digits', 'year']], [12, [...WRITTEN_FORMS]]] as const) {
      const options = { split: 'extrapolation', min: 0, max: 999, count: 1000, styles: ['british', 'american', 'hyphen', 'a-hundred', 'twelve-hundred', 'bare-scale'], seed, trainFraction: 0.8, valFraction: 0.1, forms: [...forms], yearRoles: 'cover' } as const;
      const { train } = planDataset({ ...options, styles: [...options.styles], forms: [...options.forms] }).splits;
      const phrases = new Set(train.map((e) => e.phrase));
      for (const phrase of ['one million', 'a million', 'million']) assert.ok(phrases.has(phrase), `seed ${seed}, ${forms.join(',')}: "${phrase}" in train`);
      // Seeds 1 and 9 read "negative a million five hundred …" as −500 … while only "negative a thousand" followed a sign's "a" in train.
      const signed = train.filter((e) => /^(negative|minus) a million$/.test(e.phrase));
      assert.equal(signed.length, (forms as readonly string[]).includes('negative') ? 1 : 0, `seed ${seed}, ${forms.join(',')}: "a million" after a sign`);
      if (signed[0]) assert.equal(signed[0].value, -1_000_000);
    }
  });
});
