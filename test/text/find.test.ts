import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { initBackend } from '../../src/model/backend.ts';
import { PATHS } from '../../src/common/paths.ts';
import { loadPredictor } from '../../src/reading/load.ts';
import type { Predictor } from '../../src/reading/predict.ts';
import { findNumbers, replaceNumbers, TooManyNumbers } from '../../src/text/find.ts';

/** The numbers found, as "text=exact" ("th" after an ordinal). */
function found(text: string, options = {}): string[] {
  return findNumbers(text, options).map((s) => `${s.text}=${s.referenceExact}${s.ordinal ? 'th' : ''}`);
}

describe('findNumbers: where a number starts and ends', () => {
  it('takes the longest grammatical phrase, with offsets into the original text', () => {
    const text = 'We sold Two Hundred and five units in nineteen ninety nine.';
    const spans = findNumbers(text);
    assert.deepEqual(spans.map((s) => [s.start, s.end, s.text, s.exact, s.form]), [
      [8, 28, 'Two Hundred and five', '205', 'cardinal'],
      [38, 58, 'nineteen ninety nine', '1999', 'year'],
    ]);
    for (const s of spans) assert.equal(text.slice(s.start, s.end), s.text);
  });
  it('offsets count UTF-16 units before the number', () => {
    const [span] = findNumbers('😀 é twenty one');
    assert.deepEqual([span?.start, span?.end, span?.exact], [5, 15, '21']);
  });
  it('"and" between two numbers makes two; after hundred or a scale it joins; before a fraction it is one', () => {
    assert.deepEqual(found('five and three'), ['five=5', 'three=3']);
    assert.deepEqual(found('two hundred and five'), ['two hundred and five=205']);
    assert.deepEqual(found('five and a half days'), ['five and a half=5.5']);
    assert.deepEqual(found('fifty sixty thirty and eleven'), ['fifty=50', 'sixty=60', 'thirty=30', 'eleven=11']);
  });
  it('punctuation ends a number; a comma joins only after a scale word', () => {
    assert.deepEqual(found('I have five. Three came'), ['five=5', 'Three=3']);
    assert.deepEqual(found('twenty-one, thirty-one.'), ['twenty-one=21', 'thirty-one=31']);
    assert.deepEqual(found('twenty-thousand, five-hundred and sixty-nine'), ['twenty-thousand, five-hundred and sixty-nine=20569']);
    assert.deepEqual(found('1, 234, 567'), ['1=1', '234=234', '567=567']);
  });
  it('hyphens join words; a dash with spaces is no minus sign, a "-" on the number is', () => {
    assert.deepEqual(found('a twenty-five-year-old'), ['twenty-five=25']);
    assert.deepEqual(found('ten - five'), ['ten=10', 'five=5']);
    assert.deepEqual(found('it was -5 outside'), ['-5=-5']);
  });
  it('a number word next to a numeral joins only where the grammar takes it', () => {
    assert.deepEqual(found('5 thousand people'), ['5 thousand=5000']);
    assert.deepEqual(found('at 10 a.m'), ['10=10']);
    assert.deepEqual(found('the 180ml liquid and 29km'), []);
  });
  it('words of single digits are separate numbers unless they start with zero; no implied hundreds', () => {
    assert.deepEqual(found('one two three'), ['one=1', 'two=2', 'three=3']);
    assert.deepEqual(found('FIFTEEN ONE TEN ONE'), ['FIFTEEN=15', 'ONE=1', 'TEN=10', 'ONE=1']);
    const [code] = findNumbers('dial zero six');
    assert.deepEqual([code?.text, code?.digits, code?.exact], ['zero six', '06', '6']);
    assert.deepEqual(found('nineteen eighty four'), ['nineteen eighty four=1984']);
  });
  it('a year is never the next item of a list of numbers; elsewhere a pair of words is a year', () => {
    assert.deepEqual(found('one two three four twenty fifteen'), ['one=1', 'two=2', 'three=3', 'four=4', 'twenty=20', 'fifteen=15']);
    assert.deepEqual(found('zero six twelve twenty-one'), ['zero six=6', 'twelve=12', 'twenty-one=21']);
    assert.deepEqual(found('in twenty fifteen we moved'), ['twenty fifteen=2015']);
    assert.deepEqual(found('from nineteen eighty to nineteen ninety'), ['nineteen eighty=1980', 'nineteen ninety=1990']);
    assert.deepEqual(found('5, nineteen ninety nine'), ['5=5', 'nineteen ninety nine=1999']);
  });
  it('words the grammar cuts where the rest starts with a bare "hundred" or scale are no number at all', () => {
    assert.deepEqual(found('one point two hundred thirty-six.'), []);
    assert.equal(replaceNumbers('one point two hundred thirty-six'), 'one point two hundred thirty-six');
    assert.deepEqual(found('five point three three thousand'), ['five point three three thousand=5330']);
    assert.deepEqual(found('one two hundred'), ['one=1', 'two hundred=200']);
    assert.deepEqual(found('it was one hundred'), ['one hundred=100']);
  });
  it('a dotted run of digits that is no numeral (an address, a version) holds no number', () => {
    assert.deepEqual(found('192.168.1.2'), []);
    assert.deepEqual(found('version 1.2.3 of 2 files'), ['2=2']);
  });
  it('a "plus" before a number is its sign, after a number an operator', () => {
    const [plus] = findNumbers('plus twenty degrees');
    assert.deepEqual([plus?.text, plus?.plus, plus?.exact], ['plus twenty', true, '20']);
    assert.deepEqual(found('two plus two'), ['two=2', 'two=2']);
  });
});

