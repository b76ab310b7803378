// `npm run bench:http [-- --duration S --workers N --search N --worst-only]`: the real server
// (src/cli/serve.ts, in a child process) under load from autocannon over real sockets. Prints req/s and
// p50/p99 latency at 1, 16 and 64 connections for single-phrase GETs and 1000-phrase batches of the longest
// phrases, with micro-batching and without it (the unbatched path, measured in the same run); batches of
// log-uniform numbers at detail "steps" and "value"; then a search for the costliest batch the limits allow
// (bench/worst.ts, in process), and that batch, two fixed bad ones and reader=grammar's costliest over
// sockets: the server's own event-loop delay (bench/loop-delay.ts, preloaded into it) while one client
// loops each, and a victim's latency while two attackers do. Not a test: figures depend on the machine and its load.

import autocannon, { type RequestSpec, type Result } from 'autocannon';
import { Command } from 'commander';
import { PATHS } from '../src/common/paths.ts';
import { createRng } from '../src/common/random.ts';
import type { ModelMeta } from '../src/model/artifacts.ts';
import { initBackend } from '../src/model/backend.ts';
import { loadPredictor } from '../src/reading/load.ts';
import { DETAILS, type Detail } from '../src/reading/predict.ts';
import { BATCH_CHUNK } from '../src/server/batcher.ts';
import { MAX_BATCH } from '../src/server/routes.ts';
import { correctWord, MAX_PHRASE_CHARS } from '../src/language/tokenize.ts';
import { numberToWords } from '../src/language/words.ts';
import { startServer, stopServer, type Server } from './server.ts';
import { PhraseMaker, searchWorst, turnCost } from './worst.ts';

const CONNECTIONS = [1, 16, 64];

interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/** The event-loop delay in ms of the server's busiest process since the last call (which it resets). */
async function loopDelay(server: Server): Promise<LoopDelay> {
  server.reports.length = 0;
  for (const pid of server.pids) process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 100 && server.reports.length < server.pids.size; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  const all = server.reports.map((line) => {
    const [, p50, p99, max] = /p50 ([\d.]+) p99 ([\d.]+) max ([\d.]+)/.exec(line) ?? [];
    return { p50: Number(p50), p99: Number(p99), max: Number(max) };
  });
  return all.reduce((a, b) => (b.p99 > a.p99 ? b : a), { p50: 0, p99: 0, max: 0 });
}

/** The longest phrases the model can read: numbers whose words are all in its vocabulary. */
function longestPhrases(meta: ModelMeta, count: number): string[] {
  const vocabulary = new Set(meta.vocabulary);
  const readable = (phrase: string) => phrase.split(/[\s-]+/).every((w) => vocabulary.has(w));
  const found: string[] = [];
  for (let value = 10 ** 9 - 1; found.length < count * 20 && value > 0; value = Math.floor(value * 0.999) - 1) {
    const phrase = numberToWords(value);
    if (readable(phrase)) found.push(phrase);
  }
  for (let value = 0; found.length < count && value < 1000; value++) found.push(numberToWords(value));
  return found.sort((a, b) => b.length - a.length).slice(0, count);
}

/**
 * Phrases of MAX_PHRASE_CHARS made of distinct corrected typos of the model's words: every word costs a
 * correction and none is remembered, the most tokenizing a batch can ask for.
 */
function typoPhrases(meta: ModelMeta, count: number): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const typos: string[] = [];
  const seen = new Set<string>();
  outer: for (const word of meta.vocabulary.filter((w) => w.length >= 4)) {
    for (let i = 0; i < word.length; i++) {
      for (const a of letters) {
        for (let j = word.length >= 7 ? i + 1 : word.length; j <= word.length; j++) {
          for (const b of j < word.length ? letters : ['']) {
            let typo = word.slice(0, i) + a + word.slice(i + 1);
            if (b) typo = typo.slice(0, j) + b + typo.slice(j + 1);
            if (typo === word || seen.has(typo) || correctWord(typo) === undefined) continue;
            seen.add(typo);
            typos.push(typo);
            if (typos.length >= count * 60) break outer;
          }
        }
      }
    }
  }
  const phrases: string[] = [];
  let next = 0;
  for (let p = 0; p < count; p++) {
    let phrase = typos[next++ % typos.length] as string;
    while (phrase.length + 1 + (typos[next % typos.length] as string).length <= MAX_PHRASE_CHARS) phrase += ` ${typos[next++ % typos.length]}`;
    phrases.push(phrase);
  }
  return phrases;
}

/**
 * Phrases of numbers drawn log-uniformly from 1 to 10⁹ (seeded), each batch different: what a caller with
 * numbers of every size sends, and no reading can be remembered from the batch before.
 */
