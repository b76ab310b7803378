// The JSON API and the page. Every prediction comes from the Predictor, through the Batcher that shares
// forward passes between requests; this layer only validates requests and shapes responses.

import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { largestReadable } from '../language/coverage.ts';
import { PhraseError } from '../language/errors.ts';
import * as format from '../language/format.ts';
import { DETAILS, predictionOrThrow, valueOnly, type Detail, type Predictor, type Prediction } from '../reading/predict.ts';
import { MAX_PHRASE_CHARS } from '../language/tokenize.ts';
import type { Batcher } from './batcher.ts';
import { RequestError } from './errors.ts';

/** Most phrases one batch request may carry. */
export const MAX_BATCH = 1000;

export const EXAMPLES = [
  'seven hundred and seventy seven',
  'two thousand and five',
  'hundred and five',
  'a million two hundred thousand',
  'twelve hundred and five',
  'nine hundred and eighty seven million six hundred and fifty four thousand three hundred and twenty one',
  'fourty tow',
  'nought',
];

/** The phrase of a GET/HEAD (?q=) or POST ({"phrase"}) request, or a RequestError saying what is missing. */
function phraseOf(req: Request): string {
  const inQuery = req.method === 'GET' || req.method === 'HEAD';
  const raw: unknown = inQuery ? req.query.q : (req.body as { phrase?: unknown } | undefined)?.phrase;
  const field = inQuery ? 'q' : 'phrase';
  if (raw === undefined) throw new RequestError(400, 'missing_phrase', `give the phrase in "${field}"`);
  if (typeof raw !== 'string') throw new RequestError(400, 'not_a_string', `"${field}" must be a string`);
  return raw;
}

/** Whether the request asks for the reading of an unfinished phrase: ?partial=1 or {"partial": true}. */
function isPartial(req: Request): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') {
    const raw = req.query.partial;
    if (raw === undefined || raw === '0' || raw === 'false') return false;
    if (raw === '1' || raw === 'true') return true;
    throw new RequestError(400, 'bad_partial', '"partial" must be 1, true, 0 or false');
  }
  const raw: unknown = (req.body as { partial?: unknown } | undefined)?.partial;
  if (raw === undefined || typeof raw === 'boolean') return raw === true;
  throw new RequestError(400, 'bad_partial', '"partial" must be true or false');
}

/** A batch request's client closed the connection before its answer: nobody is left to answer. */
class ClientGone extends Error {}

/** How much of each reading to return: ?detail= or {"detail"}, 'steps' unless given. */
function detailOf(req: Request): Detail {
  const raw: unknown = req.method === 'GET' || req.method === 'HEAD' ? req.query.detail : (req.body as { detail?: unknown } | undefined)?.detail;
  if (raw === undefined) return 'steps';
  if (DETAILS.includes(raw as Detail)) return raw as Detail;
  throw new RequestError(400, 'bad_detail', `"detail" must be ${DETAILS.map((d) => `"${d}"`).join(' or ')}`);
}

/** Answers any other method on a route with 405 and the methods it does take. */
export function onlyMethods(allowed: string[]): RequestHandler {
  return (req, res, next) => {
    res.set('Allow', allowed.join(', '));
    next(new RequestError(405, 'method_not_allowed', `${req.method} is not allowed here; use ${allowed.join(' or ')}`));
  };
}

/** Refuses to predict with a model that failed its self-test: its numbers would be wrong. */
function requireHealthyModel(predictor: Predictor): RequestHandler {
  return (_req: Request, _res: Response, next: NextFunction) => {
    next(predictor.problem ? new RequestError(503, 'model_unhealthy', `the model failed its self-test: ${predictor.problem}`) : undefined);
  };
}

export function apiRoutes(predictor: Predictor, batcher: Batcher): Router {
  const router = Router();
  // An unfinished phrase (typing) is read at once; a whole one shares a forward pass with its neighbours.
  const predict: RequestHandler = async (req, res) => {
    const partial = isPartial(req);
    const detail = detailOf(req);
    const phrase = phraseOf(req);
    if (partial) {
      if (detail !== 'steps') throw new RequestError(400, 'bad_detail', 'a partial reading always has its steps');
      res.json(predictor.predictPartial(phrase));
      return;
    }
    const prediction = predictionOrThrow(await batcher.one(phrase));
    res.json(detail === 'value' ? valueOnly(prediction) : prediction);
  };
  router.use('/predict', requireHealthyModel(predictor));
  router.get('/predict', predict);
  router.post('/predict', predict);
  router.all('/predict', onlyMethods(['GET', 'HEAD', 'POST']));
  router.post('/predict/batch', async (req, res) => {
    const phrases: unknown = (req.body as { phrases?: unknown } | undefined)?.phrases;
    if (!Array.isArray(phrases)) throw new RequestError(400, 'missing_phrases', 'give a list of phrases in "phrases"');
    if (phrases.length > MAX_BATCH) throw new RequestError(413, 'too_many_phrases', `at most ${MAX_BATCH} phrases per batch, got ${phrases.length}`);
    const detail = detailOf(req);
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort(new ClientGone());
    });
    try {
      const parts = await batcher.manyJson(phrases, detail, gone.signal);
      res.type('json');
      res.write('{"results":[');
      parts.forEach((part, i) => {
        if (i > 0) res.write(',');
        res.write(part);
      });
      res.end(']}');
    } catch (error) {
      if (!(error instanceof ClientGone)) throw error;
    }
  });
  router.all('/predict/batch', onlyMethods(['POST']));
  router.get('/model', (_req, res) => void res.json({ ...predictor.meta, backend: predictor.backend }));
  router.all('/model', onlyMethods(['GET', 'HEAD']));
  return router;
}

export interface PageModel {
  q: string;
  result?: Prediction;
  error?: ReturnType<PhraseError['toJSON']>;
}

/** What the page renders for ?q=, server-side, so it works without JavaScript. */
export function pageModel(predictor: Predictor, q: unknown): PageModel {
  const phrase = typeof q === 'string' ? q : '';
  if (phrase.trim() === '') return { q: '' };
  try {
    return { q: phrase, result: predictor.predictPhrase(phrase) };
  } catch (error) {
    if (error instanceof PhraseError) return { q: phrase, error: error.toJSON() };
    throw error;
  }
}

export function pageRoutes(predictor: Predictor): Router {
  const router = Router();
  router.get('/', requireHealthyModel(predictor), (req, res) => {
    res.render('index', {
      ...pageModel(predictor, req.query.q),
      meta: predictor.meta,
      backend: predictor.backend,
      examples: EXAMPLES,
      maxChars: MAX_PHRASE_CHARS,
      largest: largestReadable(predictor.meta.vocabulary),
      format,
    });
  });
  router.all('/', onlyMethods(['GET', 'HEAD']));
  return router;
}
