// Every training hyperparameter, with its default and a one-line reason, in one typed place. CLIs turn this
// table into flags (`--learning-rate 0.01`), so a default changed here changes everywhere.

import { ConfigError, resolveConfig, type Fields } from '../common/config.ts';
import { HEAD_INPUTS, HEADS, LOSS_MODES, ORDERS, type HeadInput, type HeadName, type LossMode, type Order } from '../model/choices.ts';

export const PROTOCOLS = ['custom', 'paper'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const SCHEDULES = ['geometric', 'cosine'] as const;

export interface TrainConfig {
  head: HeadName;
  loss: LossMode;
  embedding: number;
  hidden: number;
  epochs: number;
  batch: number;
  learningRate: number;
  learningRateEnd: number;
  learningRateHold: number;
  clipNorm: number;
  weightDecay: number;
  objective: 'cauchy' | 'mse' | 'mae';
  teacherForcing: boolean;
  choiceWeight: number;
  impliedCost: number;
  impliedFrom: number;
  scalePenalty: number;
  patience: number;
  seed: number;
  targetScale: number;
  expClamp: number;
  maxSeconds: number;
  protocol: Protocol;
  headInput: HeadInput;
  embeddingStd: number;
  forgetBias: number;
  schedule: (typeof SCHEDULES)[number];
  sparsity: number;
  sparsityFrom: number;
  sparsityTo: number;
  order: Order;
  wordDropout: number;
  wordDropoutUntil: number;
  wordDropoutLast: boolean;
}

export const TRAIN_DEFAULTS: TrainConfig = {
  head: 'registers', // the recurrent register head (ours); 'nalu' | 'nac' | 'linear' are the paper's heads
  loss: 'running', // loss on every token's running value; 'final' is the paper's (last token only)
  embedding: 8, // token embedding width (one-hot × matrix, so it trains on wasm)
  hidden: 16, // LSTM units: enough to tell a word's operation and a bare leading scale word from context
  epochs: 200, // registers on data/extrapolation: validation relative error reaches 0 by epoch ~70 (about 110 s on wasm)
  batch: 128, // 16 steps an epoch on the 2,000 extrapolation phrases
  learningRate: 0.01, // Adam, at the start (0.03 let the registers' choices flip back and forth) ...
  learningRateEnd: 0.00001, // ... decayed geometrically to this by the last epoch: word values need fine steps
  learningRateHold: 0.3, // share of the epochs at the start rate before the decay begins
  clipNorm: 1, // global gradient-norm clip: NALU's exp path can spike
  weightDecay: 0, // L2 on matrices (not biases); the paper heads gain from ~0.01
  objective: 'cauchy', // log(1 + error²): squared error near the exact solution ('mae' plateaus at the Adam step size), only logarithmic for absurd outcomes (a register-head choice that moves "seven" into the millions is 10⁶ off)
  teacherForcing: true, // registers: start each token from the true previous running value while training
  choiceWeight: 0.1, // registers: weight of the LSTM's cross-entropy on each token's best choice of operation
  impliedCost: 0.01, // registers: extra loss an implied one must beat to be chosen over the word's own value
  impliedFrom: 0.15, // registers: share of the epochs before an implied one may be chosen at all
  scalePenalty: 0.0001, // registers: L1 weight pulling each word's log multiplier to 0 (× 1) unless the data needs more
  patience: 1000, // epochs without a better validation error before stopping (the default runs every epoch)
  seed: 1, // weight init and batch order
  targetScale: 0, // divide targets by this; 0 = auto: 1 for the register head, else the power of 10 ≥ the largest value
  expClamp: 20, // cap on exponents in multiplicative paths (exp(20) ≈ 5e8): stops overflow, not normal values
  maxSeconds: 0, // wall-clock budget for training, 0 = none
  protocol: 'custom', // 'paper' = the paper's supervision only (final value, no teacher forcing) with PAPER_PRESET
  headInput: 'h', // the paper's head reads h; 'hc' also gives it the LSTM cell state
  embeddingStd: 1, // std of the embedding's normal init
  forgetBias: 1, // initial LSTM forget-gate bias: higher keeps the cell state a longer-lived sum of the tokens
  schedule: 'geometric', // learning rate after the hold: 'geometric' or 'cosine' decay to learningRateEnd
  sparsity: 0, // NAU/NMU: weight of the sparsity regulariser (pulls weights to 0 or ±1) ...
  sparsityFrom: 0.25, // ... ramped in linearly from this share of the epochs ...
  sparsityTo: 0.5, // ... to this one, after the unit has found a rough solution
  order: 'natural', // 'reversed': the last word first, so the leading "X hundred" is read last (not the paper's reading)
  wordDropout: 0, // final-value loss: chance each word but the last is left out of a training phrase, drawn afresh every epoch (word dropout) ...
  wordDropoutUntil: 1, // ... for this share of the epochs; the rest train on the phrases as written
  wordDropoutLast: false, // true: the last word may be left out too (a phrase then ends where no training phrase does, e.g. at "hundred")
};

/**
 * `--protocol paper`: the paper's supervision (head on the final LSTM state, loss on the final value only, no
 * teacher forcing) with settings chosen on validation MAE only (docs/results-paper.md, docs/paper-tuning.jsonl).
 * The head is computed at every token, as it is for the running predictions the page shows; the loss masks
 * all but the last real token, and padding follows it, so the head trained is exactly the head on the final state.
 */
export const PAPER_PRESET: Partial<TrainConfig> = {
  head: 'nalu',
  loss: 'final',
  teacherForcing: false,
  embedding: 32,
  hidden: 32, // validation MAE (NAU, 2 seeds) 6.67 against 7.04 at 16; NALU 9.33 against 10.81
  headInput: 'hc',
  embeddingStd: 0.1,
  objective: 'mae',
  weightDecay: 0.001,
  learningRate: 0.01,
  learningRateEnd: 0.0001,
  learningRateHold: 0,
  schedule: 'cosine',
  epochs: 300,
  batch: 32,
  sparsity: 0.1,
  patience: 100000,
};

/** Training config from raw flags: the protocol's preset first (when `--protocol paper`), then the flags. */
export function resolveTrainConfig(raw: Record<string, unknown>): TrainConfig {
  const protocol = resolveConfig(TRAIN_DEFAULTS, TRAIN_FIELDS, { protocol: raw.protocol }).protocol;
  const defaults = protocol === 'paper' ? { ...TRAIN_DEFAULTS, ...PAPER_PRESET } : TRAIN_DEFAULTS;
  const config = resolveConfig(defaults, TRAIN_FIELDS, raw);
  if (config.protocol === 'paper' && (config.loss !== 'final' || config.head === 'registers')) {
    throw new ConfigError('--protocol paper trains a paper-style head (not registers) on the final value only (--loss final)');
  }
  // A phrase with a word left out keeps its final value only; its running values no longer exist.
  if (config.wordDropout > 0 && config.loss !== 'final') throw new ConfigError('--word-dropout needs the final-value loss (--loss final)');
  // The register head is taught from the running value before each token, which only exists in reading order.
  if (config.order === 'reversed' && config.head === 'registers') throw new ConfigError('--order reversed is for the paper-style heads, not registers');
  return config;
}

export const TRAIN_FIELDS: Fields<TrainConfig> = {
  head: { kind: 'choice', choices: HEADS, help: 'output head' },
  loss: { kind: 'choice', choices: LOSS_MODES, help: 'loss on every running value, or on the final value only' },
  embedding: { kind: 'int', min: 1, max: 1024, help: 'embedding width' },
  hidden: { kind: 'int', min: 1, max: 1024, help: 'LSTM units' },
  epochs: { kind: 'int', min: 1, max: 100000, help: 'maximum epochs' },
  batch: { kind: 'int', min: 1, max: 100000, help: 'batch size' },
  learningRate: { kind: 'float', min: 1e-7, max: 10, help: 'Adam learning rate at the start' },
  learningRateEnd: { kind: 'float', min: 1e-8, max: 10, help: 'learning rate at the last epoch (geometric decay)' },
  learningRateHold: { kind: 'float', min: 0, max: 0.99, help: 'share of the epochs held at the start rate before decaying' },
  clipNorm: { kind: 'float', min: 0, help: 'global gradient-norm clip, 0 = off' },
  weightDecay: { kind: 'float', min: 0, max: 1, help: 'L2 penalty on weight matrices' },
  objective: { kind: 'choice', choices: ['cauchy', 'mse', 'mae'], help: 'loss: log(1 + error²), squared or absolute error' },
  teacherForcing: { kind: 'boolean', help: 'registers: start each token from the true previous running value while training' },
  choiceWeight: { kind: 'float', min: 0, max: 100, help: "registers: weight of the LSTM's cross-entropy on each token's best choice" },
  impliedCost: { kind: 'float', min: 0, max: 10, help: 'registers: extra loss an implied one must beat to be chosen' },
  impliedFrom: { kind: 'float', min: 0, max: 0.99, help: 'registers: share of the epochs before an implied one may be chosen' },
  scalePenalty: { kind: 'float', min: 0, max: 10, help: "registers: L1 weight on the words' log multipliers" },
  patience: { kind: 'int', min: 1, help: 'early-stopping patience in epochs' },
  seed: { kind: 'int', min: 0, max: 2 ** 32 - 1, help: 'random seed' },
  targetScale: { kind: 'float', min: 0, help: 'divide targets by this (0 = auto)' },
  expClamp: { kind: 'float', min: 1, max: 80, help: 'cap on exponents in multiplicative paths' },
  maxSeconds: { kind: 'float', min: 0, help: 'training time budget in seconds (0 = none)' },
  protocol: { kind: 'choice', choices: PROTOCOLS, help: "'paper': final-value loss only, with the tuned paper preset" },
  headInput: { kind: 'choice', choices: HEAD_INPUTS, help: "what the head reads: 'h', 'hc' (h and the cell state) or 'c' (the cell state)" },
  embeddingStd: { kind: 'float', min: 0.0001, max: 10, help: 'std of the embedding init' },
  forgetBias: { kind: 'float', min: -10, max: 10, help: 'initial LSTM forget-gate bias' },
  schedule: { kind: 'choice', choices: SCHEDULES, help: 'learning-rate decay after the hold' },
  sparsity: { kind: 'float', min: 0, max: 100, help: 'NAU/NMU sparsity regulariser weight' },
  sparsityFrom: { kind: 'float', min: 0, max: 1, help: 'share of the epochs where the sparsity ramp starts' },
  sparsityTo: { kind: 'float', min: 0, max: 1, help: 'share of the epochs where it reaches full weight' },
  order: { kind: 'choice', choices: ORDERS, help: "token order fed to the LSTM: 'natural' or 'reversed' (last word first)" },
  wordDropout: { kind: 'float', min: 0, max: 0.9, help: 'final-value loss: chance each word but the last is left out of a training phrase, afresh every epoch' },
  wordDropoutUntil: { kind: 'float', min: 0, max: 1, help: 'share of the epochs with word dropout (the rest train on whole phrases)' },
  wordDropoutLast: { kind: 'boolean', help: 'word dropout may leave out the last word too' },
};
