// The register head's training targets: groups of the magnitude, and the sign register recovered from the
// running values by looking ahead (the value shows it only once the number is nonzero).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend.ts';
import { groupTensors } from '../../src/model/encode.ts';

before(async () => {
  await initBackend(() => undefined);
});

it('gives the groups of each magnitude before a token and the sign before and after it, 0 on padding', () => {
  // "minus two thousand five", "minus zero", "seven" (padded to 4 tokens).
  const targets = groupTensors([[0, -2, -2000, -2005], [0, 0], [7]], 4, 2);
  assert.deepEqual(Array.from(targets.before.dataSync()), [0, 0, 0, 0, 2, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(targets.target.dataSync()), [0, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0]);
  assert.deepEqual([...targets.negative.before], [0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual([...targets.negative.after], [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  tf.dispose([targets.before, targets.weights, targets.target]);
});
