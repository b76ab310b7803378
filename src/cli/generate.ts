// Dataset generator: `npm run generate -- [--split paper|random|extrapolation|extrapolation-forms] [--min N --max N --count N]
//   [--styles british,american,hyphen,a-hundred,twelve-hundred,bare-scale]
//   [--forms cardinal,ordinal,negative,decimal,fraction,year,digits] [--year-roles drawn|cover] [--seed N] [--format jsonl|csv] [--out DIR] [--force]`
// Writes DIR/{train,val,test}.jsonl, manifest.json and README.md, atomically; an existing DIR is replaced
// only when it is a dataset of ours (or with --force), checked before any work.

import { SingleBar } from 'cli-progress';
import { ConfigError, resolveConfig } from '../common/config.ts';
import { PATHS } from '../common/paths.ts';
import { GENERATE_DEFAULTS, GENERATE_FIELDS, type GenerateConfig } from '../data/config.ts';
import { STYLE_NAMES } from '../language/words.ts';
import { DATASET_FOLDER, planSplits, randomSplitSizes, SPLIT_NAMES, writeDataset } from '../data/dataset.ts';
import { addConfigFlags, checkOut, interruptSignal, newCommand, runCli } from './common.ts';

const RANDOM_ONLY = ['min', 'max', 'count'] as const;

/** Applies the split rules that involve more than one flag. */
export function checkGenerateConfig(raw: Record<string, unknown>): GenerateConfig {
  const givenRange = RANDOM_ONLY.filter((k) => raw[k] !== undefined);
  const config = resolveConfig(GENERATE_DEFAULTS, GENERATE_FIELDS, {
    ...raw,
    split: raw.split ?? (givenRange.length > 0 ? 'random' : 'paper'),
  });
  if (config.split !== 'random' && givenRange.length > 0) {
    throw new ConfigError(`--${givenRange[0]} needs --split random (the ${config.split} split has fixed ranges)`);
  }
  // The extrapolation protocol tests every phrasing, into its own folder unless told otherwise.
  if (config.split === 'extrapolation' || config.split === 'extrapolation-forms') {
    if (raw.styles === undefined) config.styles = [...STYLE_NAMES];
    if (raw.out === undefined) config.out = config.split === 'extrapolation' ? PATHS.extrapolationData : PATHS.extrapolationFormsData;
  }
  if (config.split === 'extrapolation-forms' && raw.forms !== undefined) throw new ConfigError('--forms does not apply to --split extrapolation-forms (it holds every form)');
  if (config.yearRoles === 'cover' && config.split !== 'extrapolation') throw new ConfigError(`--year-roles cover applies to --split extrapolation only (its train holds the numbers 1000-2099 it turns into years; the ${config.split} split's ranges must not change)`);
  if (config.yearRoles === 'cover' && !config.forms.includes('year')) throw new ConfigError('--year-roles cover needs --forms with year (it covers the shapes of the training years)');
  if (config.ordinalRoles === 'cover' && config.split !== 'extrapolation') throw new ConfigError(`--ordinal-roles cover applies to --split extrapolation only (the ${config.split} split's sizes must not change)`);
  if (config.ordinalRoles === 'cover' && !config.forms.includes('ordinal')) throw new ConfigError('--ordinal-roles cover needs --forms with ordinal (it covers the ordinal words)');
  if (config.digitZero === 'both' && config.split === 'extrapolation-forms') throw new ConfigError('--digit-zero does not apply to --split extrapolation-forms (its digit strings already say both)');
  if (config.digitZero === 'both' && !config.forms.includes('digits')) throw new ConfigError('--digit-zero both needs --forms with digits (it says how a digit string reads 0)');
  if (config.split === 'extrapolation-forms' && config.format === 'csv') throw new ConfigError('--format csv cannot carry the exact values of --split extrapolation-forms: use jsonl');
  if (config.min > config.max) throw new ConfigError(`--min (${config.min}) must not be larger than --max (${config.max})`);
  const size = config.max - config.min + 1;
  if (config.split === 'random' && config.count > size) {
    throw new ConfigError(`--count ${config.count} is larger than the ${size} numbers from --min ${config.min} to --max ${config.max}`);
  }
  if (config.trainFraction + config.valFraction >= 1) {
    throw new ConfigError('--train-fraction plus --val-fraction must leave room for a test split');
  }
  if (config.split === 'random') {
    const sizes = randomSplitSizes(config.count, config.trainFraction, config.valFraction);
    const empty = SPLIT_NAMES.find((split) => sizes[split] < 1);
    if (empty !== undefined) {
      const fractions = `--train-fraction ${config.trainFraction} and --val-fraction ${config.valFraction}`;
      throw new ConfigError(`--count ${config.count} is too small: with ${fractions} the ${empty} split would be empty (train ${sizes.train}, val ${sizes.val}, test ${sizes.test})`);
    }
  }
  return config;
}

async function main(): Promise<void> {
  const program = addConfigFlags(newCommand('generate'), GENERATE_FIELDS, GENERATE_DEFAULTS)
    .description('Generate a dataset of English number phrases with per-token running values.')
    .option('--force', 'replace --out even when it is not a dataset of ours (never the working folder or a folder with .git)');
  program.parse();
  const { force, ...flags } = program.opts<{ force?: boolean }>();
  const config = checkGenerateConfig(flags);
  await checkOut(config.out, DATASET_FOLDER, force);

  const signal = interruptSignal('stopping generation; nothing will be written');
  const splits = planSplits(config);
  const total = splits.train.length + splits.val.length + splits.test.length;
  // Off a terminal (logs, CI) the bar prints a line every two seconds instead of redrawing.
  const bar = total >= 20_000
    ? new SingleBar({ format: 'generate [{bar}] {percentage}% {value}/{total} examples, eta {eta_formatted}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000 })
    : undefined;
  bar?.start(total, 0);
  const { format, out, ...options } = config;
  try {
    const manifest = await writeDataset(out, splits, options, format, { signal, force, onProgress: (n) => bar?.update(n) });
    bar?.stop();
    const c = manifest.counts;
    console.log(`wrote ${out}: train ${c.train}, val ${c.val}, test ${c.test} (${format}), vocabulary ${manifest.vocabulary.length} words, sha256 ${manifest.hash.slice(0, 12)}`);
  } catch (error) {
    bar?.stop();
    if (signal.aborted) {
      process.stderr.write(`interrupted: nothing written to ${out}\n`);
      process.exit(130);
    }
    throw error;
  }
}

runCli(main);
