// The command-line filters on large input: a generated text (prose with number phrases, seeded) is piped
// through the compiled bin, `nalu-words extract --json` and `nalu-words replace`, at each size given, and the
// wall time, MB/s and the process's peak resident memory (GNU time's "%M") are printed, so memory flat in
// the input's size shows the filter streams. Needs `npm run build` (dist/) and /usr/bin/time.
//   npx tsx bench/stream.ts [--sizes 10,100] [--reader network|grammar] [--commands extract,replace]

import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRng, type Rng } from '../src/common/random.ts';
import { numberToWords, ordinalToWords, yearToWords } from '../src/language/words.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'dist', 'cli', 'nalu-words.js');

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10,100' }, reader: { type: 'string', default: 'network' }, commands: { type: 'string', default: 'extract,replace' } } });
const sizes = (values.sizes as string).split(',').map(Number);
const commands = (values.commands as string).split(',');

const WORDS = 'the of and to in is was for on that with as by at from it an be this which or are had not but have were they their one has been'.split(' ');

/** One line of prose with numbers: about one number phrase in every ten words. */
function line(rng: Rng): string {
  const parts: string[] = [];
  const n = 12 + Math.floor(rng() * 20);
  for (let i = 0; i < n; i++) {
    const r = rng();
    if (r < 0.05) parts.push(numberToWords(Math.floor(rng() ** 3 * 1e6), rng() < 0.5 ? 'british' : 'american'));
    else if (r < 0.07) parts.push(String(Math.floor(rng() * 10000)));
    else if (r < 0.08) parts.push(ordinalToWords(1 + Math.floor(rng() * 100)));
    else if (r < 0.09) parts.push(`in ${yearToWords(1901 + Math.floor(rng() * 99))}`);
    else parts.push(WORDS[Math.floor(rng() * WORDS.length)] as string);
  }
  return `${parts.join(' ')}.\n`;
}

async function generate(file: string, megabytes: number): Promise<number> {
  const rng = createRng(20);
  const out = createWriteStream(file);
  let bytes = 0;
  while (bytes < megabytes * 1e6) {
    let chunk = '';
    while (chunk.length < 65536) chunk += line(rng);
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

/** Runs the bin on `input` under GNU time; returns wall seconds, peak RSS in MB and the output's size. */
async function run(args: string[], input: string, timeFile: string): Promise<{ seconds: number; peakMb: number; outBytes: number }> {
  const started = process.hrtime.bigint();
  const child = spawn('/usr/bin/time', ['-f', '%M', '-o', timeFile, process.execPath, BIN, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let outBytes = 0;
  child.stdout.on('data', (chunk: Buffer) => (outBytes += chunk.length));
  createReadStream(input).pipe(child.stdin);
  const [code] = (await once(child, 'exit')) as [number | null];
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`nalu-words ${args.join(' ')} exited with ${code}`);
  const peakKb = Number((await readFile(timeFile, 'utf8')).trim().split('\n').at(-1));
  return { seconds, peakMb: peakKb / 1024, outBytes };
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'nalu-stream-'));
try {
  console.log(`| command | input MB | wall s | MB/s | peak RSS MB | output MB |`);
  console.log(`| --- | --- | --- | --- | --- | --- |`);
  for (const size of sizes) {
    const input = path.join(dir, `input-${size}.txt`);
    const bytes = await generate(input, size);
    for (const command of commands) {
      const args = command === 'extract' ? ['extract', '--json', '--reader', values.reader as string] : ['replace'];
      const { seconds, peakMb, outBytes } = await run(args, input, path.join(dir, 'time.txt'));
      console.log(`| ${args.join(' ')} | ${(bytes / 1e6).toFixed(1)} | ${seconds.toFixed(1)} | ${(bytes / 1e6 / seconds).toFixed(2)} | ${peakMb.toFixed(1)} | ${(outBytes / 1e6).toFixed(1)} |`);
    }
    await rm(input);
  }
  console.log(`\nnode ${process.version}, ${os.cpus().length} CPUs; input generated with seed 20`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