describe('findNumbers: lone words that are not numbers', () => {
  it('by default a lone "one" and "a" are no number; "one" among other numbers is', () => {
    for (const text of ['the one you mentioned', 'a cat', 'one of them', 'I have one dog', 'No one is innocent.']) assert.deepEqual(found(text), [], text);
    assert.deepEqual(found('No one. Another one. One one. Twenty one'), ['One=1', 'one=1', 'Twenty one=21']);
    assert.deepEqual(found('One two three four!'), ['One=1', 'two=2', 'three=3', 'four=4']);
    assert.deepEqual(found('I have two dogs'), ['two=2']);
    assert.deepEqual(found('zero'), ['zero=0']);
  });
  it('a capitalised "One" that starts a title\'s phrase before a capitalised word is a count', () => {
    assert.deepEqual(found('Fifty People, One Question: Brooklyn'), ['Fifty=50', 'One=1']);
    assert.deepEqual(found('One Question'), ['One=1']);
    for (const text of ['One moment please!', 'The One Ring', 'One Of Us', 'ONE MOMENT PLEASE', 'The Chosen One Returns', 'No One Knows', 'one Question']) assert.deepEqual(found(text), [], text);
  });
  it('a lone small number is one after a word that names a number', () => {
    assert.deepEqual(found('digit one'), ['one=1']);
    assert.deepEqual(found('Chapter one: the number one'), ['one=1', 'one=1']);
    assert.deepEqual(found('the one you mentioned, one dog'), []);
  });
  it('"over" in prose is a preposition, never a fraction bar', () => {
    assert.deepEqual(found('we won two over three seasons'), ['two=2', 'three=3']);
    assert.deepEqual(found('it took over three hours'), ['three=3']);
    assert.deepEqual(found('two thirds of them'), ['two thirds=2/3']);
  });
  it('a day of the month is a date, not an ordinal number', () => {
    assert.deepEqual(found('the May 4th'), []);
    assert.deepEqual(found('on June fifth and the fourth of July'), []);
    assert.deepEqual(found('you may first check the fourth of them'), ['fourth=4th']);
    assert.deepEqual(found('May 4 and the 4th'), ['4=4', '4th=4th']);
  });
  it('threshold 0 keeps every number; a higher one drops more lone words', () => {
    assert.deepEqual(found('I have one dog', { threshold: 0 }), ['one=1']);
    assert.deepEqual(found('I have two dogs and 3 cats', { threshold: 10 }), ['3=3']);
  });
  it('a lone "first" or "second" is an ordinal only in a list of ordinals', () => {
    assert.deepEqual(found('One second please! twenty second'), ['twenty second=22th']);
    assert.deepEqual(found('first, second, third'), ['first=1th', 'second=2th', 'third=3th']);
    assert.deepEqual(found('the second one', { ordinalThreshold: 0, threshold: 0 }), ['second=2th', 'one=1']);
  });
  it('typos are corrected only inside a number that holds an exact number word', () => {
    assert.deepEqual(found('for a tree'), []);
    assert.deepEqual(found('fiev dogs'), []);
    const [span] = findNumbers('twenty fiev dogs');
    assert.deepEqual([span?.text, span?.exact, span?.corrections], ['twenty fiev', '25', [{ position: 1, typed: 'fiev', read: 'five' }]]);
    assert.deepEqual(found('four for two'), ['four=4', 'two=2']);
  });
  it('"one" and a power of ten\'s ordinal before "of" is a fraction; elsewhere the ordinal', () => {
    assert.deepEqual(found('one thousandth of a parsec'), ['one thousandth=0.001']);
    assert.deepEqual(found('one hundredth of an inch, one millionth of a second'), ['one hundredth=0.01', 'one millionth=0.000001']);
    assert.deepEqual(found('the one hundredth of its kind'), ['one hundredth=100th']);
    assert.deepEqual(found('one hundredth visitor'), ['one hundredth=100th']);
    assert.deepEqual(found('two thousandth of them'), ['two thousandth=2000th']);
  });
  it('reads "halfs" as written, and a tens word "and" a unit before a mixed number\'s fraction', () => {
    assert.deepEqual(found('i gave him three halfs of a gummy'), ['three halfs=1.5']);
    assert.deepEqual(found('twenty and three and a half cups, twenty and three cups'), ['twenty and three and a half=23.5', 'twenty=20', 'three=3']);
  });
  it('ordinals and fractions stay apart', () => {
    assert.deepEqual(found('the twenty first and a third'), ['twenty first=21th', 'a third=1/3']);
    assert.deepEqual(found('half a dozen eggs, three fifths of an inch'), ['half a dozen=6', 'three fifths=0.6']);
  });
  it('refuses what is not text', () => {
    assert.throws(() => findNumbers(42), { code: 'not_a_string' });
  });
  it('a piece longer than a phrase is no number, and a megabyte of one word is read at once', () => {
    assert.deepEqual(findNumbers(`${'7'.repeat(300)} and ${'7'.repeat(301)}`).map((f) => f.text.length), [300]);
    for (const word of ['a', 'seven', '7', 'sevenhundred']) {
      const started = performance.now();
      assert.deepEqual(findNumbers(word.repeat(Math.ceil(1e6 / word.length))), [], word);
      assert.ok(performance.now() - started < 2000, word);
    }
  });
  it('maxNumbers refuses a text with more numbers before reading any', () => {
    assert.equal(findNumbers('one '.repeat(500), { maxNumbers: 500 }).length, 500);
    assert.throws(() => findNumbers('one '.repeat(501), { maxNumbers: 500 }), (e: Error) => e instanceof TooManyNumbers && e.found === 501 && e.message === 'the text holds 501 numbers; the limit is 500');
  });
});

