// Token lists → the padded id and target tensors the network reads. Right padding with id 0, so every real
// token comes before any padding and the LSTM's outputs for real tokens do not depend on it.

import * as tf from '@tensorflow/tfjs';
import { GROUP_BASE, valueGroups } from './registers.ts';

export interface Batch {
  /** [B, T] int32 */
  ids: tf.Tensor2D;
  lengths: number[];
}

/** Pads rows of ids to the longest row. */
export function padBatch(rows: readonly number[][]): Batch {
  const T = Math.max(...rows.map((r) => r.length));
  const ids = new Int32Array(rows.length * T);
  rows.forEach((row, b) => ids.set(row, b * T));
  return { ids: tf.tensor2d(ids, [rows.length, T], 'int32'), lengths: rows.map((r) => r.length) };
}

/**
 * [B, T] float mask: 1 on every real token ('running'), or on the last real token only ('final').
 */
export function lossMask(lengths: readonly number[], T: number, mode: 'running' | 'final'): tf.Tensor2D {
  const mask = new Float32Array(lengths.length * T);
  lengths.forEach((len, b) => {
    if (mode === 'final') mask[b * T + len - 1] = 1;
    else mask.fill(1, b * T, b * T + len);
  });
  return tf.tensor2d(mask, [lengths.length, T]);
}

/** [B, T] targets from per-token values, divided by the scale; padding positions are 0. */
export function targetTensor(running: readonly number[][], T: number, scale: number): tf.Tensor2D {
  const out = new Float32Array(running.length * T);
  running.forEach((row, b) => row.forEach((v, t) => (out[b * T + t] = v / scale)));
  return tf.tensor2d(out, [running.length, T]);
}

export interface GroupTargets {
  /** [B, T, G] base-1000 groups of the running value before each token (0 before the first): teacher forcing. */
  before: tf.Tensor3D;
  /** [B, T, G] 1000^k / s per group k, so Σ_k groups_k · weights_k is the predicted value over s. */
  weights: tf.Tensor3D;
  /** [B, T] the running value's magnitude over s. */
  target: tf.Tensor2D;
  /**
   * [B · T] the sign register before and after each token, 1 where negative (0 on padding). The running value
   * shows it only once the number is nonzero ("minus" reads 0), so it is recovered by looking ahead: the sign
   * after a token is that of the first nonzero running value at it or after it. Exact in this grammar, where
   * the sign is set while the number is 0 and never flipped.
   */
  negative: { before: Uint8Array; after: Uint8Array };
}

/**
 * Register-head targets from per-token running values. The groups hold the magnitude, the
 * sign is apart (`negative`). Each token's error is relative to s = max(1, |running value| before, after): a
 * word's operation must be right to the same share whether it acts on 7 or on 7 million. Padding positions are 0.
 */
export function groupTensors(running: readonly number[][], T: number, G: number): GroupTargets {
  const before = new Float32Array(running.length * T * G);
  const weights = new Float32Array(running.length * T * G);
  const target = new Float32Array(running.length * T);
  const negativeBefore = new Uint8Array(running.length * T);
  const negativeAfter = new Uint8Array(running.length * T);
  running.forEach((row, b) => {
    let sign = 0;
    for (let t = row.length - 1; t >= 0; t--) {
      const value = row[t] as number;
      if (value !== 0) sign = value < 0 ? 1 : 0;
      negativeAfter[b * T + t] = sign;
      if (t + 1 < row.length) negativeBefore[b * T + t + 1] = sign;
    }
    let previous = 0;
    row.forEach((signed, t) => {
      const value = Math.abs(signed);
      const s = Math.max(1, previous, value);
      before.set(valueGroups(previous, G), (b * T + t) * G);
      for (let k = 0; k < G; k++) weights[(b * T + t) * G + k] = GROUP_BASE ** k / s;
      target[b * T + t] = value / s;
      previous = value;
    });
  });
  const shape: [number, number, number] = [running.length, T, G];
  return {
    before: tf.tensor3d(before, shape),
    weights: tf.tensor3d(weights, shape),
    target: tf.tensor2d(target, [running.length, T]),
    negative: { before: negativeBefore, after: negativeAfter },
  };
}
