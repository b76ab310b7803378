// Evaluates a saved model: `npm run evaluate -- --model models/NAME [--data data/paper] [--misses N] [--json]`
// Prints MAE, exact-match and per-token running MAE per split (on a paper-rule split with the paper's Table 3
// beside them), and with --misses the test phrases the network got wrong.

import { initBackend } from '../model/backend.ts';
import { PATHS } from '../common/paths.ts';
import { readDataset } from '../data/dataset.ts';
import { evaluateDataset, listMisses, metricsTable, type Miss } from '../evaluation/evaluate.ts';
import { loadModel } from '../model/files.ts';
import { newCommand, runCli, wholeNumber } from './common.ts';

/** The misses as a Markdown table, or a line saying there were none. */
function missesTable(misses: readonly Miss[], n: number): string {
  if (misses.length === 0) return `The network read all ${n} test phrases right.`;
  const rows = misses.map((m) => `| ${m.phrase} | ${m.network} | ${m.grammar} |`);
  return [`Test phrases the network got wrong (the first ${misses.length}):`, '', '| phrase | network | grammar |', '|---|---|---|', ...rows].join('\n');
}

async function main(): Promise<void> {
  const program = newCommand('evaluate')
    .description('Evaluate a saved model on a dataset.')
    .option('--model <dir>', 'model folder', PATHS.defaultModel)
    .option('--data <dir>', 'dataset folder', PATHS.paperData)
    .option('--misses <n>', 'also list up to n test phrases the network got wrong, with both readings')
    .option('--json', 'print JSON instead of a table');
  program.parse();
  const opts = program.opts<{ model: string; data: string; misses?: string; json?: boolean }>();
  const missLimit = opts.misses === undefined ? undefined : wholeNumber(opts.misses, '--misses', 1, 1_000_000);
  const backend = await initBackend();
  const { reader, meta } = await loadModel(opts.model);
  const dataset = await readDataset(opts.data);
  const started = performance.now();
  const metrics = evaluateDataset(reader, dataset.splits);
  const seconds = (performance.now() - started) / 1000;
  const misses = missLimit === undefined ? undefined : listMisses(reader, dataset.splits.test, missLimit);
  if (opts.json) {
    console.log(JSON.stringify({ model: opts.model, name: meta.name, head: meta.head, data: opts.data, backend: backend.name, metrics, ...(misses ? { misses } : {}) }, null, 2));
  } else {
    console.log(`model ${opts.model} (${meta.head} head, trained on ${meta.dataset.path}, seed ${meta.seed}) on ${opts.data}, backend ${backend.name}, ${seconds.toFixed(2)} s`);
    console.log(metricsTable(meta.head, meta.loss, metrics, dataset.manifest.options.split));
    if (misses) console.log(`\n${missesTable(misses, metrics.test.n)}`);
  }
  reader.dispose();
}

runCli(main);
