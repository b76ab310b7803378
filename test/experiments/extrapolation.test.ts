// The uniform-range check's numbers: deterministic by seed, uniform over the whole range, every style.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { UNIFORM_MAX, uniformSet } from '../../src/experiments/extrapolation.ts';

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
