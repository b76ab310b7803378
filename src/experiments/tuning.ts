// The validation-only tuning log: every configuration tried for the paper-protocol rows, with its
// validation MAE per initialisation seed. One JSON object a line, appended as runs finish; nothing in it is
// ever measured on the test split.

import { appendFile, readFile } from 'node:fs/promises';
import { TRAIN_DEFAULTS, type TrainConfig } from '../training/config.ts';

export interface TuningEntry {
  /** What differs from TRAIN_DEFAULTS. */
  config: Partial<TrainConfig>;
  /** A dataset folder, or "paper-rule splits 1,2" (valMae then runs split-major: every seed on split 1 first). */
  data: string;
  seeds: number[];
  valMae: number[];
  medianValMae: number;
  seconds: number;
  note?: string;
}

export function configDiff(config: TrainConfig): Partial<TrainConfig> {
  return Object.fromEntries(Object.entries(config).filter(([k, v]) => TRAIN_DEFAULTS[k as keyof TrainConfig] !== v && k !== 'seed')) as Partial<TrainConfig>;
}

export async function appendTuning(file: string, entry: TuningEntry): Promise<void> {
  await appendFile(file, `${JSON.stringify(entry)}\n`);
}

export async function readTuning(file: string): Promise<TuningEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text.split('\n').filter((l) => l.trim()).map((l, i) => {
    try {
      return JSON.parse(l) as TuningEntry;
    } catch {
      throw new Error(`${file}:${i + 1} is not JSON`);
    }
  });
}

/** The log as a Markdown section, best median validation MAE first; empty when there is no log. */
export async function tuningMarkdown(file: string): Promise<string | undefined> {
  const entries = await readTuning(file);
  if (entries.length === 0) return undefined;
  const sorted = [...entries].sort((a, b) => a.medianValMae - b.medianValMae);
  return [
    '## Every configuration tried (validation MAE only)',
    '',
    `From \`${file}\` (written by \`npm run experiment:paper-tune\`), ${entries.length} configurations, best first. Each trained on the split(s) named, one run per split × initialisation seed (validation MAE listed split by split); only the validation split was evaluated.`,
    '',
    '| settings (differences from the defaults) | data | seeds | validation MAE per seed | median |',
    '|---|---|---|---|---|',
    ...sorted.map((e) => `| ${Object.entries(e.config).map(([k, v]) => `${k}=${v}`).join(' ')}${e.note ? ` (${e.note})` : ''} | ${e.data} | ${e.seeds.join(',')} | ${e.valMae.map((x) => x.toFixed(2)).join(' / ')} | ${e.medianValMae.toFixed(3)} |`),
  ].join('\n');
}
