// The Predictor's readings of a phrase being typed, as the page shows them.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { initBackend } from '../../src/model/backend.ts';
import { loadPredictor } from '../../src/reading/load.ts';
import { confirmedReading, Predictor } from '../../src/reading/predict.ts';
import type { PhraseError } from '../../src/language/errors.ts';

it('a confirmed reading holds the finished words while a number word may still grow', async () => {
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
    assert.deepEqual([nine.exact, nine.referenceExact], ['900', '900'], 'the exact values are the confirmed words\' too');
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

it('the network answers the forms its meta.json says it was trained on, and refuses the rest naming them', async () => {
  const cardinal = await loadPredictor('models/default', await initBackend(() => undefined));
  const years = new Predictor(cardinal.reader, { ...cardinal.meta, forms: ['cardinal', 'year'] }, cardinal.backend);
  try {
    assert.throws(() => cardinal.predictPhrase('nineteen eighty four'), /trained on cardinals only, not on years/);
    // Answered by the network: whether it reads it right is the model's business, not the gate's.
    assert.equal(years.predictPhrase('nineteen eighty four').reader, 'network');
    assert.throws(() => years.predictPhrase('one two three four five'), (e: PhraseError) => e.code === 'unlearned_form' && /trained on cardinals, years only, not on digit strings/.test(e.message));
  } finally {
    cardinal.dispose();
  }
});
