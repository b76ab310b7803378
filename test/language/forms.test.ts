import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PhraseError } from '../../src/language/errors.ts';
import { exactRunning, exactValue, readPrefix, readTokens, type Form } from '../../src/language/grammar.ts';
import { tokenize } from '../../src/language/tokenize.ts';

/** The grammar's reading of a typed phrase, errors quoting what was typed. */
function read(phrase: string) {
  const tokens = tokenize(phrase);
  return readTokens(
    tokens.map((t) => t.normalized),
    { typed: tokens.map((t) => t.text) },
  );
}

/** [phrase, exact value, form, exact running values] */
const FORMS: [string, string, Form, string][] = [
  // cardinals past a billion, exact above 2^53
  ['one billion', '1000000000', 'cardinal', '1 1000000000'],
  ['a trillion', '1000000000000', 'cardinal', '1 1000000000000'],
  ['five quintillion', '5000000000000000000', 'cardinal', '5 5000000000000000000'],
  ['nine quadrillion seven', '9000000000000007', 'cardinal', '9 9000000000000000 9000000000000007'],
  ['nine hundred ninety nine quintillion one', '999000000000000000001', 'cardinal', '9 900 990 999 999000000000000000000 999000000000000000001'],
  // ordinals
  ['first', '1', 'ordinal', '1'],
  ['twelfth', '12', 'ordinal', '12'],
  ['twentieth', '20', 'ordinal', '20'],
  ['twenty first', '21', 'ordinal', '20 21'],
  ['one hundred and fifth', '105', 'ordinal', '1 100 100 105'],
  ['hundredth', '100', 'ordinal', '100'],
  ['two thousandth', '2000', 'ordinal', '2 2000'],
  ['millionth', '1000000', 'ordinal', '1000000'],
  ['21st', '21', 'ordinal', '21'],
  ['3rd', '3', 'ordinal', '3'],
  ['100th', '100', 'ordinal', '100'],
  // negatives
  ['minus twelve', '-12', 'cardinal', '0 -12'],
  ['negative five', '-5', 'cardinal', '0 -5'],
  ['-seven', '-7', 'cardinal', '0 -7'],
  ['- five', '-5', 'cardinal', '0 -5'],
  ['−three hundred', '-300', 'cardinal', '0 -3 -300'],
  // decimals
  ['three point one four', '3.14', 'decimal', '3 3 3.1 3.14'],
  ['point five', '0.5', 'decimal', '0 0.5'],
  ['one point oh five', '1.05', 'decimal', '1 1 1 1.05'],
  ['twelve point ninety nine', '12.99', 'decimal', '12 12 12.9 12.99'],
  ['two point five million', '2500000', 'decimal', '2 2 2.5 2500000'],
  ['zero point five', '0.5', 'decimal', '0 0 0.5'],
  // fractions
  ['a half', '0.5', 'fraction', '1 0.5'],
  ['one third', '1/3', 'fraction', '1 1/3'],
  ['three quarters', '0.75', 'fraction', '3 0.75'],
  ['two thirds', '2/3', 'fraction', '2 2/3'],
  ['five eighths', '0.625', 'fraction', '5 0.625'],
  ['seven hundredths', '0.07', 'fraction', '7 0.07'],
  ['two and a half', '2.5', 'fraction', '2 2 2 2.5'],
  ['one hundred and three and two thirds', '311/3', 'fraction', '1 100 100 103 103 103 311/3'],
  ['two and a half million', '2500000', 'fraction', '2 2 2 2.5 2500000'],
  ['half a million', '500000', 'fraction', '0.5 0.5 500000'],
  ['an eighth', '0.125', 'fraction', '1 0.125'],
  ['one thousand halves', '500', 'fraction', '1 1000 500'],
  ['three halfs', '1.5', 'fraction', '3 1.5'], // a common plural, read as written
  ['minus two and a half', '-2.5', 'fraction', '0 -2 -2 -2 -2.5'],
  // years and implied hundreds
  ['nineteen eighty four', '1984', 'year', '19 1980 1984'],
  ['nineteen oh five', '1905', 'year', '19 1900 1905'],
  ['twenty twenty one', '2021', 'year', '20 2020 2021'],
  ['eleven sixty six', '1166', 'year', '11 1160 1166'],
  ['one thirty', '130', 'year', '1 130'],
  ['six sixty two', '662', 'year', '6 660 662'],
  // digit strings
  ['one two five six', '1256', 'digits', '1 12 125 1256'],
  ['nine one one', '911', 'digits', '9 91 911'],
  ['zero eight', '8', 'digits', '0 8'],
  // numerals with words
  ['5 million', '5000000', 'cardinal', '5 5000000'],
  ['1.2 billion', '1200000000', 'decimal', '1.2 1200000000'],
  ['9 hundred and 2', '902', 'cardinal', '9 900 900 902'],
  ['250 thousand', '250000', 'cardinal', '250 250000'],
  ['42', '42', 'cardinal', '42'],
  ['1,000,000', '1000000', 'cardinal', '1000000'],
  // dozens, words run together
  ['a dozen', '12', 'cardinal', '1 12'],
  ['half a dozen', '6', 'fraction', '0.5 0.5 6'],
  ['three dozen', '36', 'cardinal', '3 36'],
  ['twentyone', '21', 'cardinal', '20 21'],
  ['fivehundred', '500', 'cardinal', '5 500'],
  ['twentyone-thousand-four-hundred-and-seventy-three', '21473', 'cardinal', '20 21 21000 21004 21400 21400 21470 21473'],
  // compound denominators (rule 1), mixed numbers after a group's "and" (rule 3)
  ['three twenty-fifths', '0.12', 'fraction', '3 320 0.12'],
  ['one hundred thirty fifths', '20/7', 'fraction', '1 100 130 20/7'],
  ['three twenty firsts', '1/7', 'fraction', '3 320 1/7'],
  ['twenty twenty fifths', '0.8', 'fraction', '20 2020 0.8'],
  ['one one hundred fifth', '1/105', 'fraction', '1 11 1 1/105'],
  ['a twenty-first', '1/21', 'fraction', '1 1 1/21'],
  ['one hundred and three quarters', '100.75', 'fraction', '1 100 100 103 100.75'],
  ['one hundred and two thirds', '302/3', 'fraction', '1 100 100 102 302/3'],
  ['one hundred and thirty fifths', '26', 'fraction', '1 100 100 130 26'],
  ['minus one hundred thirty fifths', '-20/7', 'fraction', '0 -1 -100 -130 -20/7'],
  ['one hundred one thousand fifths', '20/201', 'fraction', '1 100 101 101000 20/201'],
  ['twenty and three and three fifths', '23.6', 'fraction', '20 20 20 23 23 23.6'],
  // "over", numeral fractions
  ['one over three', '1/3', 'fraction', '1 1 1/3'],
  ['1 over one hundred and twenty one', '1/121', 'fraction', '1 1 1 0.01 0.01 1/120 1/121'],
  ['negative one over 20', '-0.05', 'fraction', '0 -1 -1 -0.05'],
  ['3/4', '0.75', 'fraction', '0.75'],
  ['2 1/4', '2.25', 'fraction', '2 2.25'],
  ['- 1 4/5', '-1.8', 'fraction', '0 -1 -1.8'],
  ['3/8ths', '0.375', 'fraction', '0.375'],
  // numerals with scale letters, bare and scientific decimals
  ['10k', '10000', 'cardinal', '10 10000'],
  ['1.2M', '1200000', 'decimal', '1.2 1200000'],
  ['-.0012G', '-1200000', 'decimal', '0 -0.0012 -1200000'],
  ['2.33 k', '2330', 'decimal', '2.33 2330'],
  ['1200k', '1200000', 'cardinal', '1200 1200000'],
  ['.77', '0.77', 'decimal', '0.77'],
  ['1e10', '10000000000', 'cardinal', '10000000000'],
  ['-12e-1', '-1.2', 'decimal', '0 -1.2'],
  ['-127.32e13', '-1273200000000000', 'cardinal', '0 -1273200000000000'],
  ['point 77', '0.77', 'decimal', '0 0.77'],
  ['1 point 1', '1.1', 'decimal', '1 1 1.1'],
  ['eleven dot one', '11.1', 'decimal', '11 11 11.1'],
  ['322 hundred', '32200', 'cardinal', '322 32200'],
  ['two thousand eight hundred five point eight seven three billion', '2805873000000', 'decimal', '2 2000 2008 2800 2805 2805 2805.8 2805.87 2805.873 2805873000000'],
  // nil, a spaced hyphen, plural scales, thousand million, "and" before a hundreds group, dozens after "and"
  ['nil', '0', 'cardinal', '0'],
  ['fifty - two', '52', 'cardinal', '50 52'],
  ['three billions', '3000000000', 'cardinal', '3 3000000000'],
  ['three thousand million', '3000000000', 'cardinal', '3 3000 3000000000'],
  ['two thousand and two hundred', '2200', 'cardinal', '2 2000 2000 2002 2200'],
  ['three hundred and two dozens', '324', 'cardinal', '3 300 300 302 324'],
  ['2 dozens', '24', 'cardinal', '2 24'],
];

