// The WebAssembly LSTM kernel: its committed bytes are those of its source, and it computes an LSTM (checked
// against a plain float64 one on random weights, including a hidden size that needs padding).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { assembleKernel, KERNEL_MODULE, kernelTypeScript } from '../../src/model/kernel-build.ts';
import { LstmKernel } from '../../src/model/kernel.ts';
import { createRng, randomNormal } from '../../src/common/random.ts';

describe('LSTM kernel', () => {
  it('src/model/lstm-wasm.ts is assembled from src/model/lstm.wat (run `npm run build:kernel` after an edit)', async () => {
    assert.equal(await readFile(KERNEL_MODULE, 'utf8'), kernelTypeScript(await assembleKernel()));
  });

  for (const [V, E, H] of [[7, 3, 5], [11, 8, 16]] as const) {
    it(`matches a float64 LSTM step by step (vocabulary ${V}, embedding ${E}, hidden ${H})`, () => {
      const rng = createRng(H);
      const random = (n: number) => Float64Array.from({ length: n }, () => randomNormal(rng) * 0.8);
      const gate = () => ({ W: random(E * H), U: random(H * H), b: random(H) });
      const weights = { embedding: random(V * E), gates: { i: gate(), f: gate(), c: gate(), o: gate() }, vocabulary: V, embeddingSize: E, hidden: H };
      const kernel = new LstmKernel(weights);
      const ids = Array.from({ length: 40 }, (_, t) => (t * 5 + 3) % V);
      kernel.run(ids, 0);
      let h = new Float64Array(H);
      let c = new Float64Array(H);
      const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
      let worst = 0;
      ids.forEach((id, t) => {
        const pre = (g: keyof typeof weights.gates, j: number) => {
          const { W, U, b } = weights.gates[g];
          let z = b[j] as number;
          for (let i = 0; i < E; i++) z += (weights.embedding[id * E + i] as number) * (W[i * H + j] as number);
          for (let i = 0; i < H; i++) z += (h[i] as number) * (U[i * H + j] as number);
          return z;
        };
        const c2 = c.map((cj, j) => sigmoid(pre('f', j)) * cj + sigmoid(pre('i', j)) * Math.tanh(pre('c', j)));
        h = c2.map((cj, j) => sigmoid(pre('o', j)) * Math.tanh(cj));
        c = c2;
        const state = kernel.states.subarray((t + 1) * kernel.stride, (t + 2) * kernel.stride);
        for (let j = 0; j < H; j++) {
          worst = Math.max(worst, Math.abs((state[j] as number) - (h[j] as number)), Math.abs((state[kernel.stride / 2 + j] as number) - (c[j] as number)));
        }
        for (let j = H; j < kernel.stride / 2; j++) assert.equal(state[j], 0, 'padding stays zero');
      });
      assert.ok(worst < 1e-5, `largest difference ${worst}`);
    });
  }

  it('continues from a kept state as if it had read the prefix again', () => {
    const rng = createRng(3);
    const random = (n: number) => Float64Array.from({ length: n }, () => randomNormal(rng));
    const gate = () => ({ W: random(4 * 8), U: random(8 * 8), b: random(8) });
    const kernel = new LstmKernel({ embedding: random(6 * 4), gates: { i: gate(), f: gate(), c: gate(), o: gate() }, vocabulary: 6, embeddingSize: 4, hidden: 8 });
    kernel.run([1, 2, 3, 4], 0);
    const whole = kernel.states.slice(0, 5 * kernel.stride);
    kernel.run([1, 2, 5], 0);
    kernel.run([1, 2, 3, 4], 2);
    assert.deepEqual(kernel.states.slice(0, 5 * kernel.stride), whole);
    kernel.reserve(1000);
    assert.deepEqual(kernel.states.slice(0, 5 * kernel.stride), whole, 'growing keeps the states');
  });
});
