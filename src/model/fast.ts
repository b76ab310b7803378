// The register head's inference (registers rounded, no ablation) as a plain float64 loop over the trained
// weights. A phrase is a few hundred multiply-adds, but a tfjs forward pass is some 50 kernel launches per
// token: measured, 4–5 ms a phrase on wasm against well under 0.1 ms here. It computes what
// NumberReader.forward computes for that case (src/model/reader.ts, registerStep and carryGroups in
// ./nalu.ts); test/fast.test.ts checks the two agree on every phrase of the extrapolation split. Training,
// ablations and the paper's heads keep the tfjs path.

import { GROUP_BASE } from './nalu.ts';
import { LOG_SCALE_UNIT, OPERAND_UNIT, type NumberReader } from './reader.ts';

/** One phrase's reading: per token the value (float64, exact for integer registers), groups and operation. */
export interface FastReading {
  values: number[];
  groups: number[][];
  trace: { operand: number[]; multiplier: number[]; carry: number[]; carryTo: number[]; implied: number[] };
}

const GATES = ['i', 'f', 'c', 'o'] as const;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export class FastRegisterReader {
  private readonly E: number;
  private readonly H: number;
  private readonly G: number;
  /**
   * Per gate i, f, c, o: the input projection of every word, embedding · W + b, [V, H] (a word's embedding is
   * fixed, so this is computed once), and the recurrent weights [H, H].
   */
  private readonly gates: { input: Float64Array; U: Float64Array }[];
  private readonly opW: Float64Array;
  private readonly opB: Float64Array;
  private readonly impliedW: Float64Array;
  private readonly impliedB: number;
  private readonly operand: Float64Array;
  private readonly logScale: Float64Array;

  constructor(reader: NumberReader) {
    if (reader.arch.head !== 'registers') throw new Error('the float64 path reads the registers head only');
    const get = (name: string) => {
      const v = reader.params.get(name);
      if (!v) throw new Error(`no parameter ${name}`);
      return Float64Array.from(v.dataSync());
    };
    this.E = reader.arch.embedding;
    this.H = reader.arch.hidden;
    this.G = reader.arch.groups ?? 1;
    const embedding = get('embedding');
    const V = reader.arch.vocabulary.length;
    const { E, H } = this;
    this.gates = GATES.map((g) => {
      const [W, b] = [get(`lstm/W_${g}`), get(`lstm/b_${g}`)];
      const input = new Float64Array(V * H);
      for (let v = 0; v < V; v++) {
        for (let j = 0; j < H; j++) {
          let z = b[j] as number;
          for (let i = 0; i < E; i++) z += (embedding[v * E + i] as number) * (W[i * H + j] as number);
          input[v * H + j] = z;
        }
      }
      return { input, U: get(`lstm/U_${g}`) };
    });
    this.opW = get('head/op_W');
    this.opB = get('head/op_b');
    this.impliedW = get('head/implied_W');
    this.impliedB = get('head/implied_b')[0] as number;
    this.operand = get('head/operand');
    this.logScale = get('head/log_scale');
  }

  /** Reads token ids (no padding) as the tfjs forward pass with rounded registers does. */
  read(ids: readonly number[]): FastReading {
    const { H, G } = this;
    const h = new Float64Array(H);
    const c = new Float64Array(H);
    const pre = this.gates.map(() => new Float64Array(H));
    const opLogits = new Float64Array(G);
    let groups = new Array<number>(G).fill(0);
    const out: FastReading = { values: [], groups: [], trace: { operand: [], multiplier: [], carry: [], carryTo: [], implied: [] } };
    for (const id of ids) {
      // LSTM: each gate's pre-activation, the word's input projection + h U, then the cell and output.
      for (let g = 0; g < GATES.length; g++) {
        const { input, U } = this.gates[g] as { input: Float64Array; U: Float64Array };
        const z = pre[g] as Float64Array;
        z.set(input.subarray(id * H, (id + 1) * H));
        for (let i = 0; i < H; i++) {
          const hi = h[i] as number;
          for (let j = 0; j < H; j++) z[j] = (z[j] as number) + hi * (U[i * H + j] as number);
        }
      }
      const [zi, zf, zc, zo] = pre as [Float64Array, Float64Array, Float64Array, Float64Array];
      for (let j = 0; j < H; j++) {
        c[j] = sigmoid(zf[j] as number) * (c[j] as number) + sigmoid(zi[j] as number) * Math.tanh(zc[j] as number);
        h[j] = sigmoid(zo[j] as number) * Math.tanh(c[j] as number);
      }
      // The choice: the most likely operation (softmax is monotone: the largest logit), and the implied one.
      opLogits.set(this.opB);
      let impliedLogit = this.impliedB;
      for (let i = 0; i < H; i++) {
        const hi = h[i] as number;
        for (let k = 0; k < G; k++) opLogits[k] = (opLogits[k] as number) + hi * (this.opW[i * G + k] as number);
        impliedLogit += hi * (this.impliedW[i] as number);
      }
      let op = 0;
      for (let k = 1; k < G; k++) if ((opLogits[k] as number) > (opLogits[op] as number)) op = k;
      const implied = impliedLogit > 0 ? 1 : 0;
      const operand = (this.operand[id] as number) * OPERAND_UNIT;
      const logScale = (this.logScale[id] as number) * LOG_SCALE_UNIT;
      // registerStep, then the registers rounded and carried.
      const units = groups[0] as number;
      const scales = op > 0 || logScale >= Math.LN2 ? 1 : 0;
      const x = units + implied * (Math.abs(units) < 0.5 ? 1 : 0) * scales;
      const next = [...groups];
      next[0] = op === 0 ? x * Math.exp(logScale) + operand : 0;
      if (op > 0) next[op] = (next[op] as number) + x;
      groups = carry(next.map((g) => Math.round(g)));
      out.values.push(groups.reduce((sum, g, k) => sum + g * GROUP_BASE ** k, 0));
      out.groups.push(groups);
      out.trace.operand.push(operand);
      out.trace.multiplier.push(Math.exp(logScale));
      out.trace.carry.push(op > 0 ? 1 : 0);
      out.trace.carryTo.push(op);
      out.trace.implied.push(implied);
    }
    return out;
  }
}

/** carryGroups on integer registers: a group that reached 1000 passes its thousands up; none borrows. */
function carry(groups: number[]): number[] {
  for (let k = 0; k + 1 < groups.length; k++) {
    const up = Math.max(0, Math.floor(((groups[k] as number) + 0.5) / GROUP_BASE));
    groups[k] = (groups[k] as number) - up * GROUP_BASE;
    groups[k + 1] = (groups[k + 1] as number) + up;
  }
  return groups;
}
