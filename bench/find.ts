// findNumbers' speed on generated prose with numbers (bench/prose.ts), a line at a time as the CLI filter
// reads, beside words-to-numbers and Recognizers-Text when bench/peers is installed: each reader reads the
// same lines, from the first, each once, for --seconds at most. nalu-words reads first a text of another seed (its
// first pass in a fresh process, "cold", is printed too), so the timed pass is over text it has not seen:
// only what it keeps per word (typo corrections, a word's first reading) can be warm, never a span's.
//   npx tsx bench/find.ts [--megabytes 4] [--seconds 3] [--reader network|grammar] [--detail value|steps]
//   node --cpu-prof --import tsx bench/find.ts --peers false     # a profile of findNumbers alone

import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { PATHS } from '../src/common/paths.ts';
import { createRng } from '../src/common/random.ts';
import { initBackend } from '../src/model/backend.ts';
import { loadPredictor } from '../src/reading/load.ts';
import { DETAILS, type Detail } from '../src/reading/predict.ts';
import { findNumbers } from '../src/text/find.ts';
import { prose } from './prose.ts';

const { values } = parseArgs({
  options: {
    megabytes: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '3' },
    reader: { type: 'string', default: 'network' },
    detail: { type: 'string', default: 'value' },
    peers: { type: 'string', default: 'true' },
  },
});
const bytes = Number(values.megabytes) * 1e6;
const seconds = Number(values.seconds);
const detail = values.detail as Detail;
if (!DETAILS.includes(detail)) throw new Error(`--detail is one of ${DETAILS.join(', ')}`);
if (values.reader !== 'network' && values.reader !== 'grammar') throw new Error('--reader is network or grammar');

const predictor = values.reader === 'network' ? await loadPredictor(PATHS.defaultModel, await initBackend(() => {})) : undefined;
const lines = (seed: number) => prose(createRng(seed), bytes).split('\n').filter(Boolean);

/**
 * Reads the lines in order, each once, all of them or until `limit` seconds have passed (never a line again:
 * nothing read is seen twice): MB per second of wall time and per second of this process's CPU time (the
 * steadier figure on a shared machine), and numbers found.
 */
function timed(lines: readonly string[], read: (line: string) => number, limit: number): { mbPerSecond: number; mbPerCpuSecond: number; found: number; megabytes: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let done = 0;
  let found = 0;
  for (let k = 0; k < lines.length && (limit === 0 || performance.now() - started < limit * 1000); k++) {
    const line = lines[k] as string;
    found += read(line);
    done += Buffer.byteLength(line) + 1;
  }
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { mbPerSecond: done / 1e6 / elapsed, mbPerCpuSecond: done / 1e6 / ((used.user + used.system) / 1e6), found, megabytes: done / 1e6 };
}

const nalu = (line: string) => findNumbers(line, { predictor, detail }).length;
const cold = timed(lines(1), nalu, 0);
// The timed text: longer than any reader gets through in --seconds at these speeds.
const text = lines(2);
const rows: [string, ReturnType<typeof timed>][] = [[`nalu-words findNumbers (${values.reader}, detail ${detail}), cold: first pass, seed 1`, cold]];
rows.push([`nalu-words findNumbers (${values.reader}, detail ${detail}), unseen text, seed 2`, timed(text, nalu, seconds)]);

if (values.peers === 'true') {
  const require = createRequire(path.join(import.meta.dirname, 'peers', 'package.json'));
  try {
    const { wordsToNumbers } = require('words-to-numbers') as { wordsToNumbers: (text: string) => unknown };
    rows.push(['words-to-numbers (its text mode, seed 2)', timed(text, (line) => (wordsToNumbers(line) === null ? 0 : 1), seconds)]);
    const { NumberRecognizer, Culture } = require('@microsoft/recognizers-text-number') as {
      NumberRecognizer: new (culture: string) => { getNumberModel(): { parse(text: string): unknown[] }; getOrdinalModel(): { parse(text: string): unknown[] } };
      Culture: { English: string };
    };
    const recognizer = new NumberRecognizer(Culture.English);
    const [numbers, ordinals] = [recognizer.getNumberModel(), recognizer.getOrdinalModel()];
    rows.push(['recognizers-text (NumberModel and OrdinalModel, seed 2)', timed(text, (line) => numbers.parse(line).length + ordinals.parse(line).length, seconds)]);
  } catch (error) {
    if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND') throw error;
    console.error('bench/peers is not installed (npm --prefix bench/peers ci): nalu-words alone');
  }
}

console.log('| reader | MB read | MB/s | MB per CPU second | numbers found |');
console.log('| --- | --- | --- | --- | --- |');
for (const [name, r] of rows) console.log(`| ${name} | ${r.megabytes.toFixed(2)} | ${r.mbPerSecond.toFixed(3)} | ${r.mbPerCpuSecond.toFixed(3)} | ${r.found} |`);
const ratios = (key: 'mbPerSecond' | 'mbPerCpuSecond') => {
  const [, ours, wtn, rec] = rows.map(([, r]) => r[key]) as number[];
  return `${((ours as number) / (wtn as number)).toFixed(2)}× words-to-numbers, ${((ours as number) / (rec as number)).toFixed(1)}× Recognizers-Text`;
};
if (rows.length === 4) console.log(`\nfindNumbers on unseen text, per CPU second: ${ratios('mbPerCpuSecond')}; per wall second: ${ratios('mbPerSecond')}`);
console.log(`node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${(bytes / 1e6).toFixed(1)} MB of prose per seed`);
