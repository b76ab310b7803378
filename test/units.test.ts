// NAU / NMU with hand-set weights, the paper protocol's config, the in-memory paper-rule splits, the
// phrase-form breakdown, and one short real training run of a NAU head on [h, c].
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/model/backend.ts';
import { ConfigError } from '../src/common/config.ts';
import { GENERATE_DEFAULTS } from '../src/data/config.ts';
import { PAPER_PRESET, resolveTrainConfig, type TrainConfig } from '../src/training/config.ts';
import { makeExample, planDataset, readDataset } from '../src/data/dataset.ts';
import { evaluateExamples } from '../src/evaluation/evaluate.ts';
import { resultsMarkdown, rowKey, sectionOf, type RunResult } from '../src/experiments/paper.ts';
import { formErrors, phraseForm } from '../src/evaluation/forms.ts';
import { loadPredictor } from '../src/reading/load.ts';
import { nauForward, nmuForward, sparsityPenalty } from '../src/model/nalu.ts';
import { architectureFor, dropWords, learningRateAt, sparsityRamp, train } from '../src/training/train.ts';
import { createRng } from '../src/common/random.ts';

before(async () => {
  await initBackend(() => undefined);
});

const value = (t: tf.Tensor) => Array.from(t.dataSync());

describe('NAU and NMU', () => {
  it('NAU with weights in {-1, 0, 1} adds and subtracts exactly', () => {
    const x = tf.tensor2d([[700, 77, 5], [300, -12, 9]]);
    assert.deepEqual(value(nauForward(x, tf.tensor2d([1, 1, 0], [3, 1]))), [777, 288]);
    assert.deepEqual(value(nauForward(x, tf.tensor2d([1, -1, 0], [3, 1]))), [623, 312]);
  });
  it('NMU with weights in {0, 1} multiplies the chosen inputs and ignores the rest', () => {
    const x = tf.tensor2d([[7, 100, 3], [-2, 50, 0]]);
    assert.deepEqual(value(nmuForward(x, tf.tensor2d([1, 1, 0], [3, 1]))), [700, -100]);
    assert.deepEqual(value(nmuForward(x, tf.tensor2d([0, 0, 0], [3, 1]))), [1, 1]);
    // Two outputs: x0·x2 and x1 alone.
    assert.deepEqual(value(nmuForward(x, tf.tensor2d([[1, 0], [0, 1], [1, 0]]))), [21, 100, -0, 50]);
  });
  it('NMU has a gradient through the product', () => {
    const x = tf.tensor2d([[7, 100]]);
    const grad = tf.grad((w: tf.Tensor) => tf.sum(nmuForward(x, w as tf.Tensor2D)))(tf.tensor2d([1, 1], [2, 1]));
    // d/dw0 (w0·7 + 1 − w0)(w1·100 + 1 − w1) at w = 1: (7 − 1)·100 = 600; d/dw1 = 7·99 = 693.
    assert.deepEqual(value(grad), [600, 693]);
  });
  it('the sparsity regulariser is 0 at 0 and ±1 and largest at ±0.5', () => {
    assert.equal(value(sparsityPenalty(tf.tensor1d([0, 1, -1])))[0], 0);
    assert.equal(value(sparsityPenalty(tf.tensor1d([0.5, -0.5])))[0], 0.5);
    assert.ok(Math.abs((value(sparsityPenalty(tf.tensor1d([0.25, 0.9])))[0] as number) - 0.175) < 1e-6);
  });
});

/** A run of the results report with the given test MAE: a natural-order NAU on [h, c], every other figure 1. */
function reportRun(testMae: number, extra: Partial<RunResult> = {}): RunResult {
  const metrics = { n: 1, mae: 1, exact: 1, runningMae: 1, relativeError: 1 };
  return {
    head: 'nau', loss: 'final', seed: 1, epochs: 1, seconds: 1, headInput: 'hc', order: 'natural', recipe: 'r',
    metrics: { train: metrics, val: metrics, test: { ...metrics, mae: testMae } },
    ...extra,
  };
}

