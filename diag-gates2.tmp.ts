import * as tf from '@tensorflow/tfjs';
import { initBackend } from './src/model/backend.ts';
import { loadModel } from './src/model/files.ts';
import { readDataset } from './src/data/dataset.ts';
import { padBatch } from './src/model/encode.ts';
import { modelVocabulary, encodeTokens } from './src/model/weights.ts';
await initBackend(() => undefined);
const data = await readDataset('/tmp/19p');
const { reader } = await loadModel(process.argv[2]!, { requireHealth: false });
const full = reader.without('contextGate');
const vocab = modelVocabulary(reader.arch.vocabulary);
const rows = data.splits.train.map((e) => encodeTokens(vocab, e.tokens));
const batch = padBatch(rows);
const [B, T] = batch.ids.shape;
const a = full.forward(batch.ids, { roundRegisters: true });
const b = full.forward(batch.ids, { roundRegisters: true, lstmOpKeep: tf.zeros([B, T]) as tf.Tensor2D });
const opA = a.trace.operation!.arraySync(), opB = b.trace.operation!.arraySync();
const toA = a.trace.carryTo!.arraySync(), toB = b.trace.carryTo!.arraySync();
const diff = new Map<string, number>(), total = new Map<string, number>();
rows.forEach((r, i) => r.forEach((id, t) => {
  const w = reader.arch.vocabulary[id]!;
  total.set(w, (total.get(w) ?? 0) + 1);
  // Compare only while the two readings agree so far (same prefix choices).
  if (opA[i]![t] !== opB[i]![t] || toA[i]![t] !== toB[i]![t]) diff.set(w, (diff.get(w) ?? 0) + 1);
}));
console.log([...total].map(([w, n]) => `${w} ${diff.get(w) ?? 0}/${n}`).join(', '));
