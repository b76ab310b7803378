// The register head's operations table: the choices it gives for G groups, and each operation in words, as
// the page's table and the API's ops.summary show it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { registerStep } from '../../src/model/reader.ts';
import { readDataset, SPLIT_NAMES } from '../../src/data/dataset.ts';
import { readModel } from '../../src/model/folder.ts';
import { BARRED_LOGIT, barredOnceScaled, choiceLayout, columnOf, describeOps, GROUP_BASE, groupsValue, landsOnOccupied, landsOnOccupiedTf, moveGroupWidth, operationChoices, operationsOf, placedColumns, registerStepF64, scaledBarLogits, trainingChoices, valueGroups, WORD_PARAMETERS, type OperationChoice } from '../../src/model/registers.ts';

it('describes each operation in words', () => {
  const ops = (o: Partial<Parameters<typeof describeOps>[0]>) => describeOps({ operand: 0, multiplier: 1, carry: 0, implied: 0, group: 0, ...o });
  assert.equal(ops({ operand: 7 }), '+ 7');
  assert.equal(ops({ multiplier: 99.9993, operand: 0.001 }), '× 100');
  assert.equal(ops({ multiplier: 10, operand: -2.5 }), '× 10, − 2.5');
  assert.equal(ops({ implied: 1, multiplier: 100 }), 'one, × 100');
  assert.equal(ops({ implied: 1, carry: 1, group: 2 }), 'one, move to millions');
  // With the units before the token, "one" only where the implied one was added: empty units, a word that takes one.
  assert.equal(ops({ implied: 1, carry: 1, group: 1, units: 0 }), 'one, move to thousands');
  assert.equal(ops({ implied: 1, multiplier: 100, units: 0 }), 'one, × 100');
  assert.equal(ops({ implied: 1, multiplier: 100, units: 5 }), '× 100');
  assert.equal(ops({ implied: 1, operand: 2, units: 0 }), '+ 2');
  assert.equal(ops({ implied: 1 }), 'one');
  assert.equal(ops({ carry: 1, group: 1, operand: 5 }), 'move to thousands');
  assert.equal(ops({ carry: 1, group: 7 }), 'move to group 7');
  assert.equal(ops({}), 'keep');
  const [act, , digit, pair] = operationsOf(['act', 'move', 'digit', 'pair']);
  assert.equal(describeOps({ operand: 2, multiplier: 1, carry: 0, implied: 0, group: 0 }, digit), 'shift one digit, + 2');
  assert.equal(describeOps({ operand: 80, multiplier: 1, carry: 0, implied: 0, group: 0 }, pair), 'shift two digits, + 80');
  assert.equal(describeOps({ operand: 7, multiplier: 1, carry: 0, implied: 0, group: 0 }, act), '+ 7');
});

it('takes the entries a model names in the table order, the cardinal table when it names none', () => {
  const names = (ops?: Parameters<typeof operationsOf>[0]) => operationsOf(ops).map((o) => o.name);
  assert.deepEqual(names(), ['act', 'move']);
  assert.deepEqual(names(['pair', 'act', 'digit']), ['act', 'digit', 'pair']);
  assert.deepEqual(operationChoices(3, ['act', 'move', 'digit', 'pair']).map((c) => `${c.operation.name}→${c.target}`), ['act→0', 'move→1', 'move→2', 'digit→0', 'pair→0']);
  assert.equal(choiceLayout(3, 'word', ['act', 'move', 'digit', 'pair']).contextColumns, 4);
  assert.equal(trainingChoices(3, ['act', 'digit']).length, 4);
});

it('appends a digit to the whole number: every higher group shifts with the units (float64 and tfjs)', () => {
  const digit = operationChoices(3, ['act', 'move', 'digit', 'pair']).find((c) => c.operation.name === 'digit') as OperationChoice;
  const pair = operationChoices(3, ['act', 'move', 'digit', 'pair']).find((c) => c.operation.name === 'pair') as OperationChoice;
  const word = { operand: 5, logScale: 0, multiplier: 1 };
  // 1,234 → "five" → 12,345 before the carry: units 2345, thousands 10.
  const groups = Float64Array.from([234, 1, 0]);
  registerStepF64(groups, digit, true, word);
  assert.deepEqual([...groups], [2345, 10, 0]);
  registerStepF64(groups, pair, false, word);
  assert.deepEqual([...groups], [234505, 1000, 0]);
  const column = (name: string) => operationChoices(3, ['act', 'move', 'digit', 'pair']).findIndex((c) => c.operation.name === name);
  const tfStep = (name: string) =>
    registerStep(
      tf.tensor2d([[234, 1, 0]]),
      { operand: tf.tensor2d([[5]]), logScale: tf.tensor2d([[0]]), implied: tf.tensor2d([[1]]), op: tf.oneHot(tf.tensor1d([column(name)], 'int32'), 5).toFloat() as tf.Tensor2D },
      ['act', 'move', 'digit', 'pair'],
    ).arraySync()[0];
  assert.deepEqual(tfStep('digit'), [2345, 10, 0]);
  assert.deepEqual(tfStep('pair'), [23405, 100, 0]);
  assert.deepEqual(tfStep('act'), [239, 1, 0]);
});

