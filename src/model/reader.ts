// The network: token ids → one-hot × embedding → LSTM → a head applied after every token, giving one scalar
// per token (the running estimate, in target units: value / targetScale). Written with plain tfjs ops, not
// tf.layers, so it trains on every backend (wasm has no gradient for tf.gather) and its recurrent
// accumulator head can keep state across steps. The LSTM is time-major with the four gates as separate
// matmuls: 2–2.6× faster on the cpu backend than slicing one fused gate tensor.

import * as tf from '@tensorflow/tfjs';
import type { HeadName } from '../config.ts';
import { createRng, randomNormal, type Rng } from '../random.ts';
import { accumulatorStep, nacForward, nacWeights, naluForward, type AccumulatorState } from './nalu.ts';

export interface Architecture {
  head: HeadName;
  /** Model vocabulary, PAD first (id 0). */
  vocabulary: string[];
  embedding: number;
  hidden: number;
  /** Outputs are value / targetScale. */
  targetScale: number;
  expClamp: number;
}

/** The grammar's registers after each token, [B, T] each, in target units. */
export interface TeacherRegisters {
  total: tf.Tensor2D;
  group: tf.Tensor2D;
}

export interface ForwardResult {
  /** [B, T] running estimates in target units. */
  values: tf.Tensor2D;
  /** Per-token head internals, each [B, T]: the NALU gate, or the accumulator's operations. */
  trace: Record<string, tf.Tensor2D>;
}

const GATES = ['i', 'f', 'c', 'o'] as const;
/**
 * Accumulator operands are stored in hundreds: Adam moves every parameter by about the learning rate per
 * step, and word values reach 90, so in plain units "ninety" would take thousands of steps to learn.
 */
const OPERAND_UNIT = 100;

type Shape = [number] | [number, number];

interface ParamSpec {
  shape: Shape;
  init: (rng: Rng, shape: Shape) => Float32Array;
  /** Weight decay applies to matrices, not to biases. */
  decay: boolean;
}

function size(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}
const glorot = (rng: Rng, shape: Shape) => {
  const limit = Math.sqrt(6 / ((shape[0] ?? 1) + (shape[1] ?? 1)));
  return Float32Array.from({ length: size(shape) }, () => (rng() * 2 - 1) * limit);
};
const normal = (std: number) => (rng: Rng, shape: Shape) => Float32Array.from({ length: size(shape) }, () => randomNormal(rng) * std);
const constant = (value: number) => (_rng: Rng, shape: Shape) => new Float32Array(size(shape)).fill(value);

/** Every parameter of an architecture, in a fixed order (the order of the saved weights). */
export function parameterSpecs(arch: Architecture): Map<string, ParamSpec> {
  const V = arch.vocabulary.length;
  const { embedding: E, hidden: H } = arch;
  const specs = new Map<string, ParamSpec>();
  specs.set('embedding', { shape: [V, E], init: normal(1), decay: false });
  for (const g of GATES) {
    specs.set(`lstm/W_${g}`, { shape: [E, H], init: glorot, decay: true });
    specs.set(`lstm/U_${g}`, { shape: [H, H], init: glorot, decay: true });
    // A forget-gate bias of 1 keeps memory open early in training.
    specs.set(`lstm/b_${g}`, { shape: [H], init: constant(g === 'f' ? 1 : 0), decay: false });
  }
  switch (arch.head) {
    case 'linear':
      specs.set('head/W', { shape: [H, 1], init: glorot, decay: true });
      specs.set('head/b', { shape: [1], init: constant(0), decay: false });
      break;
    case 'nac':
    case 'nalu':
      specs.set('head/W_hat', { shape: [H, 1], init: glorot, decay: true });
      specs.set('head/M_hat', { shape: [H, 1], init: glorot, decay: true });
      if (arch.head === 'nalu') specs.set('head/G', { shape: [H, 1], init: glorot, decay: true });
      break;
    case 'accumulator':
      // Per token: operand (in units of OPERAND_UNIT) and log-scale, both starting at the identity ...
      specs.set('head/token_values', { shape: [V, 2], init: constant(0), decay: false });
      // ... and the carry logit, starting shut: most words never carry.
      specs.set('head/token_carry', { shape: [V, 1], init: constant(-3), decay: false });
      // The LSTM's say in the carry, where the word alone cannot decide; it starts silent.
      specs.set('head/W_context', { shape: [H, 1], init: constant(0), decay: true });
      break;
  }
  return specs;
}

