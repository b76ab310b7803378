import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PhraseError } from '../../src/language/errors.ts';
import { applySuggestion, readTyping } from '../../src/language/prefix.ts';
import { completions, MAX_PHRASE_CHARS, tokenize } from '../../src/language/tokenize.ts';

const words = (phrase: string) => readTyping(phrase).tokens.map((t) => t.normalized);

describe('readTyping: a phrase as it is being typed', () => {
  const cases: [string, string[], number[], { text: string; position: number; candidates: string[] } | undefined][] = [
    ['seven hun', ['seven'], [7], { text: 'hun', position: 1, candidates: ['hundred', 'hundredth', 'hundredths', 'hundreds'] }],
    ['one bil', ['one'], [1], { text: 'bil', position: 1, candidates: ['billion', 'billionth', 'billionths', 'billions'] }], // not "six"
    ['one quin', ['one'], [1], { text: 'quin', position: 1, candidates: ['quintillion', 'quintillionth', 'quintillionths', 'quintillions'] }],
    ['hun', [], [], { text: 'hun', position: 0, candidates: ['hundred', 'hundredth'] }],
    ['seven', ['seven'], [7], { text: 'seven', position: 0, candidates: ['seven', 'seventeen', 'seventy', 'seventh', 'seventeenth', 'seventieth'] }],
    ['three point', ['three', 'point'], [3, 3], undefined],
    ['minus fiv', ['minus'], [0], { text: 'fiv', position: 1, candidates: ['five'] }],
    ['-seven ', ['minus', 'seven'], [0, -7], undefined],
    ['seven ', ['seven'], [7], undefined],
    ['seven hundred and', ['seven', 'hundred', 'and'], [7, 700, 700], undefined],
    ['seven hundred and ', ['seven', 'hundred', 'and'], [7, 700, 700], undefined],
    ['five hundred a', ['five', 'hundred'], [5, 500], { text: 'a', position: 2, candidates: ['and'] }],
    ['twenty six', ['twenty', 'six'], [20, 26], { text: 'six', position: 1, candidates: ['six', 'sixteen', 'sixty', 'sixth', 'sixths', 'sixteenths', 'sixtieths'] }],
    ['twenty six ', ['twenty', 'six'], [20, 26], undefined],
    ['seventy fourt', ['seventy'], [70], { text: 'fourt', position: 1, candidates: ['fourth', 'fourths', 'fourteenths'] }],
    ['seventy fourt ', ['seventy', 'four'], [70, 74], undefined],
    ['fourty tow', ['forty', 'two'], [40, 42], undefined],
    ['seventy-', ['seventy'], [70], undefined],
    ['a', ['a'], [1], { text: 'a', position: 0, candidates: ['a', 'an'] }],
    ['a ', ['a'], [1], undefined],
    ['1.2M', ['1.2', 'million'], [1.2, 1200000], undefined],
    ['10 k', ['10', 'thousand'], [10, 10000], undefined],
    ['2 1/', ['2'], [2], undefined],
    ['2 1/4', ['2', '1/4'], [2, 2.25], undefined],
    ['one over thr', ['one', 'over'], [1, 1], { text: 'thr', position: 2, candidates: ['three'] }],
    ['one one hundred ', ['one', 'one', 'hundred'], [1, 11, 1], undefined],
    ['fifty - two', ['fifty', 'two'], [50, 52], undefined],
    ['three twenty-fif', ['three', 'twenty'], [3, 320], { text: 'fif', position: 2, candidates: ['fifths'] }],
    // a variant spelling is offered only where no other word may come: "half" is no more "still typing"
    ['a half', ['a', 'half'], [1, 0.5], undefined],
    ['three half', ['three'], [3], { text: 'half', position: 1, candidates: ['halfs'] }],
    ['three halfs', ['three', 'halfs'], [3, 1.5], undefined],
  ];
  for (const [phrase, tokens, running, pending] of cases) {
    it(`"${phrase}" → ${tokens.join(' ') || '(no word yet)'}${pending ? `, still typing "${pending.text}"` : ''}`, () => {
      const read = readTyping(phrase);
      assert.deepEqual(words(phrase), tokens);
      assert.deepEqual(read.reading.running, running);
      assert.deepEqual(read.pending, pending);
    });
  }
  it('a last word that begins no number word is refused as it is after Enter, before an earlier word\'s grammar error', () => {
    const errorOf = (read: () => unknown) => {
      try {
        read();
      } catch (error) {
        if (error instanceof PhraseError) return error.toJSON();
        throw error;
      }
      return assert.fail('no error');
    };
    for (const phrase of ['five thousand thousand bananas', 'seven bananas']) {
      assert.deepEqual(errorOf(() => readTyping(phrase)), errorOf(() => tokenize(phrase)), phrase);
    }
    assert.equal(errorOf(() => readTyping('five thousand thousand bananas')).token, 'bananas');
  });
  it('every keystroke of "seven hundred and seventy seven" reads, never fails', () => {
    const phrase = 'seven hundred and seventy seven';
    for (let end = 1; end <= phrase.length; end++) assert.doesNotThrow(() => readTyping(phrase.slice(0, end)), phrase.slice(0, end));
  });
  const refused: [string, string, string, number, RegExp][] = [
    ['zero hun', 'malformed', 'hun', 1, /no number word starting with "hun" can follow "zero"/],
    ['and', 'malformed', 'and', 0, /cannot start with "and"/],
    ['seventy sixteen ', 'malformed', 'sixteen', 1, /"sixteen" cannot follow "seventy"/],
    ['zero hundr', 'malformed', 'hundr', 1, /starting with "hundr"/],
    ['seven bananas', 'unknown_word', 'bananas', 1, /not a number word/],
    ['seven 5', 'malformed', '5', 1, /cannot follow/],
    ['seven ５', 'numeral', '５', 1, /digits 0–9/],
  ];
  for (const [phrase, code, token, position, message] of refused) {
    it(`"${phrase}" is refused at "${token}": no continuation could mend it`, () => {
      assert.throws(() => readTyping(phrase), (e: unknown) => e instanceof PhraseError && e.code === code && e.token === token && e.position === position && message.test(e.message));
    });
  }
  it('keeps the length limit', () => {
    assert.throws(() => readTyping('seven '.repeat(MAX_PHRASE_CHARS)), (e: unknown) => e instanceof PhraseError && e.code === 'too_long');
  });
});