it('gives one softmax column per operation and target group, each twice for training (without, then with an implied one)', () => {
  const columns = (G: number) => operationChoices(G).map((c) => `${c.operation.name}→${c.target}`);
  assert.deepEqual(columns(1), ['act→0']);
  assert.deepEqual(columns(3), ['act→0', 'move→1', 'move→2']);
  assert.deepEqual(
    trainingChoices(2).map((c) => `${c.implied}:${c.column}`),
    ['0:0', '0:1', '1:0', '1:1'],
  );
  assert.equal(trainingChoices(4).length, 2 * operationChoices(4).length);
});

it("with word targets the LSTM chooses among operations and the word picks a move's group; with context targets the LSTM picks both", () => {
  const word = choiceLayout(4, 'word');
  assert.equal(word.contextColumns, 2);
  assert.deepEqual(word.columns, [{ context: 0, word: null }, { context: 1, word: 0 }, { context: 1, word: 1 }, { context: 1, word: 2 }]);
  // Every (LSTM column, word target) names the operation column it performs: act whatever the word's group.
  assert.deepEqual([0, 1, 2].map((w) => columnOf(word, 0, w)), [0, 0, 0]);
  assert.deepEqual([0, 1, 2].map((w) => columnOf(word, 1, w)), [1, 2, 3]);
  const context = choiceLayout(4, 'context');
  assert.equal(context.contextColumns, 4);
  assert.deepEqual([0, 1, 2, 3].map((l) => columnOf(context, l, 2)), [0, 1, 2, 3]);
  // One target group leaves the word nothing to choose: no per-word categorical.
  assert.deepEqual([moveGroupWidth(2, 'word'), moveGroupWidth(3, 'word'), moveGroupWidth(4, 'context')], [0, 2, 0]);
});

it('place value: an add lands only on empty places, a shift only a value that fits (float64 and tfjs alike), and no shift follows a scaling word', () => {
  // [units, word value, lands on a nonzero digit]: "eighteen twenty" (a year), "twenty two", "one hundred five",
  // "one hundred five" + "twenty", "one two" (a digit string), adding nothing, a word's value not yet an integer.
  const cases: [number, number, boolean][] = [
    [18, 20, true],
    [20, 2, false],
    [100, 5, false],
    [105, 20, true],
    [1, 2, true],
    [19, 0, false],
    [0, 7, false],
    [120, 7.4, false],
    [300, 150, true],
    [0, 999, false],
  ];
  assert.deepEqual(cases.map(([u, v]) => landsOnOccupied(u, v)), cases.map((c) => c[2]));
  const tfRows = landsOnOccupiedTf(tf.tensor2d(cases.map((c) => [c[0]])), tf.tensor2d(cases.map((c) => [c[1]])), tf).arraySync().map((r) => r[0] === 1);
  assert.deepEqual(tfRows, cases.map((c) => c[2]));
  // Every units group (0-999) against every word value (0-999): the tfjs steps agree with float64 everywhere.
  const units = Array.from({ length: 1000 * 1000 }, (_, i) => Math.floor(i / 1000));
  const values = Array.from({ length: 1000 * 1000 }, (_, i) => i % 1000);
  const swept = landsOnOccupiedTf(tf.tensor2d(units, [units.length, 1]), tf.tensor2d(values, [values.length, 1]), tf).dataSync();
  assert.equal(units.filter((u, i) => (swept[i] === 1) !== landsOnOccupied(u, values[i] as number)).length, 0);
  const names = ['act', 'move', 'digit', 'pair', 'negate'] as const;
  // The entries that can misplace a value: act (an add) and the shifts; with word targets LSTM columns 0, 2, 3.
  assert.deepEqual(placedColumns(3, 'word', names).map((c) => c.context), [0, 2, 3]);
  const entry = (name: string) => operationsOf(names).find((o) => o.name === name)?.misplaced;
  const word = (operand: number, multiplier = 1) => ({ operand, logScale: Math.log(multiplier), multiplier });
  // [entry, units before, word value, multiplier, misplaced]: an add onto 18 (a year's second half), a word that
  // multiplies (never an add), a digit of 20 ("two twenty" is not 40), a digit of 7, a pair of 80 and of 150.
  const rows: [string, number, number, number, boolean][] = [
    ['act', 18, 20, 1, true],
    ['act', 20, 2, 1, false],
    ['act', 7, 0, 100, false],
    ['digit', 2, 20, 1, true],
    ['digit', 2, 7, 1, false],
    ['pair', 19, 80, 1, false],
    ['pair', 1, 150, 1, true],
  ];
  for (const [name, units, operand, multiplier, expected] of rows) {
    const rule = entry(name);
    assert.equal(rule?.f64(units, word(operand, multiplier)), expected, `${name} ${operand} onto ${units}`);
    const tfRule = rule?.tf(tf.tensor2d([[units]]), { operand: tf.tensor2d([[operand]]), logScale: tf.tensor2d([[Math.log(multiplier)]]) }, tf).arraySync()[0]?.[0];
    assert.equal(tfRule, expected ? 1 : 0, `${name} ${operand} onto ${units} (tfjs)`);
  }
  assert.equal(entry('move'), null);
  // After a scaling word: digit under digit unscaled; digit and pair under place value (LSTM columns act, move, digit, pair, negate).
  assert.deepEqual(scaledBarLogits(3, 'word', names, { digitUnscaled: true }), [0, 0, BARRED_LOGIT, 0, 0]);
  assert.deepEqual(scaledBarLogits(3, 'word', names, { placeValue: true }), [0, 0, BARRED_LOGIT, BARRED_LOGIT, 0]);
  // Rules that bar nothing in the table: nothing to track.
  assert.equal(scaledBarLogits(3, 'word', ['act', 'move'], { digitUnscaled: true, placeValue: true }), null);
});

