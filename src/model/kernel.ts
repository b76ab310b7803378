// The LSTM of the register head's float path in WebAssembly SIMD (src/model/lstm.wat): the recurrent
// product and the gates are most of a token's work, and four lanes at a time in float32 (the forward pass's
// own precision) they cost a fraction of a float64 JavaScript loop. A phrase's tokens run in one call.

import { LSTM_WASM } from './lstm-wasm.ts';

const FLOAT = 4;
const PAGE = 65536;

let compiled: WebAssembly.Module | undefined;

/** The kernel compiled once per process (synchronously: it is under a kilobyte, which browsers allow). */
function kernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Uint8Array.from(atob(LSTM_WASM), (ch) => ch.charCodeAt(0)));
  return compiled;
}

type Gate = { W: Float64Array; U: Float64Array; b: Float64Array };

export interface LstmWeights {
  /** [V, E] */
  embedding: Float64Array;
  /** Per gate: input weights [E, H], recurrent weights [H, H], bias [H]. */
  gates: { i: Gate; f: Gate; c: Gate; o: Gate };
  vocabulary: number;
  embeddingSize: number;
  hidden: number;
}

type Run = (inputs: number, U: number, states: number, z: number, ids: number, from: number, to: number, n: number) => void;

export class LstmKernel {
  /** Floats per state (h, then c, each padded to a multiple of four; padded units stay zero). */
  readonly stride: number;
  /** States of the last run: state t, after t tokens, at t · stride (state 0 is all zero). */
  states: Float32Array;
  private ids: Int32Array;
  private readonly memory: WebAssembly.Memory;
  private readonly run_: Run;
  private readonly n: number;
  /** Byte offsets: input projections, U and scratch are fixed; ids and states follow, sized by `reserve`. */
  private readonly at: { inputs: number; U: number; z: number; ids: number };
  private capacity = 0;

  constructor({ embedding, gates, vocabulary: V, embeddingSize: E, hidden: H }: LstmWeights) {
    const n = Math.ceil(H / 4);
    const Hp = 4 * n;
    const row = 4 * Hp;
    this.n = n;
    this.stride = 2 * Hp;
    this.at = { inputs: 0, U: V * row * FLOAT, z: (V + Hp) * row * FLOAT, ids: (V + Hp + 1) * row * FLOAT };
    const instance = new WebAssembly.Instance(kernelModule());
    this.memory = instance.exports.memory as WebAssembly.Memory;
    this.run_ = instance.exports.run as Run;
    this.grow(this.at.ids);
    const f32 = new Float32Array(this.memory.buffer);
    // Every word's input projection, embedding · W + b (a word's embedding is fixed), and U, gates side by side.
    [gates.i, gates.f, gates.c, gates.o].forEach(({ W, U, b }, k) => {
      for (let v = 0; v < V; v++) {
        for (let j = 0; j < H; j++) {
          let z = b[j] as number;
          for (let i = 0; i < E; i++) z += (embedding[v * E + i] as number) * (W[i * H + j] as number);
          f32[v * row + k * Hp + j] = z;
        }
      }
      for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) f32[this.at.U / FLOAT + i * row + k * Hp + j] = U[i * H + j] as number;
    });
    this.ids = new Int32Array(0);
    this.states = new Float32Array(0);
    this.reserve(32);
  }

  /** Room for phrases of up to `tokens` words; the states of earlier runs are kept. */
  reserve(tokens: number): void {
    if (tokens <= this.capacity) return;
    const capacity = Math.max(tokens, 2 * this.capacity);
    const states = this.at.ids + capacity * FLOAT;
    const kept = this.states.slice();
    this.grow(states + (capacity + 1) * this.stride * FLOAT);
    this.ids = new Int32Array(this.memory.buffer, this.at.ids, capacity);
    this.states = new Float32Array(this.memory.buffer, states, (capacity + 1) * this.stride);
    this.states.set(kept);
    this.capacity = capacity;
  }

  /**
   * Reads tokens `from` … `to` − 1 of `ids`, starting from state `from` of the last run (whose first `from`
   * ids were these): writes states from + 1 … to.
   */
  run(ids: readonly number[], from: number, to = ids.length): void {
    this.reserve(ids.length);
    for (let t = from; t < to; t++) this.ids[t] = ids[t] as number;
    this.run_(this.at.inputs, this.at.U, this.states.byteOffset, this.at.z, this.at.ids, from, to, this.n);
  }

  /** Sets state `t` (h and c) to zero: the LSTM starts afresh from it. */
  clear(t: number): void {
    this.states.fill(0, t * this.stride, (t + 1) * this.stride);
  }

  private grow(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
  }
}
