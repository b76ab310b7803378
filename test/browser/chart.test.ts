// The chart's configuration, built without a canvas: both curves as steps, and an axis that suits the values.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { chartConfig } from '../../src/browser/chart.ts';
import type { Step } from '../../src/reading/predict.ts';

const step = (token: string, value: number, reference = value): Step => ({ token, value, reference, agrees: Math.round(value) === reference, exact: String(value), referenceExact: String(reference) });

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

it('a reading by the grammar alone draws the grammar alone; fractions get no whole-number ticks and exact tooltips', () => {
  const steps = [{ token: 'two', reference: 2, referenceExact: '2' }, { token: 'and', reference: 2, referenceExact: '2' }, { token: 'a', reference: 2, referenceExact: '2' }, { token: 'half', reference: 2.5, referenceExact: '2.5' }];
  const config = chartConfig(steps, { form: 'fraction' });
  assert.deepEqual(config.data.datasets.map((d) => d.label), ['grammar']);
  assert.deepEqual(config.data.datasets[0]?.data, [2, 2, 2, 2.5]);
  const y = config.options?.scales?.y as { ticks?: { precision?: number } };
  assert.equal(y.ticks?.precision, undefined, '2.5 is no whole number');
  const label = config.options?.plugins?.tooltip?.callbacks?.label as unknown as (ctx: { dataIndex: number; dataset: { label: string } }) => string;
  assert.equal(label({ dataIndex: 3, dataset: { label: 'grammar' } }), 'grammar: 2½');
});

it('tooltips write the grammar exactly past 2^53', () => {
  const config = chartConfig([{ token: 'a', value: 1, agrees: true, reference: 1, referenceExact: '1' }, { token: 'x', value: 1, agrees: false, reference: 123456789012345680, referenceExact: '123456789012345678' }]);
  const label = config.options?.plugins?.tooltip?.callbacks?.label as unknown as (ctx: { dataIndex: number; dataset: { label: string } }) => string;
  assert.equal(label({ dataIndex: 1, dataset: { label: 'grammar' } }), 'grammar: 123,456,789,012,345,678');
  assert.equal(label({ dataIndex: 1, dataset: { label: 'network' } }), 'network: 1');
});
