import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng, randomInt, type Rng } from '../../src/common/random.ts';
import { Exact } from '../../src/language/exact.ts';
import { exactValue, readTokens, type Form } from '../../src/language/grammar.ts';
import { tokenWords } from '../../src/language/tokenize.ts';
import { decimalToWords, digitsToWords, fractionToWords, negativeToWords, numberToWords, ordinalToWords, STYLE_NAMES, yearToWords } from '../../src/language/words.ts';

const SAMPLES = 1000;

function roundTrip(name: string, sample: (rng: Rng) => [string, Exact, Form]): void {
  it(`${name}: ${SAMPLES} samples read back exactly, in their form`, () => {
    const rng = createRng(name.length * 7919);
    for (let i = 0; i < SAMPLES; i++) {
      const [phrase, value, form] = sample(rng);
      const reading = readTokens(tokenWords(phrase));
      assert.equal(exactValue(reading).toString(), value.toString(), phrase);
      assert.equal(reading.form, form, phrase);
    }
  });
}

const style = (rng: Rng) => STYLE_NAMES[randomInt(rng, 0, STYLE_NAMES.length - 1)];
/** Log-uniform below 10^digits, so every magnitude is sampled. */
const big = (rng: Rng, digits: number): bigint => {
  const length = randomInt(rng, 1, digits);
  let n = BigInt(randomInt(rng, 1, 9));
  for (let d = 1; d < length; d++) n = n * 10n + BigInt(randomInt(rng, 0, 9));
  return n;
};

describe('the writers round-trip through the grammar', () => {
  roundTrip('cardinals to 999 quintillion', (rng) => {
    const n = big(rng, 21);
    return [numberToWords(n, style(rng)), Exact.integer(n), 'cardinal'];
  });
  roundTrip('ordinals', (rng) => {
    const n = big(rng, 12);
    return [ordinalToWords(n, style(rng)), Exact.integer(n), 'ordinal'];
  });
  roundTrip('negatives', (rng) => {
    const n = big(rng, 18);
    return [negativeToWords(-n, rng() < 0.5 ? 'minus' : 'negative', style(rng)), Exact.integer(-n), 'cardinal'];
  });
  roundTrip('decimals', (rng) => {
    const text = `${big(rng, 7) - 1n}.${Array.from({ length: randomInt(rng, 1, 6) }, () => randomInt(rng, 0, 9)).join('')}`;
    return [decimalToWords(text, rng() < 0.5 ? 'zero' : 'oh', style(rng)), Exact.decimal(text), 'decimal'];
  });
  const DENOMINATORS = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 19, 20, 30, 50, 90, 100, 1000, 1_000_000];
  roundTrip('fractions and mixed numbers', (rng) => {
    const denominator = DENOMINATORS[randomInt(rng, 0, DENOMINATORS.length - 1)] as number;
    const mixed = rng() < 0.5;
    let whole = mixed ? randomInt(rng, 1, 999_999) : 0;
    if (whole >= 100 && whole % 100 === 0) whole += 1;
    const numerator = mixed ? randomInt(rng, 1, Math.min(99, denominator - 1 || 1)) : randomInt(rng, 1, 9999);
    const phrase = fractionToWords(whole, numerator, denominator, { one: rng() < 0.5 ? 'a' : 'one', quarter: rng() < 0.5 });
    return [phrase, Exact.integer(whole).add(Exact.fraction(numerator, denominator)), 'fraction'];
  });
  roundTrip('years', (rng) => {
    let year = randomInt(rng, 1000, 2099);
    if (year % 100 === 0) year += 1;
    return [yearToWords(year), Exact.integer(year), 'year'];
  });
  roundTrip('digit strings', (rng) => {
    const digits = Array.from({ length: randomInt(rng, 2, 12) }, () => randomInt(rng, 0, 9)).join('');
    return [digitsToWords(digits, rng() < 0.5 ? 'zero' : 'oh'), Exact.integer(BigInt(digits)), 'digits'];
  });
  it('a numerator whose last words would join a unit\'s ordinal takes its group\'s "and", and reads back', () => {
    for (const [numerator, denominator, phrase] of [
      [120, 5, 'one hundred and twenty fifths'],
      [101000, 5, 'one hundred and one thousand fifths'],
      [201000000, 3, 'two hundred and one million thirds'],
      [1001000, 5, 'one million one thousand fifths'],
      [101000, 100, 'one hundred one thousand hundredths'],
    ] as const) {
      assert.equal(fractionToWords(0, numerator, denominator), phrase);
      assert.equal(exactValue(readTokens(tokenWords(phrase))).toString(), Exact.fraction(numerator, denominator).toString(), phrase);
    }
  });
  it('write what the issue lists', () => {
    assert.equal(ordinalToWords(21), 'twenty first');
    assert.equal(ordinalToWords(105), 'one hundred and fifth');
    assert.equal(ordinalToWords(100, 'a-hundred'), 'one hundredth');
    assert.equal(ordinalToWords(77, 'hyphen'), 'seventy-seventh');
    assert.equal(fractionToWords(2, 1, 2), 'two and a half');
    assert.equal(fractionToWords(0, 7, 100), 'seven hundredths');
    assert.equal(fractionToWords(103, 2, 3), 'one hundred and three and two thirds');
    assert.equal(fractionToWords(0, 102, 3), 'one hundred two thirds');
    assert.equal(yearToWords(1905), 'nineteen oh five');
    assert.equal(yearToWords(2021), 'twenty twenty one');
    assert.equal(digitsToWords('08'), 'zero eight');
    assert.equal(decimalToWords('1.05', 'oh'), 'one point oh five');
    assert.throws(() => yearToWords(1900), RangeError);
    assert.throws(() => fractionToWords(0, 1, 21), RangeError);
    assert.throws(() => fractionToWords(1000, 1, 2), RangeError);
  });
});
