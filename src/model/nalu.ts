// The arithmetic units, as pure tensor functions so tests can set weights by hand and check exact sums and
// products. Shapes: x [batch, in], weights [in, out] → [batch, out].
//
//   NAC:   W = tanh(Ŵ) ⊙ σ(M̂),  a = x W                       (Trask et al. 2018)
//   NALU:  m = exp(log(|x| + ε) W),  g = σ(x G),  y = g a + (1 − g) m
//
// Guard: the exponent is clipped to ±expClamp before exp, so a huge or near-zero input cannot overflow to
// Inf or produce NaN; within ±expClamp (exp(20) ≈ 5e8 by default) it computes exactly the paper's formula.

import * as tf from '@tensorflow/tfjs';

export const LOG_EPSILON = 1e-7;

/** NAC weight matrix, biased towards {-1, 0, 1}. */
export function nacWeights(wHat: tf.Tensor2D, mHat: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(tf.tanh(wHat), tf.sigmoid(mHat)) as tf.Tensor2D);
}

/** Additive path: x [B, in] · W [in, out]. */
export function nacForward(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(x, w);
}

/** Multiplicative path: exp(log(|x| + ε) · W), exponent clipped to ±expClamp. */
export function multiplicativePath(x: tf.Tensor2D, w: tf.Tensor2D, expClamp: number, epsilon = LOG_EPSILON): tf.Tensor2D {
  return tf.tidy(() => tf.exp(tf.clipByValue(tf.matMul(tf.log(tf.add(tf.abs(x), epsilon)), w), -expClamp, expClamp)) as tf.Tensor2D);
}

export interface NaluOutput {
  y: tf.Tensor2D;
  /** The gate: 1 = all additive, 0 = all multiplicative. */
  gate: tf.Tensor2D;
}

/** NALU with the paper's tied weights: the same W for the additive and the multiplicative path. */
export function naluForward(x: tf.Tensor2D, w: tf.Tensor2D, g: tf.Tensor2D, expClamp: number): NaluOutput {
  return tf.tidy(() => {
    const gate = tf.sigmoid(tf.matMul(x, g)) as tf.Tensor2D;
    const add = nacForward(x, w);
    const mul = multiplicativePath(x, w, expClamp);
    const y = tf.add(tf.mul(gate, add), tf.mul(tf.sub(1, gate), mul)) as tf.Tensor2D;
    return { y, gate };
  });
}

/** Registers of the accumulator head, each [B, 1]: completed scale groups, and the group being read. */
export interface AccumulatorState {
  total: tf.Tensor2D;
  group: tf.Tensor2D;
}

/** One token's operation, each [B, 1]. */
export interface AccumulatorOp {
  /** The token's value, added to the group (7 for "seven"). */
  operand: tf.Tensor2D;
  /** The token's log multiplier for the group (ln 100 for "hundred", 0 for "seven"). */
  logScale: tf.Tensor2D;
  /** In (0, 1): how much of the group to move into the total and clear ("thousand": 1). */
  carry: tf.Tensor2D;
}

/**
 * One step of the accumulator head: NALU's multiplicative path (in log space) and additive path made
 * recurrent, with the running group as the multiplicand:
 *   group~ = group · exp(clip(logScale)) + operand
 *   output = total + group~                 (the running value after this token)
 *   total' = total + carry · group~,   group' = (1 − carry) · group~
 * No gradient flows back through the registers into earlier tokens (see `detach`): each word's operand and
 * scale are fitted by the error at its own position, so a later word cannot learn to patch an earlier
 * word's mistake — measured, that patching is what trapped full backpropagation in "×8 + 548" readings of
 * "hundred".
 */
export function accumulatorStep(state: AccumulatorState, op: AccumulatorOp, expClamp: number): { output: tf.Tensor2D; next: AccumulatorState } {
  return tf.tidy(() => {
    const factor = tf.exp(tf.clipByValue(op.logScale, -expClamp, expClamp));
    const group = tf.add(tf.mul(state.group, factor), op.operand) as tf.Tensor2D;
    const output = tf.add(state.total, group) as tf.Tensor2D;
    const kept = detach(group);
    return {
      output,
      next: { total: tf.add(detach(state.total), tf.mul(op.carry, kept)) as tf.Tensor2D, group: tf.mul(tf.sub(1, op.carry), kept) as tf.Tensor2D },
    };
  });
}

/** Identity going forward; no gradient flows back through it. */
export const detach = tf.customGrad(((x: tf.Tensor) => ({
  value: tf.clone(x),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor2D) => tf.Tensor2D;
