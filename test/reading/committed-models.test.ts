// The committed models read every phrase of the committed datasets exactly as recorded in
// test/fixtures/readings.json (written by test/fixtures/readings.ts: models/paper-nalu's record from the code
// before the layout and the register-operation table, unchanged since; models/default's from the commit that
// shipped the issue-19 model, its steps re-recorded once when ops.summary stopped saying "one" where the implied
// one changes nothing, its values unchanged): refactors of the reader, the served path or the Predictor must not change them.
// And the shipped paper-protocol NALU says what it is and shows its gate.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type Readings, recordReadings } from '../fixtures/readings.ts';
import { ROOT } from '../helpers.ts';
import { initBackend } from '../../src/model/backend.ts';
import type { TrainConfig } from '../../src/training/config.ts';
import { readDataset } from '../../src/data/dataset.ts';
import { evaluateExamples } from '../../src/evaluation/evaluate.ts';
import { loadPredictor } from '../../src/reading/load.ts';

describe('the committed models read as recorded', () => {
  it('same final value on every phrase, same steps (sha256), for models/default and models/paper-nalu', async () => {
    const recorded = JSON.parse(await readFile(path.join(ROOT, 'test', 'fixtures', 'readings.json'), 'utf8')) as Readings;
    const now = await recordReadings(ROOT);
    let compared = 0;
    for (const [model, byData] of Object.entries(recorded.values)) {
      for (const [data, values] of Object.entries(byData)) {
        assert.deepEqual(now.values[model]?.[data], values, `${model} on ${data}`);
        compared += values.filter((v) => v !== null).length;
      }
    }
    assert.deepEqual(now.steps, recorded.steps);
    assert.ok(compared > 7000, `compared ${compared} readings`);
  });
});

describe('the shipped paper-protocol NALU (models/paper-nalu)', () => {
  it('loads, says it trained on the final value, and shows its gate for every token', async () => {
    const backend = await initBackend(() => undefined);
    const predictor = await loadPredictor('models/paper-nalu', backend);
    try {
      assert.equal(predictor.meta.head, 'nalu');
      assert.equal(predictor.meta.loss, 'final');
      assert.equal(predictor.reader.arch.headInput, (predictor.meta.hyperparameters as TrainConfig).headInput);
      const result = predictor.predictPhrase('seven hundred and seventy seven');
      assert.equal(result.steps.length, 5);
      for (const step of result.steps) assert.ok(typeof step.gate === 'number' && step.gate >= 0 && step.gate <= 1, `gate ${step.gate}`);
      // Its final value is its own reading, checked against the test MAE recorded at training.
      const test = await readDataset(predictor.meta.dataset.path);
      const mae = evaluateExamples(predictor.reader, test.splits.test).mae;
      assert.ok(Math.abs(mae - predictor.meta.metrics.test.mae) < 1e-3, `test MAE ${mae} vs meta ${predictor.meta.metrics.test.mae}`);
    } finally {
      predictor.dispose();
    }
  });
});
