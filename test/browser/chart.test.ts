// The chart's configuration, built without a canvas: both curves as steps, and an axis that suits the values.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { chartConfig } from '../../src/browser/chart.ts';
import type { Step } from '../../src/reading/predict.ts';

const step = (token: string, value: number, reference = value): Step => ({ token, value, reference, agrees: Math.round(value) === reference });

it('steps both curves, the network and the grammar', () => {
  const config = chartConfig([step('seven', 7), step('hundred', 700)]);
  assert.deepEqual(config.data.datasets.map((d) => [d.label, (d as { stepped?: unknown }).stepped]), [['network', 'before'], ['grammar', 'before']]);
});

it('one or two words get a linear axis from 0 with whole-number ticks, not a band around the value', () => {
  for (const steps of [[step('nine', 9)], [step('nine', 9), step('hundred', 900)]]) {
    const y = chartConfig(steps).options?.scales?.y as { beginAtZero?: boolean; ticks?: { precision?: number; callback?: unknown } };
    assert.equal(y.beginAtZero, true);
    assert.equal(y.ticks?.precision, 0);
    assert.equal(y.ticks?.callback, undefined, 'linear ticks keep Chart.js labels');
    assert.deepEqual(chartConfig(steps).data.datasets[1]?.data, steps.map((s) => s.reference));
  }
});

it('values past 10,000 get a symmetric-log axis, labelled in the real values', () => {
  const config = chartConfig([step('a', 1), step('million', 1_000_000)]);
  assert.deepEqual(config.data.datasets[1]?.data, [1, 7]);
  const ticks = (config.options?.scales?.y as { ticks: { callback: (v: number) => string } }).ticks;
  assert.equal(ticks.callback(7), '1,000,000');
  assert.equal(ticks.callback(0), '0');
});
