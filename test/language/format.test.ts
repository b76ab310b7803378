import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { largestReadable } from '../../src/language/coverage.ts';
import { errorSentence, formatEstimate, formatInteger, formatPercent } from '../../src/language/format.ts';
import { NUMBER_WORDS } from '../../src/language/vocab.ts';

describe('page formatting', () => {
  it('groups digits; estimates have two decimals, whole ones none', () => {
    assert.equal(formatInteger(993792), '993,792');
    assert.equal(formatInteger(7), '7');
    assert.equal(formatEstimate(992779.625), '992,779.63');
    assert.equal(formatEstimate(700), '700');
    assert.equal(formatEstimate(776.9981), '777');
    assert.equal(formatEstimate(-0.004), '0');
    assert.equal(formatEstimate(12345.5), '12,345.50');
    assert.equal(formatEstimate(-0.5), '-0.50');
  });
  it('errors read as sentences, naming the word once, with a suggestion where there is one', () => {
    assert.equal(errorSentence({ message: '"hun" is not a number word', position: 1, suggestion: 'hundred' }), '"hun" is not a number word (word 2). Did you mean "hundred"?');
    assert.equal(errorSentence({ message: 'the phrase is 400 characters; the limit is 300' }), 'The phrase is 400 characters; the limit is 300.');
  });
});

describe('largestReadable', () => {
  it('is the largest number written with the words a model knows', () => {
    const upTo = (last: string) => [...NUMBER_WORDS.keys()].slice(0, [...NUMBER_WORDS.keys()].indexOf(last) + 1);
    assert.equal(largestReadable(upTo('nine')), 9);
    assert.equal(largestReadable(upTo('nineteen')), 19);
    assert.equal(largestReadable(upTo('ninety')), 99);
    assert.equal(largestReadable([...upTo('hundred'), 'and']), 999);
    assert.equal(largestReadable(upTo('thousand')), 999_999);
    assert.equal(largestReadable([...NUMBER_WORDS.keys()]), 999_999_999);
    assert.equal(largestReadable([]), 0);
  });
});

describe('formatPercent', () => {
  it('shows as many decimals as keep a share that is not whole from reading 100% or 0%', () => {
    assert.equal(formatPercent(1), '100%');
    assert.equal(formatPercent(0), '0%');
    assert.equal(formatPercent(0.9995), '99.95%');
    assert.equal(formatPercent(0.99999), '99.999%');
    assert.equal(formatPercent(0.0004), '0.04%');
    assert.equal(formatPercent(0.1537242), '15.4%');
    assert.equal(formatPercent(0.25), '25.0%');
  });
});