describe('every form, with exact running values', () => {
  for (const [phrase, exact, form, running] of FORMS) {
    it(`"${phrase}" → ${exact} (${form})`, () => {
      const reading = read(phrase);
      assert.equal(exactValue(reading).toString(), exact);
      assert.equal(reading.form, form);
      assert.equal(exactRunning(reading).join(' '), running);
      assert.equal(reading.value, exactValue(reading).toNumber());
      assert.deepEqual(reading.running, exactRunning(reading).map((x) => x.toNumber()));
      assert.equal(reading.ordinal, form === 'ordinal' ? true : undefined);
    });
  }
  it('a digit string keeps its leading zeros', () => {
    assert.equal(read('zero eight').digits, '08');
    assert.equal(read('nine one one').digits, '911');
    assert.equal(read('nineteen eighty four').digits, undefined);
  });
  it('every prefix of every form reads, with the running values of the whole phrase', () => {
    for (const [phrase] of FORMS) {
      const words = tokenize(phrase).map((t) => t.normalized);
      const whole = exactRunning(readTokens(words)).map(String);
      for (let t = 0; t <= words.length; t++) assert.deepEqual(exactRunning(readPrefix(words.slice(0, t))).map(String), whole.slice(0, t), `${phrase} at ${t}`);
    }
  });
});

