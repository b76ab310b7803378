// Trains a reader: `npm run retrain -- --data data/extrapolation --out models/NAME --head registers --seed 1 ...`
// Every hyperparameter in src/training/config.ts is a flag; --validation-target is the share of validation, and
// of each form in it, the model must read exactly: the end report lists validation per form, and a miss is
// flagged in meta.json. An existing --out is replaced only when it is a model of ours (or with --force),
// checked before training starts. Ctrl-C stops after the current batch and saves the best weights so far; a
// run that diverges says so and writes nothing.

import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { initBackend } from '../model/backend.ts';
import { PATHS } from '../common/paths.ts';
import { CONFIG_VERSION, resolveTrainConfig, TRAIN_DEFAULTS, TRAIN_FIELDS } from '../training/config.ts';
import { readDataset } from '../data/dataset.ts';
import { resolveConfig } from '../common/config.ts';
import { evaluateDataset, metricsTable } from '../evaluation/evaluate.ts';
import { formExact, TARGET_DEFAULTS, TARGET_FIELDS, validationRecord, validationTable } from '../evaluation/forms.ts';
import { MODEL_FOLDER, saveModel } from '../model/files.ts';
import { floorProblem } from '../model/health.ts';
import { DivergedError, train } from '../training/train.ts';
import { addConfigFlags, checkOut, datasetPathToRecord, interruptSignal, newCommand, runCli } from './common.ts';

async function main(): Promise<void> {
  const program = addConfigFlags(addConfigFlags(newCommand('retrain'), TRAIN_FIELDS, TRAIN_DEFAULTS), TARGET_FIELDS, TARGET_DEFAULTS)
    .description('Train the LSTM + head network on a generated dataset and save it.')
    .option('--data <dir>', 'dataset folder', PATHS.extrapolationData)
    .option('--out <dir>', 'model folder to write', 'models/latest')
    .option('--name <name>', 'model name shown in the UI (default: the --out folder name)')
    .option('--quiet', 'no progress bar')
    .option('--force', 'replace --out even when it is not a model of ours (never the working folder or a folder with .git)');
  program.parse();
  const { data, out, name, quiet, force, validationTarget, ...flags } = program.opts<{ data: string; out: string; name?: string; quiet?: boolean; force?: boolean; validationTarget?: string }>();
  const config = resolveTrainConfig(flags);
  const { validationTarget: target } = resolveConfig(TARGET_DEFAULTS, TARGET_FIELDS, { validationTarget });
  await checkOut(out, MODEL_FOLDER, force);
  const backend = await initBackend();
  const dataset = await readDataset(data);

  // Off a terminal (logs, CI) the bar prints a line a second instead of redrawing.
  const bar = quiet
    ? undefined
    : new SingleBar({ format: 'train [{bar}] epoch {value}/{total} | loss {loss} | val error {val} | best {best} @ {bestEpoch} | {secs}s', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 1000 });
  bar?.start(config.epochs, 0, { loss: '-', val: '-', best: '-', bestEpoch: '-', secs: '0' });
  const signal = interruptSignal('stopping training; the best model so far will be saved');
  let result;
  try {
    result = await train(dataset, config, {
      signal,
      onEpoch: (r) => bar?.update(r.epoch, { loss: r.loss.toExponential(2), val: r.valError.toFixed(3), best: r.bestValError.toFixed(3), bestEpoch: r.bestEpoch, secs: r.seconds.toFixed(0) }),
    });
  } catch (error) {
    bar?.stop();
    if (error instanceof DivergedError) throw new Error(`${error.message}; nothing was written. Try another --seed, a lower --learning-rate or --clip-norm.`);
    throw error;
  }
  bar?.stop();
  if (result.bestEpoch === 0) throw new Error('stopped before the first epoch finished; nothing was written');
  const metrics = evaluateDataset(result.reader, dataset.splits);
  const perForm = formExact(result.reader, dataset.splits.val);
  const validation = validationRecord(metrics.val.exact, perForm, target, metrics.train.exact);
  const modelName = name ?? path.basename(path.resolve(out));
  // The forms training saw, recorded beyond cardinals only: what the served network may answer as its own.
  const forms = [...new Set(dataset.splits.train.map((e) => e.form ?? 'cardinal'))];
  await saveModel(out, result.reader, {
    name: modelName,
    head: config.head,
    loss: config.loss,
    vocabulary: result.reader.arch.vocabulary.slice(1),
    maxTokens: Math.max(...dataset.splits.train.map((e) => e.tokens.length)),
    hyperparameters: config,
    configVersion: CONFIG_VERSION,
    dataset: { path: datasetPathToRecord(data), hash: dataset.manifest.hash, counts: dataset.manifest.counts },
    ...(forms.some((f) => f !== 'cardinal') ? { forms } : {}),
    seed: config.seed,
    backend: backend.name,
    trainingSeconds: Math.round(result.seconds * 10) / 10,
    epochsRun: result.epochsRun,
    bestEpoch: result.bestEpoch,
    stoppedBy: result.stoppedBy,
    createdAt: new Date().toISOString(),
    metrics,
    validation,
  }, dataset.splits.val.map((e) => e.tokens), { force });
  console.log(`saved ${out} (${config.head} head, ${result.stoppedBy === 'interrupted' ? 'interrupted, best so far' : `stopped by ${result.stoppedBy}`}, best epoch ${result.bestEpoch}, ${result.seconds.toFixed(1)} s on ${backend.name})`);
  console.log(metricsTable(config.head, config.loss, metrics, dataset.manifest.options.split));
  console.log(`\n${validationTable(validation, perForm)}`);
  const low = floorProblem(config.head, metrics.val.exact);
  if (low) console.error(`warning: ${low}; predict and the server will refuse this model`);
  else if (!validation.met) console.error(`warning: ${out} missed its validation target; meta.json, /healthz and every answer say so`);
  result.reader.dispose();
}

runCli(main);
