// The forms experiment: `npm run experiment:forms -- --data <dir> [--runs 3] [--out docs/results-forms.md]`.
// Trains the register head with the digit and pair entries on a dataset of cardinals, digit strings and years
// for seeds 1..runs and writes the report (src/experiments/forms.ts) plus its raw figures as JSON beside it.
// Any training flag (e.g. --epochs) applies to every run.

import { writeFileAtomically } from '../common/atomic.ts';
import { initBackend } from '../model/backend.ts';
import { PATHS } from '../common/paths.ts';
import { ConfigError } from '../common/config.ts';
import { loadModel } from '../model/files.ts';
import { configFromRecord, resolveTrainConfig, TRAIN_DEFAULTS, TRAIN_FIELDS } from '../training/config.ts';
import { readDataset } from '../data/dataset.ts';
import { uniformSet } from '../experiments/extrapolation.ts';
import { formsMarkdown, formsSets, measureForms, runFormsSeed, type FormsSeedResult } from '../experiments/forms.ts';
import { addConfigFlags, interruptSignal, newCommand, runCli, wholeNumber } from './common.ts';

/** The seed of the uniform-range check's numbers, as in experiment:extrapolation. */
const UNIFORM_SEED = 19;
/** The table this experiment is about, unless --operations says otherwise. */
const FORMS_OPERATIONS = 'act,move,digit,pair';

async function main(): Promise<void> {
  const program = addConfigFlags(newCommand('experiment:forms'), TRAIN_FIELDS, TRAIN_DEFAULTS)
    .description('Train the register head with digit and pair entries over several seeds and write its per-form results.')
    .requiredOption('--data <dir>', 'dataset folder with cardinals, digit strings and years (npm run generate -- --forms cardinal,digits,year …)')
    .option('--paper-data <dir>', "paper split, whose 631 test numbers are scored", PATHS.paperData)
    .option('--out <file>', 'Markdown report to write (the raw figures go beside it as .json)', 'docs/results-forms.md')
    .option('--runs <n>', 'seeds (1..n)', '3')
    .option('--uniform <n>', 'cardinals in the uniform-range check (0 … 999,999,999)', '20000')
    .option('--models <dirs>', 'comma-separated model folders saved by retrain on --data: measured as they are, nothing trained');
  program.parse();
  const { data, paperData, out, runs, uniform, models, ...flags } = program.opts<{ data: string; paperData: string; out: string; runs: string; uniform: string; models?: string; operations?: string }>();
  const saved = models?.split(',').filter(Boolean) ?? [];
  const given = Object.entries(flags).filter(([, v]) => v !== undefined).map(([k]) => k);
  if (saved.length > 0 && given.length > 0) throw new ConfigError(`--models measures saved models: training flags (${given.join(', ')}) do not apply`);
  let config = resolveTrainConfig({ ...flags, operations: flags.operations ?? FORMS_OPERATIONS, head: 'registers' });
  const n = wholeNumber(runs, '--runs', 1, 100);
  const uniformCount = wholeNumber(uniform, '--uniform', 1, 1_000_000);
  const backend = await initBackend();
  const [dataset, paper] = await Promise.all([readDataset(data), readDataset(paperData)]);
  const sets = formsSets(dataset, paper, uniformSet(uniformCount, UNIFORM_SEED));
  const signal = interruptSignal('stopping the experiment; nothing will be written');
  const results: FormsSeedResult[] = [];
  const report = (r: FormsSeedResult, i: number, total: number) => {
    const forms = Object.entries(r.test).map(([f, s]) => `${f} ${(s.exact * 100).toFixed(1)}%`).join(', ');
    process.stderr.write(`[${i}/${total}] seed ${r.seed}: test ${forms}, years ${(r.plain.years.exact * 100).toFixed(1)}%, uniform ${(r.uniform.exact * 100).toFixed(2)}%, ${r.seconds.toFixed(0)} s\n`);
  };
  for (const [i, dir] of saved.entries()) {
    const { reader, meta } = await loadModel(dir, { requireHealth: false });
    if (meta.dataset.hash !== dataset.manifest.hash) throw new ConfigError(`${dir} was trained on other data than ${data} (dataset hash)`);
    // The report states one recipe: the saved models may differ by seed alone.
    const recipe = configFromRecord(meta.hyperparameters, meta.configVersion);
    if (i > 0 && JSON.stringify({ ...recipe, seed: 0 }) !== JSON.stringify({ ...config, seed: 0 })) throw new ConfigError(`${dir} was trained with another recipe than ${saved[0]}: one report is one recipe`);
    config = recipe;
    const r = measureForms(reader, sets, { seed: meta.seed, seconds: meta.trainingSeconds, bestEpoch: meta.bestEpoch, epochsRun: meta.epochsRun });
    reader.dispose();
    results.push(r);
    report(r, i + 1, saved.length);
  }
  for (let seed = 1; saved.length === 0 && seed <= n; seed++) {
    const r = await runFormsSeed(sets, { ...config, seed }, signal);
    results.push(r);
    report(r, seed, n);
  }
  const command = `npm run experiment:forms -- ${process.argv.slice(2).join(' ')}`.trim();
  const markdown = formsMarkdown(results, { command, backend: backend.name, config, data, uniformSeed: UNIFORM_SEED });
  await writeFileAtomically(out.replace(/\.md$/, '.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFileAtomically(out, markdown);
  console.log(markdown);
}

runCli(main);
