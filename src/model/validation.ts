// What a model's validation must reach, and whether it did: tfjs-free, so the served read path can check it.

/** meta.json's `validation`: how the saved reader read its validation split, per form, against its target. */
export interface ValidationRecord {
  /** Share of the validation split read exactly (metrics.val.exact). */
  exact: number;
  /** The same per form: an example's `written`, else its `form`, else cardinal. */
  perForm: Record<string, number>;
  /**
   * Share of the training split read exactly (metrics.train.exact), held to the same target where recorded: a
   * reader that misses a phrase it was trained on fails, and validation may hold no phrase of that shape (two
   * seeds of ten of the forms recipe missed train's lone bare "million" with validation at 100 %).
   */
  train?: number;
  /** The share the split and every form in it must reach, and why that share. */
  target: number;
  reason: string;
  /** Whether they do (targetMet). */
  met: boolean;
}

/**
 * The target a model is held to when it recorded none (saved before models recorded one) and retrain's
 * default: the product reads every phrase it was shown in validation, so anything less is a model that fails.
 */
export const DEFAULT_VALIDATION_TARGET = { target: 1, reason: 'a reader must read every validation phrase exactly' } as const;

/** The split and every form in it at least the target, and the training split too where it is given. */
export function targetMet(exact: number, perForm: Record<string, number>, target: number, train?: number): boolean {
  return exact >= target && Object.values(perForm).every((share) => share >= target) && (train === undefined || train >= target);
}
