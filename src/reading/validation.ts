// Whether a model met its validation target, as /healthz, the API's answers and the CLI say it: a model that
// fails says so. A model saved before models recorded a target (the committed ones) is held to the default
// target on the validation exact share it does record; its per-form figures are unknown. Browser-safe.

import type { ModelMeta } from '../model/artifacts.ts';
import { DEFAULT_VALIDATION_TARGET, targetMet } from '../model/validation.ts';
import { formatPercent } from '../language/format.ts';

export interface ValidationStatus {
  met: boolean;
  exact: number;
  target: number;
  reason: string;
  /** The training split's exact share, where the model recorded it. */
  train?: number;
  /** Per form, or null when the model recorded none. */
  perForm: Record<string, number> | null;
  /** Whether meta.json recorded this (false: derived from metrics.val.exact and the default target). */
  recorded: boolean;
  /** One line for people when the target was missed. */
  warning?: string;
}

export function validationStatus(meta: Pick<ModelMeta, 'name' | 'metrics' | 'validation'>): ValidationStatus {
  const v = meta.validation;
  const status: ValidationStatus = v
    ? { met: targetMet(v.exact, v.perForm, v.target, v.train), exact: v.exact, target: v.target, reason: v.reason, perForm: v.perForm, ...(v.train === undefined ? {} : { train: v.train }), recorded: true }
    : { met: targetMet(meta.metrics.val.exact, {}, DEFAULT_VALIDATION_TARGET.target), exact: meta.metrics.val.exact, ...DEFAULT_VALIDATION_TARGET, perForm: null, recorded: false };
  if (status.met) return status;
  const below = Object.entries(status.perForm ?? {})
    .filter(([, share]) => share < status.target)
    .map(([form, share]) => `${form} ${formatPercent(share)}`);
  const forms = below.length > 0 ? ` (${below.join(', ')})` : '';
  const train = status.train !== undefined && status.train < status.target ? ` and ${formatPercent(status.train)} of its training split` : '';
  const warning = `the model "${meta.name}" missed its validation target: it read ${formatPercent(status.exact)} of its validation split exactly${forms}${train}, below the ${formatPercent(status.target)} target (${status.reason}); its answers may be wrong`;
  return { ...status, warning };
}
