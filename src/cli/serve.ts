// `npm start [-- --model DIR --port N --workers N]`: serves the page and the API with a saved model
// (models/default unless --model or MODEL_DIR say otherwise) on PORT (default 3000). With --workers N > 1,
// N processes (node:cluster) share the port, each with its own copy of the model and its share of the
// connection caps; a worker that dies is replaced, a few times at most, and a failure to start stops all
// with exit 1, so a supervisor sees it. SIGTERM or Ctrl-C stops within STOP_DEADLINE_MS (docs/serving.md).

import cluster from 'node:cluster';
import os from 'node:os';
import { initBackend } from '../model/backend.ts';
import { PATHS } from '../common/paths.ts';
import { loadPredictor } from '../reading/load.ts';
import { createApp } from '../server/app.ts';
import { createLimitedServer, listen, stopServer, workerLimits } from './listen.ts';
import { interruptSignal, newCommand, runCli, wholeNumber } from './common.ts';

interface Options {
  model: string;
  port: string;
  host: string;
  workers?: string;
  microBatching: boolean;
}

const url = (host: string, port: number) => `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/`;

/** Every request its own forward pass, a batch in one go: serving as it was before the Batcher. */
const UNBATCHED = { maxShared: 1, chunk: Number.POSITIVE_INFINITY };

/** After a stop signal, requests being answered have this long to finish; then their connections are cut. */
const STOP_GRACE_MS = 5_000;
/** A stop still unfinished by then (something besides connections holds on) exits anyway, with 1. */
const STOP_DEADLINE_MS = 9_000;
/** A worker that dies is replaced at most this many times within RESTART_WINDOW_MS; one more stops all. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

function workerCount(text: string | undefined): number {
  if (text !== undefined) return wholeNumber(text, '--workers', 1, 256);
  return process.env.NODE_ENV === 'production' ? os.availableParallelism() : 1;
}

async function serve(opts: Options, port: number, workers: number, quiet: boolean): Promise<void> {
  const backend = await initBackend((line) => quiet || console.log(line));
  const predictor = await loadPredictor(opts.model, backend);
  if (predictor.problem) console.error(`warning: the model failed its self-test (${predictor.problem}); /healthz reports it and predictions are refused`);
  const app = createApp({ predictor, modelDir: opts.model, batching: opts.microBatching ? {} : UNBATCHED });
  const server = createLimitedServer(app, workerLimits(workers));
  const actual = await listen(server, port, opts.host).catch((error: Error) => {
    throw new Error(`cannot listen on ${opts.host}:${port}: ${error.message}`);
  });
  if (!quiet) console.log(`nalu-words: model "${predictor.meta.name}" (${predictor.meta.head} head, test: ${(predictor.meta.metrics.test.exact * 100).toFixed(2)} % exact, MAE ${predictor.meta.metrics.test.mae.toFixed(3)}) from ${opts.model}`);
  // Workers leave "listening" to the primary, which says it once all of them are.
  if (cluster.isPrimary) console.log(`nalu-words: listening on ${url(opts.host, actual)}`);
  interruptSignal(cluster.isWorker ? undefined : `closing connections; exiting within ${STOP_DEADLINE_MS / 1000} s`).addEventListener('abort', () => {
    setTimeout(() => {
      console.error(`error: the server did not stop within ${STOP_DEADLINE_MS / 1000} s; exiting`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    void stopServer(server, STOP_GRACE_MS).then(() => process.exit(0));
  });
}

/**
 * The primary of --workers N: starts the workers and says when all listen. A worker that stops before every
 * first worker listened means serving cannot start (a bad model, a taken port): all stop, exit 1. Later a
 * worker that dies is replaced, unless that happened MAX_RESTARTS times within RESTART_WINDOW_MS already.
 */
function supervise(workers: number, host: string): void {
  const listened = new Set<number>();
  let started = false;
  let stopping = false;
  const restarts: number[] = [];
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('listening', (worker, address) => {
    listened.add(worker.id);
    if (!started && listened.size === workers) {
      started = true;
      console.log(`nalu-words: ${workers} workers listening on ${url(host, address.port)}`);
    }
  });
  const stopAll = (exitCode: number) => {
    stopping = true;
    process.exitCode = exitCode;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => {
      console.error(`error: workers did not stop within ${STOP_DEADLINE_MS / 1000} s; killing them`);
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(1);
    }, STOP_DEADLINE_MS + 1_000).unref();
  };
  cluster.on('exit', (worker, code, signal) => {
    const how = signal ?? `exit ${code}`;
    if (stopping) {
      // A worker that could not stop cleanly says so in its exit code; the primary's says it too.
      if (code !== 0 && code !== null) process.exitCode = 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    if (!started) {
      console.error(`error: worker ${worker.process.pid} could not start (${how}); stopping`);
      return stopAll(1);
    }
    const now = Date.now();
    while (restarts.length > 0 && now - (restarts[0] as number) > RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length >= MAX_RESTARTS) {
      console.error(`error: worker ${worker.process.pid} stopped (${how}), after ${MAX_RESTARTS} restarts within ${RESTART_WINDOW_MS / 1000} s; stopping`);
      return stopAll(1);
    }
    restarts.push(now);
    console.error(`error: worker ${worker.process.pid} stopped (${how}); starting another (restart ${restarts.length} of at most ${MAX_RESTARTS} within ${RESTART_WINDOW_MS / 1000} s)`);
    cluster.fork();
  });
  interruptSignal(`stopping ${workers} workers; exiting within ${STOP_DEADLINE_MS / 1000} s`).addEventListener('abort', () => stopAll(0));
}

async function main(): Promise<void> {
  const program = newCommand('serve')
    .description('Serve the nalu-words page and JSON API.')
    .option('--model <dir>', 'model folder (env MODEL_DIR)', process.env.MODEL_DIR ?? PATHS.defaultModel)
    .option('--port <n>', 'port (env PORT)', process.env.PORT ?? '3000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--workers <n>', 'processes sharing the port, each with its own model (default: 1; one per core with NODE_ENV=production)')
    .option('--no-micro-batching', 'one forward pass per request, a batch in one go, as before micro-batching (for comparison)');
  program.parse();
  const opts = program.opts<Options>();
  const port = wholeNumber(opts.port, '--port (or PORT)', 0, 65535);
  const workers = workerCount(opts.workers ?? process.env.WORKERS);
  if (workers > 1 && cluster.isPrimary) return supervise(workers, opts.host);
  await serve(opts, port, workers, cluster.isWorker && cluster.worker?.id !== 1);
}

runCli(main);
