// What every CLI shares: config tables as flags, one error style (a one-line message and a non-zero exit,
// never a stack trace), and Ctrl-C handling that lets long work stop cleanly.

import { Command } from 'commander';
import { checkReplaceable, type OwnedFolder } from '../common/atomic.ts';
import { ConfigError, flagName, type Fields } from '../common/config.ts';
import { GENERATE_DEFAULTS } from '../data/config.ts';
import { planDataset, type Dataset } from '../data/dataset.ts';

/** Registers one `--flag <value>` per config field, showing its default. */
export function addConfigFlags<T extends object>(command: Command, fields: Fields<T>, defaults: T): Command {
  for (const [key, spec] of Object.entries(fields) as [string, Fields<T>[keyof T]][]) {
    const value = (defaults as Record<string, unknown>)[key];
    const shown = Array.isArray(value) ? value.join(',') : String(value);
    command.option(`${flagName(key)} <value>`, `${spec.help} (default: ${shown})`);
  }
  return command;
}

/** Runs a CLI's main; any error becomes `error: message` on stderr and exit code 1. */
export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message}\n`);
    if (process.env.NALU_DEBUG) console.error(error);
    process.exit(1);
  });
}

/** Signals this close to the first are the same Ctrl-C, relayed. */
const SAME_PRESS_MS = 500;

/**
 * An AbortSignal fired by the first Ctrl-C (or SIGTERM); a second Ctrl-C exits at once. Long work checks the
 * signal between steps so it can clean up its temporary files or save what it has.
 */
export function interruptSignal(what: string): AbortSignal {
  // `what` says what stopping means, e.g. "stopping training; the best model so far will be saved".
  const controller = new AbortController();
  let firstAt = 0;
  const onSignal = (name: string) => {
    // `npm run` / tsx relay the terminal's Ctrl-C, so one press can arrive twice within moments: only a
    // signal well after the first is a second press.
    if (controller.signal.aborted) {
      if (Date.now() - firstAt > SAME_PRESS_MS) process.exit(130);
      return;
    }
    firstAt = Date.now();
    process.stderr.write(`\n${name}: ${what} (press Ctrl-C again to quit at once)\n`);
    controller.abort(new Error(`interrupted by ${name}`));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  return controller.signal;
}

/** A whole number in [min, max] from a flag's text, or a one-line error naming the flag. */
export function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} must be a whole number ${min}–${max}, got "${text}"`);
  return n;
}

/** `--split-seeds 1,2,3`: a paper-rule split drawn with each seed (seed 1 is data/paper). */
export function paperSplits(text: string): { splitSeed: number; dataset: Dataset }[] {
  const seeds = text.split(',').map((s) => s.trim());
  if (seeds.some((s) => !/^\d+$/.test(s))) throw new ConfigError(`--split-seeds must be a comma-separated list of whole numbers, got "${text}"`);
  return seeds.map((s) => ({ splitSeed: Number(s), dataset: planDataset({ ...GENERATE_DEFAULTS, split: 'paper', seed: Number(s) }) }));
}

/** `--out` checked before any work starts: an error names the flag (see checkReplaceable for the rules). */
export async function checkOut(out: string, kind: OwnedFolder, force: boolean | undefined): Promise<void> {
  await checkReplaceable(out, kind, { force }).catch((error: Error) => {
    throw new Error(`--out: ${error.message}`);
  });
}
