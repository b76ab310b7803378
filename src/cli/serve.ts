// `npm start [-- --model DIR --port N --workers N]`: serves the page and the API with a saved model
// (models/default unless --model or MODEL_DIR say otherwise) on PORT (default 3000). With --workers N > 1,
// N processes (node:cluster) share the port, each with its own copy of the model.

import cluster from 'node:cluster';
import os from 'node:os';
import { Command } from 'commander';
import { initBackend } from '../model/backend.ts';
import { PATHS } from '../common/paths.ts';
import { loadPredictor } from '../reading/load.ts';
import { createApp } from '../server/app.ts';
import { createLimitedServer, listen } from './listen.ts';
import { runCli, wholeNumber } from './common.ts';

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

function workerCount(text: string | undefined): number {
  if (text !== undefined) return wholeNumber(text, '--workers', 1, 256);
  return process.env.NODE_ENV === 'production' ? os.availableParallelism() : 1;
}

async function serve(opts: Options, port: number, quiet: boolean): Promise<void> {
  const backend = await initBackend((line) => quiet || console.log(line));
  const predictor = await loadPredictor(opts.model, backend);
  if (predictor.problem) console.error(`warning: the model failed its self-test (${predictor.problem}); /healthz reports it and predictions are refused`);
  const app = createApp({ predictor, modelDir: opts.model, batching: opts.microBatching ? {} : UNBATCHED });
  const server = createLimitedServer(app);
  const actual = await listen(server, port, opts.host).catch((error: Error) => {
    throw new Error(`cannot listen on ${opts.host}:${port}: ${error.message}`);
  });
  if (!quiet) console.log(`nalu-words: model "${predictor.meta.name}" (${predictor.meta.head} head, test: ${(predictor.meta.metrics.test.exact * 100).toFixed(2)} % exact, MAE ${predictor.meta.metrics.test.mae.toFixed(3)}) from ${opts.model}`);
  // Workers leave "listening" to the primary, which says it once all of them are.
  if (cluster.isPrimary) console.log(`nalu-words: listening on ${url(opts.host, actual)}`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** The primary of --workers N: starts the workers, says when all listen, and stops with them. */
function supervise(workers: number, host: string): void {
  let listening = 0;
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('listening', (_worker, address) => {
    listening += 1;
    if (listening === workers) console.log(`nalu-words: ${workers} workers listening on ${url(host, address.port)}`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // A worker that fails (a bad model, a taken port) has said why; the others are stopped with it.
    stopping = true;
    console.error(`error: worker ${worker.process.pid} stopped (${signal ?? `exit ${code}`}); stopping`);
    for (const other of Object.values(cluster.workers ?? {})) other?.kill();
    process.exitCode = 1;
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(): Promise<void> {
  const program = new Command('serve')
    .description('Serve the nalu-words page and JSON API.')
    .option('--model <dir>', 'model folder (env MODEL_DIR)', process.env.MODEL_DIR ?? PATHS.defaultModel)
    .option('--port <n>', 'port (env PORT)', process.env.PORT ?? '3000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--workers <n>', 'processes sharing the port, each with its own model (default: 1; one per core with NODE_ENV=production)')
    .option('--no-micro-batching', 'one forward pass per request, a batch in one go, as before micro-batching (for comparison)')
    .showHelpAfterError();
  program.parse();
  const opts = program.opts<Options>();
  const port = wholeNumber(opts.port, '--port (or PORT)', 0, 65535);
  const workers = workerCount(opts.workers ?? process.env.WORKERS);
  if (workers > 1 && cluster.isPrimary) return supervise(workers, opts.host);
  await serve(opts, port, cluster.isWorker && cluster.worker?.id !== 1);
}

runCli(main);
