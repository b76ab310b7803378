import assert from 'node:assert/strict';
import { readFile, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend.ts';
import { resolveConfig } from '../../src/common/config.ts';
import { HEADS } from '../../src/model/choices.ts';
import { TRAIN_DEFAULTS, TRAIN_FIELDS } from '../../src/training/config.ts';
import { makeExample, planSplits, readDataset, SPLIT_NAMES, type Dataset } from '../../src/data/dataset.ts';
import { evaluateExamples } from '../../src/evaluation/evaluate.ts';
import { predictRunning } from '../../src/model/running.ts';
import type { ModelMeta } from '../../src/model/artifacts.ts';
import { loadModel, saveModel } from '../../src/model/files.ts';
import { padBatch } from '../../src/model/encode.ts';
import { NumberReader, type Architecture } from '../../src/model/reader.ts';
import { architectureFor, train } from '../../src/training/train.ts';
import { PAD } from '../../src/language/vocab.ts';
import { tempDir } from '../helpers.ts';

before(async () => {
  await initBackend(() => undefined);
});

/** 0–999 in British style: 72 train / 24 val / 24 test numbers. */
function tinyDataset(): Dataset {
  const options = { split: 'random' as const, min: 0, max: 999, count: 120, styles: ['british' as const], seed: 3, trainFraction: 0.6, valFraction: 0.2 };
  const plan = planSplits(options);
  const splits = Object.fromEntries(SPLIT_NAMES.map((s) => [s, plan[s].map((i) => makeExample(i.value, i.style))])) as Dataset['splits'];
  const vocabulary = [...new Set(SPLIT_NAMES.flatMap((s) => splits[s].flatMap((e) => e.tokens)))];
  return { manifest: { generator: 'nalu-words', generatorVersion: 1, seed: 3, options: { ...options, format: 'jsonl' }, counts: { train: 72, val: 24, test: 24 }, vocabulary, hash: 'tiny' }, splits };
}

const phrases = [['seven'], ['seven', 'hundred', 'and', 'seventy', 'seven'], ['ninety', 'nine'], ['one', 'hundred']];

function archFor(head: Architecture['head'], headInput = 'h'): Architecture {
  const dataset = tinyDataset();
  return architectureFor(dataset, resolveConfig(TRAIN_DEFAULTS, TRAIN_FIELDS, { head, embedding: '8', hidden: '12', headInput }));
}

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
  it('the padding id is 0 and never a word', () => {
    assert.equal(archFor('registers').vocabulary[0], PAD);
  });
});

describe('training', () => {
  it('a short run on the paper split (169 phrases) reads all 631 test numbers exactly, leaking no tensors', async () => {
    const dataset = await readDataset('data/paper');
    // Measured: 100 % exact on train, validation and test, best epoch 217, about 18 s on wasm.
    const config = resolveConfig(TRAIN_DEFAULTS, TRAIN_FIELDS, { epochs: '300', batch: '32', seed: '1' });
    const counts: number[] = [];
    const result = await train(dataset, config, { onEpoch: (r) => r.epoch > 1 && counts.push(tf.memory().numTensors) });
    // Training holds a fixed set of tensors (weights, Adam moments): the count is flat from epoch 2 on.
    assert.ok(counts.length > 10);
    assert.equal(Math.min(...counts), Math.max(...counts), `tensor count drifted: ${Math.min(...counts)}…${Math.max(...counts)}`);
    // An untrained reader is off by hundreds; the registers read every one of these numbers after training.
    const trainMetrics = evaluateExamples(result.reader, dataset.splits.train);
    const testMetrics = evaluateExamples(result.reader, dataset.splits.test);
    assert.equal(trainMetrics.exact, 1, `train exact ${trainMetrics.exact}`);
    assert.equal(testMetrics.exact, 1, `test exact ${testMetrics.exact}`);
    assert.ok(testMetrics.mae <= 0.05, `test MAE ${testMetrics.mae}`);
    const selected = evaluateExamples(result.reader, dataset.splits.val, { roundRegisters: false }).relativeError;
    assert.ok(result.bestEpoch > 0);
    assert.equal(result.bestValError, selected, 'the best-validation weights are the ones returned');
    result.reader.dispose();
  });
  it('is deterministic by seed', async () => {
    const dataset = tinyDataset();
    const config = resolveConfig(TRAIN_DEFAULTS, TRAIN_FIELDS, { epochs: '5', hidden: '8', embedding: '4', seed: '2', patience: '100' });
    const a = await train(dataset, config);
    const b = await train(dataset, config);
    assert.deepEqual(predictRunning(a.reader, phrases), predictRunning(b.reader, phrases));
    a.reader.dispose();
    b.reader.dispose();
  });
});

