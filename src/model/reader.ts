// The network: token ids → one-hot × embedding → LSTM → a head applied after every token, giving one running
// estimate per token. The paper's heads (linear, NAC, NALU) give a scalar in target units (value /
// targetScale); the register head keeps one register per base-1000 group, so integers stay exact in float32
// up to 999,999,999 and the value is assembled in float64 outside the graph. Written with plain tfjs ops, not
// tf.layers, so it trains on every backend (wasm has no gradient for tf.gather) and the register head can
// keep state across steps. The LSTM is time-major with the four gates as separate
// matmuls: 2–2.6× faster on the cpu backend than slicing one fused gate tensor.

import * as tf from '@tensorflow/tfjs';
import type { HeadInput, HeadName, MoveTarget, Order } from './choices.ts';
import { createRng } from '../common/random.ts';
import { carryGroups, nacForward, nacWeights, naluForward, nauForward, nmuForward } from './nalu.ts';
import { applyRule, choiceLayout, GROUP_BASE, groupsValue, signedValue, MOVE_GROUP, negatesIn, CONTEXT_SHUT, OP_CONTEXT, OP_DIGITS, OP_LOGIT_UNIT, OP_MOVED, OP_WORD, operationChoices, operationsOf, restartsAfter, BARRED_LOGIT, placedColumns, scaledBarLogits, signSetLogits, trainingChoices, WORD_PARAMETERS, type OperationName, type Word, type WordParameter } from './registers.ts';
import { padBatch } from './encode.ts';
import type { InferenceOptions, RunningPrediction } from './running.ts';
import { ModelLoadError, parameterSpecs, type InitOptions } from './weights.ts';

export interface Architecture {
  head: HeadName;
  /** Model vocabulary, PAD first (id 0). */
  vocabulary: string[];
  embedding: number;
  hidden: number;
  /** Outputs are value / targetScale. */
  targetScale: number;
  expClamp: number;
  /** Register head: how many base-1000 groups (units, thousands, millions, … — from the training data). */
  groups?: number;
  /** What the head reads: h (the paper; absent in older models), h beside the LSTM cell state c, or c alone. */
  headInput?: HeadInput;
  /** The order the LSTM is fed the tokens in: natural (absent in older models) or reversed, last word first. */
  order?: Order;
  /** Register head: a move's target group is the word's own or chosen from context (absent in older models: context). */
  moveTarget?: MoveTarget;
  /** Register head: the entries of the op table it chooses among (absent in older models: act and move). */
  operations?: OperationName[];
  /** Register head: per-word op logits beside the LSTM's (OP_WORD in ./registers.ts; absent: none). */
  wordOps?: boolean;
  /** Register head: per-word op logits added once a move has happened in the phrase (OP_MOVED; absent: none). */
  moved?: boolean;
  /**
   * Register head: the LSTM's h and c start again from zero after a token whose operation moves, so every
   * base-1000 group is read as the first one is (absent: the LSTM runs on).
   */
  reset?: boolean;
  /**
   * Register head: after a token that appends a digit the LSTM starts afresh and the per-word table
   * OP_DIGITS is added for the rest of the phrase, so a digit string reads alike at every length (absent: no).
   */
  digitMode?: boolean;
  /**
   * Register head: per word a gate g in [0, 1] (OP_CONTEXT): shut (at or below CONTEXT_SHUT), the word chooses by
   * its per-word tables alone, else with the LSTM. Pulled to 0 in training wherever the tables alone are
   * right, so an LSTM in a state training never reached cannot overrule such a word (absent: every word
   * chooses with the LSTM).
   */
  contextGate?: boolean;
  /**
   * Register head with negate in its table: once the sign register is set, negate is out of the choice (its
   * logit far below the rest), so a word after "minus" does what it does anywhere (absent: negate stays a choice).
   */
  signOnce?: boolean;
  /**
   * Register head with digit in its table: once a word has scaled the number (RegisterOperation.scales: × 2 or
   * more, a move, a pair), digit is out of the choice, as no digit string holds such a word (absent: digit
   * stays a choice after them).
   */
  digitUnscaled?: boolean;
  /**
   * Register head, when it reads (not in teacher-forced training): number words never carry, so an entry is out
   * of the choice where it would put the word's value where no number word does (RegisterOperation.misplaced: an
   * add onto a nonzero digit, "twenty" after "eighteen"; a shift whose value does not fit), and once a word has
   * scaled the number no shift (digit, pair) is a choice (absent: all stay choices).
   */
  placeValue?: boolean;
}

