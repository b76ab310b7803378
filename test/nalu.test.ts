// NAC / NALU / accumulator math with hand-set weights, as in tfjs-layers' tests: expected numbers by hand.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend.ts';
import { accumulatorStep, multiplicativePath, nacForward, nacWeights, naluForward } from '../src/model/nalu.ts';

const BIG = 20; // logits that saturate tanh/sigmoid to ±1 / 1 within float32

before(async () => {
  await initBackend(() => undefined);
});

const col = (...xs: number[]) => tf.tensor2d(xs, [xs.length, 1]);
const row = (...xs: number[]) => tf.tensor2d([xs], [1, xs.length]);
const value = (t: tf.Tensor) => Array.from(t.dataSync());
const close = (actual: number[], expected: number[], tol = 1e-4) =>
  actual.forEach((a, i) => assert.ok(Math.abs(a - (expected[i] as number)) <= tol * Math.max(1, Math.abs(expected[i] as number)), `${a} ≈ ${expected[i]}`));

describe('NAC', () => {
  it('W = tanh(Ŵ)·σ(M̂) saturates to {-1, 0, 1}', () => {
    close(value(nacWeights(col(BIG, -BIG, BIG), col(BIG, BIG, -BIG))), [1, -1, 0], 1e-6);
  });
  it('adds and subtracts exactly', () => {
    const x = tf.tensor2d([[3, 4], [250, -17]]);
    close(value(nacForward(x, nacWeights(col(BIG, BIG), col(BIG, BIG)))), [7, 233]);
    close(value(nacForward(x, nacWeights(col(BIG, -BIG), col(BIG, BIG)))), [-1, 267]);
  });
});

describe('NALU', () => {
  it('multiplies and divides in log space', () => {
    const x = tf.tensor2d([[3, 4], [30, 40], [8, 2]]);
    close(value(multiplicativePath(x, col(1, 1), 20)), [12, 1200, 16]);
    close(value(multiplicativePath(x, col(1, -1), 20)), [0.75, 0.75, 4]);
  });
  it('the gate picks the additive path (g → 1) or the multiplicative one (g → 0)', () => {
    const x = tf.tensor2d([[3, 4]]);
    const w = nacWeights(col(BIG, BIG), col(BIG, BIG));
    const add = naluForward(x, w, col(BIG, BIG), 20);
    close(value(add.gate), [1], 1e-6);
    close(value(add.y), [7]);
    const mul = naluForward(x, w, col(-BIG, -BIG), 20);
    close(value(mul.gate), [0], 1e-6);
    close(value(mul.y), [12]);
    const half = naluForward(x, w, col(0, 0), 20);
    close(value(half.y), [9.5]);
  });
  it('gives finite outputs for zero and huge inputs', () => {
    const x = tf.tensor2d([[0, 0], [1e30, 1e30], [0, 1e30], [-1e30, 1e-30]]);
    for (const w of [col(1, 1), col(-1, -1), col(1, -1)]) {
      const { y } = naluForward(x, w, col(0.3, -0.2), 20);
      for (const v of value(y)) assert.ok(Number.isFinite(v), `finite: ${v}`);
    }
  });
  it('leaves the normal range untouched by the exponent clamp', () => {
    close(value(multiplicativePath(row(999, 999), col(1, 1), 20)), [998001]);
  });
});

describe('accumulator step', () => {
  const op = (operand: number, multiplier: number, carry: number) => ({
    operand: col(operand),
    logScale: col(Math.log(multiplier)),
    carry: col(carry),
  });
  const run = (ops: ReturnType<typeof op>[]) => {
    let state = { total: col(0), group: col(0) };
    return ops.map((o) => {
      const step = accumulatorStep(state, o, 20);
      state = step.next;
      return value(step.output)[0] as number;
    });
  };
  it('reads "seven hundred and seventy seven" exactly with hand-set operations', () => {
    close(run([op(7, 1, 0), op(0, 100, 0), op(0, 1, 0), op(70, 1, 0), op(7, 1, 0)]), [7, 700, 700, 770, 777], 1e-6);
  });
  it('carries a scale group into the total: "five thousand four hundred"', () => {
    close(run([op(5, 1, 0), op(0, 1000, 1), op(4, 1, 0), op(0, 100, 0)]), [5, 5000, 5004, 5400], 1e-6);
  });
  it('clamps the exponent so a huge log-scale cannot overflow', () => {
    const out = run([op(5, 1, 0), { operand: col(0), logScale: col(1e6), carry: col(0) }]);
    assert.ok(out.every(Number.isFinite));
  });
});
