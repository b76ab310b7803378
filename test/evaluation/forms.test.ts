// The phrase-form breakdown of a reader's error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeExample } from '../../src/data/dataset.ts';
import { formErrors, phraseForm } from '../../src/evaluation/forms.ts';

describe('phrase forms', () => {
  it('classifies numbers below 1000 and splits the error by form', () => {
    assert.deepEqual([7, 13, 42, 900, 902].map(phraseForm), ['digit', 'teen', 'two-digit', 'bare hundred', 'hundred and']);
    const examples = [900, 902, 13].map((v) => makeExample(v, 'british'));
    const errors = formErrors(examples, [814, 902.5, 13]);
    assert.deepEqual(errors['bare hundred'], { n: 1, mae: 86, share: 86 / 86.5 });
    assert.deepEqual(errors['hundred and'], { n: 1, mae: 0.5, share: 0.5 / 86.5 });
    assert.deepEqual(errors.teen, { n: 1, mae: 0, share: 0 });
    assert.equal(errors['two-digit'], undefined);
  });
});