/** The register head's optional parts, which an ablation can take out of a trained reader (NumberReader.without). */
export type OptionalPart = 'wordOps' | 'moved' | 'reset' | 'digitMode' | 'contextGate' | 'signOnce' | 'digitUnscaled' | 'placeValue';

export interface ForwardOptions {
  /**
   * Register head, training only: the groups of the true running value before each token, [B, T, G]
   * (from the dataset's running values). Each token then starts from the truth instead of its own guess.
   */
  teacherGroups?: tf.Tensor3D;
  /**
   * Register head, training only: [B, T] of 0 or 1; where 0, the token's operation is chosen without the
   * LSTM's logits (the per-word tables and the bias alone), so those tables learn to decide by themselves.
   */
  lstmOpKeep?: tf.Tensor2D;
  /** Register head: round every register to an integer after each token (inference). */
  roundRegisters?: boolean;
  /** Ablation: the head sees this fixed vector [H] instead of the LSTM's output. */
  hiddenOverride?: tf.Tensor1D;
  /** Ablation (register head): only the implied-one gate sees this fixed vector [H]; the operation still reads h_t. */
  impliedOverride?: tf.Tensor1D;
  /** Ablation: every word's head parameters replaced by their mean over the vocabulary. */
  perWordMean?: boolean;
  /** Also return the LSTM outputs [B, T, H]. */
  collectHidden?: boolean;
}

export interface ForwardResult {
  /** [B, T] running estimates in target units (register head: float32 sums of the groups, approximate). */
  values: tf.Tensor2D;
  /** Register head: [B, T, G] groups after each token, units first (the most likely choice each token): the magnitude, the sign apart (trace.negative). */
  groups?: tf.Tensor3D;
  /**
   * Register head, with teacher forcing: every choice's outcome [B, T, K, G] and probability [B, T, K], K
   * choices in the order of trainingChoices (src/model/registers.ts); with context gates also each choice's
   * probability under the gates' mixture, [B, T, K], through which only the gates learn.
   */
  choices?: { outcomes: tf.Tensor4D; probs: tf.Tensor3D; gateProbs?: tf.Tensor3D };
  /** Per-token head internals, each [B, T]: the NALU gate, or the register head's operation. */
  trace: Record<string, tf.Tensor2D>;
  hidden?: tf.Tensor3D;
}

const GATES = ['i', 'f', 'c', 'o'] as const;

export class NumberReader {
  private constructor(
    readonly arch: Architecture,
    readonly params: Map<string, tf.Variable>,
  ) {}

  /** Fresh weights, deterministic by seed. */
  static create(arch: Architecture, seed: number, init: InitOptions = {}): NumberReader {
    const rng = createRng(seed);
    const params = new Map<string, tf.Variable>();
    for (const [name, spec] of parameterSpecs(arch, init)) {
      params.set(name, tf.tidy(() => tf.variable(tf.tensor(spec.init(rng, spec.shape), spec.shape), true, uniqueName(name))));
    }
    return new NumberReader(arch, params);
  }

  /** Weights from decoded arrays (./weights.ts); every expected name must be present with the expected shape. */
  static fromArrays(arch: Architecture, weights: ReadonlyMap<string, Float32Array>): NumberReader {
    const params = new Map<string, tf.Variable>();
    for (const [name, spec] of parameterSpecs(arch)) {
      const data = weights.get(name);
      if (!data) throw new ModelLoadError(`weights are missing "${name}"`);
      params.set(name, tf.variable(tf.tensor(data, spec.shape), true, uniqueName(name)));
    }
    return new NumberReader(arch, params);
  }

  /**
   * Ablation: this reader without one of the register head's optional parts (Architecture.wordOps, .moved,
   * .reset, .digitMode, .contextGate, .signOnce, .digitUnscaled, .placeValue), its weights dropped and nothing retrained, so what the trained model owes to the part shows.
   */
  without(part: OptionalPart): NumberReader {
    const arch = { ...this.arch };
    delete arch[part];
    return NumberReader.fromArrays(arch, new Map([...this.params].map(([name, v]) => [name, v.dataSync() as Float32Array])));
  }

  /** The parameters weight decay applies to. */
  decayed(): tf.Variable[] {
    const specs = parameterSpecs(this.arch);
    return [...this.params].filter(([name]) => specs.get(name)?.decay).map(([, v]) => v);
  }