describe('ambiguity rules (docs/language.md)', () => {
  const cases: [string, string, Form][] = [
    ['a hundredth', '0.01', 'fraction'],
    ['one hundredth', '100', 'ordinal'],
    ['two hundredths', '0.02', 'fraction'],
    ['a thousandth', '0.001', 'fraction'],
    ['one third', '1/3', 'fraction'],
    ['thirty third', '33', 'ordinal'],
    ['twenty thirds', '20/3', 'fraction'],
    ['one two', '12', 'digits'],
    ['one twenty', '120', 'year'],
    ['twenty one', '21', 'cardinal'],
    ['twenty twenty', '2020', 'year'],
    ['two hundred and five', '205', 'cardinal'],
    ['two and a half', '2.5', 'fraction'],
    ['a hundred', '100', 'cardinal'],
    ['nineteen hundred', '1900', 'cardinal'],
    ['twenty five hundred', '2500', 'cardinal'],
    // a tens word before a unit's plural ordinal joins the denominator only after a numerator
    ['twenty fifths', '4', 'fraction'],
    ['twenty five hundredths', '0.25', 'fraction'],
    ['ninety five hundred fifths', '1900', 'fraction'],
    // after "hundred", "one" and a scale word join a unit's plural ordinal: 1005ths (Recognizers-Text)
    ['one hundred one thousand fifths', '20/201', 'fraction'],
    ['two hundred one million thirds', '200/1000003', 'fraction'],
    ['one hundred and one thousand fifths', '20200', 'fraction'],
    ['one million one thousand fifths', '200200', 'fraction'],
    ['one thousand one hundred fifths', '220', 'fraction'],
    ['twenty one thousand fifths', '4200', 'fraction'],
    ['one hundred one thousandths', '0.101', 'fraction'],
    ['one hundred and twenty fifths', '24', 'fraction'],
    ['thirty third', '33', 'ordinal'],
    ['one hundred thirty third', '133', 'ordinal'],
    ['one hundred fifth', '105', 'ordinal'],
    ['one twenty first', '1/21', 'fraction'],
    // a mixed number's fraction is proper
    ['one hundred and one third', '301/3', 'fraction'],
    ['one hundred and thirty two fifths', '26.4', 'fraction'],
    // a tens word, "and" and a unit are a mixed number's whole only before its own "and" and fraction
    ['twenty and three and a half', '23.5', 'fraction'],
    ['one hundred twenty and three and a half', '123.5', 'fraction'],
    ['minus twenty and three and a half', '-23.5', 'fraction'],
    ['five thousand and three quarters', '5000.75', 'fraction'],
  ];
  for (const [phrase, exact, form] of cases) {
    it(`"${phrase}" → ${exact} (${form})`, () => {
      const reading = read(phrase);
      assert.equal(exactValue(reading).toString(), exact);
      assert.equal(reading.form, form);
    });
  }
});

