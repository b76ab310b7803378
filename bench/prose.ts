// Generated prose with numbers of every form, seeded, for the running-text benchmarks (bench/find.ts,
// bench/stream.ts): no committed data. About one number in every eight words, in words (cardinals big and
// small, ordinals, negatives, decimals, fractions, years, digit strings, a typo inside a number) and in
// digits, among ordinary English words — many of them a letter from a number word ("for", "tree", "often",
// "none"), which the finder must leave alone — with capitals and punctuation.

import type { Rng } from '../src/common/random.ts';
import { formPhrase, WRITTEN_FORMS, type WrittenForm } from '../src/language/words.ts';

const PROSE = (
  'the of and to in is was for on that with as by at from it an be this which or are had not but have were ' +
  'they their has been we you he she his her them our its who would could should will can may might must ' +
  'said about after before over under between through during without within again also only very more most ' +
  'some any each every other such than then there here when where while because although since until ' +
  'people time year day week month city river market report company government school family house water ' +
  'tree free tone none once often seven-day night light eight-hour fight right sight tight height weight ' +
  'ten-fold teen town twin won own bone gone done lone zone fine line mine nine-ish nice wine sixth-form ' +
  'fore form fort forth fourth-quarter your hour four-wheel thirsty thirty-something fifty-fifty forty-niners ' +
  'mullion bullion million-dollar trillium halt hall half-hearted quarterback dozed points joint print ' +
  'measured reported counted sold bought moved grew fell rose opened closed built found gave took made ' +
  'small large early late new old high low long short great little good bad first-rate second-hand ' +
  'Monday Tuesday January March May June London Paris Smith Johnson Tuesday committee percent units ' +
  'students visitors shares miles kilometres votes pages rooms workers'
).split(' ');

const PUNCTUATION = [',', ',', '.', ';', ':', '?', '!', ' -', ' (', ')'];

/** A number phrase in words of a random form, with the weights of everyday text (cardinals most). */
function numberWords(rng: Rng): string {
  const r = rng();
  const form: WrittenForm = r < 0.45 ? 'cardinal' : (WRITTEN_FORMS[1 + Math.floor(rng() * (WRITTEN_FORMS.length - 1))] as WrittenForm);
  // Log-uniform below ten million: small numbers are the most said.
  const value = form === 'year' ? 1901 + Math.floor(rng() * 125) : Math.floor(10 ** (rng() * 7));
  const phrase = formPhrase(value, form, rng() < 0.5 ? 'british' : 'american')?.phrase ?? 'twelve';
  // One number in twenty with a typo in a word of five or more letters ("twenty sevne"): corrected only there.
  if (rng() < 0.05) {
    const words = phrase.split(' ');
    const k = words.findIndex((w) => w.length >= 5 && !w.includes('-'));
    if (k > 0) words[k] = (words[k] as string).slice(0, -2) + (words[k] as string).slice(-1) + (words[k] as string).slice(-2, -1);
    return words.join(' ');
  }
  return phrase;
}

function numberDigits(rng: Rng): string {
  const r = rng();
  if (r < 0.4) return String(Math.floor(rng() * 10000));
  if (r < 0.6) return Math.floor(rng() * 1e7).toLocaleString('en-US');
  if (r < 0.8) return (rng() * 100).toFixed(2);
  return `${1 + Math.floor(rng() * 30)}${['st', 'nd', 'rd', 'th'][Math.floor(rng() * 4)]}`;
}

/** One line of prose: a few sentences, each starting with a capital and ending with a full stop. */
export function proseLine(rng: Rng): string {
  const sentences: string[] = [];
  const count = 1 + Math.floor(rng() * 4);
  for (let s = 0; s < count; s++) {
    const parts: string[] = [];
    const n = 8 + Math.floor(rng() * 18);
    for (let i = 0; i < n; i++) {
      const r = rng();
      let part = r < 0.09 ? numberWords(rng) : r < 0.13 ? numberDigits(rng) : (PROSE[Math.floor(rng() * PROSE.length)] as string);
      if (i === 0) part = part[0]!.toUpperCase() + part.slice(1);
      if (i < n - 1 && rng() < 0.08) part += PUNCTUATION[Math.floor(rng() * PUNCTUATION.length)];
      parts.push(part);
    }
    sentences.push(`${parts.join(' ')}.`);
  }
  return `${sentences.join(' ')}\n`;
}

/** About `bytes` of prose (whole lines), from `rng`. */
export function prose(rng: Rng, bytes: number): string {
  const lines: string[] = [];
  let length = 0;
  while (length < bytes) {
    const line = proseLine(rng);
    lines.push(line);
    length += line.length;
  }
  return lines.join('');
}