describe('replaceNumbers', () => {
  it('writes numbers in digits in the documented style', () => {
    assert.equal(replaceNumbers('we sold two hundred and five units in nineteen ninety nine'), 'we sold 205 units in 1999');
    assert.equal(replaceNumbers('the twenty first, a third, one and two thirds, twelve point ninety nine'), 'the 21st, 1/3, 5/3, 12.99');
    assert.equal(replaceNumbers('dial zero six, plus five, minus fifteen, three point five million'), 'dial 06, +5, -15, 3500000');
    assert.equal(replaceNumbers('dial minus zero eight one five now'), 'dial -0815 now', 'a negative digit string keeps its sign');
    assert.equal(replaceNumbers('the one I like, first place'), 'the one I like, first place');
  });
});

describe('findNumbers with the network', () => {
  let predictor: Predictor;
  before(async () => {
    predictor = await loadPredictor(PATHS.defaultModel, await initBackend(() => {}));
  });
  after(() => predictor.dispose());

  it('the network reads each cardinal span token by token, the grammar beside it', () => {
    const [span] = findNumbers('about seven hundred and two cats', { predictor });
    assert.ok(span && span.reader === 'network' && 'steps' in span);
    assert.deepEqual([span.text, span.exact, span.referenceExact, span.agrees], ['seven hundred and two', '702', '702', true]);
    assert.deepEqual(span.steps.map((s) => [s.token, s.referenceExact]), [['seven', '7'], ['hundred', '700'], ['and', '700'], ['two', '702']]);
  });
  it('a form the network never learned is the grammar\'s reading, with the network\'s reason', () => {
    const [span] = findNumbers('the twenty first', { predictor, detail: 'value' });
    assert.ok(span && span.reader === 'grammar' && !('steps' in span));
    assert.deepEqual([span.exact, span.network?.code], ['21', 'out_of_vocabulary']);
  });
});
