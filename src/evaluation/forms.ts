// Where a reader's error lies, by the shape of the phrase (the paper split's training set can hold no bare
// "X hundred" at all, and those few phrases can carry most of a test MAE) and by form (cardinal, ordinal,
// decimal …): the validation figures per form that hold a trained model to its target.

import type { Fields } from '../common/config.ts';
import type { Example } from '../data/dataset.ts';
import { formatPercent } from '../language/format.ts';
import type { SplitMetrics } from '../model/artifacts.ts';
import { DEFAULT_VALIDATION_TARGET, targetMet, type ValidationRecord } from '../model/validation.ts';
import type { NumberReader } from '../model/reader.ts';
import { evaluateExamples } from './evaluate.ts';

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

/**
 * An example's form for the per-form figures: the form it was written in, else a negative (the grammar reads
 * "minus seven" as a cardinal), else the grammar's form, else a cardinal.
 */
export function exampleForm(e: Example): string {
  return e.written ?? (e.value < 0 ? 'negative' : (e.form ?? 'cardinal'));
}

/** Examples by exampleForm, in the order the forms first occur. */
export function byForm(examples: readonly Example[]): Map<string, Example[]> {
  const groups = new Map<string, Example[]>();
  for (const e of examples) {
    const form = exampleForm(e);
    groups.set(form, [...(groups.get(form) ?? []), e]);
  }
  return groups;
}

/** Exact share of the reader's final values, per form, in the order the forms first occur. */
export function formExact(reader: NumberReader, examples: readonly Example[]): Record<string, SplitMetrics> {
  return Object.fromEntries([...byForm(examples)].map(([form, group]) => [form, evaluateExamples(reader, group)]));
}

/** The validation target retrain and the experiments hold a model to: a share every form must read exactly. */
export interface TargetOptions {
  validationTarget: number;
}
/** Its default and why: DEFAULT_VALIDATION_TARGET (src/model/artifacts.ts). */
export const TARGET_DEFAULTS: TargetOptions = { validationTarget: DEFAULT_VALIDATION_TARGET.target };
export const TARGET_FIELDS: Fields<TargetOptions> = {
  validationTarget: { kind: 'float', min: 0, max: 1, help: 'share of the validation split, and of each form in it, the model must read exactly (1 = 100 %); a model below it is flagged in meta.json and /healthz' },
};

/** meta.json's `validation` from the split's exact share (metrics.val.exact), its per-form metrics and train's exact share. */
export function validationRecord(exact: number, perForm: Record<string, SplitMetrics>, target: number, train?: number): ValidationRecord {
  const shares = Object.fromEntries(Object.entries(perForm).map(([form, m]) => [form, m.exact]));
  const reason = target === DEFAULT_VALIDATION_TARGET.target ? DEFAULT_VALIDATION_TARGET.reason : `set with --validation-target ${target}`;
  return { exact, perForm: shares, ...(train === undefined ? {} : { train }), target, reason, met: targetMet(exact, shares, target, train) };
}

/** The per-form validation figures as a Markdown table, then whether the target was met. */
export function validationTable(record: ValidationRecord, perForm: Record<string, SplitMetrics>): string {
  const rows = Object.entries(perForm).map(([form, m]) => `| ${form} | ${m.n} | ${formatPercent(m.exact)} | ${m.exact >= record.target ? 'yes' : 'NO'} |`);
  if (record.train !== undefined) rows.push(`| (train, every form) | | ${formatPercent(record.train)} | ${record.train >= record.target ? 'yes' : 'NO'} |`);
  const verdict = record.met
    ? `validation target met: every form at least ${formatPercent(record.target)} exact`
    : `VALIDATION TARGET MISSED: ${formatPercent(record.exact)} exact overall${record.train === undefined ? '' : `, train ${formatPercent(record.train)}`}, target ${formatPercent(record.target)} for the split and every form (${record.reason})`;
  return ['| form (validation) | phrases | exact | at target |', '|---|---:|---:|---|', ...rows, '', verdict].join('\n');
}