function typicalBatches(meta: ModelMeta, batches: number): string[][] {
  const vocabulary = new Set(meta.vocabulary);
  const rng = createRng(1);
  const draw = (): string => {
    const phrase = numberToWords(Math.min(10 ** 9 - 1, Math.floor(10 ** (rng() * 9))));
    return phrase.split(/[\s-]+/).every((w) => vocabulary.has(w)) ? phrase : draw();
  };
  return Array.from({ length: batches }, () => Array.from({ length: MAX_BATCH }, draw));
}

/**
 * reader=grammar's costliest phrases found (in process, per 100-phrase turn): decimals of as many digits as
 * MAX_PHRASE_CHARS holds, in words ("one point seven three …", 48 digits) and in digits (297 places), each
 * batch different (seeded), so no reading is remembered.
 */
function longDecimals(count: number, seed: number): string[] {
  const rng = createRng(seed);
  const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
  const digit = () => Math.floor(rng() * 10);
  const inWords = () => {
    let phrase = 'one point';
    for (let word = words[digit()] as string; phrase.length + 1 + word.length <= MAX_PHRASE_CHARS; word = words[digit()] as string) phrase += ` ${word}`;
    return phrase;
  };
  const inDigits = () => `${1 + Math.floor(rng() * 9)}.${Array.from({ length: MAX_PHRASE_CHARS - 2 }, digit).join('')}`;
  return Array.from({ length: count }, (_, i) => (i % 2 === 0 ? inWords() : inDigits()));
}

const get = (phrases: string[]): RequestSpec[] => phrases.map((p) => ({ method: 'GET', path: `/api/predict?q=${encodeURIComponent(p)}` }));
const post = (phrases: string[], detail?: Detail, reader?: 'grammar'): RequestSpec => ({
  method: 'POST',
  path: '/api/predict/batch',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ phrases, ...(detail ? { detail } : {}), ...(reader ? { reader } : {}) }),
});

async function load(url: string, connections: number, duration: number, requests: RequestSpec[]): Promise<Result> {
  const result = await autocannon({ url, connections, duration, requests });
  if (result.errors + result.timeouts > 0) console.error(`  (${result.errors} errors, ${result.timeouts} timeouts)`);
  return result;
}

interface Row {
  path: string;
  kind: string;
  connections: number;
  result: Result;
  phrasesPerRequest: number;
}

function printRows(rows: Row[]): void {
  console.log('| path | request | connections | req/s | phrases/s | p50 ms | p99 ms | non-2xx |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const { path: p, kind, connections, result, phrasesPerRequest } of rows) {
    const rate = result.requests.total / result.duration;
    console.log(`| ${p} | ${kind} | ${connections} | ${Math.round(rate)} | ${Math.round(rate * phrasesPerRequest)} | ${result.latency.p50} | ${result.latency.p99} | ${result.non2xx} |`);
  }
}

