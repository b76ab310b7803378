// `npm start [-- --model DIR --port N]`: serves the page and the API with a saved model (models/default
// unless --model or MODEL_DIR say otherwise) on PORT (default 3000).

import { Command } from 'commander';
import { initBackend } from '../backend.ts';
import { PATHS } from '../config.ts';
import { loadPredictor } from '../load.ts';
import { createApp } from '../server/app.ts';
import { runCli } from './common.ts';

async function main(): Promise<void> {
  const program = new Command('serve')
    .description('Serve the nalu-words page and JSON API.')
    .option('--model <dir>', 'model folder (env MODEL_DIR)', process.env.MODEL_DIR ?? PATHS.defaultModel)
    .option('--port <n>', 'port (env PORT)', process.env.PORT ?? '3000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .showHelpAfterError();
  program.parse();
  const opts = program.opts<{ model: string; port: string; host: string }>();
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got "${opts.port}"`);
  const backend = await initBackend((line) => console.log(line));
  const predictor = await loadPredictor(opts.model, backend);
  const app = createApp({ predictor, modelDir: opts.model });
  const server = app.listen(port, opts.host, () => {
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    console.log(`nalu-words: model "${predictor.meta.name}" (${predictor.meta.head} head, test MAE ${predictor.meta.metrics.test.mae.toFixed(3)}) from ${opts.model}`);
    console.log(`nalu-words: listening on http://${opts.host === '0.0.0.0' ? 'localhost' : opts.host}:${actual}/`);
  });
  server.on('error', (error) => {
    console.error(`error: cannot listen on ${opts.host}:${port}: ${error.message}`);
    process.exit(1);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

runCli(main);