it("place value never bars a phrase's true reading: every token of the forms data some entry explains, an entry the rule leaves open explains", async () => {
  // The word values are a trained model's (models/forms: digit strings, years, negatives beside cardinals).
  const { arch, weights } = await readModel('models/forms');
  const G = arch.groups ?? 1;
  const operand = weights.get('head/operand') as Float32Array;
  const logScale = weights.get('head/log_scale') as Float32Array;
  const wordOf = (id: number) => {
    const ls = (logScale[id] as number) * WORD_PARAMETERS.log_scale.unit;
    return { operand: Math.round((operand[id] as number) * WORD_PARAMETERS.operand.unit), logScale: ls, multiplier: Math.round(Math.exp(ls)) };
  };
  const choices = operationChoices(G, arch.operations);
  const dataset = await readDataset('data/extrapolation-forms');
  const known = new Set(arch.vocabulary);
  const rows = SPLIT_NAMES.flatMap((s) => dataset.splits[s]).filter((e) => ['cardinal', 'digits', 'year'].includes(e.form ?? 'cardinal') && e.tokens.every((t) => known.has(t)) && e.running.every((v) => Math.abs(v) < GROUP_BASE ** G && Number.isSafeInteger(v)));
  let explained = 0;
  let barredWrong = 0;
  const barredTruth: string[] = [];
  for (const row of rows) {
    let before = 0;
    let scaled = false;
    row.tokens.forEach((token, t) => {
      const word = wordOf(arch.vocabulary.indexOf(token));
      const truth = Math.abs(row.running[t] as number);
      const units = valueGroups(before, G)[0] as number;
      const outcomes = choices.flatMap((choice) =>
        [false, true].map((implied) => {
          const groups = Float64Array.from(valueGroups(before, G));
          registerStepF64(groups, choice, implied, word);
          const barred = choice.operation.misplaced?.f64(units, word) === true || (scaled && barredOnceScaled(choice.operation, { placeValue: true }));
          return { right: groupsValue([...groups]) === truth, barred, scales: choice.operation.scales.f64(word) };
        }),
      );
      const open = outcomes.find((o) => o.right && !o.barred);
      if (outcomes.some((o) => o.right)) explained++;
      if (outcomes.some((o) => o.right) && !open) barredTruth.push(`${row.phrase} (token ${t + 1})`);
      barredWrong += outcomes.filter((o) => o.barred && !o.right).length;
      if (open?.scales) scaled = true;
      before = truth;
    });
  }
  assert.ok(rows.length > 2000 && explained > 10000, `${rows.length} phrases, ${explained} tokens explained`);
  assert.deepEqual(barredTruth, []);
  // And it does bar something: wrong outcomes ("twenty" adding onto "eighteen") are out of the choice.
  assert.ok(barredWrong > 1000, `${barredWrong} wrong outcomes barred`);
});
