// A reader's figures over examples: the relative error training selects on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeExample } from '../../src/data/dataset.ts';
import { evaluateExamples } from '../../src/evaluation/evaluate.ts';
import { initBackend } from '../../src/model/backend.ts';
import { loadModel } from '../../src/model/files.ts';

describe('evaluateExamples', () => {
  it('the relative error is the miss over the size of the number, negatives too (not the absolute miss)', async () => {
    await initBackend(() => undefined);
    const { reader } = await loadModel('models/forms');
    try {
      // Labels 5 off what models/forms reads ("minus seven thousand …" is read exactly): a miss of 5 on 7780.
      const labelled = [7775, 12].map((v) => makeExample(v, 'british', 'zero', 'negative')).map((e) => ({ ...e, value: e.value - 5 }));
      const m = evaluateExamples(reader, labelled);
      assert.equal(m.mae, 5);
      assert.equal(m.exact, 0);
      assert.ok(Math.abs(m.relativeError - (5 / 7780 + 5 / 17) / 2) < 1e-9, String(m.relativeError));
    } finally {
      reader.dispose();
    }
  });
});
