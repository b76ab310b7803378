import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { largestReadable } from '../../src/language/coverage.ts';
import { errorSentence, formatEstimate, formatInteger } from '../../src/language/format.ts';
import { NUMBER_WORDS } from '../../src/language/vocab.ts';

describe('page formatting', () => {
  it('groups digits; estimates always have two decimals', () => {
    assert.equal(formatInteger(993792), '993,792');
    assert.equal(formatInteger(7), '7');
    assert.equal(formatEstimate(992779.625), '992,779.63');
    assert.equal(formatEstimate(700), '700.00');
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