  /** Projects clamped parameters back into their range (after each optimiser step). */
  applyClamps(): void {
    for (const [name, spec] of parameterSpecs(this.arch)) {
      if (!spec.clamp) continue;
      const v = this.params.get(name) as tf.Variable;
      tf.tidy(() => v.assign(tf.clipByValue(v, spec.clamp?.[0] as number, spec.clamp?.[1] as number)));
    }
  }

  private p(name: string): tf.Tensor {
    const v = this.params.get(name);
    if (!v) throw new Error(`no parameter ${name}`);
    return v;
  }

  /**
   * ids [B, T] int32, right-padded with 0 → running values [B, T] (and, for the register head, groups
   * [B, T, G]). Padding follows every real token, so it cannot change a real token's output.
   */
  forward(tokenIds: tf.Tensor2D, options: ForwardOptions = {}): ForwardResult {
    return tf.tidy(() => {
      const ids = this.arch.order === 'reversed' ? reverseRows(tokenIds) : tokenIds;
      const [B, T] = ids.shape;
      const V = this.arch.vocabulary.length;
      const H = this.arch.hidden;
      const timeMajor = tf.reshape(tf.transpose(ids), [T * B]);
      const oneHot = tf.oneHot(tf.cast(timeMajor, 'int32'), V).toFloat() as tf.Tensor2D;
      const x = tf.matMul(oneHot, this.p('embedding') as tf.Tensor2D);
      const proj = Object.fromEntries(
        GATES.map((g) => [g, unstack(tf.reshape(tf.add(tf.matMul(x, this.p(`lstm/W_${g}`) as tf.Tensor2D), this.p(`lstm/b_${g}`)), [T, B, H]))]),
      ) as Record<(typeof GATES)[number], tf.Tensor2D[]>;
      const head = this.headStepper(oneHot, T, B, options);
      const override = options.hiddenOverride && (tf.tile(tf.reshape(options.hiddenOverride, [1, H]), [B, 1]) as tf.Tensor2D);
      let h: tf.Tensor2D = tf.zeros([B, H]);
      let c: tf.Tensor2D = tf.zeros([B, H]);
      const outputs: tf.Tensor2D[] = [];
      const groups: tf.Tensor2D[] = [];
      const candidates: tf.Tensor3D[] = [];
      const choiceProbs: tf.Tensor2D[] = [];
      const gateProbs: tf.Tensor2D[] = [];
      const hidden: tf.Tensor2D[] = [];
      const traces: Record<string, tf.Tensor2D[]> = {};
      for (let t = 0; t < T; t++) {
        const gate = (g: (typeof GATES)[number]) => tf.add(proj[g][t] as tf.Tensor2D, tf.matMul(h, this.p(`lstm/U_${g}`) as tf.Tensor2D));
        const i = tf.sigmoid(gate('i'));
        const f = tf.sigmoid(gate('f'));
        const o = tf.sigmoid(gate('o'));
        c = tf.add(tf.mul(f, c), tf.mul(i, tf.tanh(gate('c'))));
        h = tf.mul(o, tf.tanh(c));
        if (options.collectHidden) hidden.push(h);
        const step = head(override ?? (this.arch.headInput === 'hc' ? (tf.concat([h, c], 1) as tf.Tensor2D) : this.arch.headInput === 'c' ? c : h), t);
        if (step.restart) {
          // After a move the next group is read from a fresh LSTM, as the phrase's first group was (and
          // under digit mode, after a digit the next one).
          const keep = tf.sub(1, step.restart) as tf.Tensor2D;
          h = tf.mul(h, keep);
          c = tf.mul(c, keep);
        }
        outputs.push(step.y);
        if (step.groups) groups.push(step.groups);
        if (options.teacherGroups && step.candidates && step.choiceProbs) {
          candidates.push(step.candidates);
          choiceProbs.push(step.choiceProbs);
          if (step.gateProbs) gateProbs.push(step.gateProbs);
        }
        for (const [k, v] of Object.entries(step.trace)) (traces[k] ??= []).push(v);
      }
      // Each step is [B, 1]; side by side they are the batch-major [B, T].
      const stack = (steps: tf.Tensor2D[]) => tf.concat(steps, 1) as tf.Tensor2D;
      return {
        values: stack(outputs),
        ...(groups.length > 0 ? { groups: tf.stack(groups, 1) as tf.Tensor3D } : {}),
        ...(candidates.length > 0
          ? { choices: { outcomes: tf.stack(candidates, 1) as tf.Tensor4D, probs: tf.stack(choiceProbs, 1) as tf.Tensor3D, ...(gateProbs.length > 0 ? { gateProbs: tf.stack(gateProbs, 1) as tf.Tensor3D } : {}) } }
          : {}),
        ...(options.collectHidden ? { hidden: tf.stack(hidden, 1) as tf.Tensor3D } : {}),
        trace: Object.fromEntries(Object.entries(traces).map(([k, v]) => [k, stack(v)])),
      };
    });
  }

