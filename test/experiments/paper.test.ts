// The paper experiment's report: each kind of run in its own labelled table.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resultsMarkdown, rowKey, type RunResult, sectionOf } from '../../src/experiments/paper.ts';

/** A run of the results report with the given test MAE: a natural-order NAU on [h, c], every other figure 1. */
function reportRun(testMae: number, extra: Partial<RunResult> = {}): RunResult {
  const metrics = { n: 1, mae: 1, exact: 1, runningMae: 1, relativeError: 1 };
  return {
    head: 'nau', loss: 'final', seed: 1, epochs: 1, seconds: 1, headInput: 'hc', order: 'natural', recipe: 'r',
    metrics: { train: metrics, val: metrics, test: { ...metrics, mae: testMae } },
    ...extra,
  };
}

describe('the results report', () => {
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
});
