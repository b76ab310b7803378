// Where a reader's error lies, by the shape of the phrase: the paper split's training set can hold no bare
// "X hundred" at all, and those few phrases can carry most of a test MAE.

import type { Example } from '../data/dataset.ts';

export const PHRASE_FORMS = ['digit', 'teen', 'two-digit', 'bare hundred', 'hundred and'] as const;
export type PhraseForm = (typeof PHRASE_FORMS)[number];

/** The form of a number below 1000 as the paper phrases it ("seven hundred and two" is "hundred and"). */
export function phraseForm(value: number): PhraseForm {
  if (value < 10) return 'digit';
  if (value < 20) return 'teen';
  if (value < 100) return 'two-digit';
  return value % 100 === 0 ? 'bare hundred' : 'hundred and';
}

export interface FormError {
  n: number;
  mae: number;
  /** Share of the split's total absolute error that falls on this form. */
  share: number;
}

/** MAE per phrase form of final predictions (one per example, same order). */
export function formErrors(examples: readonly Example[], finals: readonly number[]): Partial<Record<PhraseForm, FormError>> {
  const sums = new Map<PhraseForm, { n: number; abs: number }>();
  let total = 0;
  examples.forEach((e, i) => {
    const abs = Math.abs((finals[i] as number) - e.value);
    total += abs;
    const s = sums.get(phraseForm(e.value)) ?? { n: 0, abs: 0 };
    sums.set(phraseForm(e.value), { n: s.n + 1, abs: s.abs + abs });
  });
  const out: Partial<Record<PhraseForm, FormError>> = {};
  for (const form of PHRASE_FORMS) {
    const s = sums.get(form);
    if (s) out[form] = { n: s.n, mae: s.abs / s.n, share: total > 0 ? s.abs / total : 0 };
  }
  return out;
}
