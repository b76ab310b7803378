#!/usr/bin/env node
// The package's command: `nalu-words read "seven hundred"`, and `extract` / `replace` as stdin → stdout
// filters that read one line at a time (memory stays that of the longest line, so a large file streams).
// The model (and tfjs with it) is loaded only when the network reads: `replace` and `--reader grammar` start
// without it.

import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Command, InvalidArgumentError } from 'commander';
import { PhraseError } from '../language/errors.ts';
import type { Predictor, ReaderName } from '../reading/predict.ts';
import { findNumbers, readNumber, replaceNumbers, type NumberSpan } from '../text/index.ts';
import { runCli } from './common.ts';

/** The readers (src/reading/predict.ts's READERS, spelt here so the grammar's path never loads tfjs). */
const READERS: readonly ReaderName[] = ['network', 'grammar'];

function reader(value: string): ReaderName {
  if (!READERS.includes(value as ReaderName)) throw new InvalidArgumentError(`must be ${READERS.join(' or ')}`);
  return value as ReaderName;
}

function threshold(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number from 0 up');
  return n;
}

async function predictorFor(name: ReaderName, model: string | undefined): Promise<Predictor | undefined> {
  if (name === 'grammar') return undefined;
  const { openPredictor } = await import('../reading/node.ts');
  const predictor = await openPredictor(model);
  if (predictor.problem) throw new Error(`the model failed its self-test: ${predictor.problem}`);
  return predictor;
}

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

/** Each line of stdin through `each`, its output written before the next line is read. */
async function filter(each: (line: string, n: number) => string): Promise<void> {
  let n = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) await write(each(line, ++n));
}

function spanLine(span: NumberSpan, line: number): string {
  return `${line}:${span.start}-${span.end}\t${span.text}\t${span.exact}\t${span.form}${span.ordinal ? ' ordinal' : ''}\t${span.reader}\n`;
}

async function main(): Promise<void> {
  const program = new Command('nalu-words').description('Read English number words: one phrase, or every number in text.').showHelpAfterError();
  program
    .command('read')
    .description('read one number phrase token by token')
    .argument('<phrase...>', 'e.g. "seven hundred and two"')
    .option('--reader <name>', 'network (the model, beside the grammar) or grammar', reader, 'network' as ReaderName)
    .option('--model <dir>', 'model folder (default: the shipped model)')
    .option('--json', 'print the answer as JSON')
    .action(async (words: string[], opts: { reader: ReaderName; model?: string; json?: boolean }) => {
      const predictor = await predictorFor(opts.reader, opts.model);
      try {
        const answer = readNumber(words.join(' '), predictor ? { predictor } : {});
        if (opts.json) await write(`${JSON.stringify(answer)}\n`);
        else {
          const steps = 'steps' in answer ? (answer.steps as { token: string; exact: string; referenceExact?: string }[]) : [];
          for (const step of steps) await write(`${step.token}\t${step.exact}${step.referenceExact !== undefined ? `\t(grammar ${step.referenceExact})` : ''}\n`);
          await write(`${answer.exact}\t${answer.form}${answer.ordinal ? ' ordinal' : ''}\t${answer.reader}\n`);
        }
      } catch (error) {
        // Loaded only on an error: its number formats cost 50 ms of a cold start.
        if (error instanceof PhraseError) throw new Error((await import('../language/format.ts')).errorSentence(error));
        throw error;
      } finally {
        predictor?.dispose();
      }
    });
  program
    .command('extract')
    .description('every number in stdin, a line at a time: "line:start-end  text  value  form  reader" (offsets in UTF-16 units of the line)')
    .option('--reader <name>', 'network or grammar', reader, 'network' as ReaderName)
    .option('--model <dir>', 'model folder (default: the shipped model)')
    .option('--threshold <n>', 'a lone one-word number is kept from this value up (default 2)', threshold)
    .option('--ordinal-threshold <n>', 'a lone ordinal word is kept from this value up (default 3)', threshold)
    .option('--json', 'JSON lines: one span per line, with its "line"')
    .action(async (opts: { reader: ReaderName; model?: string; threshold?: number; ordinalThreshold?: number; json?: boolean }) => {
      const predictor = await predictorFor(opts.reader, opts.model);
      const options = { detail: opts.json ? ('steps' as const) : ('value' as const), ...(predictor ? { predictor } : {}), ...thresholds(opts) };
      await filter((line, n) => findNumbers(line, options).map((span) => (opts.json ? `${JSON.stringify({ line: n, ...span })}\n` : spanLine(span, n))).join(''));
      predictor?.dispose();
    });
  program
    .command('replace')
    .description('stdin with every number written in digits ("two hundred and five" → 205), a line at a time')
    .option('--threshold <n>', 'a lone one-word number is replaced from this value up (default 2)', threshold)
    .option('--ordinal-threshold <n>', 'a lone ordinal word is replaced from this value up (default 3)', threshold)
    .action(async (opts: { threshold?: number; ordinalThreshold?: number }) => {
      const options = thresholds(opts);
      await filter((line) => `${replaceNumbers(line, options)}\n`);
    });
  await program.parseAsync();
}

function thresholds(opts: { threshold?: number; ordinalThreshold?: number }): { threshold?: number; ordinalThreshold?: number } {
  return { ...(opts.threshold !== undefined ? { threshold: opts.threshold } : {}), ...(opts.ordinalThreshold !== undefined ? { ordinalThreshold: opts.ordinalThreshold } : {}) };
}

runCli(main);
