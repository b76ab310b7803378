// The register head's float64 reading agrees with its tfjs forward pass, token by token, on every phrase of
// the extrapolation split and on the paper's 0–999: values, groups and the operation chosen.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../src/model/backend.ts';
import { readDataset } from '../../src/data/dataset.ts';
import { predictRunning, predictRunningTfjs } from '../../src/model/running.ts';
import { encodeTokens, modelVocabulary } from '../../src/model/encode.ts';
import { loadModel } from '../../src/model/files.ts';
import type { NumberReader } from '../../src/model/reader.ts';

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
      const tfjs = predictRunningTfjs(reader, phrases.map((tokens) => encodeTokens(vocab, tokens)));
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
});
