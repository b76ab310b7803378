// Reproduces the paper's table from our own runs: `npm run experiment:paper -- [--runs 5] [--heads ...]
// [--losses running,final] [--out docs/results-paper.md]`. Any training flag (e.g. --epochs) applies to every run.

import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { writeFileAtomically } from '../atomic.ts';
import { initBackend } from '../backend.ts';
import { ConfigError, HEADS, LOSS_MODES, PATHS, resolveConfig, TRAIN_DEFAULTS, TRAIN_FIELDS, type HeadName, type LossMode } from '../config.ts';
import { readDataset } from '../dataset.ts';
import { resultsMarkdown, runExperiment, type RunResult } from '../experiment.ts';
import { addConfigFlags, interruptSignal, runCli } from './common.ts';

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
    .option('--keep <json>', "keep the runs of other heads from an earlier run's JSON (rows not retrained now)")
    .showHelpAfterError();
  program.parse();
  const { data, out, runs, heads, losses, keep, ...flags } = program.opts<{ data: string; out: string; runs: string; heads: string; losses: string; keep?: string }>();
  const base = resolveConfig(TRAIN_DEFAULTS, TRAIN_FIELDS, flags);
  const n = Number(runs);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new ConfigError(`--runs must be a whole number from 1 to 100, got "${runs}"`);
  const grid = { heads: list<HeadName>('--heads', heads, HEADS), losses: list<LossMode>('--losses', losses, LOSS_MODES), seeds: Array.from({ length: n }, (_, i) => i + 1) };
  const backend = await initBackend();
  const dataset = await readDataset(data);
  const signal = interruptSignal('stopping the experiment; nothing will be written');
  const results = await runExperiment(dataset, base, grid, {
    signal,
    onRun: (r, done, total) => {
      const m = r.metrics;
      process.stderr.write(`[${done}/${total}] ${r.head} ${r.loss} seed ${r.seed}: ${m ? `test MAE ${m.test.mae.toFixed(3)}, exact ${(m.test.exact * 100).toFixed(1)}%, ${r.seconds.toFixed(0)} s` : r.diverged}\n`);
    },
  });
  if (keep) {
    const earlier = JSON.parse(await readFile(keep, 'utf8')) as RunResult[];
    results.push(...earlier.filter((r) => !grid.heads.includes(r.head)));
  }
  const command = `npm run experiment:paper -- ${process.argv.slice(2).join(' ')}`.trim();
  const report = resultsMarkdown(results, { data, backend: backend.name, base, command });
  await writeFileAtomically(`${out.replace(/\.md$/, '')}.json`, `${JSON.stringify(results, null, 2)}\n`);
  await writeFileAtomically(out, report);
  console.log(report);
}

runCli(main);
