// The micro-batcher: concurrent single phrases share forward passes and get exactly the unbatched results;
// batch requests run in chunks that single phrases may overtake.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { initBackend } from '../../src/model/backend.ts';
import { loadPredictor } from '../../src/reading/load.ts';
import { valueOnly, type Predictor } from '../../src/reading/predict.ts';
import { Batcher } from '../../src/server/batcher.ts';
import { ROOT } from '../helpers.ts';

let predictor: Predictor;
/** Phrases from the model's own vocabulary: each word alone, pairs, and some refused input. */
let phrases: unknown[];

before(async () => {
  predictor = await loadPredictor(path.join(ROOT, 'models', 'default'), await initBackend(() => undefined));
  const words = predictor.meta.vocabulary;
  phrases = [...words, ...words.map((w, i) => `${w} ${words[(i * 7) % words.length]}`), 'banana', '', 42, 'x'.repeat(400)];
});
after(() => predictor.dispose());

describe('Batcher', () => {
  it('concurrent single phrases share one forward pass and get exactly the unbatched results', async () => {
    const batcher = new Batcher(predictor);
    const shared = await Promise.all(phrases.map((p) => batcher.one(p)));
    const alone = phrases.map((p) => predictor.predictMany([p])[0]);
    assert.deepEqual(shared, alone);
    assert.ok(shared.some((r) => !('error' in r)) && shared.some((r) => 'error' in r));
    assert.deepEqual(batcher.stats, { passes: Math.ceil(phrases.length / 64), singles: phrases.length, abandoned: 0 });
  });
  it('with a window, phrases arriving within it share a pass too', async () => {
    const batcher = new Batcher(predictor, { windowMs: 2 });
    const first = batcher.one(phrases[0]);
    await new Promise((resolve) => setImmediate(resolve));
    const rest = phrases.slice(1, 10).map((p) => batcher.one(p));
    await Promise.all([first, ...rest]);
    assert.deepEqual(batcher.stats, { passes: 1, singles: 10, abandoned: 0 });
  });
  it('maxShared 1 runs each phrase alone (the unbatched path)', async () => {
    const batcher = new Batcher(predictor, { maxShared: 1 });
    await Promise.all(phrases.slice(0, 5).map((p) => batcher.one(p)));
    assert.deepEqual(batcher.stats, { passes: 5, singles: 5, abandoned: 0 });
  });
  it('a batch runs in chunks, in order, and a single phrase does not wait for all of it', async () => {
    const batcher = new Batcher(predictor, { chunk: 7 });
    const many = [...phrases, ...phrases];
    const order: string[] = [];
    const json = (parts: string[]) => `[${parts.join(',')}]`;
    const big = batcher.manyJson(many).then((r) => (order.push('batch'), json(r)));
    const small = batcher.manyJson(phrases.slice(0, 3)).then((r) => (order.push('small batch'), json(r)));
    await new Promise((resolve) => setImmediate(resolve));
    const single = batcher.one(phrases[0]).then((r) => (order.push('single'), r));
    const [bigResults, smallResults, singleResult] = await Promise.all([big, small, single]);
    assert.equal(bigResults, JSON.stringify(predictor.predictMany(many)));
    assert.equal(smallResults, JSON.stringify(predictor.predictMany(phrases.slice(0, 3))));
    assert.deepEqual(singleResult, predictor.predictMany([phrases[0]])[0]);
    assert.deepEqual(order, ['single', 'small batch', 'batch']);
  });
  it('a batch whose client left stops at its next chunk and rejects with the reason', async () => {
    const left = new AbortController();
    const calls: number[] = [];
    const predictMany = predictor.predictMany.bind(predictor);
    const counting = Object.create(predictor, { predictMany: { value: (p: unknown[], d: 'steps' | 'value') => (calls.push(p.length), predictMany(p, d)) } });
    const counted = new Batcher(counting, { chunk: 5 });
    const pending = counted.manyJson([...phrases, ...phrases], 'steps', left.signal);
    await new Promise((resolve) => setImmediate(resolve));
    left.abort(new Error('client gone'));
    await assert.rejects(pending, /client gone/);
    assert.deepEqual(calls, [5], 'one chunk ran before the abort, none after');
    assert.equal(counted.stats.abandoned, 1);
  });
  it('a batch at detail "value" runs in chunks to the same values as the whole batch at full detail', async () => {
    const batcher = new Batcher(predictor, { chunk: 7 });
    const compact = JSON.parse(`[${(await batcher.manyJson(phrases, 'value')).join(',')}]`);
    const full = predictor.predictMany(phrases);
    assert.equal(compact.length, phrases.length);
    compact.forEach((item: object, i: number) => {
      const whole = full[i] as (typeof full)[number];
      assert.deepEqual(item, JSON.parse(JSON.stringify('error' in whole ? whole : valueOnly(whole))));
      assert.ok(!('steps' in item));
    });
  });
  it('an empty batch has no parts; a batch has one part per chunk', async () => {
    assert.deepEqual(await new Batcher(predictor).manyJson([]), []);
    assert.equal((await new Batcher(predictor, { chunk: 7 }).manyJson(phrases.slice(0, 15))).length, 3);
  });
});