  /** Returns the per-step head: LSTM output h_t [B, H] → y_t [B, 1] (and groups [B, G]) and its internals. */
  private headStepper(
    oneHot: tf.Tensor2D,
    T: number,
    B: number,
    options: ForwardOptions,
  ): (h: tf.Tensor2D, t: number) => { y: tf.Tensor2D; groups?: tf.Tensor2D; candidates?: tf.Tensor3D; choiceProbs?: tf.Tensor2D; gateProbs?: tf.Tensor2D; trace: Record<string, tf.Tensor2D>; restart?: tf.Tensor2D } {
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
      case 'nau': {
        const w = this.p('head/nau_W') as tf.Tensor2D;
        return (h) => ({ y: nauForward(h, w), trace: {} });
      }
      case 'nmu': {
        const w = this.p('head/nmu_W') as tf.Tensor2D;
        return (h) => ({ y: nmuForward(h, w), trace: {} });
      }
      case 'nau-nmu': {
        const nau = this.p('head/nau_W') as tf.Tensor2D;
        const nmu = this.p('head/nmu_W') as tf.Tensor2D;
        return (h) => ({ y: nmuForward(nauForward(h, nau), nmu), trace: {} });
      }
      case 'registers':
        return this.registerStepper(oneHot, T, B, options);
    }
  }

  private registerStepper(oneHot: tf.Tensor2D, T: number, B: number, options: ForwardOptions) {
    const G = this.arch.groups ?? 1;
    const names = this.arch.operations;
    const columns = operationChoices(G, names);
    const C = columns.length;
    const layout = choiceLayout(G, this.arch.moveTarget ?? 'context', names);
    const perToken = (name: string, unit: number) => {
      let p = this.p(name) as tf.Tensor2D;
      // Ablation: every word gets the mean row (row 0 is padding, never a word).
      if (options.perWordMean) p = tf.tile(tf.mean(tf.slice(p, [1, 0], [-1, -1]), 0, true), [p.shape[0], 1]) as tf.Tensor2D;
      return unstack(tf.mul(tf.reshape(tf.matMul(oneHot, p), [T, B, p.shape[1]]), unit)) as tf.Tensor2D[];
    };
    const wordParameter = (name: WordParameter) => perToken(`head/${name}`, WORD_PARAMETERS[name].unit);
    const operands = wordParameter('operand');
    const logScales = wordParameter('log_scale');
    // Each token's word categorical over move targets [B, W], when the word picks them.
    const moveGroups = this.params.has(MOVE_GROUP) ? perToken(MOVE_GROUP, 1).map((logits) => tf.softmax(logits) as tf.Tensor2D) : undefined;
    const wordLogits = this.params.has(OP_WORD) ? perToken(OP_WORD, OP_LOGIT_UNIT) : undefined;
    const movedLogits = this.params.has(OP_MOVED) ? perToken(OP_MOVED, OP_LOGIT_UNIT) : undefined;
    const digitsLogits = this.params.has(OP_DIGITS) ? perToken(OP_DIGITS, OP_LOGIT_UNIT) : undefined;
    const contextGates = this.params.has(OP_CONTEXT) ? perToken(OP_CONTEXT, 1) : undefined;
    const teacher = options.teacherGroups && (unstack(options.teacherGroups, 1) as tf.Tensor2D[]);
    const keep = options.lstmOpKeep && (unstack(tf.reshape(options.lstmOpKeep, [B, T, 1]), 1) as tf.Tensor2D[]);
    const scales = tf.tensor2d(Array.from({ length: G }, (_, k) => GROUP_BASE ** k / this.arch.targetScale), [G, 1]);
    // Per column: its target group, and whether it carries (for the trace).
    const targets = tf.tensor2d(columns.map((c) => c.target), [C, 1]);
    const carries = tf.tensor2d(columns.map((c) => (c.operation.carries ? 1 : 0)), [C, 1]);
    const appendsDigit = this.arch.digitMode ? tf.tensor2d(columns.map((c) => (c.operation.appendsDigit ? 1 : 0)), [C, 1]) : undefined;
    // Per column, whether the LSTM starts afresh after it; none at all without reset or digit mode.
    const restartAfter = columns.map((c) => (restartsAfter(c.operation, this.arch) ? 1 : 0));
    const restarts = restartAfter.some(Boolean) ? tf.tensor2d(restartAfter, [C, 1]) : undefined;
    const entries = operationsOf(names);
    const entryOf = tf.tensor2d(columns.map((c) => entries.indexOf(c.operation)), [C, 1]);
    // The sign register, kept only by a table that can negate, so a table without it computes what it always did.
    const negates = negatesIn(names) ? tf.tensor2d(columns.map((c) => (c.operation.negates ? 1 : 0)), [C, 1]) : undefined;
    // [1, L]: added to the LSTM columns' logits once the number is negative (Architecture.signOnce).
    const signSet = negates && this.arch.signOnce ? tf.tensor2d([signSetLogits(G, this.arch.moveTarget ?? 'context', names)]) : undefined;
    // Architecture.placeValue is a rule of reading, not of training: while the words' values are still being learned
    // it bars their true operation ("hundred", its multiplier not yet 2, would add onto "seven"), and measured, a
    // seed trained with it never started to learn.
    const rules = teacher ? { ...this.arch, placeValue: false } : this.arch;
    // [1, L]: added once a word has scaled the number (Architecture.digitUnscaled, .placeValue), and per column how it scales.
    const scaledBarRow = scaledBarLogits(G, this.arch.moveTarget ?? 'context', names, rules);
    const scaledBar = scaledBarRow ? tf.tensor2d([scaledBarRow]) : undefined;
    // Architecture.placeValue: per LSTM column of an entry with a misplaced rule, [1, L] of BARRED_LOGIT at that column.
    const L = layout.contextColumns;
    const placed = rules.placeValue
      ? placedColumns(G, this.arch.moveTarget ?? 'context', names).map(({ context, misplaced }) => ({ misplaced, bar: tf.tensor2d([Array.from({ length: L }, (_, l) => (l === context ? BARRED_LOGIT : 0))]) }))
      : [];
    const scalesOf = (word: Word<tf.Tensor2D>) => tf.concat(columns.map((c) => applyRule(c.operation.scales.tf, word, tf)), 1) as tf.Tensor2D;
    const impliedInput = options.impliedOverride && (tf.tile(tf.reshape(options.impliedOverride, [1, -1]), [B, 1]) as tf.Tensor2D);
    // tf.oneHot needs a depth of 2 or more; with one column it is the only choice.
    const oneHotOf = (index: tf.Tensor1D, depth: number) => (depth === 1 ? tf.ones([B, 1]) : tf.oneHot(index, depth).toFloat()) as tf.Tensor2D;
    /** [B, C] each operation column's probability from the LSTM columns [B, L] and the word's targets [B, W]. */
    const columnProbs = (context: tf.Tensor2D, word: tf.Tensor2D | undefined) => {
      if (layout.contextColumns === C) return context;
      const parts = layout.columns.map((c) => {
        const p = tf.slice(context, [0, c.context], [-1, 1]);
        return c.word === null || !word ? p : tf.mul(p, tf.slice(word, [0, c.word], [-1, 1]));
      });
      return tf.concat(parts, 1) as tf.Tensor2D;
    };
    // Training's choices as constant inputs [B, 1] and [B, C], built once for every token.
    const everyChoice = teacher
      ? trainingChoices(G, names).map(({ implied, column }) => ({
          implied: { value: implied, fixed: tf.fill([B, 1], implied) as tf.Tensor2D },
          column: { value: column, fixed: oneHotOf(tf.fill([B], column, 'int32') as tf.Tensor1D, C) },
        }))
      : [];
    let state: tf.Tensor2D = tf.zeros([B, G]);
    // [B, 1]: 1 once the model's own choice has moved a group earlier in the phrase.
    let moved: tf.Tensor2D = tf.zeros([B, 1]);
    // [B, 1]: 1 once the model's own choice has appended a digit (digit mode).
    let digited: tf.Tensor2D = tf.zeros([B, 1]);
    // [B, 1]: 1 once the model's own choice has made the number negative (with a table that negates).
    let negative: tf.Tensor2D = tf.zeros([B, 1]);
    // [B, 1]: 1 once the model's own choice has scaled the number (with digitUnscaled or placeValue).
    let scaled: tf.Tensor2D = tf.zeros([B, 1]);
    return (h: tf.Tensor2D, t: number) => {
      const word = { operand: operands[t] as tf.Tensor2D, logScale: logScales[t] as tf.Tensor2D };
      const before = teacher ? (teacher[t] as tf.Tensor2D) : state;
      const fromLstm = tf.matMul(h, this.p('head/op_W') as tf.Tensor2D);
      let logits = tf.add(keep ? tf.mul(fromLstm, keep[t] as tf.Tensor2D) : fromLstm, this.p('head/op_b')) as tf.Tensor2D;
      // The tables' logits alone, for the context gate: the same sum without the LSTM's term.
      let tables = contextGates ? (tf.add(tf.zerosLike(logits), this.p('head/op_b')) as tf.Tensor2D) : undefined;
      const addTable = (table: tf.Tensor2D) => {
        logits = tf.add(logits, table) as tf.Tensor2D;
        if (tables) tables = tf.add(tables, table) as tf.Tensor2D;
      };
      if (wordLogits) addTable(wordLogits[t] as tf.Tensor2D);
      if (movedLogits) addTable(tf.mul(moved, movedLogits[t] as tf.Tensor2D));
      if (digitsLogits) addTable(tf.mul(digited, digitsLogits[t] as tf.Tensor2D));
      if (signSet) addTable(tf.mul(negative, signSet));
      if (scaledBar) addTable(tf.mul(scaled, scaledBar));
      if (placed.length > 0) {
        const units = tf.slice(before, [0, 0], [-1, 1]) as tf.Tensor2D;
        for (const { misplaced, bar } of placed) addTable(tf.mul(misplaced.tf(units, word, tf), bar));
      }
      const withLstm = tf.softmax(logits) as tf.Tensor2D;
      const gate = contextGates?.[t];
      // With gates, a word whose gate is shut chooses by its tables alone, any other with the LSTM. The gates
      // learn only from whether each choice alone is right (gateProbs mixes the two argmaxes), so the LSTM
      // and the tables learn as they do without gates.
      const mixture = (lstm: tf.Tensor2D, alone: tf.Tensor2D, g: tf.Tensor2D) => tf.add(tf.mul(g, lstm), tf.mul(tf.sub(1, g), alone)) as tf.Tensor2D;
      const contextProbs = gate && tables ? mixture(withLstm, tf.softmax(tables) as tf.Tensor2D, tf.step(tf.sub(gate, CONTEXT_SHUT)) as tf.Tensor2D) : withLstm;
      const wordTargets = moveGroups?.[t];
      const impliedProb = tf.sigmoid(tf.add(tf.matMul(impliedInput ?? h, this.p('head/implied_W') as tf.Tensor2D), this.p('head/implied_b'))) as tf.Tensor2D;
      // The most likely LSTM column, and the word's most likely target: one operation column per row.
      const hard = (probs: tf.Tensor2D) => oneHotOf(tf.argMax(probs, 1) as tf.Tensor1D, probs.shape[1]);
      const chosenColumns = layout.contextColumns === C ? hard(contextProbs) : columnProbs(hard(contextProbs), wordTargets && hard(wordTargets));
      // A step, not a comparison: the context gates' loss reads it, and tfjs has a (zero) gradient for Step only.
      const chosenImplied = tf.step(tf.sub(impliedProb, 0.5)) as tf.Tensor2D;
      const raw = (implied: tf.Tensor2D, op: tf.Tensor2D) => registerStep(before, { ...word, implied, op }, names);
      // The model's reading takes the most likely choice, in one pass; at inference the registers are
      // rounded to integers, then carried.
      const chosen = raw(chosenImplied, chosenColumns);
      const groups = carryGroups(options.roundRegisters ? (tf.round(chosen) as tf.Tensor2D) : chosen);
      // Training (with teacher forcing) also needs every choice's outcome [B, K, G] and its probability
      // [B, K], to explain each token by its best choice.
      let choices: { candidates: tf.Tensor3D; choiceProbs: tf.Tensor2D; gateProbs?: tf.Tensor2D } | undefined;
      if (teacher) {
        const notImplied = tf.sub(1, impliedProb) as tf.Tensor2D;
        const choiceProbsOf = (op: tf.Tensor2D, implied: tf.Tensor2D, notImpliedP: tf.Tensor2D, targets: tf.Tensor2D | undefined) => {
          const opProbs = columnProbs(op, targets);
          return tf.concat(everyChoice.map((c) => tf.mul(c.implied.value ? implied : notImpliedP, tf.slice(opProbs, [0, c.column.value], [-1, 1]))), 1) as tf.Tensor2D;
        };
        const outcomes = everyChoice.map(({ implied, column }) => carryGroups(raw(implied.fixed, column.fixed)));
        choices = {
          candidates: tf.stack(outcomes, 1) as tf.Tensor3D,
          choiceProbs: choiceProbsOf(withLstm, impliedProb, notImplied, wordTargets),
          ...(gate && tables
            ? { gateProbs: choiceProbsOf(mixture(hard(withLstm), hard(tables), gate), chosenImplied, tf.sub(1, chosenImplied) as tf.Tensor2D, wordTargets && hard(wordTargets)) }
            : {}),
        };
      }
      state = groups;
      const carry = tf.matMul(chosenColumns, carries) as tf.Tensor2D;
      moved = tf.maximum(moved, carry);
      if (appendsDigit) digited = tf.maximum(digited, tf.matMul(chosenColumns, appendsDigit)) as tf.Tensor2D;
      if (scaledBar) scaled = tf.maximum(scaled, tf.sum(tf.mul(chosenColumns, scalesOf(word)), 1, true)) as tf.Tensor2D;
      const trace: Record<string, tf.Tensor2D> = {
        operand: word.operand,
        multiplier: tf.exp(word.logScale) as tf.Tensor2D,
        // Whether the units group moved, into which group (0: it stayed), and whether an implied one was taken.
        carry,
        carryTo: tf.matMul(chosenColumns, targets) as tf.Tensor2D,
        // The entry of the model's op table (operationsOf(arch.operations)) the token performed.
        operation: tf.matMul(chosenColumns, entryOf) as tf.Tensor2D,
        implied: chosenImplied,
      };
      let y = tf.matMul(groups, scales) as tf.Tensor2D;
      if (negates) {
        negative = tf.maximum(negative, tf.matMul(chosenColumns, negates)) as tf.Tensor2D;
        trace.negative = negative;
        y = tf.mul(y, tf.sub(1, tf.mul(2, negative))) as tf.Tensor2D;
      }
      return { y, groups, ...choices, trace, ...(restarts ? { restart: tf.matMul(chosenColumns, restarts) as tf.Tensor2D } : {}) };
    };
  }

  /**
   * Per-token predictions in value units for rows of token ids, through the tfjs forward pass, in batches
   * (./running.ts's fallback and the health check's second reading).
   */
  runningTfjs(rows: readonly number[][], options: InferenceOptions = { roundRegisters: true }, batchSize = 512): RunningPrediction[] {
    const out: RunningPrediction[] = [];
    for (let start = 0; start < rows.length; start += batchSize) {
      const batch = padBatch(rows.slice(start, start + batchSize));
      // Read outside tf.tidy: tidy would walk every number of the returned arrays looking for tensors.
      const result = this.forward(batch.ids, options);
      const values = result.values.arraySync();
      const groups = result.groups?.arraySync();
      const trace = Object.fromEntries(Object.entries(result.trace).map(([k, v]) => [k, v.arraySync()]));
      tf.dispose([batch.ids, result.values, ...(result.groups ? [result.groups] : []), ...Object.values(result.trace)]);
      batch.lengths.forEach((len, b) => {
        const rowGroups = groups?.[b]?.slice(0, len);
        out.push({
          // The groups hold the magnitude; the sign register is trace.negative where the table negates.
          values: rowGroups ? rowGroups.map((g, t) => signedValue(groupsValue(g), trace.negative?.[b]?.[t] === 1)) : (values[b] as number[]).slice(0, len).map((v) => v * this.arch.targetScale),
          ...(rowGroups ? { groups: rowGroups } : {}),
          trace: Object.fromEntries(Object.entries(trace).map(([k, v]) => [k, (v[b] as number[]).slice(0, len)])),
        });
      });
    }
    return out;
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
  }
}

