// A phrase still being typed → the grammar's reading of the words finished so far, and the word being typed.
// The last word counts as unfinished when nothing follows it ("seven hun"); a space, hyphen or comma after
// it finishes it. An unfinished word that is already a number word the grammar allows next is read now
// ("seven" → 7) and still listed with the longer words it may become (seventeen, seventy); a mere beginning
// ("hun") is only listed. Errors are those of a finished phrase, raised only when no continuation could
// make the phrase grammatical. Browser-safe, like the tokenizer and the grammar it joins.

import { PhraseError } from './errors.ts';
import { canFollow, readPrefix, type Reading } from './grammar.ts';
import { LEXICON } from './lexicon.ts';
import { completions, readPiece, readPieces, readWord, splitWords, type Token } from './tokenize.ts';

export interface Pending {
  /** The unfinished word as typed (lower-cased). */
  text: string;
  /** Its 0-based word position: the number of finished words before it. */
  position: number;
  /** Number words it may still become that the grammar allows here, in vocabulary order. */
  candidates: string[];
}

export interface PrefixReading {
  tokens: Token[];
  reading: Reading;
  pending?: Pending;
}

export function readTyping(phrase: string): PrefixReading {
  // "2 1/" is a numeral fraction still being typed: its numerator waits with it.
  const pieces = /\d\/$/.test(phrase) ? splitWords(phrase).slice(0, -1) : splitWords(phrase);
  const last = pieces[pieces.length - 1];
  // A numeral is read as it stands ("10k" is two tokens), and so is the "k" of "10 k": only a word can
  // still become a longer word.
  const unfinished = last !== undefined && !/\d/.test(last) && last !== 'k' && phrase.toLowerCase().endsWith(last);
  const tokens = readPieces(unfinished ? pieces.slice(0, -1) : pieces, LEXICON, unfinished ? last : undefined);
  const words = tokens.map((t) => t.normalized);
  const position = tokens.length;
  // A last word that begins no number word is refused (or corrected) now, before any grammar error, as it
  // is once the phrase is finished: the same phrase gets the same message while typing and after Enter.
  if (unfinished && completions(last).length === 0) readWord(last, position);
  const reading = readPrefix(words);
  if (!unfinished) return { tokens, reading };

  const candidates = completions(last).filter((w) => canFollow(words, w));
  const longer = candidates.filter((w) => w !== last);
  const pending = longer.length > 0 ? { pending: { text: last, position, candidates } } : {};
  if (candidates.includes(last)) return withWords([{ text: last, normalized: last, corrected: false }], tokens, pending);
  if (candidates.length > 0) return { tokens, reading, ...pending };
  // Only a variant spelling may come here ("three half" of "three halfs"): then, and only then, it is offered.
  const variants = completions(last, LEXICON, true).filter((w) => w !== last && canFollow(words, w));
  if (variants.length > 0) return { tokens, reading, pending: { text: last, position, candidates: variants } };

  // Not the start of any word allowed here: read it as a finished word (typo correction and errors included),
  // unless it is only the beginning of words that cannot come here.
  const beginning = completions(last).length > 0 && !LEXICON.words.has(last);
  let read: Token[] | undefined;
  try {
    read = readPiece(last, position);
  } catch (error) {
    if (!(beginning && error instanceof PhraseError)) throw error;
  }
  if (read && (!beginning || canFollow(words, (read[0] as Token).normalized))) return withWords(read, tokens, pending);
  const previous = words[words.length - 1];
  const where = previous === undefined ? 'start a phrase' : `follow "${previous}"`;
  throw new PhraseError('malformed', `no number word starting with "${last}" can ${where}`, last, position);
}

function withWords(read: Token[], tokens: Token[], pending: { pending?: Pending }): PrefixReading {
  const all = [...tokens, ...read];
  return { tokens: all, reading: readPrefix(all.map((t) => t.normalized)), ...pending };
}

/**
 * The phrase with a suggestion applied: the word at `position` replaced by `suggestion`, or, when the
 * suggestion is the words before it (a dangling "and" or "a" dropped), those words alone. Words come back
 * joined by single spaces.
 */
export function applySuggestion(phrase: string, position: number, suggestion: string): string {
  const words = splitWords(phrase);
  const before = words.slice(0, position).join(' ');
  if (suggestion === before) return before;
  return [...words.slice(0, position), suggestion, ...words.slice(position + 1)].join(' ');
}
