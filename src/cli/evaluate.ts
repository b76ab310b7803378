// Evaluates a saved model: `npm run evaluate -- --model models/NAME [--data data/paper] [--json]`
// Prints MAE, exact-match and per-token running MAE per split, with the paper's Table 3 beside them.

import { Command } from 'commander';
import { initBackend } from '../model/backend.ts';
import { PATHS } from '../common/paths.ts';
import { readDataset } from '../data/dataset.ts';
import { evaluateDataset, metricsTable } from '../evaluation/evaluate.ts';
import { loadModel } from '../model/files.ts';
import { runCli } from './common.ts';

async function main(): Promise<void> {
  const program = new Command('evaluate')
    .description('Evaluate a saved model on a dataset.')
    .option('--model <dir>', 'model folder', PATHS.defaultModel)
    .option('--data <dir>', 'dataset folder', PATHS.paperData)
    .option('--json', 'print JSON instead of a table')
    .showHelpAfterError();
  program.parse();
  const opts = program.opts<{ model: string; data: string; json?: boolean }>();
  const backend = await initBackend();
  const { reader, meta } = await loadModel(opts.model);
  const dataset = await readDataset(opts.data);
  const started = performance.now();
  const metrics = evaluateDataset(reader, dataset.splits);
  const seconds = (performance.now() - started) / 1000;
  if (opts.json) {
    console.log(JSON.stringify({ model: opts.model, name: meta.name, head: meta.head, data: opts.data, backend: backend.name, metrics }, null, 2));
  } else {
    console.log(`model ${opts.model} (${meta.head} head, trained on ${meta.dataset.path}, seed ${meta.seed}) on ${opts.data}, backend ${backend.name}, ${seconds.toFixed(2)} s`);
    console.log(metricsTable(meta.head, meta.loss, metrics));
  }
  reader.dispose();
}

runCli(main);
