// The arithmetic units, as pure tensor functions so tests can set weights by hand and check exact sums and
// products. Shapes: x [batch, in], weights [in, out] → [batch, out].
//
//   NAC:   W = tanh(Ŵ) ⊙ σ(M̂),  a = x W                       (Trask et al. 2018)
//   NALU:  m = exp(log(|x| + ε) W),  g = σ(x G),  y = g a + (1 − g) m
//
//   NAU:   a = x W,  W clamped to [−1, 1]                     (Madsen & Johansen, ICLR 2020)
//   NMU:   y_j = Π_i (W_ij x_i + 1 − W_ij),  W clamped to [0, 1]   (same paper; W_ij = 0 leaves x_i out)
//   Both take the sparsity regulariser mean(min(|W|, 1 − |W|)), which pulls every weight to 0 or ±1.
//
//   Register head (ours): per token, a choice among NAU-style moves between base-1000 groups and NALU's
//   multiplicative path (log space) plus an addition for the units group; see ./registers.ts.
//
// Guard: the exponent is clipped to ±expClamp before exp, so a huge or near-zero input cannot overflow to
// Inf or produce NaN; within ±expClamp (exp(20) ≈ 5e8 by default) it computes exactly the paper's formula.

import * as tf from '@tensorflow/tfjs';
import { GROUP_BASE } from './registers.ts';

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

/** NAU: a plain matrix product; its weights are kept in [−1, 1] by the trainer (`clamp`). */
export const nauForward = nacForward;

/** NMU: each output multiplies the inputs its weights select (W = 1) and ignores the rest (W = 0). */
export function nmuForward(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const [B, I] = x.shape;
    const O = w.shape[1];
    // [B, I, 1] × [1, I, O] → [B, I, O], then the product over the inputs.
    const gated = tf.add(tf.mul(tf.reshape(x, [B, I, 1]), tf.reshape(w, [1, I, O])), tf.sub(1, tf.reshape(w, [1, I, O])));
    return tf.prod(gated, 1) as tf.Tensor2D;
  });
}

/** Madsen & Johansen's sparsity regulariser: 0 when every weight is 0 or ±1, largest at ±0.5. */
export function sparsityPenalty(w: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const a = tf.abs(w);
    return tf.mean(tf.minimum(a, tf.sub(1, a))) as tf.Scalar;
  });
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

/**
 * Base-1000 carry, lowest group first: a group that reached 1000 ("twelve hundred" = 1200 units) passes the
 * thousands on. The carry is max(0, floor((g + 0.5) / 1000)): a group a hair below 1000 is left alone, and
 * a negative group never borrows (a borrow turns a small error into one of 1000 while training). It
 * carries no gradient: a count of thousands is not a smooth function of the group.
 */
export function carryGroups(groups: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const G = groups.shape[1];
    if (G === 1) return tf.clone(groups);
    const columns = tf.split(groups, G, 1) as tf.Tensor2D[];
    for (let k = 0; k + 1 < G; k++) {
      const carry = tf.relu(tf.floor(tf.div(tf.add(columns[k] as tf.Tensor2D, 0.5), GROUP_BASE)));
      columns[k] = tf.sub(columns[k] as tf.Tensor2D, tf.mul(carry, GROUP_BASE));
      columns[k + 1] = tf.add(columns[k + 1] as tf.Tensor2D, carry);
    }
    return tf.concat(columns, 1) as tf.Tensor2D;
  });
}
