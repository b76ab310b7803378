import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { findNumbers, type NumberSpan } from '../../src/text/find.ts';
import { MAX_PENDING, NumberStream } from '../../src/text/stream.ts';
import { ROOT } from '../helpers.ts';

const place = (s: NumberSpan) => `${s.start}-${s.end}:${s.text}=${s.exact}`;

/** Every text of the peers' running-text suites, and a few of our own. */
const TEXTS = [
  ...['text2num', 'compromise', 'words-to-numbers', 'recognizers'].flatMap((suite) =>
    readFileSync(path.join(ROOT, 'bench/peers/text', `${suite}.jsonl`), 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { text: string }).text),
  ),
  'we sold two hundred and five units in nineteen ninety nine. One two three! the one you said, five and three and a half, twenty first',
  'two plus two, plus five; the second one, first and second',
  'we met on the fourth of July, one hundredth of a second, One Question: Two Answers',
];

function streamed(text: string, size: number): { spans: string[]; when: number[] } {
  const stream = new NumberStream();
  const spans: string[] = [];
  const when: number[] = [];
  for (let at = 0; at < text.length; at += size) {
    for (const s of stream.push(text.slice(at, at + size))) {
      spans.push(place(s));
      when.push(Math.min(at + size, text.length));
    }
  }
  for (const s of stream.end()) {
    spans.push(place(s));
    when.push(text.length);
  }
  return { spans, when };
}

describe('NumberStream', () => {
  it('gives the spans findNumbers gives on the whole text, whatever the chunks', () => {
    for (const text of TEXTS) {
      const whole = findNumbers(text).map(place);
      for (const size of [1, 2, 5, 16, 1000]) assert.deepEqual(streamed(text, size).spans, whole, `${JSON.stringify(text)} in chunks of ${size}`);
    }
  });
  it('gives a number once a word that is no number follows it, not before', () => {
    const stream = new NumberStream();
    assert.deepEqual(stream.push('we sold two hundred and '), []);
    assert.deepEqual(stream.push('five units'), []);
    assert.deepEqual(stream.push(' in').map(place), ['8-28:two hundred and five=205']);
  });
  it('says the running value of the number in progress', () => {
    const stream = new NumberStream();
    stream.push('about three and a ');
    assert.deepEqual(stream.inProgress(), { start: 6, end: 17, text: 'three and a', value: 3, exact: '3', form: 'cardinal' });
    stream.push('half million');
    assert.equal(stream.inProgress()?.exact, '3.5', 'the unfinished last word is not read yet');
    stream.push(' ');
    assert.equal(stream.inProgress()?.exact, '3500000');
    stream.push('cats ');
    assert.equal(stream.inProgress(), undefined);
  });
  it('holds a bounded amount of text: a run of number words is settled past MAX_PENDING, a word too long to be a number is skipped', () => {
    const stream = new NumberStream();
    let given = 0;
    for (let i = 0; i < 2 * MAX_PENDING / 10; i++) given += stream.push('twenty, 1 ').length;
    assert.ok(given > 0 && (stream as unknown as { buffer: string }).buffer.length <= MAX_PENDING + 10);
    const long = new NumberStream();
    for (let i = 0; i < 1000; i++) long.push('x'.repeat(100));
    assert.ok((long as unknown as { buffer: string }).buffer.length <= 200);
    // "one" ends the long word; "five" is the first number after it.
    assert.deepEqual([...long.push('one five cats'), ...long.end()].map(place), ['100004-100008:five=5']);
  });
});