describe('save and load', () => {
  const meta = (reader: NumberReader): ModelMeta => ({
    name: 'roundtrip', head: reader.arch.head, loss: 'running', vocabulary: reader.arch.vocabulary.slice(1), maxTokens: 5,
    hyperparameters: TRAIN_DEFAULTS, dataset: { path: 'tiny', hash: 'tiny', counts: {} }, seed: 1, backend: 'wasm', trainingSeconds: 0,
    epochsRun: 0, bestEpoch: 0, stoppedBy: 'epochs', createdAt: '2026-01-01T00:00:00.000Z',
    metrics: { train: { n: 0, mae: 0, exact: 0, runningMae: 0, relativeError: 0 }, val: { n: 0, mae: 0, exact: 0, runningMae: 0, relativeError: 0 }, test: { n: 0, mae: 0, exact: 0, runningMae: 0, relativeError: 0 } },
  });
  for (const head of HEADS) {
    it(`${head}: save → load gives identical predictions`, async () => {
      const reader = NumberReader.create(archFor(head), 11);
      const dir = path.join(await tempDir(), 'model');
      await saveModel(dir, reader, meta(reader));
      const loaded = await loadModel(dir);
      assert.deepEqual(predictRunning(loaded.reader, phrases), predictRunning(reader, phrases));
      assert.equal(loaded.meta.name, 'roundtrip');
      reader.dispose();
      loaded.reader.dispose();
    });
  }
  for (const head of ['nalu', 'nau-nmu'] as const) {
    it(`${head} reading [h, c]: save → load gives identical predictions; a bad head input is refused`, async () => {
      const reader = NumberReader.create(archFor(head, 'hc'), 12);
      assert.equal(reader.arch.headInput, 'hc');
      const dir = path.join(await tempDir(), 'model');
      await saveModel(dir, reader, meta(reader));
      const loaded = await loadModel(dir);
      assert.equal(loaded.reader.arch.headInput, 'hc');
      assert.deepEqual(predictRunning(loaded.reader, phrases), predictRunning(reader, phrases));
      loaded.reader.dispose();
      const model = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
      model.modelTopology.architecture.headInput = 'hcx';
      await writeFile(path.join(dir, 'model.json'), JSON.stringify(model));
      await assert.rejects(loadModel(dir), /no valid architecture/);
      reader.dispose();
    });
  }
  it('a missing or corrupt model fails with a clear message', async () => {
    const reader = NumberReader.create(archFor('registers'), 1);
    const dir = path.join(await tempDir(), 'model');
    await saveModel(dir, reader, meta(reader));
    reader.dispose();
    await assert.rejects(loadModel(path.join(dir, 'nope')), /cannot read .*model\.json: no such file/);
    const weights = await readFile(path.join(dir, 'weights.bin'));
    await writeFile(path.join(dir, 'weights.bin'), weights.subarray(0, 100));
    await assert.rejects(loadModel(dir), /weights do not decode|missing|shape/);
    await writeFile(path.join(dir, 'model.json'), '{ "format": ');
    await assert.rejects(loadModel(dir), /cannot read .*model\.json/);
    await writeFile(path.join(dir, 'model.json'), JSON.stringify({ modelTopology: { format: 'something-else' }, weightsManifest: [] }));
    await assert.rejects(loadModel(dir), /not a nalu-words-reader model/);
    await rm(path.join(dir, 'weights.bin'));
    await writeFile(path.join(dir, 'model.json'), JSON.stringify({ modelTopology: { format: 'nalu-words-reader', architecture: { head: 'registers' } }, weightsManifest: [{ paths: ['weights.bin'], weights: [] }] }));
    await assert.rejects(loadModel(dir), /cannot read weights file|no valid architecture/);
  });
});
