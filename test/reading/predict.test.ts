// The register head's operation in words, as the page's table and the API's ops.summary show it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeOps } from '../../src/reading/predict.ts';

it('describes each operation in words', () => {
  const ops = (o: Partial<Parameters<typeof describeOps>[0]>) => describeOps({ operand: 0, multiplier: 1, carry: 0, implied: 0, group: 0, ...o });
  assert.equal(ops({ operand: 7 }), '+ 7');
  assert.equal(ops({ multiplier: 99.9993, operand: 0.001 }), '× 100');
  assert.equal(ops({ multiplier: 10, operand: -2.5 }), '× 10, − 2.5');
  assert.equal(ops({ implied: 1, multiplier: 100 }), 'one, × 100');
  assert.equal(ops({ implied: 1, carry: 1, group: 2 }), 'one, move to millions');
  assert.equal(ops({ carry: 1, group: 1, operand: 5 }), 'move to thousands');
  assert.equal(ops({ carry: 1, group: 7 }), 'move to group 7');
  assert.equal(ops({}), 'keep');
});

it('a confirmed reading holds the finished words while a number word may still grow', async () => {
  const { initBackend } = await import('../../src/model/backend.ts');
  const { loadPredictor } = await import('../../src/reading/load.ts');
  const { confirmedReading } = await import('../../src/reading/predict.ts');
  const predictor = await loadPredictor('models/default', await initBackend(() => undefined));
  try {
    const typed = 'nine hundred ninety';
    const start = 'nine hundred '.length;
    const shown = [];
    for (let end = start + 1; end <= typed.length; end++) shown.push(confirmedReading(predictor.predictPartial(typed.slice(0, end))).rounded);
    // "n", "ni", "nin", "nine" (may still become ninety), "ninet": 900; "ninety": 990.
    assert.deepEqual(shown, [900, 900, 900, 900, 900, 990]);
    const nine = confirmedReading(predictor.predictPartial(typed.slice(0, start + 4)));
    assert.deepEqual(nine.steps.map((s) => s.reference), [9, 900]);
    assert.equal(nine.reference, 900);
    assert.equal(nine.agrees, true);
    assert.equal(nine.pending?.text, 'nine');
    const none = confirmedReading(predictor.predictPartial('seven'));
    assert.deepEqual([none.steps, none.value, none.rounded, none.reference, none.agrees], [[], null, null, null, null]);
    // Nothing held back once the word is finished.
    assert.deepEqual(confirmedReading(predictor.predictPartial('nine hundred nine ')), predictor.predictPartial('nine hundred nine '));
  } finally {
    predictor.dispose();
  }
});
