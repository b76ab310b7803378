// The uniform-range check's numbers: deterministic by seed, uniform over the whole range, every style; and
// the end report of validation per form per seed.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { type SeedResult, UNIFORM_MAX, uniformSet, validationSummary } from '../../src/experiments/extrapolation.ts';
import { validationRecord } from '../../src/evaluation/forms.ts';

it('draws cardinals uniformly over 0 … UNIFORM_MAX in every style, the same for the same seed', () => {
  const set = uniformSet(3000, 5);
  assert.equal(set.length, 3000);
  assert.deepEqual(uniformSet(3000, 5).map((e) => e.phrase), set.map((e) => e.phrase));
  assert.notDeepEqual(uniformSet(50, 6).map((e) => e.value), set.slice(0, 50).map((e) => e.value));
  assert.ok(set.every((e) => Number.isInteger(e.value) && e.value >= 0 && e.value <= UNIFORM_MAX));
  // Uniform, not log-uniform: about 90 % have nine digits, about half lie above the middle.
  const nineDigits = set.filter((e) => e.value >= 1e8).length / set.length;
  assert.ok(nineDigits > 0.87 && nineDigits < 0.93, `nine digits: ${nineDigits}`);
  const upper = set.filter((e) => e.value > UNIFORM_MAX / 2).length / set.length;
  assert.ok(upper > 0.46 && upper < 0.54, `upper half: ${upper}`);
  // Styles vary: British "and" and hyphenated phrasings both occur.
  assert.ok(set.some((e) => e.tokens.includes('and')) && set.some((e) => e.phrase.includes('-')));
  assert.ok(set.every((e) => e.running.at(-1) === e.value));
});

it('the end report lists validation exact per form for every seed and names the seeds that missed the target', () => {
  const m = (exact: number) => ({ n: 10, mae: 0, exact, runningMae: 0, relativeError: 0 });
  const seed = (n: number, cardinal: number, year: number) => {
    const valPerForm = { cardinal: m(cardinal), year: m(year) };
    const val = m((cardinal + year) / 2);
    return { seed: n, val, valPerForm, validation: validationRecord(val.exact, valPerForm, 1) } as unknown as SeedResult;
  };
  assert.equal(validationSummary([seed(1, 1, 1), seed(2, 1, 0.8)]), [
    '| seed | cardinal (val) | year (val) | validation | target met |',
    '|---|---:|---:|---:|---|',
    '| 1 | 100% | 100% | 100% | yes |',
    '| 2 | 100% | 80.0% | 90.0% | NO |',
    '',
    'VALIDATION TARGET MISSED by seed 2 (target 100% on every form).',
  ].join('\n'));
  assert.match(validationSummary([seed(1, 1, 1)]), /Every seed met the validation target \(100% on every form\)\.$/);
});