/**
 * Each row's real tokens last to first, padding still after them: the reader itself reverses, so training,
 * evaluation and serving cannot disagree on the order. Output t is then the reading after the last t + 1
 * words, and the final output is still at the row's last real position.
 */
export function reverseRows(ids: tf.Tensor2D): tf.Tensor2D {
  const [B, T] = ids.shape;
  const data = ids.dataSync();
  const out = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    const row = data.subarray(b * T, (b + 1) * T);
    const length = row.findIndex((id) => id === 0);
    const real = Array.from(row.subarray(0, length < 0 ? T : length)).reverse();
    out.set(real, b * T);
  }
  return tf.tensor2d(out, [B, T], 'int32');
}

/**
 * tf.unstack, but one slice is a squeeze: tfjs hands Unpack's gradient a lone tensor, not a list, when there is
 * one output, and fails (a training batch whose phrases are all one word long).
 */
function unstack(x: tf.Tensor, axis = 0): tf.Tensor[] {
  return x.shape[axis] === 1 ? [tf.squeeze(x, [axis])] : tf.unstack(x, axis);
}

let counter = 0;
/** tfjs variable names are global per engine; several readers (tests, experiments) may coexist. */
function uniqueName(name: string): string {
  counter += 1;
  return `${name}#${counter}`;
}