describe('refused, never read', () => {
  const cases: [string, string, RegExp][] = [
    ['zillion', 'zillion', /"zillion" is not a number word/],
    ['gazillion', 'gazillion', /"gazillion" is not a number word/],
    ['minus minus five', 'minus', /can only start a phrase/],
    ['three point', 'point', /cannot end with "point"/],
    ['two thirds thirds', 'thirds', /cannot follow "thirds"/],
    ['one hundred and two third', 'third', /cannot follow "two"/],
    ['thousands', 'thousands', /needs a number before it/],
    ['thirty seconds', 'seconds', /only as the end of a compound/],
    ['one over zero', 'zero', /cannot divide by zero/],
    ['3/0', '3/0', /cannot divide by zero/],
    ['five over', 'over', /must be followed by a number/],
    ['over three', 'over', /cannot follow/],
    ['1200k 5', '5', /cannot follow/],
    ['two million point five thousand', 'thousand', /cannot follow 2000000.5/],
    ['5m', '5m', /not a number/],
    ['10g', '10g', /not a number/],
    ['1e101', '1e101', /not a number/],
    ['twenty and three', 'and', /must be followed by a fraction/],
    ['twenty and three and four', 'and', /must be followed by a fraction/],
    ['five and three and three fifths', 'and', /say a fraction/],
    ['twenty and thirteen and a half', 'and', /say a fraction/],
    ['twenty and three and three and a half', 'and', /say a fraction/],
    ['a million and a half', 'a', /cannot follow "and"/],
    ['two third', 'third', /cannot follow "two"/],
    ['21th', '21th', /written "21st"/],
    ['seventy eleven', 'eleven', /cannot follow "seventy"/],
    ['five and six', 'and', /must be followed by a fraction/],
    ['minus', 'minus', /must be followed by a number/],
    ['nineteen oh', 'oh', /must be followed by a digit/],
    ['1.5 2', '2', /cannot follow "1.5"/],
    ['five - three', '-', /can only start a phrase/],
  ];
  for (const [phrase, token, message] of cases) {
    it(`"${phrase}" is refused at "${token}"`, () => {
      assert.throws(() => read(phrase), (e: unknown) => e instanceof PhraseError && e.token === token && message.test(e.message));
    });
  }
  it('errors quote what the user typed, not what it was read as', () => {
    assert.throws(() => read('fourty fourty'), (e: unknown) => e instanceof PhraseError && e.message === '"fourty" cannot follow "fourty"');
  });
});

describe('typo policy', () => {
  it('a number word is read as itself', () => {
    for (const word of ['fifth', 'sixth', 'seventh', 'billion', 'trillion', 'first', 'none'.slice(1)]) {
      assert.deepEqual(tokenize(word).map((t) => [t.normalized, t.corrected]), [[word, false]]);
    }
    assert.equal(exactValue(read('one billion')).toString(), '1000000000');
    assert.equal(exactValue(read('twenty sixth')).toString(), '26');
  });
  it('common English words are refused with "did you mean"', () => {
    for (const [word, meant] of [['for', 'four'], ['tree', 'three'], ['forth', 'fourth']] as const) {
      assert.throws(() => tokenize(word), (e: unknown) => e instanceof PhraseError && e.code === 'unknown_word' && e.suggestion === meant && /English word/.test(e.message), word);
    }
    assert.throws(() => tokenize('none'), (e: unknown) => e instanceof PhraseError && /did you mean "nine" or "one"\?/.test(e.message));
  });
  it('a correction goes to a single nearest word of the same kind only', () => {
    const corrected = (word: string) => tokenize(word).map((t) => t.normalized).join(' ');
    assert.equal(corrected('fith'), 'fifth'); // not "fifty": an ordinal stays an ordinal
    assert.equal(corrected('hundreth'), 'hundredth');
    assert.equal(corrected('milion'), 'million');
    assert.equal(corrected('bilion'), 'billion');
    // Equally near words are offered most alike first (Jaro–Winkler: "sixt" shares four letters with "sixty").
    assert.throws(() => tokenize('sixt'), /did you mean "sixty" or "six"\?/);
    assert.throws(() => tokenize('zillion'), (e: unknown) => e instanceof PhraseError && e.suggestion === undefined);
    assert.throws(() => tokenize('trillium'), /English word/);
  });
});