export class NumberReader {
  private constructor(
    readonly arch: Architecture,
    readonly params: Map<string, tf.Variable>,
  ) {}

  /** Fresh weights, deterministic by seed. */
  static create(arch: Architecture, seed: number): NumberReader {
    const rng = createRng(seed);
    const params = new Map<string, tf.Variable>();
    for (const [name, spec] of parameterSpecs(arch)) {
      params.set(name, tf.tidy(() => tf.variable(tf.tensor(spec.init(rng, spec.shape), spec.shape), true, uniqueName(name))));
    }
    return new NumberReader(arch, params);
  }

  /** Weights from saved tensors; every expected name must be present with the expected shape. */
  static fromTensors(arch: Architecture, tensors: Record<string, tf.Tensor>): NumberReader {
    const params = new Map<string, tf.Variable>();
    for (const [name, spec] of parameterSpecs(arch)) {
      const t = tensors[name];
      if (!t) throw new Error(`weights are missing "${name}"`);
      if (t.shape.join(',') !== spec.shape.join(',')) {
        throw new Error(`weight "${name}" has shape [${t.shape}], expected [${spec.shape}]`);
      }
      params.set(name, tf.variable(t, true, uniqueName(name)));
    }
    return new NumberReader(arch, params);
  }

  /** The parameters weight decay applies to. */
  decayed(): tf.Variable[] {
    const specs = parameterSpecs(this.arch);
    return [...this.params].filter(([name]) => specs.get(name)?.decay).map(([, v]) => v);
  }

  private p(name: string): tf.Tensor {
    const v = this.params.get(name);
    if (!v) throw new Error(`no parameter ${name}`);
    return v;
  }

  /**
   * ids [B, T] int32, right-padded with 0 → running values [B, T]. Padding follows every real token, so it
   * cannot change a real token's output. `teacher` (training only): the grammar's registers after each
   * token, [B, T] each, which the accumulator head continues from instead of its own.
   */
  forward(ids: tf.Tensor2D, teacher?: TeacherRegisters): ForwardResult {
    return tf.tidy(() => {
      const [B, T] = ids.shape;
      const V = this.arch.vocabulary.length;
      const H = this.arch.hidden;
      const timeMajor = tf.reshape(tf.transpose(ids), [T * B]);
      const oneHot = tf.oneHot(tf.cast(timeMajor, 'int32'), V).toFloat() as tf.Tensor2D;
      const x = tf.matMul(oneHot, this.p('embedding') as tf.Tensor2D);
      const proj = Object.fromEntries(
        GATES.map((g) => [g, tf.unstack(tf.reshape(tf.add(tf.matMul(x, this.p(`lstm/W_${g}`) as tf.Tensor2D), this.p(`lstm/b_${g}`)), [T, B, H]))]),
      ) as Record<(typeof GATES)[number], tf.Tensor2D[]>;
      const perStep = (t: tf.Tensor2D) => tf.unstack(tf.transpose(t)).map((v) => tf.reshape(v, [B, 1])) as tf.Tensor2D[];
      const head = this.headStepper(oneHot, T, B, teacher && { total: perStep(teacher.total), group: perStep(teacher.group) });
      let h: tf.Tensor2D = tf.zeros([B, H]);
      let c: tf.Tensor2D = tf.zeros([B, H]);
      const outputs: tf.Tensor2D[] = [];
      const traces: Record<string, tf.Tensor2D[]> = {};
      for (let t = 0; t < T; t++) {
        const gate = (g: (typeof GATES)[number]) => tf.add(proj[g][t] as tf.Tensor2D, tf.matMul(h, this.p(`lstm/U_${g}`) as tf.Tensor2D));
        const i = tf.sigmoid(gate('i'));
        const f = tf.sigmoid(gate('f'));
        const o = tf.sigmoid(gate('o'));
        c = tf.add(tf.mul(f, c), tf.mul(i, tf.tanh(gate('c'))));
        h = tf.mul(o, tf.tanh(c));
        const step = head(h, t);
        outputs.push(step.y);
        for (const [k, v] of Object.entries(step.trace)) (traces[k] ??= []).push(v);
      }
      // Each step is [B, 1]; side by side they are the batch-major [B, T].
      const stack = (steps: tf.Tensor2D[]) => tf.concat(steps, 1) as tf.Tensor2D;
      return {
        values: stack(outputs),
        trace: Object.fromEntries(Object.entries(traces).map(([k, v]) => [k, stack(v)])),
      };
    });
  }