/** One token's operation for the register head, each row one example. */
export interface RegisterOp extends Word<tf.Tensor2D> {
  /** [B, 1], 0 or 1: an empty units group counts as one before the operation acts. */
  implied: tf.Tensor2D;
  /** [B, C] one-hot over operationChoices(G): the operation each row performs. */
  op: tf.Tensor2D;
}

/**
 * One step of the register head on groups [B, G] (units group first), every row by its chosen operation:
 *   x = units + implied · [units = 0] · [the operation takes an implied one]
 * then the operation's units group, every higher group times its shift, and x added to the target group of
 * an operation that carries. Returns
 * the new groups before the base-1000 carry (carryGroups). Training evaluates every choice with a constant
 * `op`/`implied`; inference passes the chosen ones, one pass for the whole batch.
 */
export function registerStep(groups: tf.Tensor2D, step: RegisterOp, names?: readonly OperationName[]): tf.Tensor2D {
  return tf.tidy(() => {
    const G = groups.shape[1];
    const choices = operationChoices(G, names);
    // One column needs no splitting (and tf.split of one part has no gradient here).
    const split = (t: tf.Tensor2D, n: number) => (n === 1 ? [t] : (tf.split(t, n, 1) as tf.Tensor2D[]));
    const columns = split(groups, G);
    const masks = split(step.op, choices.length);
    const mix = (terms: tf.Tensor2D[]) => (terms.length === 1 ? (terms[0] as tf.Tensor2D) : (tf.addN(terms) as tf.Tensor2D));
    const units = columns[0] as tf.Tensor2D;
    const takes = mix(
      choices.map((c, j) => {
        const rule = c.operation.takesImplied.tf;
        return rule === 'always' ? (masks[j] as tf.Tensor2D) : (tf.mul(masks[j] as tf.Tensor2D, rule(step, tf)) as tf.Tensor2D);
      }),
    );
    const empty = tf.cast(tf.less(tf.abs(units), 0.5), 'float32');
    const x = tf.add(units, tf.mul(step.implied, tf.mul(empty, takes))) as tf.Tensor2D;
    const unitTerms = choices.flatMap((c, j) => (c.operation.units ? [tf.mul(masks[j] as tf.Tensor2D, c.operation.units.tf(x, step, tf)) as tf.Tensor2D] : []));
    // The higher groups' factor, Σ_j mask_j · shift_j: built only when some operation shifts, so a cardinal
    // table computes what it always did.
    const shifting = choices.some((c) => c.operation.shift !== 1);
    const factor = shifting ? mix(choices.map((c, j) => tf.mul(masks[j] as tf.Tensor2D, c.operation.shift) as tf.Tensor2D)) : undefined;
    const out = columns.map((column, k) => {
      if (k === 0) return unitTerms.length > 0 ? mix(unitTerms) : tf.zerosLike(column);
      const shifted = factor ? (tf.mul(column, factor) as tf.Tensor2D) : column;
      const moved = choices.flatMap((c, j) => (c.operation.carries && c.target === k ? [tf.mul(masks[j] as tf.Tensor2D, x) as tf.Tensor2D] : []));
      return moved.length > 0 ? (tf.add(shifted, mix(moved)) as tf.Tensor2D) : shifted;
    });
    return out.length === 1 ? (out[0] as tf.Tensor2D) : (tf.concat(out, 1) as tf.Tensor2D);
  });
}