describe('--protocol paper', () => {
  it('starts from the preset, lets flags override it, and keeps the final-value loss', () => {
    const config = resolveTrainConfig({ protocol: 'paper', head: 'nau', epochs: '7' });
    assert.equal(config.loss, 'final');
    assert.equal(config.teacherForcing, false);
    assert.equal(config.head, 'nau');
    assert.equal(config.epochs, 7);
    assert.equal(config.headInput, PAPER_PRESET.headInput);
    assert.equal(resolveTrainConfig({}).loss, 'running', 'no protocol: the defaults as before');
  });
  it('refuses running targets or the register head', () => {
    assert.throws(() => resolveTrainConfig({ protocol: 'paper', loss: 'running' }), ConfigError);
    assert.throws(() => resolveTrainConfig({ protocol: 'paper', head: 'registers' }), ConfigError);
    assert.throws(() => resolveTrainConfig({ protocol: 'papers' }), /--protocol must be one of custom, paper/);
    assert.throws(() => resolveTrainConfig({ order: 'reversed' }), /--order reversed is for the paper-style heads/);
  });
  it('reversed-order runs are their own labelled group, never in the natural-order table', () => {
    const run = (order: 'natural' | 'reversed', mae: number) => reportRun(mae, { order });
    assert.notEqual(rowKey(run('natural', 1)), rowKey(run('reversed', 1)));
    const report = resultsMarkdown([run('natural', 5), run('reversed', 0.25)], { data: 'data/paper', backend: 'wasm', command: 'x' });
    const [natural, rest] = report.split('## Variant: the same protocol, tokens fed in reverse');
    assert.ok(natural?.includes('| 5.00 [5.00–5.00] |') && !natural.includes('0.250'), natural);
    assert.ok(rest?.includes('final state ([h, c], tokens reversed)') && rest.includes('| 0.250 [0.250–0.250] |'), rest);
  });
  it('word-dropout runs are their own labelled group, apart from the paper protocol\'s table', () => {
    const run = (mae: number, wordDropout?: number) => reportRun(mae, wordDropout ? { wordDropout } : {});
    assert.deepEqual([sectionOf(run(1)), sectionOf(run(1, 0.05))], ['paper', 'dropout']);
    const report = resultsMarkdown([run(5), run(2.5, 0.05)], { data: 'data/paper', backend: 'wasm', command: 'x' });
    const [paper, rest] = report.split("## Variant: the paper's protocol with word dropout");
    assert.ok(paper?.includes('| 5.00 [5.00–5.00] |') && !paper.includes('2.50 [2.50'), paper);
    assert.ok(rest?.includes('| final value, word dropout 0.05 |') && rest.includes('| 2.50 [2.50–2.50] |'), rest);
  });
  it('a reversed run with word dropout is in the reversed table, labelled with both, and in neither natural-order table', () => {
    const both = reportRun(0.3, { order: 'reversed', wordDropout: 0.005 });
    assert.equal(sectionOf(both), 'reversed');
    const report = resultsMarkdown([both], { data: 'data/paper', backend: 'wasm', command: 'x' });
    const [natural, reversed] = report.split('## Variant: the same protocol, tokens fed in reverse');
    assert.ok(!natural?.includes('0.300') && !natural?.includes("## Variant: the paper's protocol with word dropout"), natural);
    assert.ok(reversed?.includes('| final state ([h, c], tokens reversed) | final value, word dropout 0.005 |') && reversed.includes('| 0.300 [0.300–0.300] |'), reversed);
  });
  it('cosine schedule runs from the start rate to the end rate; the sparsity ramp from 0 to 1', () => {
    const config = resolveTrainConfig({ protocol: 'paper', epochs: '101', learningRate: '0.01', learningRateEnd: '0.0001', learningRateHold: '0' });
    assert.equal(learningRateAt(config, 1, 0, 1), 0.01);
    assert.ok(Math.abs(learningRateAt(config, 51, 0, 1) - 0.00505) < 1e-12);
    assert.ok(Math.abs(learningRateAt(config, 101, 0, 1) - 0.0001) < 1e-12);
    const ramp = resolveTrainConfig({ protocol: 'paper', epochs: '100', sparsityFrom: '0.2', sparsityTo: '0.6' });
    assert.deepEqual([10, 20, 40, 60, 90].map((e) => sparsityRamp(ramp, e)), [0, 0, 0.5, 1, 1]);
  });
});

