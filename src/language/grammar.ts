// Words → value, the project's source of truth. Reads a token list left to right with a small state machine
// and records the *running value* after every token: the value of that prefix read as if the phrase ended
// there, with a dangling "and" ignored and a dangling "a" read as one. These are the model's per-token
// training targets and the reference the page shows beside the model.
//
//   "seven hundred and seventy seven" → 7, 700, 700, 770, 777
//   "five thousand four hundred"      → 5, 5000, 5004, 5400
//
// Accepted: units/teens/tens, "X hundred" (X 1–9; or 10–99 in a first group with no scale after it:
// "twelve hundred", "forty five hundred"), "thousand" and "million" in decreasing order, an optional "and"
// after "hundred" or a scale word, "a hundred"/"a thousand", a bare leading "hundred"/"thousand"/"million",
// and "zero" (or "nought"/"naught") alone. Anything else is rejected with the offending token and its position — never a guess.

import { PhraseError } from './errors.ts';
import { wordInfo, type WordKind } from './vocab.ts';

export interface Reading {
  value: number;
  /** running[i] = value of tokens[0..i] read as a phrase of its own. */
  running: number[];
}

type BelowKind = 'none' | 'unit' | 'teen' | 'tens' | 'tensUnit';

function fail(message: string, token: string, position: number, suggestion?: string): never {
  throw new PhraseError('malformed', message, token, position, suggestion);
}

/** Reads a list of vocabulary tokens (lower-case, as the tokenizer gives them). */
export function readTokens(tokens: readonly string[]): Reading {
  if (tokens.length === 0) throw new PhraseError('empty', 'the phrase has no number words');
  return read(tokens, true);
}

/**
 * Reads the start of a phrase still being typed: the same rules as readTokens, except that it may be empty
 * and may end where a finished phrase cannot ("seven hundred and", "a"). Throws only when no continuation
 * could make the phrase grammatical: the reader decides every token as it comes, so a token refused here is
 * refused whatever follows.
 */
export function readPrefix(tokens: readonly string[]): Reading {
  return read(tokens, false);
}

/** Whether `word` may come next after `tokens` (themselves a readable prefix). */
export function canFollow(tokens: readonly string[], word: string): boolean {
  try {
    readPrefix([...tokens, word]);
    return true;
  } catch (error) {
    if (error instanceof PhraseError) return false;
    throw error;
  }
}

function read(tokens: readonly string[], finished: boolean): Reading {
  let total = 0; // completed thousand/million groups
  let lastScale = Infinity; // scales must decrease: "thousand thousand" and "thousand million" fail
  let sawScale = false;
  let hundredPart = 0; // 700 in "seven hundred and …"
  let hasHundred = false;
  let andInGroup = false;
  let below = 0; // the part under a hundred read so far
  let belowKind: BelowKind = 'none';
  let article = false; // a pending "a"
  let prevKind: WordKind | null = null;
  let prevToken = '';
  const running: number[] = [];

  const groupValue = () => hundredPart + below + (article ? 1 : 0);
  const groupEmpty = () => !hasHundred && belowKind === 'none' && !article;

  // Made once per phrase, not per token: a closure per token was a tenth of the reading time.
  const cannotFollow = (token: string, i: number): never => fail(`"${token}" cannot follow "${prevToken}"`, token, i);

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const info = wordInfo(token);
    if (!info) throw new PhraseError('unknown_word', `"${token}" is not a number word`, token, i);
    const kind = info.kind;

    if (prevKind === 'zero') cannotFollow(token, i);
    if (prevKind === 'article' && kind !== 'hundred' && kind !== 'scale') {
      fail(`"a" must be followed by hundred, thousand or million, not "${token}"`, token, i);
    }
    if (prevKind === 'and' && kind !== 'unit' && kind !== 'teen' && kind !== 'tens') cannotFollow(token, i);

    switch (kind) {
      case 'zero':
        if (i > 0) fail(`"${token}" can only stand alone`, token, i);
        break;
      case 'unit':
        if (belowKind === 'tens') {
          below += info.value;
          belowKind = 'tensUnit';
        } else if (belowKind === 'none') {
          below = info.value;
          belowKind = 'unit';
        } else cannotFollow(token, i);
        break;
      case 'teen':
      case 'tens':
        if (belowKind !== 'none') cannotFollow(token, i);
        below = info.value;
        belowKind = kind;
        break;
      case 'hundred': {
        const byUnit = belowKind === 'unit';
        const byTeenOrTens = belowKind !== 'none' && belowKind !== 'unit' && !sawScale; // "twelve hundred"
        const bare = belowKind === 'none' && (article || i === 0);
        if (hasHundred) fail('"hundred" cannot appear twice in one group', token, i);
        if (andInGroup || !(byUnit || byTeenOrTens || bare)) {
          if (belowKind === 'none') fail('"hundred" needs a number before it', token, i);
          cannotFollow(token, i);
        }
        hundredPart = (belowKind === 'none' ? 1 : below) * 100;
        hasHundred = true;
        below = 0;
        belowKind = 'none';
        article = false;
        break;
      }
      case 'scale': {
        if (prevKind === 'and') cannotFollow(token, i);
        if (info.value >= lastScale) fail(`"${token}" cannot follow a "${scaleName(lastScale)}" group`, token, i);
        if (groupEmpty() && i > 0) fail(`"${token}" needs a number before it`, token, i);
        if (groupValue() >= 1000) fail(`"${token}" cannot follow a group of ${groupValue()}`, token, i);
        total += (groupEmpty() ? 1 : groupValue()) * info.value;
        lastScale = info.value;
        sawScale = true;
        hundredPart = 0;
        hasHundred = false;
        andInGroup = false;
        below = 0;
        belowKind = 'none';
        article = false;
        break;
      }
      case 'and':
        if (prevKind !== 'hundred' && prevKind !== 'scale') {
          if (i === 0) fail('a phrase cannot start with "and"', token, i);
          cannotFollow(token, i);
        }
        andInGroup = true;
        break;
      case 'article':
        if (i > 0) cannotFollow(token, i);
        article = true;
        break;
    }
    prevKind = kind;
    prevToken = token;
    running.push(total + groupValue());
  }

  const last = tokens.length - 1;
  // The phrase without its dangling word is one the reader has just accepted.
  const shorter = last > 0 ? tokens.slice(0, last).join(' ') : undefined;
  if (finished && prevKind === 'and') fail('a phrase cannot end with "and"', 'and', last, shorter);
  if (finished && prevKind === 'article') fail('"a" must be followed by hundred, thousand or million', 'a', last, shorter);
  return { value: total + groupValue(), running };
}

function scaleName(scale: number): string {
  return scale === 1_000 ? 'thousand' : 'million';
}
