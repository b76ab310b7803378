// The paper's Table 3 from our own runs: train each head over several seeds on one dataset and summarise
// median and spread of MAE per split, and how many seeds reached test MAE < 1.

import type { HeadName, LossMode, TrainConfig } from './config.ts';
import type { Dataset } from './dataset.ts';
import { evaluateDataset, PAPER_TABLE, type SplitMetrics } from './evaluate.ts';
import { DivergedError, train } from './train.ts';

export interface RunResult {
  head: HeadName;
  loss: LossMode;
  seed: number;
  epochs: number;
  seconds: number;
  /** Undefined when the run diverged. */
  metrics?: Record<'train' | 'val' | 'test', SplitMetrics>;
  diverged?: string;
}

export async function runExperiment(
  dataset: Dataset,
  base: TrainConfig,
  grid: { heads: HeadName[]; losses: LossMode[]; seeds: number[] },
  { onRun, signal }: { onRun?: (r: RunResult, done: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<RunResult[]> {
  const results: RunResult[] = [];
  const total = grid.heads.length * grid.losses.length * grid.seeds.length;
  for (const loss of grid.losses) {
    for (const head of grid.heads) {
      for (const seed of grid.seeds) {
        signal?.throwIfAborted();
        const config = { ...base, head, loss, seed };
        let result: RunResult;
        try {
          const trained = await train(dataset, config, { signal });
          result = { head, loss, seed, epochs: config.epochs, seconds: trained.seconds, metrics: evaluateDataset(trained.reader, dataset.splits) };
          trained.reader.dispose();
        } catch (error) {
          if (!(error instanceof DivergedError)) throw error;
          result = { head, loss, seed, epochs: config.epochs, seconds: NaN, diverged: error.message };
        }
        results.push(result);
        onRun?.(result, results.length, total);
      }
    }
  }
  return results;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const num = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(3));

function spread(xs: number[]): string {
  if (xs.length === 0) return '—';
  return `${num(median(xs))} [${num(Math.min(...xs))}–${num(Math.max(...xs))}]`;
}

/** The Markdown report: our table (median [min–max] over seeds) and the paper's beside it. */
export function resultsMarkdown(results: RunResult[], context: { data: string; backend: string; base: TrainConfig; command: string }): string {
  const groups = new Map<string, RunResult[]>();
  for (const r of results) groups.set(`${r.head}|${r.loss}`, [...(groups.get(`${r.head}|${r.loss}`) ?? []), r]);
  const lines = [
    '# Language to number translation: our runs beside the paper',
    '',
    `Dataset \`${context.data}\` (169 train / 200 validation / 631 test of 0–999, as in the paper), backend ${context.backend}.`,
    `Produced by \`${context.command}\`. Metrics are taken at the best-validation epoch; MAE is on the final value.`,
    '',
    '| head | loss | epochs | seeds | train MAE | validation MAE | test MAE | test exact | test MAE per token | seeds with test MAE < 1 | seconds per run |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [key, runs] of groups) {
    const [head, loss] = key.split('|');
    const ok = runs.filter((r) => r.metrics);
    const pick = (f: (m: Record<'train' | 'val' | 'test', SplitMetrics>) => number) => ok.map((r) => f(r.metrics as Record<'train' | 'val' | 'test', SplitMetrics>));
    const under1 = pick((m) => m.test.mae).filter((x) => x < 1).length;
    const diverged = runs.length - ok.length;
    lines.push(
      `| ${head} | ${loss} | ${[...new Set(runs.map((r) => r.epochs ?? '?'))].join(', ')} | ${runs.length}${diverged ? ` (${diverged} diverged)` : ''} | ${spread(pick((m) => m.train.mae))} | ${spread(pick((m) => m.val.mae))} | ${spread(pick((m) => m.test.mae))} | ${ok.length ? `${(median(pick((m) => m.test.exact)) * 100).toFixed(1)}%` : '—'} | ${spread(pick((m) => m.test.runningMae))} | ${under1}/${runs.length} | ${ok.length ? median(ok.map((r) => r.seconds)).toFixed(0) : '—'} |`,
    );
  }
  lines.push('', '## The paper (Trask et al. 2018, Table 3, MAE)', '', '| model | train | validation | test |', '|---|---|---|---|');
  for (const [name, row] of Object.entries(PAPER_TABLE)) lines.push(`| LSTM + ${name.toUpperCase()} | ${row.train} | ${row.val} | ${row.test} |`);
  const b = context.base;
  lines.push(
    '',
    '## Recipe shared by every row',
    '',
    `Embedding ${b.embedding}, LSTM ${b.hidden}, Adam ${b.learningRate} → ${b.learningRateEnd} over the epochs given per row, batch ${b.batch}, objective ${b.objective}, gradient-norm clip ${b.clipNorm}, weight decay ${b.weightDecay}, early-stopping patience ${b.patience}, exponent clamp ${b.expClamp}. Targets are divided by 1000 for the linear/NAC/NALU heads and left in plain numbers for the register head. \`running\` = loss on every token's running value; \`final\` = the paper's loss on the last token only. Teacher forcing (${b.teacherForcing ? "on" : "off"}) applies to the register head with the running loss only. Seconds are wall time on a shared 2-core machine.`,
    '',
  );
  return lines.join('\n');
}
