// Evaluates a saved model: `npm run evaluate -- --model models/NAME [--data data/paper] [--misses N] [--uniform N] [--json]`
// Prints MAE, exact-match and per-token running MAE per split (on a paper-rule split with the paper's Table 3
// beside them), with --misses the test phrases the network got wrong, and with --uniform the uniform-range check.

import { initBackend } from '../model/backend.ts';
import { PATHS } from '../common/paths.ts';
import { formatPercent } from '../language/format.ts';
import { readDataset } from '../data/dataset.ts';
import { evaluateDataset, evaluateExamples, listMisses, metricsTable, type Miss } from '../evaluation/evaluate.ts';
import { UNIFORM_MAX, uniformSet } from '../experiments/extrapolation.ts';
import { loadModel } from '../model/files.ts';
import { ConfigError } from '../common/config.ts';
import { newCommand, runCli, wholeNumber } from './common.ts';

const UNIFORM_TOP = UNIFORM_MAX.toLocaleString('en-US');

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
    .option('--uniform <n>', `also read n fresh cardinals drawn uniformly over 0…${UNIFORM_TOP} in the six styles (the uniform-range check)`)
    .option('--uniform-seed <s>', 'sampling seed of the uniform-range check (default 42)')
    .option('--json', 'print JSON instead of a table');
  program.parse();
  const opts = program.opts<{ model: string; data: string; misses?: string; uniform?: string; uniformSeed?: string; json?: boolean }>();
  const missLimit = opts.misses === undefined ? undefined : wholeNumber(opts.misses, '--misses', 1, 1_000_000);
  const uniformCount = opts.uniform === undefined ? undefined : wholeNumber(opts.uniform, '--uniform', 1, 1_000_000);
  if (opts.uniformSeed !== undefined && uniformCount === undefined) throw new ConfigError('--uniform-seed needs --uniform N (the number of phrases to draw)');
  const uniformSeed = opts.uniformSeed === undefined ? 42 : wholeNumber(opts.uniformSeed, '--uniform-seed', 0, 2 ** 31 - 1);
  const backend = await initBackend();
  const { reader, meta } = await loadModel(opts.model);
  const uniformPhrases = uniformCount === undefined ? undefined : uniformSet(uniformCount, uniformSeed);
  const unknown = uniformPhrases && [...new Set(uniformPhrases.flatMap((e) => e.tokens))].find((t) => !meta.vocabulary.includes(t));
  if (unknown !== undefined) throw new ConfigError(`--uniform reads cardinals to ${UNIFORM_TOP}: model ${opts.model} was not trained on the word "${unknown}"`);
  const dataset = await readDataset(opts.data);
  const started = performance.now();
  const metrics = evaluateDataset(reader, dataset.splits);
  const seconds = (performance.now() - started) / 1000;
  const misses = missLimit === undefined ? undefined : listMisses(reader, dataset.splits.test, missLimit);
  const uniform = uniformPhrases && { seed: uniformSeed, ...evaluateExamples(reader, uniformPhrases) };
  if (opts.json) {
    console.log(JSON.stringify({ model: opts.model, name: meta.name, head: meta.head, data: opts.data, backend: backend.name, metrics, ...(misses ? { misses } : {}), ...(uniform ? { uniform } : {}) }, null, 2));
  } else {
    console.log(`model ${opts.model} (${meta.head} head, trained on ${meta.dataset.path}, seed ${meta.seed}) on ${opts.data}, backend ${backend.name}, ${seconds.toFixed(2)} s`);
    console.log(metricsTable(meta.head, meta.loss, metrics, dataset.manifest.options.split));
    if (misses) console.log(`\n${missesTable(misses, metrics.test.n)}`);
    if (uniform) {
      const right = Math.round(uniform.exact * uniform.n);
      console.log(`\nuniform-range check (${uniform.n} cardinals uniform over 0…${UNIFORM_TOP}, six styles, seed ${uniform.seed}): ${right} of ${uniform.n} exact (${formatPercent(uniform.exact)}), ${uniform.n - right} wrong`);
    }
  }
  reader.dispose();
}

runCli(main);
