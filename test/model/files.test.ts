// Saving and loading readers of every head, and clear failures for missing or corrupt files.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../src/model/backend.ts';
import { TRAIN_DEFAULTS } from '../../src/training/config.ts';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HEADS } from '../../src/model/choices.ts';
import { predictRunning } from '../../src/model/running.ts';
import type { ModelMeta } from '../../src/model/artifacts.ts';
import { loadModel, saveModel } from '../../src/model/files.ts';
import { NumberReader } from '../../src/model/reader.ts';
import { tempDir } from '../helpers.ts';
import { archFor, phrases, tinyDataset } from '../fixtures/tiny.ts';

before(async () => {
  await initBackend(() => undefined);
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
      await saveModel(dir, reader, meta(reader), tinyDataset().splits.val.map((e) => e.tokens));
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
      await saveModel(dir, reader, meta(reader), tinyDataset().splits.val.map((e) => e.tokens));
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
    await saveModel(dir, reader, meta(reader), tinyDataset().splits.val.map((e) => e.tokens));
    reader.dispose();
    await assert.rejects(loadModel(path.join(dir, 'nope')), /cannot read .*model\.json: no such file/);
    const weights = await readFile(path.join(dir, 'weights.bin'));
    await writeFile(path.join(dir, 'weights.bin'), weights.subarray(0, 100));
    await assert.rejects(loadModel(dir), /the weights hold 100 bytes, model\.json describes \d+/);
    await writeFile(path.join(dir, 'model.json'), '{ "format": ');
    await assert.rejects(loadModel(dir), /cannot read .*model\.json/);
    await writeFile(path.join(dir, 'model.json'), JSON.stringify({ modelTopology: { format: 'something-else' }, weightsManifest: [] }));
    await assert.rejects(loadModel(dir), /not a nalu-words-reader model/);
    await rm(path.join(dir, 'weights.bin'));
    await writeFile(path.join(dir, 'model.json'), JSON.stringify({ modelTopology: { format: 'nalu-words-reader', architecture: { head: 'registers' } }, weightsManifest: [{ paths: ['weights.bin'], weights: [] }] }));
    await assert.rejects(loadModel(dir), /cannot read weights file|no valid architecture/);
  });
});
