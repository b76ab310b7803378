// The training loop: Adam with the learning rate held then decayed (geometric or cosine), global-norm gradient
// clipping, optional L2 weight decay, early stopping on the validation error (MAE for the paper's heads, mean
// relative error for the register head) keeping the best weights. It knows nothing about files or
// terminals: it reports through `onEpoch` and stops when `signal` fires, returning the best weights so far.

import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../common/config.ts';
import type { TrainConfig } from './config.ts';
import type { Dataset, Example } from '../data/dataset.ts';
import { evaluateExamples } from '../evaluation/evaluate.ts';
import { createRng, shuffleInPlace, type Rng } from '../common/random.ts';
import { groupTensors, lossMask, padBatch, targetTensor } from '../model/encode.ts';
import { sparsityPenalty } from '../model/nalu.ts';
import { NumberReader, type Architecture } from '../model/reader.ts';
import { CARDINAL_OPERATIONS, GROUP_BASE, negatesIn, OP_CONTEXT, operationChoices, operationsOf, trainingChoices, WORD_PARAMETERS, type OperationName } from '../model/registers.ts';
import { encodeTokens, modelVocabulary } from '../model/weights.ts';
import { PAD } from '../language/vocab.ts';

export interface EpochReport {
  epoch: number;
  epochs: number;
  /** Mean training loss over the epoch's batches (scaled units). */
  loss: number;
  /** The validation error training selects on: MAE for the paper's heads, mean relative error for the register head. */
  valError: number;
  bestValError: number;
  bestEpoch: number;
  seconds: number;
}

export type StopReason = 'epochs' | 'patience' | 'time' | 'interrupted';

export interface TrainResult {
  reader: NumberReader;
  epochsRun: number;
  bestEpoch: number;
  bestValError: number;
  seconds: number;
  stoppedBy: StopReason;
}

export class DivergedError extends Error {
  override name = 'DivergedError';
}

/** Smallest power of ten ≥ the largest value, so targets fall in [0, 1]. */
export function autoTargetScale(examples: readonly Example[]): number {
  const max = Math.max(1, ...examples.map((e) => e.value));
  return 10 ** Math.ceil(Math.log10(max + 1));
}

/** Base-1000 groups needed for the largest running value in the examples: 3 for values up to 999,999,999. */
export function groupsNeeded(examples: readonly Example[]): number {
  const max = Math.max(0, ...examples.flatMap((e) => e.running));
  let groups = 1;
  while (GROUP_BASE ** groups <= max) groups++;
  return groups;
}

/** Within this loss of the best, a choice counts as just as good: the earlier (simpler) one is taken. */
const CHOICE_TIE = 1e-3;

/**
 * The best choice per token, as one-hot rows of K: the lowest loss, where a choice's extra cost
 * (`extraCosts[k]`) is added (an implied one costs `impliedCost`: a word's own value is the simpler
 * explanation; an infinite cost takes it out of the running). `errors` is [..., K] flattened, K =
 * extraCosts.length; `excluded` (same shape, optional), where nonzero, takes a choice out of the running
 * for that token alone. Ties go to the earlier choice or, given `prefer` (same shape: the model's own
 * probabilities), to the likeliest of them, so the LSTM is not taught the table's order where the data
 * cannot tell the choices apart.
 */
export function bestChoices(errors: ArrayLike<number>, extraCosts: readonly number[], excluded?: ArrayLike<number>, prefer?: ArrayLike<number>): Float32Array {
  const K = extraCosts.length;
  const out = new Float32Array(errors.length);
  const cost = (i: number, k: number) => (excluded && excluded[i + k] ? Infinity : (errors[i + k] as number) + (extraCosts[k] as number));
  for (let i = 0; i < errors.length; i += K) {
    let min = Infinity;
    for (let k = 0; k < K; k++) min = Math.min(min, cost(i, k));
    let pick = -1;
    for (let k = 0; k < K; k++) {
      if (cost(i, k) > min + CHOICE_TIE) continue;
      if (pick < 0 || (prefer && (prefer[i + k] as number) > (prefer[i + pick] as number))) pick = k;
      if (!prefer) break;
    }
    out[i + pick] = 1;
  }
  return out;
}

