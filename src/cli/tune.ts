// Validation-only tuning for the paper-protocol rows: `npm run experiment:paper-tune -- --protocol paper
// --head nau --weight-decay 0.01 [--seeds 1,2] [--split-seeds 1,2] [--note "why"]` trains one configuration per
// split × seed and appends its validation MAE to docs/paper-tuning.jsonl. It never evaluates the test split.

import { Command } from 'commander';
import { initBackend } from '../model/backend.ts';
import { ConfigError } from '../common/config.ts';
import { PATHS } from '../common/paths.ts';
import { resolveTrainConfig, TRAIN_DEFAULTS, TRAIN_FIELDS } from '../training/config.ts';
import { readDataset } from '../data/dataset.ts';
import { evaluateExamples } from '../evaluation/evaluate.ts';
import { predictRunning } from '../model/running.ts';
import { formErrors } from '../evaluation/forms.ts';
import { median } from '../experiments/paper.ts';
import { DivergedError, train } from '../training/train.ts';
import { appendTuning, configDiff } from '../experiments/tuning.ts';
import { addConfigFlags, interruptSignal, paperSplits, runCli } from './common.ts';

async function main(): Promise<void> {
  const program = addConfigFlags(new Command('experiment:paper-tune'), TRAIN_FIELDS, TRAIN_DEFAULTS)
    .description('Train one configuration per seed and log its validation MAE (never the test split).')
    .option('--data <dir>', 'dataset folder', PATHS.paperData)
    .option('--seeds <list>', 'initialisation seeds', '1,2')
    .option('--split-seeds <list>', 'train on paper-rule splits drawn with these seeds (1 = data/paper) instead of --data')
    .option('--log <jsonl>', 'tuning log to append to', 'docs/paper-tuning.jsonl')
    .option('--note <text>', 'why this configuration was tried')
    .showHelpAfterError();
  program.parse();
  const { data, seeds, splitSeeds, log, note, ...flags } = program.opts<{ data: string; seeds: string; splitSeeds?: string; log: string; note?: string }>();
  const config = resolveTrainConfig(flags);
  const seedList = seeds.split(',').map((s) => s.trim());
  if (seedList.some((s) => !/^\d+$/.test(s))) throw new ConfigError(`--seeds must be a comma-separated list of whole numbers, got "${seeds}"`);
  await initBackend();
  const datasets = splitSeeds ? paperSplits(splitSeeds).map((s) => s.dataset) : [await readDataset(data)];
  const signal = interruptSignal('stopping; nothing will be logged');
  // Split-major: every initialisation seed on the first split, then on the next.
  const valMae: number[] = [];
  const started = performance.now();
  for (const dataset of datasets) {
    for (const seed of seedList.map(Number)) {
      try {
        const trained = await train(dataset, { ...config, seed }, { signal });
        valMae.push(evaluateExamples(trained.reader, dataset.splits.val).mae);
        const finals = predictRunning(trained.reader, dataset.splits.val.map((e) => e.tokens)).map((p) => p.values.at(-1) as number);
        const forms = Object.entries(formErrors(dataset.splits.val, finals)).map(([form, f]) => `${form} ${f.mae.toFixed(2)}`);
        process.stderr.write(`validation MAE ${(valMae.at(-1) as number).toFixed(3)} (${forms.join(', ')})\n`);
        trained.reader.dispose();
      } catch (error) {
        if (!(error instanceof DivergedError)) throw error;
        valMae.push(Infinity);
      }
      if (signal.aborted) return;
    }
  }
  const medianValMae = median(valMae);
  const entry = { config: configDiff(config), data: splitSeeds ? `paper-rule splits ${splitSeeds}` : data, seeds: seedList.map(Number), valMae, medianValMae, seconds: (performance.now() - started) / 1000, ...(note ? { note } : {}) };
  await appendTuning(log, entry);
  console.log(`validation MAE ${valMae.map((x) => x.toFixed(3)).join(' / ')} (median ${medianValMae.toFixed(3)}), ${entry.seconds.toFixed(0)} s`);
}

runCli(main);
