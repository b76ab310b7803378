import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planDataset, SPLIT_NAMES } from '../../src/data/dataset.ts';
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
        assert.equal(e.form, reading.form === 'cardinal' && !e.phrase.startsWith('minus') ? undefined : reading.form, e.phrase);
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
});
