import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PhraseError } from '../../src/language/errors.ts';
import { LEXICON } from '../../src/language/lexicon.ts';
import { candidatesWithinReach, completions, correctWord, MAX_PHRASE_CHARS, tokenize } from '../../src/language/tokenize.ts';

describe('tokenize', () => {
  it('lower-cases, splits hyphens and drops punctuation', () => {
    assert.deepEqual(tokenize('Seventy-Seven!').map((t) => t.text), ['seventy', 'seven']);
    assert.deepEqual(tokenize('  Seven HUNDRED,  and seventy-seven. ').map((t) => t.normalized), ['seven', 'hundred', 'and', 'seventy', 'seven']);
  });
  const typos: [string, string][] = [
    ['fourty', 'forty'],
    ['hundered', 'hundred'],
    ['sevn', 'seven'],
    ['tow', 'two'],
    ['thousnd', 'thousand'],
    ['ninty', 'ninety'],
  ];
  for (const [typo, word] of typos) {
    it(`corrects "${typo}" to "${word}" and reports it`, () => {
      const [token] = tokenize(typo);
      assert.deepEqual(token, { text: typo, normalized: word, corrected: true });
    });
  }
  it('leaves correct words uncorrected', () => {
    assert.deepEqual(tokenize('two').map((t) => t.corrected), [false]);
  });
  for (const [phrase, word, position] of [['banana', 'banana', 0], ['seven hello', 'hello', 1], ['ab', 'ab', 0]] as const) {
    it(`rejects the unknown word "${word}"`, () => {
      assert.throws(() => tokenize(phrase), (e: unknown) => e instanceof PhraseError && e.code === 'unknown_word' && e.token === word && e.position === position && e.message.includes(word));
    });
  }
  it('keeps numerals whole and refuses digits mixed with letters', () => {
    assert.deepEqual(tokenize('1.2 billion, 1,000 and 21st').map((t) => t.normalized), ['1.2', 'billion', '1000', 'and', '21st']);
    assert.throws(() => tokenize('5x hundred'), (e: unknown) => e instanceof PhraseError && e.code === 'numeral' && e.token === '5x' && e.position === 0);
  });
  it('reads numerals with scale letters, bare and scientific decimals and numeral fractions', () => {
    const read = (phrase: string) => tokenize(phrase).map((t) => t.normalized).join(' ');
    assert.equal(read('1.2M'), '1.2 million');
    assert.equal(read('10k'), '10 thousand');
    assert.equal(read('- 10  k'), 'minus 10 thousand');
    assert.equal(read('3G and 1.2b and 5bn'), '3 billion and 1.2 billion and 5 billion');
    assert.equal(read('-.0012G'), 'minus 0.0012 billion');
    assert.equal(read('.08'), '0.08'); // once read as 8
    assert.equal(read('-127.32e13'), 'minus 1273200000000000');
    assert.equal(read('12.32e+14 1e10 -12e-1 5e-3'), '1232000000000000 10000000000 minus 1.2 0.005');
    assert.equal(read('3/8ths 2  1/4'), '3/8 2 1/4');
    // Lower-case "m" and "g" are units (metres, grams), never million or billion; "k" alone is no number.
    for (const phrase of ['5m', '10g', '1e101']) assert.throws(() => tokenize(phrase), (e: unknown) => e instanceof PhraseError && e.code === 'numeral', phrase);
    assert.throws(() => tokenize('k'), (e: unknown) => e instanceof PhraseError && e.code === 'unknown_word');
  });
  it('a "-" between a tens word and a unit is a hyphen; anywhere else it stays a minus', () => {
    assert.deepEqual(tokenize('fifty - two').map((t) => t.normalized), ['fifty', 'two']);
    assert.deepEqual(tokenize('five - three').map((t) => t.normalized), ['five', 'minus', 'three']);
    assert.deepEqual(tokenize('fifty - twelve').map((t) => t.normalized), ['fifty', 'minus', 'twelve']);
  });
  it('reads the variant "halfs" as written, but never corrects to it nor offers it', () => {
    assert.deepEqual(tokenize('three halfs').map((t) => [t.normalized, t.corrected]), [['three', false], ['halfs', false]]);
    assert.deepEqual(tokenize('halfz').map((t) => t.normalized), ['half'], 'one edit from "half" and from "halfs": only "half" is a target');
    assert.deepEqual(completions('half'), ['half']);
    assert.deepEqual(completions('half', LEXICON, true), ['half', 'halfs']);
  });
  it('never corrects a word to "nil", "dot" or "over"', () => {
    for (const word of ['not', 'nit', 'dog', 'ever', 'oven']) {
      assert.throws(() => tokenize(word), (e: unknown) => e instanceof PhraseError && e.code === 'unknown_word', word);
    }
    assert.deepEqual(tokenize('nil dot over').map((t) => [t.normalized, t.corrected]), [['nil', false], ['dot', false], ['over', false]]);
  });
  it('rejects empty and over-long input', () => {
    assert.throws(() => tokenize(' ,. '), (e: unknown) => e instanceof PhraseError && e.code === 'empty');
    assert.throws(() => tokenize('seven '.repeat(MAX_PHRASE_CHARS)), (e: unknown) => e instanceof PhraseError && e.code === 'too_long');
  });
  it('rejects numerals of any script, not only ASCII digits', () => {
    for (const [phrase, token] of [['５ hundred', '５'], ['seven ٣', '٣'], ['½ hundred', '½']] as const) {
      assert.throws(() => tokenize(phrase), (e: unknown) => e instanceof PhraseError && e.code === 'numeral' && e.token === token, phrase);
    }
  });
  it('keeps characters outside a–z inside their word, which is then unknown (never a space, never corrected)', () => {
    assert.throws(() => tokenize('seven💥hundred'), (e: unknown) => e instanceof PhraseError && e.code === 'unknown_word' && e.token === 'seven💥hundred');
    // A Cyrillic "с" in "seven" is one edit away, but it is not a typo of an English word.
    assert.throws(() => tokenize('сeven'), (e: unknown) => e instanceof PhraseError && e.code === 'unknown_word' && e.token === 'сeven');
    assert.deepEqual(tokenize('seven_hundred; and+two').map((t) => t.normalized), ['seven', 'hundred', 'and', 'two']);
  });
});

describe('typo correction cost', () => {
  it('never compares a word with candidates its length or letters put out of reach', () => {
    assert.deepEqual(candidatesWithinReach('x'.repeat(259), 2), []);
    assert.deepEqual(candidatesWithinReach('fourty'.repeat(36), 2), []);
    assert.deepEqual(candidatesWithinReach('fourty', 1), ['forty', 'fourth']);
    assert.deepEqual(candidatesWithinReach('hundered', 2), ['hundred', 'hundreds', 'hundredth', 'hundredths']);
  });
  it('an over-long word is simply unknown', () => {
    assert.equal(correctWord('x'.repeat(259)), undefined);
    assert.equal(correctWord('fourty'.repeat(36)), undefined);
  });
});

