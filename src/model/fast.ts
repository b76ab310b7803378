// The register head's inference (registers rounded, no ablation) outside tfjs: the LSTM in a WebAssembly
// SIMD kernel (./kernel.ts), the head's choice and the registers in float64 JavaScript. A phrase is a few
// thousand multiply-adds, but a tfjs forward pass is some 50 kernel launches per token: measured, 4–5 ms a
// phrase on wasm against a few microseconds here. It computes what NumberReader.forward computes for that
// case (src/model/reader.ts, registerStep and carryGroups in ./nalu.ts); test/model/fast.test.ts checks the two
// agree on every phrase of both datasets. Training, ablations and the paper's heads keep the tfjs path.

import { LstmKernel } from './kernel.ts';
import type { ServedReader } from './running.ts';
import { choiceLayout, CONTEXT_SHUT, GROUP_BASE, columnOf, signedValue, MOVE_GROUP, OP_CONTEXT, OP_DIGITS, OP_LOGIT_UNIT, OP_MOVED, OP_WORD, operationChoices, negatesIn, operationsOf, registerStepF64, restartsAfter, BARRED_LOGIT, placedColumns, scaledBarLogits, signSetLogits, WORD_PARAMETERS, type OperationChoice, type WordF64 } from './registers.ts';

/** What a reading keeps per token (see readMany). */
export type Keep = 'values' | 'trace' | 'all';

/** One phrase's reading: per token the value (float64, exact for integer registers), groups and operation. */
export interface FastReading {
  values: number[];
  groups: number[][];
  trace: { operand: number[]; multiplier: number[]; carry: number[]; carryTo: number[]; operation: number[]; implied: number[] };
}

export class FastRegisterReader {
  private readonly H: number;
  private readonly G: number;
  /** The operation softmax's columns (src/model/registers.ts). */
  private readonly columns: OperationChoice[];
  /** Per column, its entry in the model's op table (for the trace). */
  private readonly entries: Int32Array;
  private readonly lstm: LstmKernel;
  private readonly opW: Float64Array;
  private readonly opB: Float64Array;
  private readonly impliedW: Float64Array;
  private readonly impliedB: number;
  /** Per-word op logits [V, C] in logit units, or null without them (Architecture.wordOps, .moved, .digitMode). */
  private readonly opWord: Float64Array | null;
  private readonly opMoved: Float64Array | null;
  private readonly opDigits: Float64Array | null;
  /** Per word id, its context gate (Architecture.contextGate), or null: every word chooses with the LSTM. */
  private readonly contextGate: Float64Array | null;
  /** Per LSTM column, what its logit gets once the number is negative (Architecture.signOnce), or null. */
  private readonly signSet: Float64Array | null;
  /** Per LSTM column, what its logit gets once a word has scaled the number (Architecture.digitUnscaled, .placeValue), or null. */
  private readonly scaledBar: Float64Array | null;
  /** Architecture.placeValue: the LSTM columns of entries with a misplaced rule, barred on a row where it holds. */
  private readonly placed: ReturnType<typeof placedColumns>;
  /** Scratch: the LSTM's op logits. */
  private readonly lstmLogits: Float64Array;
  /** Whether the LSTM can start afresh in a phrase (after a move with Architecture.reset, a digit with .digitMode). */
  private readonly restarts: boolean;
  /** Per operation column, whether the LSTM starts afresh after it (restartsAfter). */
  private readonly restartAfter: boolean[];
  /** Per word id, its parameters in value units. */
  private readonly words: WordF64[];
  /** Per word id, the index of its own move target (the argmax of its categorical; 0 without one). */
  private readonly wordTargets: Int32Array;
  /** The operation column of LSTM column l and word target w, at l · W + w. */
  private readonly columnTable: Int32Array;
  private readonly targetCount: number;
  // Scratch reused by every read (a reader is used from one thread): op logits, the groups, and whether the
  // row has moved so far.
  private readonly logits: Float64Array;
  private readonly groups: Float64Array;
  private moved = false;
  /** Whether the row has appended a digit so far (digit mode). */
  private digited = false;
  /** The sign register (with a table that negates: the groups hold the magnitude). */
  private negative = false;
  /** Whether a word has scaled the number so far (digitUnscaled, placeValue). */
  private scaled = false;

