// The dataset generator's options, each with its default and a reason.

import type { Fields } from '../common/config.ts';
import { PATHS } from '../common/paths.ts';
import { STYLE_NAMES, WRITTEN_FORMS, type StyleName, type WrittenForm } from '../language/words.ts';

export interface GenerateConfig {
  split: 'paper' | 'random' | 'extrapolation' | 'extrapolation-forms';
  min: number;
  max: number;
  count: number;
  styles: StyleName[];
  forms: WrittenForm[];
  yearRoles: 'drawn' | 'cover';
  digitZero: 'zero' | 'both';
  ordinalRoles: 'drawn' | 'cover';
  seed: number;
  trainFraction: number;
  valFraction: number;
  format: 'jsonl' | 'csv';
  out: string;
}

export const GENERATE_DEFAULTS: GenerateConfig = {
  split: 'paper', // the paper's 169/200/631 of 0–999; any of --min/--max/--count switches to 'random'
  min: 0,
  max: 999,
  count: 1000, // numbers drawn (random split)
  styles: ['british'], // the paper's phrasing: "seven hundred and two"
  forms: ['cardinal'], // what today's models read; others mix in ordinals, decimals, fractions …
  yearRoles: 'drawn', // years are the train values that drew the year form, so earlier datasets regenerate byte for byte
  digitZero: 'zero', // a digit string says 0 as "zero", so earlier datasets regenerate byte for byte
  ordinalRoles: 'drawn', // ordinals are the numbers that drew the form, so earlier datasets regenerate byte for byte
  seed: 1,
  trainFraction: 0.8, // random split: share in train ...
  valFraction: 0.1, // ... and validation; the rest is test
  format: 'jsonl',
  out: PATHS.paperData,
};

export const GENERATE_FIELDS: Fields<GenerateConfig> = {
  split: { kind: 'choice', choices: ['paper', 'random', 'extrapolation', 'extrapolation-forms'], help: "'paper' (169/200/631 of 0-999), 'random', 'extrapolation' (train < 10,000, test 10^4-10^9) or 'extrapolation-forms' (every form, small in train, far past it in test)" },
  min: { kind: 'int', min: 0, max: 999_999_999, help: 'smallest number (random split)' },
  max: { kind: 'int', min: 0, max: 999_999_999, help: 'largest number (random split)' },
  count: { kind: 'int', min: 3, max: 100_000_000, help: 'how many numbers (random split)' },
  styles: { kind: 'list', choices: STYLE_NAMES, help: 'comma-separated phrasing styles' },
  forms: { kind: 'list', choices: WRITTEN_FORMS, help: 'comma-separated forms, mixed evenly' },
  yearRoles: { kind: 'choice', choices: ['drawn', 'cover'], help: "--split extrapolation with --forms year: 'cover' makes train hold every shape of a year's second half (oh, each teen, each tens word alone and before a unit), turning train cardinals of 1000-2099 into years where one is missing" },
  digitZero: { kind: 'choice', choices: ['zero', 'both'], help: "--forms with digits: 'both' says a digit string's 0 as \"oh\" or \"zero\" (by a hash of the number), so \"oh\" is read both as a year's pair and as a digit" },
  ordinalRoles: { kind: 'choice', choices: ['drawn', 'cover'], help: "--split extrapolation with --forms ordinal: 'cover' adds train ordinals below 1000 ending in each ordinal word of zeroth ... nineteenth, twentieth ... ninetieth and hundredth until each ends six" },
  seed: { kind: 'int', min: 0, max: 2 ** 32 - 1, help: 'random seed' },
  trainFraction: { kind: 'float', min: 0.01, max: 0.98, help: 'random split: share in train' },
  valFraction: { kind: 'float', min: 0, max: 0.98, help: 'random split: share in validation' },
  format: { kind: 'choice', choices: ['jsonl', 'csv'], help: 'file format' },
  out: { kind: 'string', help: 'output folder' },
};
