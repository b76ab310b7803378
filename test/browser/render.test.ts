// The pure part of the page's rendering: the value a number found in text is marked with.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { spanValue } from '../../src/browser/render.ts';
import { findNumbers } from '../../src/text/find.ts';

it('marks each number found with its value written for its form (the grammar reading here: no predictor)', () => {
  const spans = findNumbers('two hundred and five units in nineteen ninety nine, two and a half a day, the twenty first, zero eight, 5 million');
  assert.deepEqual(spans.map(spanValue), ['205', '1999', '2½', '21st', '08', '5,000,000']);
});

it("a span the network read shows the network's rounded value, as the answer box does", () => {
  const [span] = findNumbers('seven hundred');
  assert.ok(span);
  assert.equal(spanValue({ ...span, reader: 'network', rounded: 701, agrees: false } as unknown as typeof span), '701');
});
