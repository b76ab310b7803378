// The training loop: Adam with a geometric learning-rate decay, global-norm gradient clipping, optional L2
// weight decay, early stopping on validation MAE keeping the best weights. It knows nothing about files or
// terminals: it reports through `onEpoch` and stops when `signal` fires, returning the best weights so far.

import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from './config.ts';
import type { Dataset, Example } from './dataset.ts';
import { evaluateExamples } from './evaluate.ts';
import { readTokens } from './grammar.ts';
import { createRng, shuffleInPlace } from './random.ts';
import { encodeTokens, lossMask, modelVocabulary, padBatch, targetTensor } from './model/encode.ts';
import { NumberReader, type Architecture } from './model/reader.ts';
import { PAD } from './vocab.ts';

export interface EpochReport {
  epoch: number;
  epochs: number;
  /** Mean training loss over the epoch's batches (scaled units). */
  loss: number;
  valMae: number;
  bestValMae: number;
  bestEpoch: number;
  seconds: number;
}

export type StopReason = 'epochs' | 'patience' | 'time' | 'interrupted';

export interface TrainResult {
  reader: NumberReader;
  epochsRun: number;
  bestEpoch: number;
  bestValMae: number;
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

export function architectureFor(dataset: Dataset, config: TrainConfig): Architecture {
  const words = new Set(dataset.manifest.vocabulary);
  for (const split of Object.values(dataset.splits)) for (const e of split) e.tokens.forEach((t) => words.add(t));
  const vocab = modelVocabulary([PAD, ...words]);
  return {
    head: config.head,
    vocabulary: [...vocab.words],
    embedding: config.embedding,
    hidden: config.hidden,
    // The accumulator is exact in any unit, and its word values are learned in plain numbers.
    targetScale: config.targetScale > 0 ? config.targetScale : config.head === 'accumulator' ? 1 : autoTargetScale(dataset.splits.train),
    expClamp: config.expClamp,
  };
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
  const reader = NumberReader.create(arch, config.seed);
  const vocab = modelVocabulary(arch.vocabulary);
  const trainSet = dataset.splits.train.map((e) => ({ ids: encodeTokens(vocab, e.tokens), running: e.running, registers: readTokens(e.tokens).registers }));
  const rng = createRng(config.seed + 1);
  const optimizer = tf.train.adam(config.learningRate);
  const decayPerEpoch = (config.learningRateEnd / config.learningRate) ** (1 / Math.max(1, config.epochs - 1));
  const trainable = [...reader.params.values()];
  // With the final-value loss the intermediate values are not training data, so nothing is fed back.
  const teacher = config.head === 'accumulator' && config.teacherForcing && config.loss === 'running';
  const decayed = reader.decayed();
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;

  let best = { valMae: Infinity, epoch: 0, weights: snapshot(reader) };
  let stoppedBy: StopReason = 'epochs';
  let epoch = 0;
  try {
    for (epoch = 1; epoch <= config.epochs; epoch++) {
      // The learning rate field is protected in the typings but is read on every step.
      (optimizer as unknown as { learningRate: number }).learningRate = config.learningRate * decayPerEpoch ** (epoch - 1);
      const order = shuffleInPlace(rng, trainSet.map((_, i) => i));
      let lossSum = 0;
      let batches = 0;
      for (let start = 0; start < order.length; start += config.batch) {
        if (signal?.aborted) break;
        const rows = order.slice(start, start + config.batch).map((i) => trainSet[i] as (typeof trainSet)[number]);
        const batch = padBatch(rows.map((r) => r.ids));
        const T = batch.ids.shape[1];
        const mask = lossMask(batch.lengths, T, config.loss);
        const targets = targetTensor(rows.map((r) => r.running), T, arch.targetScale);
        const register = (key: 'total' | 'group') => targetTensor(rows.map((r) => r.registers.map((x) => x[key])), T, arch.targetScale);
        const registers = teacher ? { total: register('total'), group: register('group') } : undefined;
        const lossValue = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => {
            const { values, trace } = reader.forward(batch.ids, registers);
            const error = (diff: tf.Tensor) => tf.div(tf.sum(tf.mul(config.objective === 'mse' ? tf.square(diff) : tf.abs(diff), mask)), tf.sum(mask));
            const terms: tf.Tensor[] = [error(tf.sub(values, targets))];
            // Under teacher forcing the carry is trained by the grammar's total after each token.
            if (registers && trace.nextTotal) terms.push(error(tf.sub(trace.nextTotal, registers.total)));
            if (config.weightDecay > 0 && decayed.length > 0) {
              terms.push(tf.mul(config.weightDecay, tf.addN(decayed.map((w) => tf.sum(tf.square(w))))));
            }
            if (config.carryPenalty > 0 && trace.carry) {
              // L1 towards "this word does not carry": a carry the data does not need would let a word's
              // value hide in the total, where later multipliers cannot see it (measured: "× 0.87, + 6").
              const tokens = config.loss === 'final' ? lossMask(batch.lengths, T, 'running') : mask;
              terms.push(tf.mul(config.carryPenalty, tf.div(tf.sum(tf.mul(trace.carry, tokens)), tf.sum(tokens))));
            }
            return tf.addN(terms) as tf.Scalar;
          }, trainable);
          optimizer.applyGradients(globalNormClip(grads, config.clipNorm) as Record<string, tf.Variable>);
          return value.dataSync()[0] as number;
        });
        tf.dispose([batch.ids, mask, targets, ...(registers ? [registers.total, registers.group] : [])]);
        if (!Number.isFinite(lossValue)) throw new DivergedError(`training diverged at epoch ${epoch}: loss is ${lossValue}`);
        lossSum += lossValue;
        batches++;
      }
      if (signal?.aborted) {
        stoppedBy = 'interrupted';
        break;
      }
      const valMae = evaluateExamples(reader, dataset.splits.val.length > 0 ? dataset.splits.val : dataset.splits.train).mae;
      if (!Number.isFinite(valMae)) throw new DivergedError(`training diverged at epoch ${epoch}: validation MAE is ${valMae}`);
      if (valMae < best.valMae) best = { valMae, epoch, weights: snapshot(reader) };
      onEpoch?.({ epoch, epochs: config.epochs, loss: lossSum / Math.max(1, batches), valMae, bestValMae: best.valMae, bestEpoch: best.epoch, seconds: elapsed() });
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
    bestValMae: best.valMae,
    seconds: elapsed(),
    stoppedBy,
  };
}