/**
 * [B · T · K] 1 where choice k leaves the sign register other than the running values say it is after the
 * token (`negative`, from groupTensors), else 0: choice k sets it negative where `negates[k]`, else keeps the
 * sign before. "minus" reads 0 whatever it does, so only this tells a negate from a keep.
 */
export function signMismatch(negative: { before: ArrayLike<number>; after: ArrayLike<number> }, negates: readonly boolean[]): Float32Array {
  const K = negates.length;
  const out = new Float32Array(negative.before.length * K);
  for (let i = 0; i < negative.before.length; i++) {
    for (let k = 0; k < K; k++) out[i * K + k] = (negates[k] ? 1 : (negative.before[i] as number)) === negative.after[i] ? 0 : 1;
  }
  return out;
}

/**
 * The choices credited per token for the LSTM's cross-entropy: the best (one-hot rows of `best`), and its twin
 * with the other implied one where the two come out the same (equal errors: the group was not empty, or the
 * operation takes no implied one). There the data says nothing about the implied one, and teaching "none" at
 * every such token outweighed the rare bare scale word that needs one (measured: train's lone "million" read
 * as 0 on two seeds in ten).
 */
export function impliedCredit(best: ArrayLike<number>, errors: ArrayLike<number>, choices: readonly { implied: 0 | 1; column: number }[]): Float32Array {
  const K = choices.length;
  const twin = choices.map((c) => choices.findIndex((d) => d.column === c.column && d.implied !== c.implied));
  const out = Float32Array.from(best);
  for (let i = 0; i < best.length; i += K) {
    for (let k = 0; k < K; k++) {
      const other = twin[k] as number;
      if (best[i + k] === 1 && other >= 0 && errors[i + other] === errors[i + k]) out[i + other] = 1;
    }
  }
  return out;
}

const sameOperations = (a: readonly OperationName[], b: readonly OperationName[]) => a.length === b.length && a.every((o) => b.includes(o));

/**
 * [B · T · K] flags: choice k shifts (a digit or pair entry, `shifts[k]` its factor; 1: no shift) where it
 * cannot be what the token did, so the token is explained by another choice:
 * - the number before the token is 0. Shifting nothing then adding is adding, and measured, "hundred" in
 *   "hundred and five" fitted as "shift two digits, + 100", pulling the word's value away from the 0 its
 *   other uses need;
 * - the word's value (`operands`, one per token, as it stands) is too large for the places the shift
 *   opens (v ≥ shift): x · 10 + 90 is no digit appended. Measured without it, seed 2 fitted "one hundred"
 *   as 1 · 10 + 90, "hundred" as × 81 + 92, and read 7.4 % of the validation cardinals. There is no lower
 *   bound: Adam moves a word value by about 1 a step, so "zero" jitters below −0.5, and a bound there
 *   took the digit from it and taught "zero" to act as × 10 (measured: × 9.2–11.1 on ten seeds).
 */
export function impossibleShifts(before: ArrayLike<number>, operands: ArrayLike<number>, shifts: readonly number[], G: number): Uint8Array | undefined {
  if (shifts.every((s) => s === 1)) return undefined;
  const K = shifts.length;
  const tokens = before.length / G;
  const out = new Uint8Array(tokens * K);
  for (let i = 0; i < tokens; i++) {
    let empty = true;
    for (let g = 0; g < G; g++) if (Math.abs(before[i * G + g] as number) >= 0.5) empty = false;
    const v = operands[i] as number;
    for (let k = 0; k < K; k++) {
      const shift = shifts[k] as number;
      if (shift !== 1 && (empty || v >= shift)) out[i * K + k] = 1;
    }
  }
  return out;
}

