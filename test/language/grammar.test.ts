import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PhraseError } from '../../src/language/errors.ts';
import { canFollow, exactRunning, exactValue, GrowingReading, readPrefix, readTokens, type Reading } from '../../src/language/grammar.ts';
import { Exact } from '../../src/language/exact.ts';
import { createRng, randomInt } from '../../src/common/random.ts';
import { tokenWords } from '../../src/language/tokenize.ts';
import { numberToWords, STYLE_NAMES } from '../../src/language/words.ts';

/** The range of today's datasets and models. */
const MAX_VALUE = 999_999_999;

const read = (phrase: string) => readTokens(tokenWords(phrase));

describe('numberToWords', () => {
  const cases: [number, string, string][] = [
    [0, 'british', 'zero'],
    [7, 'british', 'seven'],
    [15, 'american', 'fifteen'],
    [40, 'british', 'forty'],
    [702, 'british', 'seven hundred and two'],
    [702, 'american', 'seven hundred two'],
    [777, 'hyphen', 'seven hundred and seventy-seven'],
    [100, 'a-hundred', 'a hundred'],
    [1005, 'british', 'one thousand and five'],
    [1005, 'american', 'one thousand five'],
    [105_000, 'a-hundred', 'a hundred and five thousand'],
    [2_000_010, 'british', 'two million and ten'],
    [999_999_999, 'american', 'nine hundred ninety nine million nine hundred ninety nine thousand nine hundred ninety nine'],
  ];
  for (const [value, style, words] of cases) {
    it(`${value} in ${style} style is "${words}"`, () => assert.equal(numberToWords(value, style as never), words));
  }
  it('refuses values outside 0 … 999 quintillion and non-integers', () => {
    for (const bad of [-1, 1.5, 2 ** 53, NaN, -1n, 10n ** 21n]) assert.throws(() => numberToWords(bad), RangeError);
    assert.equal(numberToWords(10n ** 21n - 1n, 'american').split(' ').slice(0, 5).join(' '), 'nine hundred ninety nine quintillion');
  });
});

describe('running values past 2^53', () => {
  it('are exact, and each nearest number is the exact value rounded once', () => {
    const rng = createRng(53);
    for (let k = 0; k < 500; k++) {
      const value = BigInt(randomInt(rng, 1, 999_999_999)) * 10n ** BigInt(randomInt(rng, 7, 12)) + BigInt(randomInt(rng, 0, 999_999_999));
      const negative = k % 2 === 1;
      const reading = readTokens(tokenWords(`${negative ? 'minus ' : ''}${numberToWords(value, k % 3 === 0 ? 'british' : 'american')}`));
      assert.equal(exactValue(reading).toString(), `${negative ? '-' : ''}${value}`);
      const exact = exactRunning(reading);
      assert.deepEqual(reading.running, exact.map((x) => x.toNumber()));
      // Each running value is the phrase's own prefix read alone.
      for (const i of [3, 7, exact.length - 2]) {
        if (i < 0 || i >= exact.length) continue;
        const words = tokenWords(`${negative ? 'minus ' : ''}${numberToWords(value, k % 3 === 0 ? 'british' : 'american')}`).slice(0, i + 1);
        assert.equal(exactValue(readPrefix(words)).toString(), (exact[i] as Exact).toString());
      }
    }
    // Decimals, read in doubles while they fit: the same exact values and nearest numbers as in BigInts.
    const digits = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
    for (let k = 0; k < 300; k++) {
      const whole = randomInt(rng, 0, 10 ** randomInt(rng, 1, 12));
      const after = Array.from({ length: randomInt(rng, 1, 18) }, () => randomInt(rng, 0, 9));
      const reading = readTokens(tokenWords(`${k % 2 ? 'minus ' : ''}${numberToWords(whole)} point ${after.map((d) => digits[d]).join(' ')}`));
      assert.equal(exactValue(reading).toString(), Exact.decimal(`${k % 2 ? '-' : ''}${whole}.${after.join('')}`).toString());
      assert.deepEqual(reading.running, exactRunning(reading).map((x) => x.toNumber()));
    }
    // Where the last group carries a safe total to 2^53 or just past it (it crashed there once), in words and
    // as each prefix.
    for (let d = -3n; d <= 3n; d++) {
      const value = 2n ** 53n + d;
      const reading = readTokens(tokenWords(numberToWords(value)));
      assert.equal(exactValue(reading).toString(), `${value}`);
      assert.equal(reading.value, Number(value));
      assert.deepEqual(reading.running, exactRunning(reading).map((x) => x.toNumber()));
    }
    // A numeral of 300 digits: far past any double's integers, still exact.
    const huge = `9${'0'.repeat(299)}`;
    assert.equal(exactValue(readTokens([huge])).toString(), huge);
    assert.equal(readTokens([huge]).value, 9e299);
  });
});