  /** Returns the per-step head: LSTM output h_t [B, H] → y_t [B, 1] and its internals. */
  private headStepper(
    oneHot: tf.Tensor2D,
    T: number,
    B: number,
    teacher?: { total: tf.Tensor2D[]; group: tf.Tensor2D[] },
  ): (h: tf.Tensor2D, t: number) => { y: tf.Tensor2D; trace: Record<string, tf.Tensor2D> } {
    const clamp = this.arch.expClamp;
    switch (this.arch.head) {
      case 'linear':
        return (h) => ({ y: tf.add(tf.matMul(h, this.p('head/W') as tf.Tensor2D), this.p('head/b')) as tf.Tensor2D, trace: {} });
      case 'nac': {
        const w = nacWeights(this.p('head/W_hat') as tf.Tensor2D, this.p('head/M_hat') as tf.Tensor2D);
        return (h) => ({ y: nacForward(h, w), trace: {} });
      }
      case 'nalu': {
        const w = nacWeights(this.p('head/W_hat') as tf.Tensor2D, this.p('head/M_hat') as tf.Tensor2D);
        return (h) => {
          const { y, gate } = naluForward(h, w, this.p('head/G') as tf.Tensor2D, clamp);
          return { y, trace: { gate } };
        };
      }
      case 'accumulator': {
        const perToken = (name: string, width: number) => tf.unstack(tf.reshape(tf.matMul(oneHot, this.p(name) as tf.Tensor2D), [T, B, width])) as tf.Tensor2D[];
        const tokenValues = perToken('head/token_values', 2);
        const tokenCarry = perToken('head/token_carry', 1);
        let state: AccumulatorState = { total: tf.zeros([B, 1]), group: tf.zeros([B, 1]) };
        return (h, t) => {
          const [rawOperand, logScale] = tf.split(tokenValues[t] as tf.Tensor2D, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
          const operand = tf.mul(rawOperand, OPERAND_UNIT) as tf.Tensor2D;
          const carry = tf.sigmoid(tf.add(tokenCarry[t] as tf.Tensor2D, tf.matMul(h, this.p('head/W_context') as tf.Tensor2D))) as tf.Tensor2D;
          const step = accumulatorStep(state, { operand, logScale, carry }, clamp);
          const trace = { operand, multiplier: tf.exp(tf.clipByValue(logScale, -clamp, clamp)) as tf.Tensor2D, carry, nextTotal: step.next.total };
          // Teacher forcing: the next token starts from the grammar's registers, not from this token's guess.
          state = teacher ? { total: teacher.total[t] as tf.Tensor2D, group: teacher.group[t] as tf.Tensor2D } : step.next;
          return { y: step.output, trace };
        };
      }
    }
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
  }
}

let counter = 0;
/** tfjs variable names are global per engine; several readers (tests, experiments) may coexist. */
function uniqueName(name: string): string {
  counter += 1;
  return `${name}#${counter}`;
}
