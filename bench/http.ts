// `npm run bench:http [-- --duration S --workers N]`: the real server (src/cli/serve.ts, in a child process)
// under load from autocannon over real sockets. Prints req/s and p50/p99 latency at 1, 16 and 64
// connections for single-phrase GETs and 1000-phrase batches of the longest phrases, with micro-batching and
// without it (the unbatched path, measured in the same run); batches of log-uniform numbers at detail
// "steps" and "value"; then the cost of the worst batches the limits allow and a victim's latency while two
// attackers loop them. Not a test: figures depend on the machine and its load.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import autocannon, { type RequestSpec, type Result } from 'autocannon';
import { Command } from 'commander';
import { SERVER_NODE_FLAGS } from '../src/server/node-flags.ts';
import type { ModelMeta } from '../src/model/artifacts.ts';
import { DETAILS, type Detail } from '../src/reading/predict.ts';
import { createRng } from '../src/common/random.ts';
import { MAX_BATCH } from '../src/server/routes.ts';
import { correctWord, MAX_PHRASE_CHARS } from '../src/language/tokenize.ts';
import { numberToWords } from '../src/language/words.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CONNECTIONS = [1, 16, 64];

interface Server {
  url: string;
  child: ChildProcess;
}

/** Starts `npm start`'s server (its Node flags too) on a free port; resolves once it says where it listens. */
function startServer(args: string[]): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', path.join(ROOT, 'src', 'cli', 'serve.ts'), '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let seen = '';
    child.stdout?.on('data', (d) => {
      seen += d;
      const match = /listening on (http:\/\/\S+?)\/?$/m.exec(seen);
      if (match) resolve({ url: match[1] as string, child });
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
}

function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.child.removeAllListeners('exit');
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
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

const get = (phrases: string[]): RequestSpec[] => phrases.map((p) => ({ method: 'GET', path: `/api/predict?q=${encodeURIComponent(p)}` }));
const post = (phrases: string[], detail?: Detail): RequestSpec => ({
  method: 'POST',
  path: '/api/predict/batch',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(detail ? { phrases, detail } : { phrases }),
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
    .parse()
    .opts<{ duration: string; workers: string }>();
  const duration = Number(opts.duration);
  const serverArgs = ['--workers', opts.workers];
  const rows: Row[] = [];
  let meta: ModelMeta | undefined;
  let attack: { typos: string; longest: string; victimGets: RequestSpec[] } | undefined;

  for (const [name, flags] of [['micro-batched', []], ['unbatched', ['--no-micro-batching']]] as const) {
    const server = await startServer([...serverArgs, ...flags]);
    try {
      meta ??= (await (await fetch(`${server.url}/api/model`)).json()) as ModelMeta;
      const longest = longestPhrases(meta, MAX_BATCH);
      const singles = get(longest.slice(0, 50));
      attack ??= { typos: post(typoPhrases(meta, MAX_BATCH)).body as string, longest: post(longest).body as string, victimGets: singles };
      await load(server.url, 4, 1, singles); // warm-up
      for (const c of CONNECTIONS) rows.push({ path: name, kind: 'single GET', connections: c, result: await load(server.url, c, duration, singles), phrasesPerRequest: 1 });
      for (const c of CONNECTIONS) rows.push({ path: name, kind: `batch of ${MAX_BATCH}, longest phrases`, connections: c, result: await load(server.url, c, duration, [post(longest)]), phrasesPerRequest: MAX_BATCH });
      if (name !== 'micro-batched') continue;
      // Batches of everyday numbers, at both details (micro-batching plays no part in a batch request).
      const typical = typicalBatches(meta, 20);
      for (const detail of DETAILS) {
        const kind = `batch of ${MAX_BATCH}, log-uniform 1–10⁹, detail ${detail}`;
        for (const c of CONNECTIONS) rows.push({ path: name, kind, connections: c, result: await load(server.url, c, duration, typical.map((b) => post(b, detail))), phrasesPerRequest: MAX_BATCH });
      }
    } finally {
      await stopServer(server);
    }
  }
  console.log(`\nnalu-words bench:http — model "${meta?.name}" (${meta?.head} head), ${opts.workers} worker(s), ${duration} s per row, autocannon on the same machine\n`);
  printRows(rows);
  console.log('\nmicro-batched ÷ unbatched, same run:');
  for (const kind of ['single GET', `batch of ${MAX_BATCH}, longest phrases`]) {
    for (const c of CONNECTIONS) {
      const [a, b] = ['micro-batched', 'unbatched'].map((p) => rows.find((r) => r.path === p && r.kind === kind && r.connections === c)?.result);
      if (a && b) console.log(`  ${kind}, c = ${c}: ${(a.requests.total / a.duration / (b.requests.total / b.duration)).toFixed(2)}× req/s, p99 ${a.latency.p99} vs ${b.latency.p99} ms`);
    }
  }

  // The worst requests the limits allow, alone and looped by two attackers beside a victim's single GETs.
  const server = await startServer(serverArgs);
  try {
    const { typos, longest, victimGets } = attack as NonNullable<typeof attack>;
    const batch = (body: string): RequestSpec[] => [{ method: 'POST', path: '/api/predict/batch', headers: { 'content-type': 'application/json' }, body }];
    console.log(`\nworst batches (${MAX_BATCH} phrases): alone, one connection — latency is the whole request, parse to reply`);
    for (const [name, body] of [['distinct typos, 300 characters each', typos], ['longest readable phrases', longest]] as const) {
      const r = await load(server.url, 1, duration, batch(body));
      console.log(`  ${name} (${Math.round(body.length / 1024)} kB): p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms`);
    }
    for (const [name, body] of [['distinct typos', typos], ['longest readable phrases', longest]] as const) {
      const [victim] = await Promise.all([load(server.url, 1, duration, victimGets), load(server.url, 1, duration, batch(body)), load(server.url, 1, duration, batch(body))]);
      console.log(`  victim's single GETs while two attackers loop "${name}": p50 ${victim.latency.p50} ms, p99 ${victim.latency.p99} ms, ${Math.round(victim.requests.total / victim.duration)} req/s`);
    }
  } finally {
    await stopServer(server);
  }
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
