// NAC / NALU / NAU / NMU / register-head math with hand-set weights, as in tfjs-layers' tests: expected numbers by hand.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend.ts';
import { carryGroups, multiplicativePath, nacForward, nacWeights, naluForward, nauForward, nmuForward, sparsityPenalty } from '../../src/model/nalu.ts';
import { registerStep } from '../../src/model/reader.ts';
import { groupsValue, valueGroups } from '../../src/model/registers.ts';

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

describe('register step', () => {
  type Op = { operand: number; multiplier: number; op: number; implied?: 0 | 1 };
  const word = (operand: number, multiplier = 1, op = 0, implied: 0 | 1 = 0): Op => ({ operand, multiplier, op, implied });
  /**
   * Runs hand-set operations from empty groups, rounding the registers after every token as inference does
   * (exp(ln 100) is 100.000006 in float32); returns each token's value, assembled in float64.
   */
  const run = (ops: Op[], G = 3) => {
    let groups = tf.zeros([1, G]) as tf.Tensor2D;
    return ops.map((o) => {
      const op = row(...Array.from({ length: G }, (_, k) => (k === o.op ? 1 : 0)));
      groups = carryGroups(tf.round(carryGroups(registerStep(groups, { operand: col(o.operand), logScale: col(Math.log(o.multiplier)), op, implied: col(o.implied ?? 0) }))) as tf.Tensor2D);
      return groupsValue(Array.from(groups.dataSync()));
    });
  };
  const hundred = word(0, 100);
  const and = word(0);
  const thousand = word(0, 1, 1);
  const million = word(0, 1, 2);
  it('reads "seven hundred and seventy seven" exactly with hand-set operations', () => {
    assert.deepEqual(run([word(7), hundred, and, word(70), word(7)]), [7, 700, 700, 770, 777]);
  });
  it('moves a group up a scale: "five thousand four hundred"', () => {
    assert.deepEqual(run([word(5), thousand, word(4), hundred]), [5, 5000, 5004, 5400]);
  });
  it('carries a group that reached 1000: "twelve hundred and five"', () => {
    assert.deepEqual(run([word(12), hundred, and, word(5)]), [12, 1200, 1200, 1205]);
  });
  it('an implied one fills an empty group before a scale word, and only then', () => {
    assert.deepEqual(run([{ ...hundred, implied: 1 }, and, word(5)]), [100, 100, 105]);
    assert.deepEqual(run([{ ...thousand, implied: 1 }, and, word(1)]), [1000, 1000, 1001]);
    assert.deepEqual(run([word(7), { ...hundred, implied: 1 }]), [7, 700], 'a non-empty group takes no implied one');
    assert.deepEqual(run([{ ...word(7), implied: 1 }]), [7], 'a word that only adds takes no implied one');
  });
  it('is exact above 2^24: 987,654,321 and 999,999,999', () => {
    const read = (h: number, t: number, u: number) => [word(h), hundred, and, word(t), word(u)];
    const value = (ops: Op[]) => run(ops).at(-1);
    assert.equal(value([...read(9, 80, 7), million, ...read(6, 50, 4), thousand, ...read(3, 20, 1)]), 987_654_321);
    assert.equal(value([...read(9, 90, 9), million, ...read(9, 90, 9), thousand, ...read(9, 90, 9)]), 999_999_999);
  });
  it('splits values into base-1000 groups and back', () => {
    assert.deepEqual(valueGroups(987_654_321, 3), [321, 654, 987]);
    assert.equal(groupsValue(valueGroups(999_999_999, 3)), 999_999_999);
  });
});

describe('NAU and NMU', () => {
  it('NAU with weights in {-1, 0, 1} adds and subtracts exactly', () => {
    const x = tf.tensor2d([[700, 77, 5], [300, -12, 9]]);
    assert.deepEqual(value(nauForward(x, tf.tensor2d([1, 1, 0], [3, 1]))), [777, 288]);
    assert.deepEqual(value(nauForward(x, tf.tensor2d([1, -1, 0], [3, 1]))), [623, 312]);
  });
  it('NMU with weights in {0, 1} multiplies the chosen inputs and ignores the rest', () => {
    const x = tf.tensor2d([[7, 100, 3], [-2, 50, 0]]);
    assert.deepEqual(value(nmuForward(x, tf.tensor2d([1, 1, 0], [3, 1]))), [700, -100]);
    assert.deepEqual(value(nmuForward(x, tf.tensor2d([0, 0, 0], [3, 1]))), [1, 1]);
    // Two outputs: x0·x2 and x1 alone.
    assert.deepEqual(value(nmuForward(x, tf.tensor2d([[1, 0], [0, 1], [1, 0]]))), [21, 100, -0, 50]);
  });
  it('NMU has a gradient through the product', () => {
    const x = tf.tensor2d([[7, 100]]);
    const grad = tf.grad((w: tf.Tensor) => tf.sum(nmuForward(x, w as tf.Tensor2D)))(tf.tensor2d([1, 1], [2, 1]));
    // d/dw0 (w0·7 + 1 − w0)(w1·100 + 1 − w1) at w = 1: (7 − 1)·100 = 600; d/dw1 = 7·99 = 693.
    assert.deepEqual(value(grad), [600, 693]);
  });
  it('the sparsity regulariser is 0 at 0 and ±1 and largest at ±0.5', () => {
    assert.equal(value(sparsityPenalty(tf.tensor1d([0, 1, -1])))[0], 0);
    assert.equal(value(sparsityPenalty(tf.tensor1d([0.5, -0.5])))[0], 0.5);
    assert.ok(Math.abs((value(sparsityPenalty(tf.tensor1d([0.25, 0.9])))[0] as number) - 0.175) < 1e-6);
  });
});
