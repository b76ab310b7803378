// The Express app: page, JSON API, static files. `createApp` never listens (src/cli/serve.ts does), so tests
// run the real app on port 0.

import path from 'node:path';
import express from 'express';
import type { Predictor } from '../predict.ts';
import { errorHandler, RequestError } from './errors.ts';
import { apiRoutes, pageRoutes } from './routes.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface AppDeps {
  predictor: Predictor;
  /** Folder of the loaded model, served read-only at /model/ so a browser can load it with tf.io.http. */
  modelDir: string;
  log?: (line: string) => void;
}

export function createApp({ predictor, modelDir, log = (l) => console.error(l) }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('view engine', 'ejs');
  app.set('views', path.join(ROOT, 'views'));
  app.use(express.json({ limit: '256kb' }));
  // public/build/ holds the page's script, bundled by `npm run build` (run by npm install, start and test).
  app.use('/static', express.static(path.join(ROOT, 'public'), { fallthrough: false }));
  app.use('/model', express.static(path.resolve(modelDir), { index: false, fallthrough: false }));
  app.get('/healthz', (_req, res) => void res.json({ ok: true, model: predictor.meta.name, head: predictor.meta.head, backend: predictor.backend.name }));
  app.use('/api', apiRoutes(predictor));
  app.use('/api', (_req, _res, next) => next(new RequestError(404, 'not_found', 'no such API route')));
  app.use('/', pageRoutes(predictor));
  app.use(errorHandler(log));
  return app;
}
