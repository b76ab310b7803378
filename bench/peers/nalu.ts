// The one place the peer harness touches nalu-words: repoint these imports when the reader moves.
// Each reader takes many phrases and gives, per phrase, its exact value if it has one (else the JSON
// number), or null where nalu-words refuses the phrase. Text: findNumbers if the project has one.

import { initBackend } from '../../src/model/backend.ts';
import { PATHS } from '../../src/common/paths.ts';
import { PhraseError } from '../../src/language/errors.ts';
import { exactValue, readTokens } from '../../src/language/grammar.ts';
import { findNumbers } from '../../src/text/find.ts';
import { loadPredictor } from '../../src/reading/load.ts';
import { tokenize } from '../../src/language/tokenize.ts';
import type { Answer } from './exact.ts';

export interface Span {
  start?: number;
  end?: number;
  text?: string;
  value: Answer;
  ordinal?: boolean;
}

export interface NaluReaders {
  grammar(phrases: readonly string[]): Answer[];
  network(phrases: readonly string[]): Answer[];
  /** Whether the reader changed a typed word to read the phrase ("eleventh" read as "eleven"). */
  corrected(phrase: string): boolean;
  /** Numbers in running text; undefined while the project has no finder (the harness then reads the whole text as one phrase). */
  findNumbers?: (text: string) => Span[];
  model: string;
}

/** A reading's exact value when the project gives one (issue 18's `exact`), else its number. */
function answerOf(reading: { exact?: string; value?: number | null }): Answer {
  return reading.exact ?? reading.value ?? null;
}

export async function loadNalu(): Promise<NaluReaders> {
  const backend = await initBackend(() => {});
  const predictor = await loadPredictor(PATHS.defaultModel, backend);
  return {
    model: `${predictor.meta.name} (${predictor.meta.head}, ${backend.name})`,
    grammar: (phrases) =>
      phrases.map((phrase) => {
        try {
          return exactValue(readTokens(tokenize(phrase).map((t) => t.normalized))).toString();
        } catch (error) {
          if (error instanceof PhraseError) return null;
          throw error;
        }
      }),
    corrected: (phrase) => {
      try {
        return tokenize(phrase).some((t) => t.corrected);
      } catch (error) {
        if (error instanceof PhraseError) return false;
        throw error;
      }
    },
    findNumbers: (text) => findNumbers(text, { predictor, detail: 'value' }).map((s) => ({ start: s.start, end: s.end, text: s.text, value: s.exact, ...(s.ordinal ? { ordinal: true } : {}) })),
    network: (phrases) => predictor.predictMany(phrases, 'value').map((item) => ('error' in item ? null : answerOf(item))),
  };
}
