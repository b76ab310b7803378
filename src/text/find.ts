// Numbers in running text: every span the grammar finds (./scan.ts), read by the network through the
// Predictor with the grammar's reading beside it, as a single phrase is (src/reading/predict.ts); and the
// text with each number written in digits (alpha2digit-style). Browser-safe.

import { PhraseError } from '../language/errors.ts';
import { signedDigits } from '../language/format.ts';
import { ordinalSuffix } from '../language/grammar.ts';
import { grammarAnswer } from '../reading/answers.ts';
import type { Detail, GrammarPrediction, PhraseFailure, Prediction, Predictor, ValueGrammarPrediction, ValuePrediction } from '../reading/predict.ts';
import { keep, pieces, scan, withoutStacks, type Found, type TextOptions } from './scan.ts';

export interface FindOptions extends TextOptions {
  /** Reads every span with the network; without one, the grammar alone reads them (reader "grammar"). */
  predictor?: Predictor;
  /** 'steps' (the default): tokens and per-token steps; 'value': the values only. */
  detail?: Detail;
  /**
   * At most this many numbers: a text with more is refused (TooManyNumbers) before any is read, as reading
   * them is most of the cost (a server's bound on one request's time).
   */
  maxNumbers?: number;
}

/** A text with more numbers than `maxNumbers` allows. */
export class TooManyNumbers extends Error {
  override name = 'TooManyNumbers';
  constructor(
    readonly found: number,
    readonly limit: number,
  ) {
    super(`the text holds ${found} numbers; the limit is ${limit}`);
  }
}

type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Where a number is in the text. */
export interface Place {
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
  /** text.slice(start, end), as written. */
  text: string;
  /** A leading "plus" is part of the span (its sign); the words read follow it. */
  plus?: true;
}

/**
 * A number found in text: its place and its reading — the network's (reader "network", with the grammar's
 * `reference` beside), or the grammar's (reader "grammar") when no predictor is given or the network does
 * not read the span (a form or word it never learned: `network` says why).
 */
export type NumberSpan = Place &
  (Without<Prediction | ValuePrediction, 'phrase'> | (Without<GrammarPrediction | ValueGrammarPrediction, 'phrase'> & { network?: PhraseFailure['error'] }));

/** The numbers in `text`, in order; throws PhraseError when `text` is not a string. */
export function findNumbers(text: unknown, options: FindOptions = {}): NumberSpan[] {
  if (typeof text !== 'string') throw new PhraseError('not_a_string', 'the text must be a string');
  const all = pieces(text);
  const found = keep(text, scan(text, all), all, options);
  if (options.maxNumbers !== undefined && found.length > options.maxNumbers) throw new TooManyNumbers(found.length, options.maxNumbers);
  return readFound(text, found, options);
}

/** Spans for numbers already found in `text`: each read by the network when a predictor is given. */
export function readFound(text: string, found: readonly Found[], { predictor, detail = 'steps' }: FindOptions = {}): NumberSpan[] {
  const phrases = found.map((f) => text.slice(f.wordsStart, f.end));
  // The spans' own tokens and readings: the network's answer is that of the span's text (predictMany), read once.
  const network = predictor && found.length > 0 ? withoutStacks(() => predictor.predictPrepared(found.map((f, k) => ({ phrase: phrases[k] as string, tokens: f.tokens, reading: f.reading })), detail)) : undefined;
  return found.map((f, k) => {
    const place: Place = { start: f.start, end: f.end, text: text.slice(f.start, f.end) };
    if (f.plus) place.plus = true;
    const item = network?.[k];
    if (item && !('error' in item)) return withPlace(place, item);
    const span = withPlace(place, grammarAnswer({ phrase: phrases[k] as string, tokens: f.tokens, reading: f.reading }, detail));
    return item ? Object.assign(span, { network: item.error }) : span;
  });
}

/**
 * The place, then a reading's fields but its phrase. Built key by key on a literal: an object spread (with a
 * rest) cost ten times as much a span, the largest part of reading prose.
 */
function withPlace<T extends { phrase: unknown }>(place: Place, answer: T): Place & Without<T, 'phrase'> {
  const span: Record<string, unknown> = { start: place.start, end: place.end, text: place.text };
  if (place.plus) span.plus = true;
  for (const key in answer) if (key !== 'phrase') span[key] = answer[key];
  return span as Place & Without<T, 'phrase'>;
}

/**
 * A number as replaceNumbers writes it, from the grammar's exact value: integers in plain digits ("205",
 * "5000000000000000000"), ordinals with their suffix ("21st"), decimals with a point ("12.99"), other
 * fractions as n/d ("1/3", "5/3"), digit strings as said ("06"), a "plus" as "+".
 */
export function written(span: NumberSpan): string {
  const exact = span.referenceExact as string;
  const sign = span.plus ? '+' : '';
  if (span.digits !== undefined) return span.plus ? sign + span.digits : signedDigits(span.digits, exact);
  if (span.ordinal) return `${exact}${ordinalSuffix(BigInt(exact.replace('-', '')))}`;
  return sign + exact;
}

/** The text with every number found written in digits: "two hundred and five units" → "205 units". */
export function replaceNumbers(text: unknown, options: Omit<FindOptions, 'detail'> = {}): string {
  if (typeof text !== 'string') throw new PhraseError('not_a_string', 'the text must be a string');
  let out = '';
  let at = 0;
  for (const span of findNumbers(text, { ...options, detail: 'value' })) {
    out += text.slice(at, span.start) + written(span);
    at = span.end;
  }
  return out + text.slice(at);
}
