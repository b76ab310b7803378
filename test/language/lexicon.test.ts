import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Exact } from '../../src/language/exact.ts';
import { exactValue, readTokens } from '../../src/language/grammar.ts';
import { createLexicon, LEXICON, SCALE_WORDS } from '../../src/language/lexicon.ts';
import { correctWord, tokenWords } from '../../src/language/tokenize.ts';
import { Vocabulary } from '../../src/language/vocab.ts';
import { maxValue, numberToWords } from '../../src/language/words.ts';

describe('the lexicon', () => {
  it('adding a scale word is one line: the grammar reads it, the writer writes it, typos find it', () => {
    const lexicon = createLexicon([...SCALE_WORDS, ['sextillion', 21]]);
    const value = 7n * 10n ** 21n + 5n * 10n ** 18n + 42n;
    const phrase = numberToWords(value, 'british', lexicon);
    assert.equal(phrase, 'seven sextillion five quintillion and forty two');
    const reading = readTokens(tokenWords(phrase, lexicon), { lexicon });
    assert.ok(exactValue(reading).equals(Exact.integer(value)));
    assert.equal(exactValue(readTokens(['two', 'sextillionth'], { lexicon })).toString(), `${2n * 10n ** 21n}`);
    assert.ok(exactValue(readTokens(['a', 'sextillionth'], { lexicon })).equals(Exact.fraction(1n, 10n ** 21n)));
    const septillion = createLexicon([...SCALE_WORDS, ['sextillion', 21], ['septillion', 24]]);
    assert.ok(exactValue(readTokens(['three', 'septillionths'], { lexicon: septillion })).equals(Exact.fraction(3n, 10n ** 24n)));
    assert.ok(exactValue(readTokens(['nine', 'septillion', 'one'], { lexicon: septillion })).equals(Exact.integer(9n * 10n ** 24n + 1n)));
    assert.equal(correctWord('sextilion', lexicon), 'sextillion');
    assert.equal(maxValue(lexicon), 10n ** 24n - 1n);
    // The shipped lexicon does not know it.
    assert.throws(() => readTokens(['seven', 'sextillion']), /not a number word/);
  });

  it('keeps the token ids of today\'s models: the cardinal words first, in their old order', () => {
    const old = ['zero', 'nought', 'naught', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'hundred', 'thousand', 'million', 'and', 'a'];
    const vocabulary = new Vocabulary([...old].reverse());
    assert.deepEqual(vocabulary.words.slice(1), old);
    const all = new Vocabulary(LEXICON.words.keys());
    const kept = all.words.filter((w) => old.includes(w));
    assert.deepEqual(kept, old);
  });

  it('derives ordinals and fractions from the cardinals', () => {
    for (const [word, kind, value, ordinal, plural] of [
      ['fifth', 'unit', 5, true, undefined],
      ['twelfth', 'teen', 12, true, undefined],
      ['fortieth', 'tens', 40, true, undefined],
      ['millionth', 'scale', 1e6, true, undefined],
      ['thirds', 'denominator', 3, undefined, true],
      ['quarters', 'denominator', 4, undefined, true],
    ] as const) {
      const info = LEXICON.info(word);
      assert.equal(info?.kind, kind, word);
      assert.equal(info?.value, value, word);
      assert.equal(info?.ordinal, ordinal, word);
      assert.equal(info?.plural, plural, word);
    }
    assert.equal(LEXICON.info('second')?.denominator, undefined);
    assert.throws(() => createLexicon([['thousand', 3], ['thousand', 6]]), /twice/);
    assert.throws(() => createLexicon([['million', 6], ['thousand', 3]]), /increasing/);
  });
});
