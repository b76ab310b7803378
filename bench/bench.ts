// `npm run bench`: training and inference speed on the active backend and on cpu, printed as a table.
// Not a test: figures depend on the machine. Uses the shipped model and the paper dataset.

import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/model/backend.ts';
import { PATHS } from '../src/common/paths.ts';
import { TRAIN_DEFAULTS } from '../src/training/config.ts';
import { readDataset } from '../src/data/dataset.ts';
import { loadPredictor } from '../src/reading/load.ts';
import type { Predictor } from '../src/reading/predict.ts';
import { train } from '../src/training/train.ts';

const STEPS_EPOCHS = 8;
const LATENCY_CALLS = 400;
const BATCH = 512;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function measure(backendName: string, predictor: Predictor, dataset: Awaited<ReturnType<typeof readDataset>>) {
  await tf.setBackend(backendName);
  await tf.ready();
  // Training: a few epochs of the default configuration; steps = batches.
  const epochs = STEPS_EPOCHS;
  const started = performance.now();
  const result = await train(dataset, { ...TRAIN_DEFAULTS, epochs, patience: epochs + 1 });
  const trainSeconds = (performance.now() - started) / 1000;
  result.reader.dispose();
  const steps = epochs * Math.ceil(dataset.splits.train.length / TRAIN_DEFAULTS.batch);
  const examples = epochs * dataset.splits.train.length;

  const phrases = dataset.splits.test.map((e) => e.phrase);
  for (let i = 0; i < 20; i++) predictor.predictPhrase(phrases[i % phrases.length]);
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_CALLS; i++) {
    const t0 = performance.now();
    predictor.predictPhrase(phrases[i % phrases.length]);
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);

  const batch = Array.from({ length: BATCH }, (_, i) => phrases[i % phrases.length]);
  predictor.predictMany(batch);
  const reps = 5;
  const t1 = performance.now();
  for (let i = 0; i < reps; i++) predictor.predictMany(batch);
  const batchSeconds = (performance.now() - t1) / 1000;

  return {
    backend: backendName,
    stepsPerSecond: steps / trainSeconds,
    examplesPerSecond: examples / trainSeconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    throughput: (reps * BATCH) / batchSeconds,
  };
}

const active = await initBackend();
const dataset = await readDataset(PATHS.paperData);
const predictor = await loadPredictor(PATHS.defaultModel, active);
const backends = [...new Set([active.name, 'cpu'])];
const rows = [];
for (const name of backends) {
  process.stderr.write(`measuring ${name}...\n`);
  rows.push(await measure(name, predictor, dataset));
}
console.log(`\nnalu-words bench — active backend ${active.name} (${active.reason}); model ${predictor.meta.name} (${predictor.meta.head}), batch ${TRAIN_DEFAULTS.batch}, hidden ${TRAIN_DEFAULTS.hidden}\n`);
console.log('| backend | train steps/s | train examples/s | predict p50 (ms) | predict p99 (ms) | batched phrases/s (512) |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.backend}${r.backend === active.name ? ' (active)' : ''} | ${r.stepsPerSecond.toFixed(1)} | ${r.examplesPerSecond.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.throughput.toFixed(0)} |`);
}
predictor.dispose();
