// The committed models read every phrase of the committed datasets exactly as recorded in
// test/fixtures/readings.json (written by test/fixtures/readings.ts from the code before the layout and the
// register-operation table): refactors of the reader, the served path or the Predictor must not change them.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { recordReadings, type Readings } from '../fixtures/readings.ts';
import { ROOT } from '../helpers.ts';

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