describe('readTokens values', () => {
  const cases: [string, number][] = [
    ['zero', 0],
    ['seven hundred and seventy seven', 777],
    ['Seventy-Seven', 77],
    ['seven hundred seventy seven', 777],
    ['twelve hundred', 1200],
    ['forty five hundred', 4500],
    ['a hundred', 100],
    ['a thousand', 1000],
    ['hundred', 100],
    ['thousand', 1000],
    ['hundred and five', 105],
    ['one thousand and five', 1005],
    ['one hundred and five thousand', 105_000],
    ['two million three hundred thousand', 2_300_000],
    ['  FIVE   thousand, four hundred! ', 5400],
    ['nought', 0],
    ['Naught', 0],
    ['twelve hundred and five', 1205],
    ['thousand and one', 1001],
  ];
  for (const [phrase, value] of cases) it(`"${phrase}" → ${value}`, () => assert.equal(read(phrase).value, value));
});

describe('nought and naught', () => {
  it('read as zero, with running value 0, alone like "zero" or as a digit', () => {
    for (const word of ['nought', 'naught']) {
      assert.deepEqual(read(word), { value: 0, running: [0], form: 'cardinal' });
      assert.throws(() => read(`five hundred ${word}`), /"(nought|naught)" can only stand alone/);
      assert.throws(() => read(`${word} hundred`), /cannot follow/);
      assert.deepEqual(read(`${word} five`), { value: 5, running: [0, 5], form: 'digits', digits: '05' });
    }
  });
});

describe('the twelve-hundred and bare-scale styles', () => {
  const cases: [number, string, string][] = [
    [1205, 'twelve-hundred', 'twelve hundred and five'],
    [4506, 'twelve-hundred', 'forty five hundred and six'],
    [2050, 'twelve-hundred', 'two thousand and fifty'],
    [12_345, 'twelve-hundred', 'twelve thousand three hundred and forty five'],
    [105, 'bare-scale', 'hundred and five'],
    [1001, 'bare-scale', 'thousand and one'],
    [1_200_000, 'bare-scale', 'million two hundred thousand'],
    [2001, 'bare-scale', 'two thousand and one'],
  ];
  for (const [value, style, words] of cases) {
    it(`${value} in ${style} style is "${words}" and reads back`, () => {
      assert.equal(numberToWords(value, style as never), words);
      assert.equal(read(words).value, value);
    });
  }
});

describe('running values', () => {
  it('value of every prefix, a dangling "and" ignored', () => {
    assert.deepEqual(read('seven hundred and seventy seven').running, [7, 700, 700, 770, 777]);
    assert.deepEqual(read('five thousand four hundred').running, [5, 5000, 5004, 5400]);
    assert.deepEqual(read('one thousand and five').running, [1, 1000, 1000, 1005]);
    assert.deepEqual(read('a hundred').running, [1, 100]);
    assert.deepEqual(read('forty five hundred').running, [40, 45, 4500]);
  });
  it('each running value equals the prefix read on its own (up to a trailing "and")', () => {
    const rng = createRng(7);
    for (let i = 0; i < 300; i++) {
      const n = randomInt(rng, 0, MAX_VALUE);
      const tokens = tokenWords(numberToWords(n, 'british'));
      const { running } = readTokens(tokens);
      tokens.forEach((_, t) => {
        const prefix = tokens.slice(0, t + 1);
        while (prefix[prefix.length - 1] === 'and') prefix.pop();
        assert.equal(running[t], readTokens(prefix).value, `${tokens.join(' ')} at ${t}`);
      });
    }
  });
});

describe('round trip words(value(n)) == n', () => {
  it('every n in 0–9,999 in every style', () => {
    for (const style of STYLE_NAMES) {
      for (let n = 0; n <= 9_999; n++) assert.equal(read(numberToWords(n, style)).value, n);
    }
  });
  it('a seeded sample up to 999,999,999 in every style', () => {
    const rng = createRng(42);
    for (let i = 0; i < 5_000; i++) {
      const n = randomInt(rng, 0, MAX_VALUE);
      for (const style of STYLE_NAMES) assert.equal(read(numberToWords(n, style)).value, n);
    }
  });
});

describe('rejections name the token and its position', () => {
  const cases: [string, string, number, RegExp][] = [
    ['seventy eleven', 'eleven', 1, /cannot follow "seventy"/],
    ['seventy seventy', 'seventy', 1, /cannot follow "seventy"/],
    ['and five', 'and', 0, /cannot start with "and"/],
    ['thousand thousand', 'thousand', 1, /thousand/],
    ['hundred hundred', 'hundred', 1, /twice/],
    ['seven hundred and', 'and', 2, /cannot end with "and"/],
    ['zero hundred', 'hundred', 1, /cannot follow "zero"/],
    ['five hundred zero', 'zero', 2, /alone/],
    ['one thousand thousand', 'thousand', 2, /cannot follow a "thousand" group/],
    ['five million three thousand million', 'million', 4, /cannot follow a "thousand" group/],
    ['twelve hundred thousand', 'thousand', 2, /group of 1200/],
    ['a five', 'five', 1, /"a" must be followed/],
    ['a', 'a', 0, /"a" must be followed/],
    ['five and six', 'and', 1, /"and" after "five" must be followed by a fraction/],
  ];
  for (const [phrase, token, position, message] of cases) {
    it(`"${phrase}" fails at "${token}" (${position})`, () => {
      assert.throws(
        () => read(phrase),
        (e: unknown) => e instanceof PhraseError && e.code === 'malformed' && e.token === token && e.position === position && message.test(e.message),
      );
    });
  }
  it('an empty token list is refused', () => {
    assert.throws(() => readTokens([]), (e: unknown) => e instanceof PhraseError && e.code === 'empty');
  });
  it('a non-vocabulary token is refused by name', () => {
    assert.throws(() => readTokens(['seven', 'dozenz']), (e: unknown) => e instanceof PhraseError && e.code === 'unknown_word' && e.token === 'dozenz' && e.position === 1);
  });
});

