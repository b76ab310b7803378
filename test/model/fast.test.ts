// The register head's float64 reading agrees with its tfjs forward pass, token by token, on every phrase of
// the extrapolation split and on the paper's 0–999 (values, groups and the operation chosen), and on fresh
// weights with 1, 2 and 4 groups.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../src/model/backend.ts';
import { readDataset } from '../../src/data/dataset.ts';
import { predictRunning } from '../../src/model/running.ts';
import * as tf from '@tensorflow/tfjs';
import { createRng, randomNormal } from '../../src/common/random.ts';
import { PAD } from '../../src/language/vocab.ts';
import { FastRegisterReader } from '../../src/model/fast.ts';
import { loadModel } from '../../src/model/files.ts';
import { NumberReader } from '../../src/model/reader.ts';
import { choiceLayout, MOVE_GROUP, operationChoices, WORD_PARAMETERS } from '../../src/model/registers.ts';
import type { MoveTarget } from '../../src/model/choices.ts';
import { encodeTokens, modelVocabulary } from '../../src/model/weights.ts';

let reader: NumberReader;
before(async () => {
  await initBackend(() => undefined);
  reader = (await loadModel('models/default')).reader;
});

describe('float64 reading of the register head', () => {
  for (const data of ['data/extrapolation', 'data/paper']) {
    it(`equals the tfjs forward pass on every phrase of ${data}`, async () => {
      const dataset = await readDataset(data);
      const phrases = [...dataset.splits.train, ...dataset.splits.val, ...dataset.splits.test].map((e) => e.tokens);
      const vocab = modelVocabulary(reader.arch.vocabulary);
      const fast = predictRunning(reader, phrases);
      const tfjs = reader.runningTfjs(phrases.map((tokens) => encodeTokens(vocab, tokens)));
      assert.equal(fast.length, tfjs.length);
      let compared = 0;
      fast.forEach((f, i) => {
        const t = tfjs[i];
        assert.deepEqual(f.values, t?.values, phrases[i]?.join(' '));
        assert.deepEqual(f.groups, t?.groups);
        for (const key of ['carryTo', 'implied'] as const) assert.deepEqual(f.trace[key], t?.trace[key]);
        compared += f.values.length;
      });
      assert.ok(compared > 1000);
    });
  }
  it('reads a phrase the same alone, in any batch and in any order (shared prefixes are reused exactly)', async () => {
    const dataset = await readDataset('data/extrapolation');
    const phrases = dataset.splits.val.map((e) => e.tokens);
    const together = predictRunning(reader, phrases);
    const reversed = predictRunning(reader, [...phrases].reverse()).reverse();
    assert.deepEqual(reversed, together);
    for (const i of [0, 7, 100, phrases.length - 1]) assert.deepEqual(predictRunning(reader, [phrases[i] as string[]])[0], together[i]);
  });
  for (const [G, moveTarget] of [[1, 'context'], [2, 'context'], [4, 'context'], [2, 'word'], [3, 'word'], [4, 'word']] as [number, MoveTarget][]) {
    it(`equals the tfjs forward pass on fresh weights with ${G} group${G > 1 ? 's' : ''} and ${moveTarget} targets, every operation chosen`, () => {
      const words = ['one', 'two', 'three', 'seven', 'nine', 'ten', 'twenty', 'hundred', 'thousand', 'million', 'billion'].slice(0, 3 + 2 * G);
      const fresh = NumberReader.create({ head: 'registers', vocabulary: [PAD, ...words], embedding: 8, hidden: 16, targetScale: 1, expClamp: 20, groups: G, moveTarget }, 7);
      // A fresh head does nothing yet (every word × 1 + 0, always the first operation): give each word an
      // integer value and a multiplier of 1, 10 or 100, and the choices random weights, so every operation
      // and the implied one are taken. Far from .5, float32 and float64 round the registers alike.
      const rng = createRng(G);
      const V = words.length + 1;
      const C = operationChoices(G).length;
      const L = choiceLayout(G, moveTarget).contextColumns;
      const set = (name: string, values: number[], shape: [number, number]) => fresh.params.get(name)?.assign(tf.tensor2d(values, shape));
      set('head/operand', Array.from({ length: V }, () => Math.floor(rng() * 10) / WORD_PARAMETERS.operand.unit), [V, 1]);
      set('head/log_scale', Array.from({ length: V }, () => Math.log([1, 10, 100][Math.floor(rng() * 3)] as number) / WORD_PARAMETERS.log_scale.unit), [V, 1]);
      set('head/op_W', Array.from({ length: 16 * L }, () => 3 * randomNormal(rng)), [16, L]);
      // Each word its own move target (a random categorical), so every target is some word's.
      if (fresh.params.has(MOVE_GROUP)) set(MOVE_GROUP, Array.from({ length: V * (G - 1) }, () => 3 * randomNormal(rng)), [V, G - 1]);
      set('head/implied_W', Array.from({ length: 16 }, () => 3 * randomNormal(rng)), [16, 1]);
      // One group holds the whole value: three words keep it within float32's exact integers (2^24).
      const longest = G === 1 ? 3 : 8;
      const rows = Array.from({ length: 400 }, () => Array.from({ length: 1 + Math.floor(rng() * longest) }, () => 1 + Math.floor(rng() * words.length)));
      const fast = new FastRegisterReader(fresh).readMany(rows, 'all');
      const tfjs = fresh.runningTfjs(rows, { roundRegisters: true });
      const columns = new Set<number>();
      const implied = new Set<number>();
      rows.forEach((row, i) => {
        const f = fast[i];
        const t = tfjs[i];
        assert.deepEqual(f?.values, t?.values, row.join(' '));
        assert.deepEqual(f?.groups, t?.groups);
        for (const key of ['carry', 'carryTo', 'implied'] as const) assert.deepEqual(f?.trace[key], t?.trace[key]);
        f?.trace.carryTo.forEach((c) => columns.add(c));
        f?.trace.implied.forEach((x) => implied.add(x));
      });
      assert.equal(columns.size, C, `operations chosen: ${[...columns]}`);
      assert.equal(implied.size, 2);
      assert.ok(fast.some((f) => (f.values.at(-1) as number) >= 1000 ** (G - 1)), 'some phrase reaches the highest group');
      fresh.dispose();
    });
  }
});