  constructor(reader: ServedReader) {
    if (reader.arch.head !== 'registers') throw new Error('the served reading (fast.ts) is for the registers head only');
    const get = (name: string) => {
      const v = reader.params.get(name);
      if (!v) throw new Error(`no parameter ${name}`);
      return Float64Array.from(v.dataSync());
    };
    this.H = reader.arch.hidden;
    const G = (this.G = reader.arch.groups ?? 1);
    const gate = (g: string) => ({ W: get(`lstm/W_${g}`), U: get(`lstm/U_${g}`), b: get(`lstm/b_${g}`) });
    this.lstm = new LstmKernel({
      embedding: get('embedding'),
      gates: { i: gate('i'), f: gate('f'), c: gate('c'), o: gate('o') },
      vocabulary: reader.arch.vocabulary.length,
      embeddingSize: reader.arch.embedding,
      hidden: this.H,
    });
    this.opW = get('head/op_W');
    this.opB = get('head/op_b');
    this.impliedW = get('head/implied_W');
    this.impliedB = get('head/implied_b')[0] as number;
    const logitTable = (name: string) => (reader.params.has(name) ? get(name).map((x) => x * OP_LOGIT_UNIT) : null);
    this.opWord = logitTable(OP_WORD);
    this.opMoved = logitTable(OP_MOVED);
    this.opDigits = logitTable(OP_DIGITS);
    this.contextGate = reader.params.has(OP_CONTEXT) ? get(OP_CONTEXT) : null;
    const operand = get('head/operand').map((x) => x * WORD_PARAMETERS.operand.unit);
    const logScale = get('head/log_scale').map((x) => x * WORD_PARAMETERS.log_scale.unit);
    this.words = Array.from(operand, (o, id) => ({ operand: o, logScale: logScale[id] as number, multiplier: Math.exp(logScale[id] as number) }));
    const names = reader.arch.operations;
    this.columns = operationChoices(G, names);
    const table = operationsOf(names);
    this.entries = Int32Array.from(this.columns, (c) => table.indexOf(c.operation));
    this.restartAfter = this.columns.map((c) => restartsAfter(c.operation, reader.arch));
    this.restarts = this.restartAfter.some(Boolean);
    const layout = choiceLayout(G, reader.arch.moveTarget ?? 'context', names);
    const W = (this.targetCount = Math.max(1, G - 1));
    const moveGroup = reader.params.has(MOVE_GROUP) ? get(MOVE_GROUP) : new Float64Array(operand.length);
    const width = moveGroup.length / operand.length;
    this.wordTargets = Int32Array.from(operand, (_, id) => {
      let best = 0;
      for (let k = 1; k < width; k++) if ((moveGroup[id * width + k] as number) > (moveGroup[id * width + best] as number)) best = k;
      return best;
    });
    this.columnTable = Int32Array.from({ length: layout.contextColumns * W }, (_, i) => columnOf(layout, Math.floor(i / W), i % W));
    this.logits = new Float64Array(layout.contextColumns);
    this.signSet = reader.arch.signOnce && negatesIn(names) ? Float64Array.from(signSetLogits(G, reader.arch.moveTarget ?? 'context', names)) : null;
    const scaledBar = scaledBarLogits(G, reader.arch.moveTarget ?? 'context', names, reader.arch);
    this.scaledBar = scaledBar && Float64Array.from(scaledBar);
    this.placed = reader.arch.placeValue ? placedColumns(G, reader.arch.moveTarget ?? 'context', names) : [];
    this.lstmLogits = new Float64Array(layout.contextColumns);
    this.groups = new Float64Array(G);
  }

  /**
   * Reads rows of token ids (no padding) as the tfjs forward pass with rounded registers does. `record`:
   * what to keep per token — 'values' only the running values, 'trace' also the operation, 'all' also the
   * groups (left empty when not asked for: callers that show less allocate less). The rows are
   * read in sorted order, and a row starts from the state its predecessor reached at the end of the prefix
   * they share: the reading of a prefix is the same whatever follows it, and in a batch of everyday
   * numbers a third of the tokens are such shared prefixes.
   */
  readMany(rows: readonly (readonly number[])[], record: Keep = 'all'): FastReading[] {
    const { G, groups, lstm } = this;
    const longest = rows.reduce((n, ids) => Math.max(n, ids.length), 0);
    lstm.reserve(longest);
    // saved[t]: the groups after the first t tokens of the row read last (t = 0: all zero), and whether it
    // had moved, appended a digit, turned negative or been scaled by then; the kernel keeps that row's LSTM states.
    const saved = new Float64Array((longest + 1) * G);
    const savedMoved = new Uint8Array(longest + 1);
    const savedDigited = new Uint8Array(longest + 1);
    const savedNegative = new Uint8Array(longest + 1);
    const savedScaled = new Uint8Array(longest + 1);
    const order = rows.map((_, r) => r).sort((a, b) => compareRows(rows[a] as readonly number[], rows[b] as readonly number[]));
    const readings = new Array<FastReading>(rows.length);
    let previous: readonly number[] = [];
    let before: FastReading = emptyReading();
    for (const r of order) {
      const ids = rows[r] as readonly number[];
      let shared = 0;
      while (shared < ids.length && shared < previous.length && ids[shared] === previous[shared]) shared++;
      // With a reset the next token's LSTM state depends on this token's choice: one token a call.
      if (!this.restarts) lstm.run(ids, shared);
      groups.set(saved.subarray(shared * G, (shared + 1) * G));
      this.moved = savedMoved[shared] === 1;
      this.digited = savedDigited[shared] === 1;
      this.negative = savedNegative[shared] === 1;
      this.scaled = savedScaled[shared] === 1;
      const out = prefixOf(before, shared);
      for (let t = shared; t < ids.length; t++) {
        if (this.restarts) lstm.run(ids, t, t + 1);
        const restart = this.step(ids[t] as number, (t + 1) * lstm.stride, out, record);
        // Cleared at a row's end too: a row that shares this prefix goes on from the cleared state.
        if (restart) lstm.clear(t + 1);
        saved.set(groups, (t + 1) * G);
        savedMoved[t + 1] = this.moved ? 1 : 0;
        savedDigited[t + 1] = this.digited ? 1 : 0;
        savedNegative[t + 1] = this.negative ? 1 : 0;
        savedScaled[t + 1] = this.scaled ? 1 : 0;
      }
      readings[r] = out;
      previous = ids;
      before = out;
    }
    return readings;
  }