export function architectureFor(dataset: Dataset, config: TrainConfig): Architecture {
  // Every token needs an entry that acts inside the units group: without it a cardinal has nothing to do.
  if (config.head === 'registers' && !config.operations.includes('act')) throw new ConfigError('--operations must include act');
  const words = new Set(dataset.manifest.vocabulary);
  for (const split of Object.values(dataset.splits)) for (const e of split) e.tokens.forEach((t) => words.add(t));
  const vocab = modelVocabulary([PAD, ...words]);
  const registers = config.head === 'registers';
  return {
    head: config.head,
    vocabulary: [...vocab.words],
    embedding: config.embedding,
    hidden: config.hidden,
    // The register head is exact in any unit, and its word values are learned in plain numbers.
    targetScale: config.targetScale > 0 ? config.targetScale : registers ? 1 : autoTargetScale(dataset.splits.train),
    expClamp: config.expClamp,
    ...(registers ? { groups: groupsNeeded(dataset.splits.train), moveTarget: config.moveTarget } : {}),
    // Recorded only beyond the cardinal table, so a cardinal model's architecture is what it always was.
    ...(registers && !sameOperations(config.operations, CARDINAL_OPERATIONS) ? { operations: operationsOf(config.operations).map((o) => o.name as OperationName) } : {}),
    // Recorded only when on, so a model without them has the architecture it always had.
    ...(registers && config.wordOps ? { wordOps: true } : {}),
    ...(registers && config.moved ? { moved: true } : {}),
    ...(registers && config.reset ? { reset: true } : {}),
    ...(registers && config.digitMode ? { digitMode: true } : {}),
    ...(registers && config.contextPenalty > 0 ? { contextGate: true } : {}),
    ...(registers && config.signOnce ? { signOnce: true } : {}),
    ...(registers && config.digitUnscaled ? { digitUnscaled: true } : {}),
    ...(registers && config.placeValue ? { placeValue: true } : {}),
    ...(!registers && config.headInput !== 'h' ? { headInput: config.headInput } : {}),
    ...(!registers && config.order === 'reversed' ? { order: 'reversed' as const } : {}),
  };
}

interface TrainRow {
  ids: number[];
  running: number[];
}

/**
 * Word dropout for the final-value loss: each word but the last (or, with `last`, every word) is left out with
 * chance `p` (a phrase that would lose every word is kept whole). Generic: no word is singled out. The shortened
 * phrase is labelled with the whole phrase's final value, never with a running value of its own: a dropped last
 * word must not turn the prefix's true running value into a target (running-value supervision the paper's
 * protocol does not have).
 */
export function dropWords(rng: Rng, row: TrainRow, p: number, last = false): TrainRow {
  const end = row.ids.length - 1;
  const keep = row.ids.map((_, i) => (i === end && !last) || rng() >= p);
  if (keep.every(Boolean) || !keep.some(Boolean)) return row;
  const ids = row.ids.filter((_, i) => keep[i]);
  return { ids, running: ids.map(() => row.running[end] as number) };
}

/** The learning rate of an epoch (1-based): held, then decayed geometrically or along a cosine to the end rate. */
export function learningRateAt(config: TrainConfig, epoch: number, holdEpochs: number, decayPerEpoch: number): number {
  const step = Math.max(0, epoch - 1 - holdEpochs);
  if (config.schedule === 'geometric') return config.learningRate * decayPerEpoch ** step;
  const progress = Math.min(1, step / Math.max(1, config.epochs - holdEpochs - 1));
  return config.learningRateEnd + ((config.learningRate - config.learningRateEnd) * (1 + Math.cos(Math.PI * progress))) / 2;
}

/** Share (0 → 1) of the NAU/NMU sparsity weight at an epoch: ramped in linearly between sparsityFrom and sparsityTo. */
export function sparsityRamp(config: TrainConfig, epoch: number): number {
  const from = config.sparsityFrom * config.epochs;
  const to = Math.max(from + 1, config.sparsityTo * config.epochs);
  return Math.min(1, Math.max(0, (epoch - from) / (to - from)));
}

function globalNormClip(grads: tf.NamedTensorMap, clipNorm: number): tf.NamedTensorMap {
  if (clipNorm <= 0) return grads;
  return tf.tidy(() => {
    const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));
    const factor = tf.minimum(1, tf.div(clipNorm, tf.add(norm, 1e-12)));
    return Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, factor)]));
  });
}