describe('word dropout', () => {
  it('leaves words out at about the given rate, never the last, and labels the shortened phrase with its final value only', () => {
    const rng = createRng(7);
    const row = { ids: [3, 30, 1, 8], running: [3, 300, 300, 308] };
    const dropped = [0, 0, 0, 0];
    let changed = 0;
    for (let n = 0; n < 20000; n++) {
      const out = dropWords(rng, row, 0.2);
      assert.equal(out.ids.at(-1), 8);
      assert.equal(out.running.at(-1), 308, 'the phrase keeps its final value');
      for (const [i, id] of row.ids.entries()) if (!out.ids.includes(id)) dropped[i] = (dropped[i] ?? 0) + 1;
      if (out !== row) assert.ok(out.running.every((v) => v === 308), `no running value of the prefix may be a target: ${out.running}`);
      if (out !== row) changed++;
    }
    assert.equal(dropped[3], 0);
    for (const d of dropped.slice(0, 3)) assert.ok(Math.abs(d / 20000 - 0.2) < 0.015, `dropped ${d} of 20000`);
    assert.ok(Math.abs(changed / 20000 - (1 - 0.8 ** 3)) < 0.015, `changed ${changed}`);
    assert.deepEqual(dropWords(createRng(1), row, 0), row);
  });
  it('with `last`, the last word may go too, but a phrase never loses every word', () => {
    const rng = createRng(3);
    const row = { ids: [3, 30], running: [3, 300] };
    const seen = new Map<string, number>();
    for (let n = 0; n < 20000; n++) {
      const out = dropWords(rng, row, 0.3, true);
      // "three" alone keeps the phrase's 300, not its own running value 3.
      assert.equal(out.running.at(-1), 300);
      const key = out.ids.join(' ');
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    assert.deepEqual([...seen.keys()].sort(), ['3', '3 30', '30']);
    // Both gone (0.09) keeps the phrase whole: 0.49 + 0.09 whole, 0.21 each with one word.
    assert.ok(Math.abs((seen.get('3') ?? 0) / 20000 - 0.21) < 0.015 && Math.abs((seen.get('3 30') ?? 0) / 20000 - 0.58) < 0.015, JSON.stringify([...seen]));
  });
  it('needs the final-value loss: running values do not exist for a phrase with a word left out', () => {
    assert.throws(() => resolveTrainConfig({ head: 'nau', loss: 'running', teacherForcing: 'false', wordDropout: '0.1' }), /--word-dropout needs the final-value loss/);
    assert.equal(resolveTrainConfig({ protocol: 'paper', wordDropout: '0.05' }).wordDropout, 0.05);
    assert.throws(() => resolveTrainConfig({ protocol: 'paper', wordDropout: '1' }), /--word-dropout must be at most 0.9/);
  });
});

describe('paper-rule splits in memory', () => {
  it('seed 1 is data/paper, byte for byte (same hash); other seeds draw other splits of the same sizes', async () => {
    const committed = await readDataset('data/paper');
    const planned = planDataset({ ...GENERATE_DEFAULTS, split: 'paper', seed: 1 });
    assert.equal(planned.manifest.hash, committed.manifest.hash);
    const other = planDataset({ ...GENERATE_DEFAULTS, split: 'paper', seed: 2 });
    assert.deepEqual(other.manifest.counts, { train: 169, val: 200, test: 631 });
    assert.notEqual(other.manifest.hash, committed.manifest.hash);
  });
});

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

describe('paper protocol training', () => {
  it('a NAU on [h, c] learns the paper split from the final value alone, its weights kept in [-1, 1]', async () => {
    const dataset = await readDataset('data/paper');
    const config = resolveTrainConfig({ protocol: 'paper', head: 'nau', epochs: '40', seed: '1' });
    assert.equal(architectureFor(dataset, config).headInput, 'hc');
    const result = await train(dataset, config);
    const w = Array.from(result.reader.params.get('head/nau_W')?.dataSync() ?? []);
    assert.equal(w.length, 2 * config.hidden, 'the NAU reads h and c');
    assert.ok(w.every((x) => x >= -1 && x <= 1), `NAU weights out of [-1, 1]: ${w}`);
    // Measured: validation MAE about 24 after 40 epochs (an untrained reader is off by about 500).
    const val = evaluateExamples(result.reader, dataset.splits.val).mae;
    assert.ok(val < 60, `validation MAE ${val}`);
    assert.equal(result.bestValError, val);
    result.reader.dispose();
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
