// How readings are written for people: exact values per form and the sentence under the input.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formLabel, formTag, parseExact, readsSentence, showExact } from '../../src/reading/describe.ts';

it('writes integers and decimals exactly, digit-grouped, past 2^53 too, with no ".00"', () => {
  assert.equal(showExact('993792'), '993,792');
  assert.equal(showExact('5000000000000000000'), '5,000,000,000,000,000,000');
  assert.equal(showExact('9007199254740993'), '9,007,199,254,740,993', '2^53 + 1 is not rounded to 2^53');
  assert.equal(showExact('-38263'), '-38,263');
  assert.equal(showExact('1234567.125', { form: 'decimal' }), '1,234,567.125');
  assert.equal(showExact('3.1415926', { form: 'decimal' }), '3.1415926');
  assert.equal(showExact('-0.05', { form: 'decimal' }), '-0.05');
  assert.equal(showExact('2500000', { form: 'decimal' }), '2,500,000');
  assert.equal(showExact('12', { form: 'decimal' }), '12');
});

it('writes fractions mixed, with a glyph where Unicode has one, else n/d', () => {
  assert.equal(showExact('2.5', { form: 'fraction' }), '2½');
  assert.equal(showExact('2/3', { form: 'fraction' }), '⅔');
  assert.equal(showExact('311/3', { form: 'fraction' }), '103⅔');
  assert.equal(showExact('29/12', { form: 'fraction' }), '2 5/12');
  assert.equal(showExact('7/100', { form: 'fraction' }), '7/100');
  assert.equal(showExact('-1/3', { form: 'fraction' }), '-⅓');
  assert.equal(showExact('500000', { form: 'fraction' }), '500,000', 'half a million is whole');
  assert.equal(showExact('20/3'), '6⅔', 'a value no decimal writes is a fraction whatever its form');
  assert.equal(showExact('2500001/2', { form: 'fraction' }), '1,250,000½');
});

it('writes ordinals with their suffix, years and digit strings as said', () => {
  assert.equal(showExact('21', { form: 'ordinal', ordinal: true }), '21st');
  assert.equal(showExact('112', { form: 'ordinal', ordinal: true }), '112th');
  assert.equal(showExact('1000000', { form: 'ordinal', ordinal: true }), '1,000,000th');
  assert.equal(showExact('1984', { form: 'year' }), '1984');
  assert.equal(showExact('8', { form: 'digits', digits: '08' }), '08');
  assert.equal(showExact('-213', { form: 'digits', digits: '213' }), '-213', 'a negative digit string keeps its sign');
  assert.equal(showExact('-8', { form: 'digits', digits: '08' }), '-08');
  assert.equal(showExact('1256', { form: 'digits' }), '1256', 'a running value of a digit string, no grouping');
});

it('parses the exact strings answers carry', () => {
  assert.equal(parseExact('-7/3').toString(), '-7/3');
  assert.equal(parseExact('12.99').toString(), '12.99');
  assert.throws(() => parseExact('1e5'), RangeError);
});

it('names the form, negatives too', () => {
  assert.equal(formLabel('fraction', '5/2'), 'a fraction');
  assert.equal(formLabel('ordinal', '21'), 'an ordinal');
  assert.equal(formLabel('cardinal', '-12'), 'a negative whole number');
  assert.equal(formLabel('decimal', '-0.5'), 'a negative decimal');
  assert.equal(formTag('cardinal', '-12'), 'cardinal, negative');
  assert.equal(formTag('year', '1984'), 'year');
});

it('says what the words read as in one sentence, or that they are still being typed', () => {
  assert.equal(readsSentence('two and a half', '2.5', { form: 'fraction' }), 'Reads two and a half as 2½ — a fraction.');
  assert.equal(readsSentence('twenty first', '21', { form: 'ordinal', ordinal: true }), 'Reads twenty first as 21st — an ordinal.');
  assert.equal(readsSentence('minus twelve', '-12', { form: 'cardinal' }), 'Reads minus twelve as -12 — a negative whole number.');
  assert.equal(readsSentence('three point', '3', { form: 'decimal' }, true), 'Reads three point as 3 so far — still typing.');
});
