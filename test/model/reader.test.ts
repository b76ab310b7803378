// The reader's shapes, padding and token order, for every head.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend.ts';
import { resolveConfig } from '../../src/common/config.ts';
import { TRAIN_DEFAULTS, TRAIN_FIELDS } from '../../src/training/config.ts';
import { architectureFor } from '../../src/training/train.ts';
import { HEADS } from '../../src/model/choices.ts';
import { predictRunning } from '../../src/model/running.ts';
import { padBatch } from '../../src/model/encode.ts';
import { NumberReader } from '../../src/model/reader.ts';
import { PAD } from '../../src/language/vocab.ts';
import { createRng, randomNormal } from '../../src/common/random.ts';
import { OP_CONTEXT, OP_LOGIT_UNIT, OP_WORD, type OperationName } from '../../src/model/registers.ts';
import { archFor, phrases, tinyDataset } from '../fixtures/tiny.ts';

before(async () => {
  await initBackend(() => undefined);
});

describe('reader shapes and padding', () => {
  for (const head of HEADS) {
    it(`${head}: [batch, T] ids → [batch, T] values; padding does not change predictions`, () => {
      const reader = NumberReader.create(archFor(head), 5);
      const vocab = reader.arch.vocabulary;
      const rows = phrases.map((p) => p.map((w) => vocab.indexOf(w)));
      const batch = padBatch(rows);
      const out = reader.forward(batch.ids);
      assert.deepEqual(out.values.shape, [4, 5]);
      for (const t of Object.values(out.trace)) assert.deepEqual(t.shape, [4, 5]);
      const together = predictRunning(reader, phrases);
      phrases.forEach((p, i) => {
        const alone = predictRunning(reader, [p])[0]?.values ?? [];
        assert.equal(alone.length, p.length);
        alone.forEach((v, t) => assert.ok(Math.abs(v - (together[i]?.values[t] as number)) <= 1e-5 * Math.max(1, Math.abs(v)), `${head} ${p.join(' ')} @${t}`));
      });
      tf.dispose([batch.ids, out.values, ...Object.values(out.trace)]);
      reader.dispose();
    });
  }
  it('reversed order: the LSTM is fed each phrase last word first, padding still after it', () => {
    const natural = archFor('nau', 'hc');
    const reversed = NumberReader.create({ ...natural, order: 'reversed' }, 7);
    const plain = NumberReader.create(natural, 7);
    const backwards = phrases.map((p) => [...p].reverse());
    // Same weights: the reversed reader on a phrase is the natural reader on that phrase backwards, token for token.
    assert.deepEqual(predictRunning(reversed, phrases), predictRunning(plain, backwards));
    assert.notDeepEqual(predictRunning(reversed, phrases), predictRunning(plain, phrases));
    const config = resolveConfig(TRAIN_DEFAULTS, TRAIN_FIELDS, { head: 'nau', order: 'reversed' });
    assert.equal(architectureFor(tinyDataset(), config).order, 'reversed');
    reversed.dispose();
    plain.dispose();
  });
  it('without(part): the same weights less the part, nothing else changed', () => {
    const full = NumberReader.create({ ...archFor('registers'), wordOps: true, moved: true, reset: true }, 3);
    for (const part of ['wordOps', 'moved', 'reset'] as const) {
      const ablated = full.without(part);
      assert.equal(ablated.arch[part], undefined);
      assert.deepEqual(
        { ...ablated.arch },
        Object.fromEntries(Object.entries(full.arch).filter(([k]) => k !== part)),
      );
      const dropped: string[] = { wordOps: ['head/op_word'], moved: ['head/op_moved'], reset: [] }[part];
      assert.deepEqual([...ablated.params.keys()], [...full.params.keys()].filter((k) => !dropped.includes(k)));
      for (const [name, v] of ablated.params) assert.deepEqual(v.dataSync(), full.params.get(name)?.dataSync());
      ablated.dispose();
    }
    full.dispose();
  });
  it("lstmOpKeep: where 0 a token's operation is chosen as if the LSTM gave no op logits; where 1 as usual", () => {
    // One group: act, digit and pair are the three columns to choose among.
    const arch = { ...archFor('registers'), operations: ['act', 'digit', 'pair'] as OperationName[], wordOps: true };
    const reader = NumberReader.create(arch, 4);
    const silent = NumberReader.create(arch, 4);
    const rng = createRng(9);
    const [H, L] = reader.params.get('head/op_W')?.shape as [number, number];
    const V = arch.vocabulary.length;
    const opW = Array.from({ length: H * L }, () => 3 * randomNormal(rng));
    const opWord = Array.from({ length: V * L }, () => randomNormal(rng) / OP_LOGIT_UNIT);
    for (const r of [reader, silent]) r.params.get(OP_WORD)?.assign(tf.tensor2d(opWord, [V, L]));
    reader.params.get('head/op_W')?.assign(tf.tensor2d(opW, [H, L]));
    const batch = padBatch(phrases.map((p) => p.map((w) => arch.vocabulary.indexOf(w))));
    const [B, T] = batch.ids.shape;
    const operations = (r: NumberReader, keep?: number) => {
      const out = r.forward(batch.ids, keep === undefined ? {} : { lstmOpKeep: tf.fill([B, T], keep) as tf.Tensor2D });
      return out.trace.operation?.arraySync();
    };
    assert.deepEqual(operations(reader, 0), operations(silent));
    assert.deepEqual(operations(reader, 1), operations(reader));
    assert.notDeepEqual(operations(reader), operations(silent), 'the LSTM logits change some choice');
    tf.dispose(batch.ids);
    reader.dispose();
    silent.dispose();
  });
  it('context gates: shut, a word chooses as its tables alone; open, as with the LSTM; and they learn only from which is right', () => {
    const arch = { ...archFor('registers'), operations: ['act', 'digit', 'pair'] as OperationName[], wordOps: true };
    const rng = createRng(11);
    const plain = NumberReader.create(arch, 4);
    const gated = NumberReader.create({ ...arch, contextGate: true }, 4);
    const [H, L] = plain.params.get('head/op_W')?.shape as [number, number];
    const V = arch.vocabulary.length;
    const opW = Array.from({ length: H * L }, () => 3 * randomNormal(rng));
    const opWord = Array.from({ length: V * L }, () => randomNormal(rng) / OP_LOGIT_UNIT);
    for (const r of [plain, gated]) {
      r.params.get(OP_WORD)?.assign(tf.tensor2d(opWord, [V, L]));
      r.params.get('head/op_W')?.assign(tf.tensor2d(opW, [H, L]));
    }
    const batch = padBatch(phrases.map((p) => p.map((w) => arch.vocabulary.indexOf(w))));
    const [B, T] = batch.ids.shape;
    const operations = (r: NumberReader, options = {}) => r.forward(batch.ids, options).trace.operation?.arraySync();
    const gates = (values: number[]) => gated.params.get(OP_CONTEXT)?.assign(tf.tensor2d(values, [V, 1]));
    gates(Array(V).fill(1));
    assert.deepEqual(operations(gated), operations(plain));
    gates(Array(V).fill(0));
    assert.deepEqual(operations(gated), operations(plain, { lstmOpKeep: tf.zeros([B, T]) }));
    assert.notDeepEqual(operations(gated), operations(plain), 'the LSTM logits change some choice');
    // Under teacher forcing each choice's gate probability is g, 1 − g, 0 or 1: whether each argmax is that
    // choice, never how confident it is.
    const g = 0.3;
    gates(Array(V).fill(g));
    const teacher = tf.zeros([B, T, arch.groups ?? 1]) as tf.Tensor3D;
    const probs = gated.forward(batch.ids, { teacherGroups: teacher }).choices?.gateProbs?.dataSync() ?? [];
    assert.ok(probs.length > 0);
    for (const p of probs) assert.ok([0, g, 1 - g, 1].some((x) => Math.abs(p - x) < 1e-6), `gate probability ${p}`);
    assert.ok([...probs].some((p) => Math.abs(p - g) < 1e-6) && [...probs].some((p) => Math.abs(p - (1 - g)) < 1e-6), 'the two choices disagree somewhere');
    tf.dispose([batch.ids, teacher]);
    plain.dispose();
    gated.dispose();
  });
  it('the padding id is 0 and never a word', () => {
    assert.equal(archFor('registers').vocabulary[0], PAD);
  });
});