  /** The head on one token's LSTM output (state `at` of the kernel): its choice and the register step; whether the LSTM starts afresh after it. */
  private step(id: number, at: number, out: FastReading, record: Keep): boolean {
    const { H, G, columns, logits, groups, opW, opB, impliedW, impliedB } = this;
    const C = logits.length;
    const h = this.lstm.states;
    // The choice: the most likely LSTM column (softmax is monotone: the largest logit), with the word's own
    // move target when it has one, and the implied one.
    const { opWord, opMoved, opDigits } = this;
    for (let k = 0; k < C; k++) {
      logits[k] =
        (opB[k] as number) +
        (opWord ? (opWord[id * C + k] as number) : 0) +
        (opMoved && this.moved ? (opMoved[id * C + k] as number) : 0) +
        (opDigits && this.digited ? (opDigits[id * C + k] as number) : 0) +
        (this.signSet && this.negative ? (this.signSet[k] as number) : 0) +
        (this.scaledBar && this.scaled ? (this.scaledBar[k] as number) : 0);
    }
    const word = this.words[id] as WordF64;
    for (const { context, misplaced } of this.placed) if (misplaced.f64(groups[0] as number, word)) logits[context] = (logits[context] as number) + BARRED_LOGIT;
    const { lstmLogits } = this;
    lstmLogits.fill(0);
    let impliedLogit = impliedB;
    for (let i = 0; i < H; i++) {
      const hi = h[at + i] as number;
      for (let k = 0; k < C; k++) lstmLogits[k] = (lstmLogits[k] as number) + hi * (opW[i * C + k] as number);
      impliedLogit += hi * (impliedW[i] as number);
    }
    // A shut gate: the word's tables alone (logits holds them so far); else with the LSTM.
    const shut = this.contextGate !== null && (this.contextGate[id] as number) <= CONTEXT_SHUT;
    if (!shut) for (let k = 0; k < C; k++) logits[k] = (logits[k] as number) + (lstmLogits[k] as number);
    // Softmax is monotone: the largest logit.
    let op = 0;
    for (let k = 1; k < C; k++) if ((logits[k] as number) > (logits[op] as number)) op = k;
    const implied = impliedLogit > 0 ? 1 : 0;
    const column = this.columnTable[op * this.targetCount + (this.wordTargets[id] as number)] as number;
    const choice = columns[column] as OperationChoice;
    registerStepF64(groups, choice, implied === 1, word);
    if (choice.operation.carries) this.moved = true;
    if (choice.operation.appendsDigit && this.opDigits) this.digited = true;
    if (choice.operation.negates) this.negative = true;
    if (this.scaledBar && choice.operation.scales.f64(word)) this.scaled = true;
    const restart = this.restartAfter[column] as boolean;
    let value = 0;
    let place = 1;
    for (let k = 0; k < G; k++) {
      // carryGroups: a group that reached 1000 passes its thousands up; none borrows.
      const up = k + 1 < G ? Math.max(0, Math.floor(((groups[k] as number) + 0.5) / GROUP_BASE)) : 0;
      if (up > 0) {
        groups[k] = (groups[k] as number) - up * GROUP_BASE;
        groups[k + 1] = (groups[k + 1] as number) + up;
      }
      value += (groups[k] as number) * place;
      place *= GROUP_BASE;
    }
    out.values.push(signedValue(value, this.negative));
    if (record === 'values') return restart;
    if (record === 'all') out.groups.push(Array.from(groups));
    out.trace.operand.push(word.operand);
    out.trace.multiplier.push(word.multiplier);
    out.trace.carry.push(choice.operation.carries ? 1 : 0);
    out.trace.carryTo.push(choice.target);
    out.trace.operation.push(this.entries[column] as number);
    out.trace.implied.push(implied);
    return restart;
  }
}

function emptyReading(): FastReading {
  return { values: [], groups: [], trace: { operand: [], multiplier: [], carry: [], carryTo: [], operation: [], implied: [] } };
}

/** The first `n` tokens' records of a reading (a reading's groups are never changed, so they are shared). */
function prefixOf(reading: FastReading, n: number): FastReading {
  const { trace } = reading;
  return {
    values: reading.values.slice(0, n),
    groups: reading.groups.slice(0, n),
    trace: {
      operand: trace.operand.slice(0, n),
      multiplier: trace.multiplier.slice(0, n),
      carry: trace.carry.slice(0, n),
      carryTo: trace.carryTo.slice(0, n),
      operation: trace.operation.slice(0, n),
      implied: trace.implied.slice(0, n),
    },
  };
}

function compareRows(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}
