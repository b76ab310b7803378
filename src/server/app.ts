// The Express app: page, JSON API, static files. `createApp` never listens (src/cli/serve.ts does), so tests
// run the real app on port 0.

import path from 'node:path';
import express from 'express';
import type { Predictor } from '../reading/predict.ts';
import { admission, declaredLengthLimit, jsonBody, type AdmissionOptions } from './admission.ts';
import { Batcher, type BatcherOptions } from './batcher.ts';
import { errorHandler, RequestError } from './errors.ts';
import { apiRoutes, onlyMethods, pageRoutes } from './routes.ts';
import { securityHeaders } from './security.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface AppDeps {
  predictor: Predictor;
  /** Folder of the loaded model, served read-only at /model/ so a browser can load it with tf.io.http. */
  modelDir: string;
  log?: (line: string) => void;
  /** How requests share forward passes (src/server/batcher.ts). */
  batching?: BatcherOptions;
  /** How many batch requests are read and answered at once, and how many may wait (src/server/admission.ts). */
  batchAdmission?: AdmissionOptions;
}

/**
 * Largest request body: a full batch (1000 phrases of 300 characters, each up to 3 bytes in UTF-8, quoted)
 * must fit.
 */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export function createApp({ predictor, modelDir, log = (l) => console.error(l), batching, batchAdmission }: AppDeps): express.Express {
  const app = express();
  const batcher = new Batcher(predictor, batching);
  app.disable('x-powered-by');
  // No ETag on computed answers: hashing every body (megabytes for a full batch) buys nothing, since no
  // client revalidates a reading. Static files keep theirs (express.static sets its own).
  app.set('etag', false);
  app.set('view engine', 'ejs');
  app.set('views', path.join(ROOT, 'views'));
  app.use(securityHeaders());
  app.use(declaredLengthLimit(BODY_LIMIT_BYTES));
  app.post('/api/predict/batch', admission(batchAdmission));
  app.use(jsonBody(BODY_LIMIT_BYTES));
  // The static file server answers other methods with an empty 405 of its own.
  const readOnly = onlyMethods(['GET', 'HEAD']);
  app.use(['/static', '/model'], (req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? next() : readOnly(req, res, next)));
  // public/build/ holds the page's script, bundled by `npm run build` (run by npm install, start and test).
  app.use('/static', express.static(path.join(ROOT, 'public'), { fallthrough: false }));
  // meta.json as loaded, with its dataset path fit to show (src/model/verify.ts) whatever an older file says.
  app.get('/model/meta.json', (_req, res) => void res.json(predictor.meta));
  app.use('/model', express.static(path.resolve(modelDir), { index: false, fallthrough: false }));
  app.get('/healthz', (_req, res) => {
    const { problem } = predictor;
    // A model that missed its validation target still serves (its self-test passed), but says so.
    const { warning, ...validation } = predictor.validation;
    const target = { validationTargetMet: validation.met, validation, ...(warning ? { warning } : {}) };
    const body = { ok: !problem, model: predictor.meta.name, head: predictor.meta.head, backend: predictor.backend.name, batching: batcher.stats, ...target };
    res.status(problem ? 503 : 200).json(problem ? { ...body, problem } : body);
  });
  app.all('/healthz', readOnly);
  app.use('/api', apiRoutes(predictor, batcher));
  app.use('/api', (_req, _res, next) => next(new RequestError(404, 'not_found', 'no such API route')));
  app.use('/', pageRoutes(predictor));
  app.use((_req, _res, next) => next(new RequestError(404, 'not_found', 'no such page')));
  app.use(errorHandler(log));
  return app;
}
