// Reproduces the paper's table from our own runs: `npm run experiment:paper -- [--runs 5] [--heads ...]
// [--losses running,final] [--split-seeds 1,2,3] [--out docs/results-paper.md]`. Any training flag (e.g.
// --epochs, --protocol paper) applies to every run. With --split-seeds, each run trains on a paper-rule split
// drawn with that seed (seed 1 is data/paper) instead of --data.

import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { writeFileAtomically } from '../common/atomic.ts';
import { initBackend } from '../model/backend.ts';
import { ConfigError } from '../common/config.ts';
import { PATHS } from '../common/paths.ts';
import { HEADS, LOSS_MODES, type HeadName, type LossMode } from '../model/choices.ts';
import { resolveTrainConfig, TRAIN_DEFAULTS, TRAIN_FIELDS } from '../training/config.ts';
import { readDataset } from '../data/dataset.ts';
import { resultsMarkdown, rowKey, runExperiment, type GridSplit, type RunResult } from '../experiments/paper.ts';
import { tuningMarkdown } from '../experiments/tuning.ts';
import { addConfigFlags, interruptSignal, paperSplits, runCli, wholeNumber } from './common.ts';

function list<T extends string>(flag: string, value: string, allowed: readonly T[]): T[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.find((s) => !(allowed as readonly string[]).includes(s));
  if (bad !== undefined || items.length === 0) throw new ConfigError(`${flag}: expected a comma-separated list of ${allowed.join(', ')}, got "${value}"`);
  return items as T[];
}

async function main(): Promise<void> {
  const program = addConfigFlags(new Command('experiment:paper'), TRAIN_FIELDS, TRAIN_DEFAULTS)
    .description('Train every head over several seeds on the paper split and write a results table.')
    .option('--data <dir>', 'dataset folder', PATHS.paperData)
    .option('--out <file>', 'Markdown report to write', 'docs/results-paper.md')
    .option('--runs <n>', 'seeds per head (seeds 1..n)', '5')
    .option('--heads <list>', 'heads to train', HEADS.join(','))
    .option('--losses <list>', 'loss modes', LOSS_MODES.join(','))
    .option('--split-seeds <list>', 'train on paper-rule splits drawn with these seeds (1 = data/paper) instead of --data')
    .option('--tuning <jsonl>', 'validation-only tuning log to list in the report', 'docs/paper-tuning.jsonl')
    .option('--from-json <json>', "write the report from an earlier run's JSON without training")
    .option('--keep <json>', "keep the runs of an earlier run's JSON, but for rows retrained now")
    .showHelpAfterError();
  program.parse();
  const { data, out, runs, heads, losses, keep, splitSeeds, tuning, fromJson, ...flags } = program.opts<{ data: string; out: string; runs: string; heads: string; losses: string; keep?: string; splitSeeds?: string; tuning: string; fromJson?: string }>();
  const command = `npm run experiment:paper -- ${process.argv.slice(2).join(' ')}`.trim();
  const base = resolveTrainConfig(flags);
  const n = wholeNumber(runs, '--runs', 1, 100);
  const grid = { heads: list<HeadName>('--heads', heads, HEADS), losses: list<LossMode>('--losses', losses, LOSS_MODES), seeds: Array.from({ length: n }, (_, i) => i + 1) };
  const backend = await initBackend();
  const readResults = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as RunResult[];
  const results = fromJson ? await readResults(fromJson) : await runGrid();
  // A kept run is replaced only by a new run of the same row (head, supervision, order and recipe); kept runs
  // come first, so the report lists its commands oldest first.
  if (keep) {
    const rerun = new Set(results.map(rowKey));
    results.unshift(...(await readResults(keep)).filter((r) => !rerun.has(rowKey(r))));
  }
  const report = resultsMarkdown(results, { data, backend: backend.name, command, tuning: await tuningMarkdown(tuning) });
  await writeFileAtomically(`${out.replace(/\.md$/, '')}.json`, `${JSON.stringify(results, null, 2)}\n`);
  await writeFileAtomically(out, report);
  console.log(report);

  async function runGrid(): Promise<RunResult[]> {
    const dataset: GridSplit[] = splitSeeds ? paperSplits(splitSeeds) : [{ dataset: await readDataset(data) }];
    const signal = interruptSignal('stopping the experiment; nothing will be written');
    return runExperiment(dataset, base, grid, {
      signal,
      command,
      onRun: (r, done, total) => {
        const m = r.metrics;
        process.stderr.write(`[${done}/${total}] ${r.head} ${r.loss}${r.splitSeed !== undefined ? ` split ${r.splitSeed}` : ''} seed ${r.seed}: ${m ? `test MAE ${m.test.mae.toFixed(3)}, exact ${(m.test.exact * 100).toFixed(1)}%, ${r.seconds.toFixed(0)} s` : r.diverged}\n`);
      },
    });
  }
}

runCli(main);
