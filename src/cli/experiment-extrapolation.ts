// The extrapolation experiment: `npm run experiment:extrapolation -- [--runs 5] [--out docs/results.md]
// [--no-paper]`. Trains the register head on data/extrapolation for seeds 1..runs (and the same architecture
// on data/paper), and writes the results section of docs/results.md (between its extrapolation markers) plus
// the raw figures as docs/results-extrapolation.json. Any training flag (e.g. --epochs) applies to every run.
// At the end it prints validation exact per form for every seed and names the seeds below --validation-target.

import { readFile } from 'node:fs/promises';
import { writeFileAtomically } from '../common/atomic.ts';
import { initBackend } from '../model/backend.ts';
import { PATHS } from '../common/paths.ts';
import { resolveTrainConfig, TRAIN_DEFAULTS, TRAIN_FIELDS } from '../training/config.ts';
import { readDataset } from '../data/dataset.ts';
import { contextSet, extrapolationMarkdown, freshTest, runSeed, uniformSet, validationSummary, type SeedResult } from '../experiments/extrapolation.ts';
import { resolveConfig } from '../common/config.ts';
import { TARGET_DEFAULTS, TARGET_FIELDS } from '../evaluation/forms.ts';
import { addConfigFlags, interruptSignal, newCommand, runCli, wholeNumber } from './common.ts';

const START = '<!-- extrapolation:start -->';
const END = '<!-- extrapolation:end -->';
/** The seed of the fresh test split: a split nobody looked at while designing the head. */
const FRESH_SEED = 2;
/** The seed of the uniform-range check's numbers (never used for anything else). */
const UNIFORM_SEED = 19;

/** `report` with the section between the markers replaced (or appended when there are none yet). */
function replaceSection(report: string, section: string): string {
  const block = `${START}\n${section}\n${END}`;
  const [start, end] = [report.indexOf(START), report.indexOf(END)];
  return start >= 0 && end > start ? `${report.slice(0, start)}${block}${report.slice(end + END.length)}` : `${report.trimEnd()}\n\n${block}\n`;
}

async function main(): Promise<void> {
  const program = addConfigFlags(addConfigFlags(newCommand('experiment:extrapolation'), TRAIN_FIELDS, TRAIN_DEFAULTS), TARGET_FIELDS, TARGET_DEFAULTS)
    .description('Train the register head over several seeds on the extrapolation split and write its results.')
    .option('--data <dir>', 'extrapolation dataset folder', PATHS.extrapolationData)
    .option('--paper-data <dir>', 'paper split, for the same architecture on 0-999', PATHS.paperData)
    .option('--out <file>', 'Markdown report whose extrapolation section is (re)written', 'docs/results.md')
    .option('--runs <n>', 'seeds (1..n)', '5')
    .option('--uniform <n>', 'cardinals in the uniform-range check (0 … 999,999,999)', '20000')
    .option('--paper-batch <n>', 'batch size for the paper-split runs (169 phrases)', '32')
    .option('--paper-epochs <n>', 'epochs for the paper-split runs', '300')
    .option('--no-paper', 'skip the paper-split runs');
  program.parse();
  const { data, paperData, out, runs, uniform, paper, paperBatch, paperEpochs, validationTarget, ...flags } = program.opts<{ data: string; paperData: string; out: string; runs: string; uniform: string; paper: boolean; paperBatch: string; paperEpochs: string; validationTarget?: string }>();
  const { validationTarget: target } = resolveConfig(TARGET_DEFAULTS, TARGET_FIELDS, { validationTarget });
  const config = resolveTrainConfig({ ...flags, head: 'registers' });
  const paperConfig = paper ? resolveTrainConfig({ ...flags, head: 'registers', batch: paperBatch, epochs: paperEpochs }) : undefined;
  const n = wholeNumber(runs, '--runs', 1, 100);
  const uniformCount = wholeNumber(uniform, '--uniform', 1, 1_000_000);
  const backend = await initBackend();
  const [dataset, paperSplit] = await Promise.all([readDataset(data), readDataset(paperData)]);
  const sets = { data: dataset, paper: paperSplit, fresh: freshTest(FRESH_SEED), uniform: uniformSet(uniformCount, UNIFORM_SEED), context: contextSet(dataset) };
  const signal = interruptSignal('stopping the experiment; nothing will be written');
  const results: SeedResult[] = [];
  for (let seed = 1; seed <= n; seed++) {
    const r = await runSeed(sets, { ...config, seed }, paperConfig && { ...paperConfig, seed }, signal, target);
    results.push(r);
    const bands = r.bands.map((b) => `${(b.exact * 100).toFixed(1)}%`).join(' / ');
    process.stderr.write(`[${seed}/${n}] seed ${seed}: bands ${bands}, fresh ${(r.fresh.exact * 100).toFixed(1)}%, uniform ${(r.uniform.exact * 100).toFixed(2)}%, context bare ${(r.contextBare.exact * 100).toFixed(1)}% (LSTM mean ${(r.lstmMean.contextBare.exact * 100).toFixed(1)}%), validation target ${r.validation.met ? 'met' : 'MISSED'}, ${r.seconds.toFixed(0)} s\n`);
  }
  const command = `npm run experiment:extrapolation -- ${process.argv.slice(2).join(' ')}`.trim();
  const section = extrapolationMarkdown(results, { command, backend: backend.name, config, data, freshSeed: FRESH_SEED, uniformSeed: UNIFORM_SEED });
  const report = await readFile(out, 'utf8').catch(() => '# Results\n');
  await writeFileAtomically(out.replace(/\.md$/, '-extrapolation.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFileAtomically(out, replaceSection(report, section));
  console.log(section);
  console.log(`\n${validationSummary(results)}`);
}

runCli(main);
