// `node --import tsx --test bench/peers/cases.test.ts`: the exact arithmetic the scores rest on, and that
// every collected case is well formed (a canonical exact value, a known form, spans that are the text's).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { formatExact, matches, parseExact, type Rational } from './exact.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const FORMS = ['cardinal', 'large', 'ordinal', 'decimal', 'fraction', 'negative', 'numeral', 'dozen', 'year', 'digits', 'none', 'invalid'];

function lines(dir: string): { file: string; row: Record<string, unknown> }[] {
  return readdirSync(join(HERE, dir))
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((file) => readFileSync(join(HERE, dir, file), 'utf8').split('\n').filter(Boolean).map((l) => ({ file, row: JSON.parse(l) as Record<string, unknown> })));
}

test('exact values parse and print canonically', () => {
  assert.equal(formatExact(parseExact('18.000') as Rational), '18');
  assert.equal(formatExact(parseExact('-60.2400') as Rational), '-60.24');
  assert.equal(formatExact(parseExact('.1205') as Rational), '0.1205');
  assert.equal(formatExact(parseExact('1E-12') as Rational), '0.000000000001');
  assert.equal(formatExact(parseExact('-1.2732E+15') as Rational), '-1273200000000000');
  assert.equal(formatExact(parseExact('6/9') as Rational), '2/3');
  assert.equal(formatExact(parseExact('-9/5') as Rational), '-1.8');
  assert.equal(parseExact('1/0'), undefined);
  assert.equal(parseExact('twelve'), undefined);
  assert.equal(parseExact('.'), undefined);
});

test('answers match exactly for integers, within 1e-9 for other doubles', () => {
  const big = parseExact('97808264772792005') as Rational;
  assert.equal(matches(big, 97808264772792005), false, 'a double cannot hold it');
  assert.equal(matches(big, '97808264772792005'), true);
  assert.equal(matches(big, 97808264772792005n), true);
  assert.equal(matches(parseExact('5000000000000000000') as Rational, 5e18), true);
  const third = parseExact('2/3') as Rational;
  assert.equal(matches(third, '0.666666666666667'), true);
  assert.equal(matches(third, 0.667), false);
  assert.equal(matches(third, 0.667, { decimals: 3 }), true);
  assert.equal(matches(parseExact('1/1000000') as Rational, 0, { decimals: 3 }), false, 'rounding to nothing is not an answer');
  assert.equal(matches(parseExact('7') as Rational, 7.000001), false);
  assert.equal(matches(parseExact('7') as Rational, null), false);
});

test('every single-number case has a canonical exact value or null, and a known form', () => {
  const rows = lines('cases');
  assert.ok(rows.length > 500);
  for (const { file, row } of rows) {
    assert.equal(typeof row.input, 'string', file);
    assert.ok(FORMS.includes(row.form as string), `${file}: ${String(row.form)}`);
    if (row.expected === null) continue;
    const exact = parseExact(row.expected as string);
    assert.ok(exact, `${file}: ${String(row.input)}`);
    assert.equal(formatExact(exact), row.expected, `${file}: ${String(row.input)}`);
    assert.ok(typeof (row.source as { repo?: unknown }).repo === 'string', file);
  }
});

test('every text case names spans that are slices of its text, in order', () => {
  for (const { file, row } of lines('text')) {
    const text = row.text as string;
    let last = 0;
    for (const span of row.expected as { text: string; exact: string; start: number; end: number }[]) {
      assert.equal(text.slice(span.start, span.end), span.text, `${file}: ${text}`);
      assert.ok(span.start >= last, `${file}: ${text}`);
      last = span.end;
      assert.equal(formatExact(parseExact(span.exact) as Rational), span.exact);
    }
  }
});