function snapshot(reader: NumberReader): Map<string, Float32Array> {
  return new Map([...reader.params].map(([k, v]) => [k, v.dataSync().slice() as Float32Array]));
}

function restore(reader: NumberReader, weights: Map<string, Float32Array>): void {
  for (const [k, v] of reader.params) v.assign(tf.tensor(weights.get(k) as Float32Array, v.shape));
}

export async function train(
  dataset: Dataset,
  config: TrainConfig,
  { onEpoch, signal }: { onEpoch?: (report: EpochReport) => void; signal?: AbortSignal } = {},
): Promise<TrainResult> {
  const arch = architectureFor(dataset, config);
  const reader = NumberReader.create(arch, config.seed, { embeddingStd: config.embeddingStd, forgetBias: config.forgetBias });
  const vocab = modelVocabulary(arch.vocabulary);
  const trainSet: TrainRow[] = dataset.splits.train.map((e) => ({ ids: encodeTokens(vocab, e.tokens), running: e.running }));
  const rng = createRng(config.seed + 1);
  // Its own stream, so batch order is the same with and without word dropout.
  const dropRng = createRng(config.seed + 2);
  // Its own stream too, so batch order is the same at any --op-dropout.
  const opDropRng = createRng(config.seed + 3);
  const optimizer = tf.train.adam(config.learningRate);
  // Held at the start rate for the first `learningRateHold` of the epochs, then decayed geometrically to the end rate.
  const holdEpochs = Math.floor(config.epochs * config.learningRateHold);
  const decayPerEpoch = (config.learningRateEnd / config.learningRate) ** (1 / Math.max(1, config.epochs - holdEpochs - 1));
  const trainable = [...reader.params.values()];
  const registers = arch.head === 'registers';
  // Its choices are judged one token at a time, from the true value before the token.
  if (registers && !(config.teacherForcing && config.loss === 'running')) {
    throw new ConfigError('the registers head trains on running values with teacher forcing (--loss running --teacher-forcing true)');
  }
  const columns = registers ? operationChoices(arch.groups ?? 1, arch.operations) : [];
  const negating = registers && negatesIn(arch.operations);
  /** Each token's word value as it stands, [B · T] in value units (for impossibleShifts). */
  const tokenOperands = (ids: tf.Tensor2D) => {
    const operand = reader.params.get('head/operand')?.dataSync() ?? new Float32Array(arch.vocabulary.length);
    return Float32Array.from(ids.dataSync(), (id) => (operand[id] as number) * WORD_PARAMETERS.operand.unit);
  };
  const decayed = reader.decayed();
  const sparse = [...reader.params].filter(([name]) => name === 'head/nau_W' || name === 'head/nmu_W').map(([, v]) => v);
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;

  let best = { valError: Infinity, epoch: 0, weights: snapshot(reader) };
  let stoppedBy: StopReason = 'epochs';
  let epoch = 0;
  try {
    for (epoch = 1; epoch <= config.epochs; epoch++) {
      // The learning rate field is protected in the typings but is read on every step.
      (optimizer as unknown as { learningRate: number }).learningRate = learningRateAt(config, epoch, holdEpochs, decayPerEpoch);
      const sparsityWeight = config.sparsity * sparsityRamp(config, epoch);
      // The implied one is held back at first: until every word has found its own value, "seven" at the
      // start of a phrase fits as well as an implied one plus six (measured: it stuck there).
      const impliedCost = epoch > config.impliedFrom * config.epochs ? config.impliedCost : Infinity;
      const order = shuffleInPlace(rng, trainSet.map((_, i) => i));
      const dropping = config.wordDropout > 0 && epoch <= config.wordDropoutUntil * config.epochs;
      let lossSum = 0;
      let batches = 0;
      for (let start = 0; start < order.length; start += config.batch) {
        if (signal?.aborted) break;
        const picked = order.slice(start, start + config.batch).map((i) => trainSet[i] as TrainRow);
        const rows = dropping ? picked.map((r) => dropWords(dropRng, r, config.wordDropout, config.wordDropoutLast)) : picked;
        const batch = padBatch(rows.map((r) => r.ids));
        const T = batch.ids.shape[1];
        const mask = lossMask(batch.lengths, T, config.loss);
        // The register head compares groups (and starts each token from the true groups before it); the
        // paper's heads compare scaled values.
        const groups = registers ? groupTensors(rows.map((r) => r.running), T, arch.groups ?? 1) : undefined;
        const targets = registers ? undefined : targetTensor(rows.map((r) => r.running), T, arch.targetScale);
        const opKeep = registers && config.opDropout > 0 ? tf.tensor2d(Float32Array.from({ length: rows.length * T }, () => (opDropRng() < config.opDropout ? 0 : 1)), [rows.length, T]) : undefined;
        const lossValue = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => {
            const out = reader.forward(batch.ids, groups ? { teacherGroups: groups.before, ...(opKeep ? { lstmOpKeep: opKeep } : {}) } : {});
            const meanOverTokens = (perToken: tf.Tensor) => tf.div(tf.sum(tf.mul(perToken, mask)), tf.sum(mask));
            const terms: tf.Tensor[] = [];
            const error = (diff: tf.Tensor) =>
              config.objective === 'mse' ? tf.square(diff) : config.objective === 'mae' ? tf.abs(diff) : tf.log1p(tf.square(diff));
            if (groups && out.choices) {
              // The register head: every choice's value, relative to the token's size (see groupTensors),
              // summed from its groups in float32 without forming a value above 2^24.
              const [Bn, Tn, K, G] = out.choices.outcomes.shape;
              const values = tf.sum(tf.mul(out.choices.outcomes, tf.reshape(groups.weights, [Bn, Tn, 1, G])), 3);
              const magnitude = error(tf.sub(values, tf.reshape(groups.target, [Bn, Tn, 1]))) as tf.Tensor3D;
              const choices = trainingChoices(G, arch.operations);
              // A choice that leaves the wrong sign is as wrong as one a whole value off (the sign has no gradient).
              const errors = negating ? (tf.add(magnitude, error(tf.tensor3d(signMismatch(groups.negative, choices.map((c) => columns[c.column]?.operation.negates ?? false)), [Bn, Tn, K]))) as tf.Tensor3D) : magnitude;
              // Each token is explained by its best choice: the word's operands learn through that choice
              // alone, and the LSTM learns to predict it. (An expected loss over the choices let the
              // shared "act" choice win every word before "move" could be tried: measured, "thousand"
              // ended as "× 500 + 874".)
              const extraCosts = choices.map((c) => (c.implied ? impliedCost : 0));
              const shifts = choices.map((c) => columns[c.column]?.operation.shift ?? 1);
              const excluded = impossibleShifts(groups.before.dataSync(), tokenOperands(batch.ids), shifts, G);
              const prefer = config.ties === 'context' ? out.choices.probs.dataSync() : undefined;
              const errorData = errors.dataSync();
              const best = bestChoices(errorData, extraCosts, excluded, prefer);
              const target = tf.tensor3d(best, [Bn, Tn, K]);
              const fit = tf.sum(tf.mul(target, errors), 2);
              // What the LSTM is taught to predict: the best choice, or with --implied-target matters also its
              // twin with the other implied one where that changes nothing.
              const credit = config.impliedTarget === 'matters' ? tf.tensor3d(impliedCredit(best, errorData, choices), [Bn, Tn, K]) : target;
              const surprise = tf.neg(tf.log(tf.add(tf.sum(tf.mul(credit, out.choices.probs), 2), 1e-7)));
              terms.push(meanOverTokens(tf.add(fit, tf.mul(config.choiceWeight, surprise))));
              // The context gates' own loss: −log(g · [the choice with the LSTM is best] + (1 − g) · [the
              // tables' choice alone is best]). Where both are, nothing holds the gate open against its L1 pull;
              // where only the LSTM's is, the log is a barrier that keeps it open.
              if (out.choices.gateProbs) terms.push(meanOverTokens(tf.neg(tf.log(tf.add(tf.sum(tf.mul(credit, out.choices.gateProbs), 2), 1e-7)))));
            } else if (targets) {
              terms.push(meanOverTokens(error(tf.sub(out.values, targets))));
            }
            const logScale = reader.params.get('head/log_scale');
            if (logScale && config.scalePenalty > 0) {
              // L1 on the words' log multipliers (clamped at 0): a word multiplies only if the data insists,
              // and the rest land exactly on × 1. Without it, "eighteen" fitted "six hundred and eighteen"
              // as × 1.023 + 4.3.
              terms.push(tf.mul(config.scalePenalty, tf.mean(logScale)));
            }
            const contextGate = reader.params.get(OP_CONTEXT);
            if (contextGate && config.contextPenalty > 0) {
              // L1 on each token's gate (clamped at 0), as the gates' own loss above is per token: a word's gate
              // then settles on the share of its own tokens that need the LSTM, however common the word is.
              // (A one-hot product, not tf.gather: wasm has no kernel for gather's gradient.)
              const ids = tf.oneHot(tf.reshape(batch.ids, [-1]) as tf.Tensor1D, contextGate.shape[0] as number).toFloat();
              terms.push(tf.mul(config.contextPenalty, meanOverTokens(tf.reshape(tf.matMul(ids, contextGate as tf.Tensor2D), batch.ids.shape))));
            }
            if (sparsityWeight > 0 && sparse.length > 0) {
              terms.push(tf.mul(sparsityWeight, tf.addN(sparse.map((w) => sparsityPenalty(w)))));
            }
            if (config.weightDecay > 0 && decayed.length > 0) {
              terms.push(tf.mul(config.weightDecay, tf.addN(decayed.map((w) => tf.sum(tf.square(w))))));
            }
            return tf.addN(terms) as tf.Scalar;
          }, trainable);
          optimizer.applyGradients(globalNormClip(grads, config.clipNorm) as Record<string, tf.Variable>);
          return value.dataSync()[0] as number;
        });
        reader.applyClamps();
        tf.dispose([batch.ids, mask, ...(targets ? [targets] : []), ...(opKeep ? [opKeep] : []), ...(groups ? [groups.before, groups.weights, groups.target] : [])]);
        if (!Number.isFinite(lossValue)) throw new DivergedError(`training diverged at epoch ${epoch}: loss is ${lossValue}`);
        lossSum += lossValue;
        batches++;
      }
      if (signal?.aborted) {
        stoppedBy = 'interrupted';
        break;
      }
      // Selection on unrounded outputs: a smooth figure that keeps improving after every number rounds right.
    // The register head is selected on relative error, so a few bare millions in validation do not drown
    // every other number (the paper's heads keep the paper's MAE).
    const valMetrics = evaluateExamples(reader, dataset.splits.val.length > 0 ? dataset.splits.val : dataset.splits.train, { roundRegisters: false });
    const valError = registers ? valMetrics.relativeError : valMetrics.mae;
      if (!Number.isFinite(valError)) throw new DivergedError(`training diverged at epoch ${epoch}: validation MAE is ${valError}`);
      if (valError < best.valError) best = { valError, epoch, weights: snapshot(reader) };
      onEpoch?.({ epoch, epochs: config.epochs, loss: lossSum / Math.max(1, batches), valError, bestValError: best.valError, bestEpoch: best.epoch, seconds: elapsed() });
      if (epoch - best.epoch >= config.patience) {
        stoppedBy = 'patience';
        break;
      }
      if (config.maxSeconds > 0 && elapsed() >= config.maxSeconds) {
        stoppedBy = 'time';
        break;
      }
      // Yield so a Ctrl-C handler (and a server's event loop) can run between epochs.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    reader.dispose();
    optimizer.dispose();
    throw error;
  }
  optimizer.dispose();
  restore(reader, best.weights);
  return {
    reader,
    epochsRun: Math.min(epoch, config.epochs),
    bestEpoch: best.epoch,
    bestValError: best.valError,
    seconds: elapsed(),
    stoppedBy,
  };
}
