// The JSON API and the page. Every prediction comes from the Predictor, through the Batcher that shares
// forward passes between requests; this layer only validates requests and shapes responses.

import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { largestReadable } from '../language/coverage.ts';
import { PhraseError } from '../language/errors.ts';
import * as format from '../language/format.ts';
import * as describe from '../reading/describe.ts';
import { DETAILS, predictionOrThrow, READERS, valueOnly, type Detail, type GrammarPrediction, type Predictor, type Prediction, type ReaderName } from '../reading/predict.ts';
import { applySuggestion } from '../language/prefix.ts';
import { MAX_PHRASE_CHARS } from '../language/tokenize.ts';
import { findNumbers, TooManyNumbers } from '../text/find.ts';
import type { Batcher } from './batcher.ts';
import { RequestError } from './errors.ts';

/** Most phrases one batch request may carry. */
export const MAX_BATCH = 1000;

/**
 * Longest text one extract request may carry: text dense with numbers reads at about 0.4 MB/s on this
 * machine with the network, so 10,000 characters keep a request within ~25 ms of the event loop.
 */
export const MAX_EXTRACT_CHARS = 10_000;
/**
 * Most numbers one extract request may hold: reading a number costs up to ~40 µs of CPU at detail "steps"
 * (a list of 2,500 "one"s in 10,000 characters took 95 ms), so 1,000 keep a request under 50 ms.
 */
export const MAX_EXTRACT_NUMBERS = 1000;

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

/** Phrases of the other forms, which the shipped network has not learned: the page shows the grammar's reading. */
export const FORM_EXAMPLES = ['two and a half', 'three point one four', 'twenty first', 'minus twelve', 'nineteen eighty four', 'five quintillion'];

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

/**
 * Phrases the grammar reads per turn of the event loop in a batch: a turn of its costliest 300-character
 * phrases (decimals of 48 digits, `npm run bench:http -- --worst-only`) stays a few ms; 100 held it 40-150 ms.
 */
const GRAMMAR_CHUNK = 20;

/**
 * A batch read by the grammar alone, as JSON parts like the Batcher's: a chunk per turn of the event loop,
 * so a large batch never holds the loop, and dropped when its client has gone.
 */
async function grammarJson(predictor: Predictor, phrases: readonly unknown[], detail: Detail, signal: AbortSignal): Promise<string[]> {
  const parts: string[] = [];
  for (let start = 0; start < phrases.length; start += GRAMMAR_CHUNK) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    if (signal.aborted) throw signal.reason;
    const items = predictor.readMany(phrases.slice(start, start + GRAMMAR_CHUNK), detail);
    if (items.length > 0) parts.push(JSON.stringify(items).slice(1, -1));
  }
  return parts;
}

/** How much of each reading to return: ?detail= or {"detail"}, 'steps' unless given. */
function detailOf(req: Request): Detail {
  const raw: unknown = req.method === 'GET' || req.method === 'HEAD' ? req.query.detail : (req.body as { detail?: unknown } | undefined)?.detail;
  if (raw === undefined) return 'steps';
  if (DETAILS.includes(raw as Detail)) return raw as Detail;
  throw new RequestError(400, 'bad_detail', `"detail" must be ${DETAILS.map((d) => `"${d}"`).join(' or ')}`);
}

/** Which reader answers: ?reader= or {"reader"}, the network unless given. */
function readerOf(req: Request): ReaderName {
  const raw: unknown = req.method === 'GET' || req.method === 'HEAD' ? req.query.reader : (req.body as { reader?: unknown } | undefined)?.reader;
  if (raw === undefined) return 'network';
  if (READERS.includes(raw as ReaderName)) return raw as ReaderName;
  throw new RequestError(400, 'bad_reader', `"reader" must be ${READERS.map((r) => `"${r}"`).join(' or ')}`);
}

/** A threshold of the extract route: absent, or a number from 0 up. */
function thresholdOf(raw: unknown, field: string): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) return raw;
  throw new RequestError(400, 'bad_threshold', `"${field}" must be a number from 0 up`);
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

/**
 * Refuses a POST whose body is not JSON (a form, plain text): the JSON parser skips such a body, and the
 * request would otherwise be answered as if it carried no phrase.
 */
const requireJsonBody: RequestHandler = (req, _res, next) => {
  // req.is: null without a body, false for a body of another type.
  const other = req.method === 'POST' && req.is('application/json') === false;
  const type = req.headers['content-type'] ?? 'a body without a Content-Type';
  next(other ? new RequestError(415, 'unsupported_media_type', `send JSON (Content-Type: application/json), not ${type}`) : undefined);
};

