// The forms experiment's sets and report: the years it checks are never training numbers, and the report says
// per seed how each form, band and digit length read, with the target counted from those figures.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { makeExample, type Dataset } from '../../src/data/dataset.ts';
import { DIGIT_LENGTHS, formsMarkdown, unseenYears, type ClassScores, type FormsSeedResult } from '../../src/experiments/forms.ts';
import { BANDS, type SetScore } from '../../src/experiments/extrapolation.ts';
import { exampleForm } from '../../src/evaluation/forms.ts';
import { TRAIN_DEFAULTS } from '../../src/training/config.ts';

const dataset = (values: number[]): Dataset =>
  ({ manifest: {} as Dataset['manifest'], splits: { train: values.map((v) => makeExample(v, 'british')), val: [], test: [] } }) as Dataset;

it('checks every year phrase of 1000–2099 whose number is not a training number', () => {
  const years = unseenYears(dataset([1984, 1066, 5]));
  assert.equal(years.length, 1100 - 11 - 2);
  assert.ok(years.every((e) => exampleForm(e) === 'year' && e.value % 100 !== 0));
  assert.ok(!years.some((e) => e.value === 1984 || e.value === 1066));
  assert.deepEqual(years.find((e) => e.value === 1905)?.tokens, ['nineteen', 'oh', 'five']);
  assert.equal(exampleForm(makeExample(12, 'british')), 'cardinal');
  assert.equal(exampleForm(makeExample(12, 'british', 'zero', 'negative')), 'negative');
});

it('reports each seed per form, band and digit length, and counts a seed on target only when all are exact', () => {
  const score = (exact: number, n = 100): SetScore => ({ n, exact, mae: 0, runningMae: 0, relativeError: 0 });
  const classes = (exact: number): ClassScores => ({ cardinals: score(exact), digits: score(exact), oh: score(exact, 95), years: score(exact, 899), bare: score(exact, 160), article: score(exact, 160), negatives: score(exact), uniform: score(exact, 20000), paperTest: score(exact, 631) });
  const seed = (s: number, digits: number): FormsSeedResult => ({
    seed: s,
    seconds: 600,
    bestEpoch: 90,
    epochsRun: 100,
    train: score(s === 1 ? 1 : 0.9995, 2000),
    val: { cardinal: score(1), digits: score(1), year: score(1) },
    test: { cardinal: score(1), digits: score(digits) },
    bands: BANDS.map(() => score(1)),
    digitLengths: DIGIT_LENGTHS.map(() => score(digits)),
    uniform: score(0.9999, 20000),
    plain: classes(1),
    lstmMean: classes(0),
    perWordMean: classes(0),
    without: { reset: classes(0.25) },
    ...(s === 1 ? {} : { gates: { two: 0.97, thousand: 0, a: 0.2, million: 0.01 } }),
  });
  const markdown = formsMarkdown([seed(1, 1), seed(2, 0.5)], { command: 'npm run experiment:forms -- --data d', backend: 'wasm', config: { ...TRAIN_DEFAULTS, operations: ['act', 'move', 'digit', 'pair'] }, data: 'd', uniformSeed: 19 });
  assert.match(markdown, /: 1 of 2; and at 100 % of the years never in train as well: 1 of 2\.\*\*/);
  assert.match(markdown, /\| 1 \| 100\.0 % \| 100\.0 % \|/);
  assert.match(markdown, /\| 2 \| 100\.0 % \| 50\.0 % \|/);
  assert.match(markdown, /99\.99 % \(2 wrong\)/);
  assert.match(markdown, /Op table: act, move, digit, pair/);
  assert.match(markdown, /^# Results: digit strings, years beside cardinals/);
  // Train exact to two places with its misses: a seed that misses its own training phrase shows without the test.
  assert.match(markdown, /\| 100\.00 % \(0 wrong\) \| 100\.0 % \|/);
  assert.match(markdown, /\| 99\.95 % \(1 wrong\) \| 100\.0 % \|/);
  assert.match(markdown, /LSTM → mean: years never in train \(899\)/);
  // The classes apart: the implied one of a bare scale word, and "a" as one.
  assert.match(markdown, /\| LSTM → mean: bare scale \/ implied one \(160\) \| LSTM → mean: "a" as one \(160\) \| LSTM → mean: negatives 10⁴–10⁹ \(test\) \| LSTM → mean: uniform 0…10⁹ \(20000\) \|/);
  // The part every seed has, removed at inference: its own table, one column per context class.
  assert.match(markdown, /\| without reset: cardinals 10⁴–10⁹ \(test\) \|/);
  // The two large sets with their misses: one decimal would print 3 wrong of 20,000 as 100.0 %.
  assert.match(markdown, /\| 2 \| 25\.0 % \| 25\.0 % \| 25\.0 % \| 25\.0 % \| 25\.0 % \| 25\.0 % \| 25\.00 % \(75 wrong\) \| 25\.00 % \(15000 wrong\) \| 25\.0 % \|\n/);
  assert.doesNotMatch(markdown, /without per-word op logits/);
  // Gates are shown only when every seed has them.
  assert.doesNotMatch(markdown, /## Context gates/);
  // A seed on target that misses an unseen year is not on the years' count.
  const yearMiss = { ...seed(1, 1), plain: { ...classes(1), years: score(0.99, 899) } };
  assert.match(formsMarkdown([yearMiss, seed(3, 1)], { command: 'c', backend: 'wasm', config: TRAIN_DEFAULTS, data: 'd', uniformSeed: 19 }), /: 2 of 2; and at 100 % of the years never in train as well: 1 of 2\.\*\*/);
  const gated = formsMarkdown([seed(2, 1), seed(3, 1)], { command: 'c', backend: 'wasm', config: TRAIN_DEFAULTS, data: 'd', uniformSeed: 19 });
  assert.match(gated, /\| 3 \| two 0\.97 \| a 0\.20 \| 2 words \|/);
});