describe('readPrefix: the start of a phrase still being typed', () => {
  it('reads every prefix of a phrase, a dangling "and" or "a" included, with the running values of readTokens', () => {
    const rng = createRng(11);
    for (let i = 0; i < 200; i++) {
      const tokens = tokenWords(numberToWords(randomInt(rng, 0, MAX_VALUE), STYLE_NAMES[i % STYLE_NAMES.length]));
      const { running } = readTokens(tokens);
      for (let t = 0; t <= tokens.length; t++) assert.deepEqual(readPrefix(tokens.slice(0, t)).running, running.slice(0, t));
    }
  });
  it('accepts what only a finished phrase refuses', () => {
    assert.deepEqual(readPrefix(['seven', 'hundred', 'and']).running, [7, 700, 700]);
    assert.equal(readPrefix(['seven', 'hundred', 'and']).value, 700);
    assert.deepEqual(readPrefix(['a']).running, [1]);
    assert.deepEqual(readPrefix([]).running, []);
  });
  it('refuses, with the same error as readTokens, a prefix no continuation can mend', () => {
    for (const phrase of ['seventy eleven', 'seventy sixteen', 'and five', 'zero hundred', 'a five five', 'thousand thousand', 'minus minus five', 'two thirds thirds']) {
      const words = phrase.split(' ');
      let strict: unknown;
      try {
        readTokens(words);
      } catch (error) {
        strict = error;
      }
      assert.ok(strict instanceof PhraseError);
      assert.throws(() => readPrefix(words), (e: unknown) => e instanceof PhraseError && e.message === strict.message && e.token === strict.token && e.position === strict.position);
    }
  });
  it('canFollow says which words may come next', () => {
    assert.equal(canFollow(['seven'], 'hundred'), true);
    assert.equal(canFollow(['seventy'], 'eleven'), false);
    assert.equal(canFollow(['seven', 'hundred'], 'and'), true);
    assert.equal(canFollow([], 'and'), false);
  });
  it('a finished phrase ending with "and" suggests the phrase without it', () => {
    assert.throws(() => readTokens(['seven', 'hundred', 'and']), (e: unknown) => e instanceof PhraseError && e.suggestion === 'seven hundred');
  });
});

describe('GrowingReading', () => {
  /** readPrefix's and readTokens' readings of words, or undefined where they refuse them. */
  const readOrNot = (f: () => Reading) => {
    try {
      return f();
    } catch (error) {
      if (error instanceof PhraseError) return undefined;
      throw error;
    }
  };
  const phrases = [
    'seven hundred and seventy seven',
    'two and a half million',
    'one one hundred fifth',
    'three twenty fifths',
    'a twenty first',
    'one hundred thirty fifths',
    'nineteen oh five',
    'zero eight zero zero',
    'minus three point one four',
    'nine hundred ninety nine quadrillion nine hundred ninety nine trillion nine hundred ninety nine billion seven',
    'three thousand million',
    'one over three',
    'seven hundred and',
    'twenty twenty one',
    'a dozen',
    'one two three',
    'five and three',
    'thousand thousand',
    'seventy eleven',
    'twenty and three and three fifths',
    'one hundred one thousand fifths',
  ];
  it('gives, word by word, what readPrefix and readTokens give of the words so far, until the grammar refuses one', () => {
    for (const phrase of phrases) {
      const words = phrase.split(' ');
      const growing = new GrowingReading();
      for (let n = 1; n <= words.length; n++) {
        const prefix = readOrNot(() => readPrefix(words.slice(0, n)));
        const growth = growing.push([words[n - 1] as string]);
        assert.deepEqual(growth?.reading, prefix, `${words.slice(0, n).join(' ')} as a prefix`);
        if (!growth) break;
        assert.deepEqual(growth.finished, readOrNot(() => readTokens(words.slice(0, n))), `${words.slice(0, n).join(' ')} finished`);
      }
    }
  });
  it('keeps each step\'s running values when more words come', () => {
    const growing = new GrowingReading();
    const first = growing.push(['seven']);
    growing.push(['hundred', 'and', 'five']);
    assert.deepEqual(first?.reading.running, [7]);
  });
});