export function apiRoutes(predictor: Predictor, batcher: Batcher): Router {
  const router = Router();
  router.use(requireJsonBody);
  // An unfinished phrase (typing) is read at once; a whole one shares a forward pass with its neighbours.
  const predict: RequestHandler = async (req, res) => {
    const partial = isPartial(req);
    const detail = detailOf(req);
    const reader = readerOf(req);
    const phrase = phraseOf(req);
    if (partial && detail !== 'steps') throw new RequestError(400, 'bad_detail', 'a partial reading always has its steps');
    if (reader === 'grammar') {
      const reading = predictor.readPhrase(phrase, partial);
      res.json(detail === 'value' ? valueOnly(reading) : reading);
      return;
    }
    if (partial) {
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
    const reader = readerOf(req);
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort(new ClientGone());
    });
    try {
      const parts = reader === 'grammar' ? await grammarJson(predictor, phrases, detail, gone.signal) : await batcher.manyJson(phrases, detail, gone.signal);
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
  router.use('/extract', requireHealthyModel(predictor));
  router.post('/extract', (req, res) => {
    const body = (req.body ?? {}) as { text?: unknown; threshold?: unknown; ordinalThreshold?: unknown };
    if (body.text === undefined) throw new RequestError(400, 'missing_text', 'give the text in "text"');
    if (typeof body.text !== 'string') throw new RequestError(400, 'not_a_string', '"text" must be a string');
    if (body.text.length > MAX_EXTRACT_CHARS) throw new RequestError(413, 'too_long', `the text is ${body.text.length} characters; the limit is ${MAX_EXTRACT_CHARS}`);
    const threshold = thresholdOf(body.threshold, 'threshold');
    const ordinalThreshold = thresholdOf(body.ordinalThreshold, 'ordinalThreshold');
    const detail = detailOf(req);
    const reader = readerOf(req);
    const options = { detail, maxNumbers: MAX_EXTRACT_NUMBERS, ...(reader === 'network' ? { predictor } : {}), ...(threshold !== undefined ? { threshold } : {}), ...(ordinalThreshold !== undefined ? { ordinalThreshold } : {}) };
    try {
      res.json({ numbers: findNumbers(body.text, options) });
    } catch (error) {
      if (error instanceof TooManyNumbers) throw new RequestError(413, 'too_many_numbers', `${error.message}: send the text in parts`);
      throw error;
    }
  });
  router.all('/extract', onlyMethods(['POST']));
  router.get('/model', (_req, res) => void res.json({ ...predictor.meta, backend: predictor.backend }));
  router.all('/model', onlyMethods(['GET', 'HEAD']));
  return router;
}

export interface PageModel {
  q: string;
  result?: Prediction;
  error?: ReturnType<PhraseError['toJSON']>;
  /** The phrase with the error's suggestion applied, for a "Did you mean" link. */
  suggested?: string;
  /** The grammar's reading, shown beside the network's refusal of a form or word it never learned. */
  grammar?: GrammarPrediction;
  /** The line under the input: what the words read as. */
  reads?: string;
}

/** The sentence under the input for a reading. */
const readsOf = (r: Prediction | GrammarPrediction) => describe.readsSentence(r.tokens.map((t) => t.normalized).join(' '), r.referenceExact, r);

/** What the page renders for ?q=, server-side, so it works without JavaScript. */
export function pageModel(predictor: Predictor, q: unknown): PageModel {
  const phrase = typeof q === 'string' ? q : '';
  if (phrase.trim() === '') return { q: '' };
  try {
    const result = predictor.predictPhrase(phrase);
    return { q: phrase, result, reads: readsOf(result) };
  } catch (error) {
    if (!(error instanceof PhraseError)) throw error;
    if (error.grammar) {
      const grammar = predictor.readPhrase(phrase);
      return { q: phrase, error: error.toJSON(), grammar, reads: readsOf(grammar) };
    }
    const { position, suggestion } = error;
    const suggested = position !== undefined && suggestion !== undefined ? { suggested: applySuggestion(phrase, position, suggestion) } : {};
    return { q: phrase, error: error.toJSON(), ...suggested };
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
      formExamples: FORM_EXAMPLES,
      maxChars: MAX_PHRASE_CHARS,
      maxTextChars: MAX_EXTRACT_CHARS,
      largest: largestReadable(predictor.meta.vocabulary),
      format,
      describe,
    });
  });
  router.all('/', onlyMethods(['GET', 'HEAD']));
  return router;
}