describe('suggestions', () => {
  it('completions list the words a beginning may become', () => {
    assert.deepEqual(completions('hun'), ['hundred', 'hundredth', 'hundredths', 'hundreds']);
    assert.deepEqual(completions('six'), ['six', 'sixteen', 'sixty', 'sixth', 'sixteenth', 'sixtieth', 'sixths', 'sixteenths', 'sixtieths']);
    assert.deepEqual(completions(''), []);
  });
  const cases: [string, string][] = [
    ['seven hun', 'hundred'],
    ['seven tousnd', 'thousand'],
  ];
  for (const [phrase, suggestion] of cases) {
    it(`"${phrase}" suggests "${suggestion}"`, () => {
      assert.throws(() => tokenize(phrase), (e: unknown) => e instanceof PhraseError && e.suggestion === suggestion);
    });
  }
  it('no suggestion where nothing is close', () => {
    assert.throws(() => tokenize('bananas'), (e: unknown) => e instanceof PhraseError && e.suggestion === undefined && !('suggestion' in e.toJSON()));
  });
});

describe('applySuggestion', () => {
  it('replaces the word at its position, keeping the others', () => {
    assert.equal(applySuggestion('seven hun', 1, 'hundred'), 'seven hundred');
    assert.equal(applySuggestion('Seven, hun and five', 1, 'hundred'), 'seven hundred and five');
    assert.equal(applySuggestion('5 hundred', 0, 'five'), 'five hundred');
  });
  it('a suggestion that is the words before a dangling word drops that word', () => {
    assert.equal(applySuggestion('seven hundred and', 2, 'seven hundred'), 'seven hundred');
    assert.equal(applySuggestion('two thousand a', 2, 'two thousand'), 'two thousand');
  });
});