async function main(): Promise<void> {
  const opts = new Command('bench:http')
    .option('--duration <s>', 'seconds per measurement', '5')
    .option('--workers <n>', 'server processes (--workers of npm start)', '1')
    .option('--search <n>', 'mutations the worst-case search tries', '40')
    .option('--worst-only', 'only the worst-case search and the worst batches, not the throughput table')
    .parse()
    .opts<{ duration: string; workers: string; search: string; worstOnly?: boolean }>();
  const duration = Number(opts.duration);
  const serverArgs = ['--workers', opts.workers];
  // The model the server serves (serve's default), read in process too for the worst-case search.
  const predictor = await loadPredictor(process.env.MODEL_DIR ?? PATHS.defaultModel, await initBackend(() => undefined));
  const meta = predictor.meta;
  const longest = longestPhrases(meta, MAX_BATCH);
  const singles = get(longest.slice(0, 50));
  console.log(`\nnalu-words bench:http — model "${meta.name}" (${meta.head} head), ${opts.workers} worker(s), ${duration} s per row, autocannon on the same machine\n`);
  if (!opts.worstOnly) await throughput(serverArgs, duration, longest, singles);

  // The search, in process: turns of the batcher (BATCH_CHUNK phrases at detail "steps", then JSON).
  const typos = typoPhrases(meta, MAX_BATCH);
  const found = searchWorst(predictor, BATCH_CHUNK, Number(opts.search));
  const r = found.recipe;
  const sources = meta.vocabulary.filter((w) => w.length >= 3);
  const favourites = r.wordWeights.map((w, i) => [w, sources[i]] as const).sort((a, b) => b[0] - a[0]).slice(0, 5).map(([w, word]) => `${word} ${w.toFixed(1)}`);
  console.log(`\nworst-case search: ${found.tried} mutations of how batch phrases are made, scored by the CPU time of one batcher turn (${BATCH_CHUNK} phrases, detail "steps", in process):`);
  console.log(`  found ${found.turnMs.toFixed(1)} ms per turn (uniform recipe ${found.uniformMs.toFixed(1)}; the fixed "distinct typos" set ${turnCost(predictor, typos, BATCH_CHUNK).toFixed(1)}; longest readable phrases ${turnCost(predictor, longest, BATCH_CHUNK).toFixed(1)})`);
  console.log(`  recipe: ${r.grammatical ? 'numbers in words' : 'runs of words'}, typo share ${r.typoShare.toFixed(2)}, two edits ${r.twoEdits.toFixed(2)}, edits (substitute/insert/delete/transpose) ${r.editWeights.map((w) => w.toFixed(1)).join('/')}, heaviest sources ${favourites.join(', ')}`);
  // Fresh phrases for the sockets, several bodies, so the server remembers few of their corrections.
  const maker = new PhraseMaker(meta.vocabulary);
  const rng = createRng(2);
  const worst = Array.from({ length: 4 }, () => JSON.stringify({ phrases: maker.phrases(r, rng, MAX_BATCH) }));
  predictor.dispose();

  // Over sockets: each bad batch looped by one client (the server's loop delay, the request's latency), then
  // by two attackers beside a victim's single GETs.
  const server = await startServer(serverArgs);
  try {
    const batch = (bodies: string[]): RequestSpec[] => bodies.map((body) => ({ method: 'POST', path: '/api/predict/batch', headers: { 'content-type': 'application/json' }, body }));
    const bad: [string, string[]][] = [
      ["the search's worst", worst],
      ['distinct typos, 300 characters each', [post(typos).body as string]],
      ['longest readable phrases', [post(longest).body as string]],
      ['reader=grammar, decimals of 48 digits in words and 297 in digits', [1, 2, 3, 4].map((seed) => post(longDecimals(MAX_BATCH, seed), undefined, 'grammar').body as string)],
    ];
    await load(server.url, 4, 1, singles); // warm-up
    console.log(`\nworst batches (${MAX_BATCH} phrases) over sockets; loop delay is the server's own (busiest process), target p99 ≤ 50 ms; victim target p99 ≤ 100 ms`);
    for (const [name, bodies] of bad) {
      await loopDelay(server);
      const alone = await load(server.url, 1, duration, batch(bodies));
      const loop = await loopDelay(server);
      const [victim] = await Promise.all([load(server.url, 1, duration, singles), load(server.url, 1, duration, batch(bodies)), load(server.url, 1, duration, batch(bodies))]);
      const loop2 = await loopDelay(server);
      console.log(`  ${name} (${Math.round((bodies[0] as string).length / 1024)} kB): one client — request p50 ${alone.latency.p50} ms, p99 ${alone.latency.p99} ms; loop delay p50 ${loop.p50} ms, p99 ${loop.p99} ms, max ${loop.max} ms`);
      console.log(`    two attackers — victim's single GETs p50 ${victim.latency.p50} ms, p99 ${victim.latency.p99} ms, ${Math.round(victim.requests.total / victim.duration)} req/s; loop delay p99 ${loop2.p99} ms, max ${loop2.max} ms`);
    }
  } finally {
    await stopServer(server);
  }
}

/** The throughput table: single GETs and batches, micro-batched and not. */
async function throughput(serverArgs: string[], duration: number, longest: string[], singles: RequestSpec[]): Promise<void> {
  const rows: Row[] = [];
  for (const [name, flags] of [['micro-batched', []], ['unbatched', ['--no-micro-batching']]] as const) {
    const server = await startServer([...serverArgs, ...flags]);
    try {
      await load(server.url, 4, 1, singles); // warm-up
      for (const c of CONNECTIONS) rows.push({ path: name, kind: 'single GET', connections: c, result: await load(server.url, c, duration, singles), phrasesPerRequest: 1 });
      for (const c of CONNECTIONS) rows.push({ path: name, kind: `batch of ${MAX_BATCH}, longest phrases`, connections: c, result: await load(server.url, c, duration, [post(longest)]), phrasesPerRequest: MAX_BATCH });
      if (name !== 'micro-batched') continue;
      // Batches of everyday numbers, at both details (micro-batching plays no part in a batch request).
      const meta = (await (await fetch(`${server.url}/api/model`)).json()) as ModelMeta;
      const typical = typicalBatches(meta, 20);
      for (const detail of DETAILS) {
        const kind = `batch of ${MAX_BATCH}, log-uniform 1–10⁹, detail ${detail}`;
        for (const c of CONNECTIONS) rows.push({ path: name, kind, connections: c, result: await load(server.url, c, duration, typical.map((b) => post(b, detail))), phrasesPerRequest: MAX_BATCH });
      }
    } finally {
      await stopServer(server);
    }
  }
  printRows(rows);
  console.log('\nmicro-batched ÷ unbatched, same run:');
  for (const kind of ['single GET', `batch of ${MAX_BATCH}, longest phrases`]) {
    for (const c of CONNECTIONS) {
      const [a, b] = ['micro-batched', 'unbatched'].map((p) => rows.find((r) => r.path === p && r.kind === kind && r.connections === c)?.result);
      if (a && b) console.log(`  ${kind}, c = ${c}: ${(a.requests.total / a.duration / (b.requests.total / b.duration)).toFixed(2)}× req/s, p99 ${a.latency.p99} vs ${b.latency.p99} ms`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
