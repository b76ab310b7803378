// HTTP tests against the real Express app on port 0, with the shipped model.
import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend.ts';
import { largestReadable } from '../../src/language/coverage.ts';
import { PhraseError } from '../../src/language/errors.ts';
import { predictRunning } from '../../src/model/running.ts';
import { formatEstimate, formatInteger, formatPercent } from '../../src/language/format.ts';
import { loadPredictor } from '../../src/reading/load.ts';
import { readerFromArtifacts } from '../../src/model/artifacts.ts';
import { Predictor } from '../../src/reading/predict.ts';
import { BODY_LIMIT_BYTES, createApp } from '../../src/server/app.ts';
import { createLimitedServer, listen } from '../../src/cli/listen.ts';
import { MAX_BATCH } from '../../src/server/routes.ts';
import { MAX_PHRASE_CHARS } from '../../src/language/tokenize.ts';

let server: Server;
let base: string;
let predictor: Predictor;

before(async () => {
  const backend = await initBackend(() => undefined);
  predictor = await loadPredictor('models/default', backend);
  const app = createApp({ predictor, modelDir: 'models/default', log: () => undefined });
  server = createLimitedServer(app);
  base = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
});
after(() => {
  server.close();
  predictor.dispose();
});

const get = (p: string) => fetch(base + p);
const post = (p: string, body: unknown, raw = false) =>
  fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ? (body as string) : JSON.stringify(body) });

describe('GET/POST /api/predict', () => {
  const table: [string, number, string[]][] = [
    ['seven hundred and seventy seven', 777, ['seven', 'hundred', 'and', 'seventy', 'seven']],
    ['Forty-Two', 42, ['forty', 'two']],
    ['zero', 0, ['zero']],
    ['nine hundred and ninety nine', 999, ['nine', 'hundred', 'and', 'ninety', 'nine']],
    ['three hundred and twelve', 312, ['three', 'hundred', 'and', 'twelve']],
    ['fourty tow', 42, ['forty', 'two']],
  ];
  for (const [phrase, value, tokens] of table) {
    it(`"${phrase}" → ${value}`, async () => {
      for (const res of [await get(`/api/predict?q=${encodeURIComponent(phrase)}`), await post('/api/predict', { phrase })]) {
        assert.equal(res.status, 200);
        const body = await res.json();
        assert.equal(body.phrase, phrase);
        assert.equal(body.rounded, value);
        assert.equal(body.reference, value);
        assert.ok(Math.abs(body.value - value) < 0.5);
        assert.deepEqual(body.tokens.map((t: { normalized: string }) => t.normalized), tokens);
        assert.equal(body.steps.length, tokens.length);
        for (const s of body.steps) {
          assert.deepEqual(Object.keys(s).filter((k) => ['token', 'value', 'reference'].includes(k)).sort(), ['reference', 'token', 'value']);
          assert.ok(Math.abs(s.value - s.reference) < 0.5);
          assert.equal(s.agrees, true);
        }
        assert.deepEqual(body.model, { name: 'default', head: 'registers' });
        assert.equal(body.backend, 'wasm');
      }
    });
  }
  // The whole grammar, read by the shipped register head: exact integers and exact running values, far above
  // 2^24 (16,777,216) too, with bare and implied-one phrases read from context.
  const whole: [string, number[]][] = [
    ['two thousand and five', [2, 2000, 2000, 2005]],
    ['hundred', [100]],
    ['a hundred and one', [1, 100, 100, 101]],
    ['one million two hundred thousand', [1, 1_000_000, 1_000_002, 1_000_200, 1_200_000]],
    ['thousand and one', [1000, 1000, 1001]],
    ['twelve hundred and five', [12, 1200, 1200, 1205]],
    ['nought', [0]],
    ['nine hundred and ninety nine million nine hundred and ninety nine thousand nine hundred and ninety nine', [9, 900, 900, 990, 999, 999_000_000, 999_000_009, 999_000_900, 999_000_900, 999_000_990, 999_000_999, 999_999_000, 999_999_009, 999_999_900, 999_999_900, 999_999_990, 999_999_999]],
    ['nine hundred and eighty seven million six hundred and fifty four thousand three hundred and twenty one', [9, 900, 900, 980, 987, 987_000_000, 987_000_006, 987_000_600, 987_000_600, 987_000_650, 987_000_654, 987_654_000, 987_654_003, 987_654_300, 987_654_300, 987_654_320, 987_654_321]],
  ];
  for (const [phrase, running] of whole) {
    it(`"${phrase}" → ${running.at(-1)}, exactly, token by token`, async () => {
      const body = await (await get(`/api/predict?q=${encodeURIComponent(phrase)}`)).json();
      assert.equal(body.value, running.at(-1));
      assert.equal(body.rounded, running.at(-1));
      assert.equal(body.reference, running.at(-1));
      assert.deepEqual(body.steps.map((s: { value: number }) => s.value), running);
      assert.deepEqual(body.steps.map((s: { reference: number }) => s.reference), running);
    });
  }
  it('reads an unfinished phrase with ?partial=1 or {"partial": true}: the finished words, and the word being typed', async () => {
    const strict = await (await get('/api/predict?q=seven')).json();
    for (const res of [await get('/api/predict?q=seven%20hun&partial=1'), await post('/api/predict', { phrase: 'seven hun', partial: true })]) {
      assert.equal(res.status, 200);
      const body = await res.json();
      assert.equal(body.partial, true);
      assert.deepEqual(body.pending, { text: 'hun', position: 1, candidates: ['hundred'] });
      assert.deepEqual(body.tokens.map((t: { normalized: string }) => t.normalized), ['seven']);
      assert.equal(body.value, strict.value);
      assert.equal(body.reference, 7);
      assert.deepEqual(body.steps, strict.steps);
    }
  });
  it('a dangling "and" is read, not refused, when partial', async () => {
    const body = await (await get('/api/predict?q=seven%20hundred%20and&partial=true')).json();
    assert.deepEqual(body.steps.map((s: { reference: number }) => s.reference), [7, 700, 700]);
    assert.equal(body.rounded, 700);
    assert.equal(body.pending, undefined);
    const strict = await get('/api/predict?q=seven%20hundred%20and&partial=0');
    assert.equal(strict.status, 422);
    assert.equal((await strict.json()).error.suggestion, 'seven hundred');
  });
  it('a phrase with no finished word yet has null values', async () => {
    const body = await (await get('/api/predict?q=hun&partial=1')).json();
    assert.deepEqual(body.steps, []);
    assert.equal(body.value, null);
    assert.equal(body.rounded, null);
    assert.equal(body.reference, null);
    assert.equal(body.agrees, null);
    assert.deepEqual(body.pending, { text: 'hun', position: 0, candidates: ['hundred'] });
  });
  it('a partial reading offers only words the model was trained on, and refuses a beginning of none', () => {
    const without = (...words: string[]) => new Predictor(predictor.reader, { ...predictor.meta, vocabulary: predictor.meta.vocabulary.filter((w) => !words.includes(w)) }, predictor.backend);
    assert.deepEqual(predictor.predictPartial('seven').pending?.candidates, ['seven', 'seventeen', 'seventy']);
    assert.deepEqual(without('seventeen').predictPartial('seven').pending?.candidates, ['seven', 'seventy']);
    assert.throws(() => without('hundred').predictPartial('seven hun'), (e: unknown) => e instanceof PhraseError && e.code === 'out_of_vocabulary' && e.token === 'hun' && e.position === 1 && /"hundred"/.test(e.message));
    // A model that lacks a word refuses it by name (the shipped model reads every word of the grammar).
    assert.throws(() => without('thousand').predictPhrase('five thousand'), (e: unknown) => e instanceof PhraseError && e.code === 'out_of_vocabulary' && e.token === 'thousand' && e.position === 1);
    assert.equal(predictor.predictPhrase('five thousand').value, 5000);
  });
  it('reports typo corrections per token', async () => {
    const body = await (await get('/api/predict?q=fourty%20tow')).json();
    assert.deepEqual(body.tokens, [{ text: 'fourty', normalized: 'forty', corrected: true }, { text: 'tow', normalized: 'two', corrected: true }]);
  });
});

describe('errors', () => {
  const cases: [string, () => Promise<Response>, number, string, { token?: string; position?: number }?][] = [
    ['missing q', () => get('/api/predict'), 400, 'missing_phrase'],
    ['missing phrase', () => post('/api/predict', {}), 400, 'missing_phrase'],
    ['empty phrase', () => post('/api/predict', { phrase: '   ' }), 400, 'empty'],
    ['non-string phrase', () => post('/api/predict', { phrase: 42 }), 400, 'not_a_string'],
    ['repeated q', () => get('/api/predict?q=one&q=two'), 400, 'not_a_string'],
    ['phrase over the limit', () => post('/api/predict', { phrase: 'seven '.repeat(MAX_PHRASE_CHARS) }), 413, 'too_long'],
    ['unknown word', () => get('/api/predict?q=seven%20bananas'), 422, 'unknown_word', { token: 'bananas', position: 1 }],
    ['malformed phrase', () => get('/api/predict?q=seventy%20eleven'), 422, 'malformed', { token: 'eleven', position: 1 }],
    ['numeral', () => get(`/api/predict?q=${encodeURIComponent('٣ hundred')}`), 422, 'numeral', { token: '٣', position: 0 }],
    ['numeral the model never learned', () => get('/api/predict?q=5%20hundred'), 422, 'out_of_vocabulary', { token: '5', position: 0 }],
    ['partial phrase no continuation can mend', () => get('/api/predict?q=zero%20hun&partial=1'), 422, 'malformed', { token: 'hun', position: 1 }],
    ['partial flag not a flag', () => get('/api/predict?q=one&partial=maybe'), 400, 'bad_partial'],
    ['partial flag not a boolean', () => post('/api/predict', { phrase: 'one', partial: 'yes' }), 400, 'bad_partial'],
    ['bad JSON', () => post('/api/predict', '{"phrase": ', true), 400, 'bad_json'],
    ['body too large', () => post('/api/predict', { phrase: 'x'.repeat(BODY_LIMIT_BYTES) }), 413, 'body_too_large'],
    ['unknown detail', () => get('/api/predict?q=one&detail=everything'), 400, 'bad_detail'],
    ['detail not a string', () => post('/api/predict/batch', { phrases: ['one'], detail: ['value'] }), 400, 'bad_detail'],
    ['value-only partial reading', () => get('/api/predict?q=one&partial=1&detail=value'), 400, 'bad_detail'],
    ['batch without a list', () => post('/api/predict/batch', { phrases: 'one' }), 400, 'missing_phrases'],
    ['batch over the limit', () => post('/api/predict/batch', { phrases: Array(MAX_BATCH + 1).fill('one') }), 413, 'too_many_phrases'],
    ['unknown API route', () => get('/api/nope'), 404, 'not_found'],
    ['unknown page', () => get('/nope'), 404, 'not_found'],
    ['missing model file', () => get('/model/nope'), 404, 'not_found'],
    ['missing static file', () => get('/static/nope.js'), 404, 'not_found'],
    ['PUT on the predict route', () => fetch(`${base}/api/predict?q=one`, { method: 'PUT' }), 405, 'method_not_allowed'],
    ['DELETE on the batch route', () => fetch(`${base}/api/predict/batch`, { method: 'DELETE' }), 405, 'method_not_allowed'],
    ['POST on the page', () => fetch(`${base}/`, { method: 'POST' }), 405, 'method_not_allowed'],
    ['a form-encoded body', () => fetch(`${base}/api/predict`, { method: 'POST', body: new URLSearchParams({ phrase: 'one' }) }), 415, 'unsupported_media_type'],
    ['a plain-text body', () => fetch(`${base}/api/predict`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'one' }), 415, 'unsupported_media_type'],
    ['a form-encoded batch', () => fetch(`${base}/api/predict/batch`, { method: 'POST', body: new URLSearchParams({ phrases: 'one' }) }), 415, 'unsupported_media_type'],
    ['POST on a model file', () => fetch(`${base}/model/model.json`, { method: 'POST' }), 405, 'method_not_allowed'],
    ['PUT on a static file', () => fetch(`${base}/static/build/page.js`, { method: 'PUT' }), 405, 'method_not_allowed'],
    ['DELETE on a missing static file', () => fetch(`${base}/static/nope.js`, { method: 'DELETE' }), 405, 'method_not_allowed'],
    ['POST on /healthz', () => fetch(`${base}/healthz`, { method: 'POST' }), 405, 'method_not_allowed'],
    ['a Range past the end of a model file', () => fetch(`${base}/model/model.json`, { headers: { range: 'bytes=99999999-' } }), 416, 'range_not_satisfiable'],
  ];
  for (const [name, request, status, code, where] of cases) {
    it(`${name} → ${status} ${code}`, async () => {
      const res = await request();
      assert.equal(res.status, status);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      const body = await res.json();
      assert.equal(body.error.code, code);
      assert.equal(typeof body.error.message, 'string');
      assert.doesNotMatch(JSON.stringify(body), /at .*\.ts:\d+/, 'no stack trace');
      assert.doesNotMatch(JSON.stringify(body), /ENOENT|\/work\/|\/home\/|\/tmp\/|models\/default/, 'no file system path');
      if (status === 405) assert.match(res.headers.get('allow') ?? '', /^(GET, HEAD, POST|POST|GET, HEAD)$/);
      if (status === 415) assert.match(body.error.message, /^send JSON \(Content-Type: application\/json\), not (application\/x-www-form-urlencoded|text\/plain)/);
      if (where) {
        assert.equal(body.error.token, where.token);
        assert.equal(body.error.position, where.position);
      }
    });
  }
});

/** Writes `text` on a raw connection; resolves with the reply and how long it took, or what came in `ms`. */
function rawRequest(port: number, text: string, ms = 3_000): Promise<{ reply: string; ms: number }> {
  return new Promise((resolve) => {
    const start = Date.now();
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let reply = '';
    const done = () => resolve({ reply, ms: Date.now() - start });
    const timer = setTimeout(() => (socket.destroy(), done()), ms);
    socket.on('data', (d) => (reply += d));
    socket.on('error', () => undefined);
    socket.on('close', () => (clearTimeout(timer), done()));
  });
}

describe('limits before the body is read', () => {
  it('a declared Content-Length over the limit is refused with 413 at once, without waiting for the body', async () => {
    const port = Number(new URL(base).port);
    const { reply, ms } = await rawRequest(port, `POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${BODY_LIMIT_BYTES + 1}\r\n\r\n{"phrase": "`);
    assert.match(reply, /^HTTP\/1\.1 413 /);
    assert.match(reply, /\r\nx-content-type-options: nosniff\r\n/i);
    assert.equal(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n'))).error.code, 'body_too_large');
    assert.ok(ms < 1_000, `answered after ${ms} ms`);
  });
  it('an endless body, chunked or declared, is refused with 413 at once, the client can read it while still sending, and the server stays healthy', async () => {
    const port = Number(new URL(base).port);
    const cases = ['/api/predict', '/api/predict/batch', '/'].flatMap((route) => ['chunked', 'declared'].flatMap((framing) => [false, true].map((close) => ({ route, framing, close }))));
    for (const { route, framing, close } of cases) {
      const what = `${framing} body on ${route}${close ? ', Connection: close' : ''}`;
      // The client writes for as long as the connection takes it, and reads only 300 ms in: an answer cut
      // off by a reset (a close with its body unread) is lost by then.
      const { reply, ms, written } = await new Promise<{ reply: string; ms: number; written: number }>((resolve) => {
        const start = Date.now();
        const frame = framing === 'chunked' ? Buffer.from(`10000\r\n${' '.repeat(0x10000)}\r\n`) : Buffer.alloc(0x10000, 0x20);
        const length = framing === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${2 ** 30}`;
        let reply = '';
        let written = 0;
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.write(`POST ${route} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${length}\r\n${close ? 'Connection: close\r\n' : ''}\r\n`);
          const pump = () => {
            while (!socket.destroyed && socket.write(frame)) written += frame.length;
            socket.once('drain', pump);
          };
          pump();
        });
        socket.pause();
        setTimeout(() => socket.resume(), 300);
        const timer = setTimeout(() => socket.destroy(), 10_000);
        socket.on('data', (d) => (reply += d));
        socket.on('error', () => undefined);
        socket.on('close', () => (clearTimeout(timer), resolve({ reply, ms: Date.now() - start, written })));
      });
      assert.match(reply, /^HTTP\/1\.1 413 /, what);
      assert.match(reply, /\r\nx-content-type-options: nosniff\r\n/i);
      const error = JSON.parse(reply.slice(reply.indexOf('\r\n\r\n'))).error;
      const message = framing === 'chunked' ? `the request body passed the limit of ${BODY_LIMIT_BYTES} bytes` : `the request body is ${2 ** 30} bytes; the limit is ${BODY_LIMIT_BYTES}`;
      assert.deepEqual(error, { code: 'body_too_large', message });
      // Closed by the server (after a second's grace to read the answer): what the client got written is the
      // limit and the sockets' buffers.
      assert.ok(ms < 3_000, `${what}: closed after ${ms} ms`);
      assert.ok(written < 32 * BODY_LIMIT_BYTES, `${what}: ${written} bytes taken`);
    }
    assert.equal((await get('/healthz')).status, 200);
    const answer = await post('/api/predict', { phrase: 'forty two' });
    assert.equal((await answer.json()).rounded, 42);
  });
  it('a chunked body of exactly the limit is read; one byte more is refused', async () => {
    const port = Number(new URL(base).port);
    const json = '{"phrase": "forty two"}';
    const chunked = (body: string) => {
      const parts = body.match(/[^]{1,65536}/g) ?? [];
      return `POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${parts.map((p) => `${p.length.toString(16)}\r\n${p}\r\n`).join('')}0\r\n\r\n`;
    };
    const atLimit = json + ' '.repeat(BODY_LIMIT_BYTES - json.length);
    const { reply } = await rawRequest(port, chunked(atLimit));
    assert.match(reply, /^HTTP\/1\.1 200 /);
    assert.equal(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n'))).rounded, 42);
    const over = await rawRequest(port, chunked(`${atLimit} `));
    assert.match(over.reply, /^HTTP\/1\.1 413 /);
    assert.equal(JSON.parse(over.reply.slice(over.reply.indexOf('\r\n\r\n'))).error.code, 'body_too_large');
  });
  it('batch requests over the running limit wait their turn; beyond the queue, or waited out, 503 with Retry-After', async () => {
    const app = createApp({ predictor, modelDir: 'models/default', log: () => undefined, batchAdmission: { running: 1, waiting: 1, maxWaitMs: 1_000 } });
    const own = createLimitedServer(app);
    const port = await listen(own, 0, '127.0.0.1');
    const body = JSON.stringify({ phrases: ['forty two'] });
    const url = `http://127.0.0.1:${port}/api/predict/batch`;
    const batch = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    // The running one: admitted, then held by a body that has not all arrived.
    const holder = net.connect(port, '127.0.0.1');
    holder.on('error', () => undefined);
    holder.write(`POST /api/predict/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`);
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const waiting = batch();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const refused = await batch();
      assert.equal(refused.status, 503);
      assert.equal(refused.headers.get('retry-after'), '1');
      assert.equal((await refused.json()).error.code, 'busy');
      // The waiting one waited out its second, the holder still running.
      const waitedOut = await waiting;
      assert.equal(waitedOut.status, 503);
      assert.equal((await waitedOut.json()).error.code, 'busy');
      // The holder finishes; the next one in is answered.
      const answered = new Promise<string>((resolve) => {
        let reply = '';
        holder.on('data', (d) => (reply += d));
        holder.on('data', () => reply.includes(']}') && resolve(reply));
      });
      holder.write(body.slice(5));
      assert.match(await answered, /^HTTP\/1\.1 200[^]*"rounded":42/);
      const next = await batch();
      assert.equal(next.status, 200);
      assert.equal((await next.json()).results[0].rounded, 42);
    } finally {
      holder.destroy();
      await new Promise((resolve) => own.close(resolve));
    }
  });
});

describe('POST /api/predict/batch', () => {
  it('answers each phrase in order, errors in place', async () => {
    const res = await post('/api/predict/batch', { phrases: ['seven hundred and two', 'banana', 42, 'sixty six', 'seventy seventy'] });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    const { results } = await res.json();
    assert.equal(results.length, 5);
    assert.equal(results[0].rounded, 702);
    assert.equal(results[1].error.code, 'unknown_word');
    assert.equal(results[2].error.code, 'not_a_string');
    assert.equal(results[2].phrase, null);
    assert.equal(results[3].rounded, 66);
    assert.equal(results[4].error.code, 'malformed');
  });
  it('detail "value" gives each reading without tokens or steps, the same numbers, errors in place', async () => {
    const phrases = ['seven hundred and two', 'banana', 'a million and one', 'fourty tow'];
    const full = (await (await post('/api/predict/batch', { phrases })).json()).results;
    const res = await post('/api/predict/batch', { phrases, detail: 'value' });
    assert.equal(res.status, 200);
    const { results } = await res.json();
    assert.deepEqual(results.map((r: { rounded?: number }) => r.rounded), [702, undefined, 1_000_001, 42]);
    assert.equal(results[1].error.code, 'unknown_word');
    results.forEach((r: Record<string, unknown>, i: number) => {
      if ('error' in r) return;
      assert.deepEqual(Object.keys(r), ['phrase', 'value', 'rounded', 'reference', 'agrees', 'model', 'backend', 'reader', 'exact', 'referenceExact', 'form', 'corrections']);
      const { tokens, steps, ...rest } = full[i];
      assert.ok(tokens.length > 0 && steps.length > 0);
      assert.deepEqual(r, rest);
    });
    for (const single of [await get('/api/predict?q=a%20million%20and%20one&detail=value'), await post('/api/predict', { phrase: 'a million and one', detail: 'value' })]) {
      assert.deepEqual(await single.json(), results[2]);
    }
  });
  it('a batch whose client hangs up is dropped, not computed to the end', async () => {
    // Its own app, with small chunks and a predictor that hangs up the client as the first chunk is read.
    let socket: net.Socket | undefined;
    let chunks = 0;
    const hangingUp = Object.create(predictor, {
      predictMany: { value: (p: unknown[], d: 'steps' | 'value') => (++chunks === 1 && socket?.destroy(), predictor.predictMany(p, d)) },
    });
    const app = createApp({ predictor: hangingUp, modelDir: 'models/default', log: () => undefined, batching: { chunk: 5 } });
    const own = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => own.once('listening', resolve));
    try {
      const port = (own.address() as AddressInfo).port;
      const body = JSON.stringify({ phrases: Array(MAX_BATCH).fill('nine hundred and ninety nine thousand') });
      socket = net.connect(port, '127.0.0.1');
      await new Promise((resolve) => socket?.once('connect', resolve));
      socket.write(`POST /api/predict/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      let stats = { abandoned: 0 };
      for (let i = 0; i < 100 && stats.abandoned === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        stats = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).batching;
      }
      assert.equal(stats.abandoned, 1);
      assert.ok(chunks < MAX_BATCH / 5, `${chunks} of ${MAX_BATCH / 5} chunks were read`);
    } finally {
      await new Promise((resolve) => own.close(resolve));
    }
  });
  it('an empty batch answers an empty list', async () => {
    const res = await post('/api/predict/batch', { phrases: [] });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '{"results":[]}');
  });
  it('a deeply nested item is refused in its place, never echoed', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const res = await post('/api/predict/batch', `{"phrases": ["forty two", ${deep}, {"a": 1}]}`, true);
    assert.equal(res.status, 200);
    const { results } = await res.json();
    assert.equal(results[0].rounded, 42);
    assert.deepEqual(results.slice(1).map((r: { phrase: unknown; error: { code: string } }) => [r.phrase, r.error.code]), [[null, 'not_a_string'], [null, 'not_a_string']]);
  });
  it('a full batch of the longest legal phrases fits the body limit', async () => {
    const phrase = 'seven hundred and seventy seven'.padEnd(MAX_PHRASE_CHARS, ' ');
    const res = await post('/api/predict/batch', { phrases: Array(MAX_BATCH).fill(phrase) });
    assert.equal(res.status, 200);
    const { results } = await res.json();
    assert.equal(results.length, MAX_BATCH);
    assert.ok(results.every((r: { rounded: number }) => r.rounded === 777));
  });
  it('a full batch of 1000 matches one-by-one predictions', async () => {
    const phrases = Array.from({ length: MAX_BATCH }, (_, i) => `${['one', 'two', 'nine'][i % 3]} hundred and ${['five', 'twelve', 'forty'][i % 3]}`);
    const { results } = await (await post('/api/predict/batch', { phrases })).json();
    assert.equal(results.length, MAX_BATCH);
    assert.deepEqual(results.slice(0, 3).map((r: { rounded: number }) => r.rounded), [105, 212, 940]);
    const single = await (await get(`/api/predict?q=${encodeURIComponent(phrases[2] as string)}`)).json();
    assert.ok(Math.abs(single.value - results[2].value) < 1e-3);
  });
});

describe('methods and headers', () => {
  it('HEAD answers as GET does, without a body', async () => {
    const head = await fetch(`${base}/api/predict?q=one`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    assert.equal(head.headers.get('content-length'), (await get('/api/predict?q=one')).headers.get('content-length'));
  });
  it('HEAD reads a phrase still being typed as GET does (?partial=1)', async () => {
    const url = '/api/predict?q=seven%20hun&partial=1';
    const got = await get(url);
    assert.equal(got.status, 200);
    const head = await fetch(`${base}${url}`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), got.headers.get('content-length'));
  });
  it('computed answers carry no ETag; static files do', async () => {
    assert.equal((await get('/api/predict?q=one')).headers.get('etag'), null);
    assert.equal((await post('/api/predict/batch', { phrases: ['one'] })).headers.get('etag'), null);
    assert.match((await get('/static/build/page.js')).headers.get('etag') ?? '', /^W\//);
  });
  it('every answer forbids framing, sniffing and scripts from elsewhere', async () => {
    for (const res of [await get('/'), await get('/api/predict?q=one'), await get('/nope')]) {
      const csp = res.headers.get('content-security-policy') ?? '';
      // Own scripts, and WebAssembly compilation for the page's kernel; no inline script, no JavaScript eval.
      assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
    }
  });
  it('the page has no inline script or style for the policy to block', async () => {
    const html = await (await get('/?q=seven')).text();
    assert.deepEqual(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g), null);
    assert.deepEqual(html.match(/<style|\sstyle=|\son[a-z]+=/g), null);
  });
});

describe('model and health', () => {
  it('GET /api/model returns the metadata and backend', async () => {
    const meta = await (await get('/api/model')).json();
    assert.equal(meta.head, 'registers');
    assert.ok(meta.vocabulary.includes('hundred'));
    assert.equal(meta.dataset.counts.train, 2000);
    assert.ok(meta.metrics.test.exact >= 0.99, `test exact ${meta.metrics.test.exact}`);
    assert.equal(meta.backend.name, 'wasm');
  });
  it('GET /healthz', async () => {
    const body = await (await get('/healthz')).json();
    const validation = { met: true, exact: 1, target: 1, reason: 'a reader must read every validation phrase exactly', perForm: { cardinal: 1 }, recorded: true };
    assert.deepEqual({ ...body, batching: undefined }, { ok: true, model: 'default', head: 'registers', backend: 'wasm', batching: undefined, validationTargetMet: true, validation });
    assert.deepEqual(Object.keys(body.batching), ['passes', 'singles', 'abandoned']);
    assert.ok(body.batching.singles >= body.batching.passes && body.batching.passes > 0, 'the tests above were answered through the batcher');
  });
  it('the served model loads with tf.io.http, as a browser would, and predicts the same', async () => {
    const handler = tf.io.http(`${base}/model/model.json`, { fetchFunc: fetch });
    assert.ok(handler.load);
    const artifacts = await handler.load();
    const reader = readerFromArtifacts(artifacts);
    const phrase = ['four', 'hundred', 'and', 'six'];
    assert.deepEqual(predictRunning(reader, [phrase]), predictRunning(predictor.reader, [phrase]));
    reader.dispose();
  });
});

describe('the page', () => {
  it('renders the token table server-side (no JavaScript needed)', async () => {
    const res = await get('/?q=seven+hundred+and+seventy+seven');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<strong id="rounded">777<\/strong>/);
    assert.match(html, /<strong id="reference">777<\/strong>/);
    assert.equal((html.match(/<td class="token"/g) ?? []).length, 5);
    assert.match(html, /✓ they agree/);
    assert.doesNotMatch(html, /class="raw"|777\.00/, 'a whole value has no decimals');
  });
  it('says in the footer, plainly, what reads the phrase and how often the model is exact', async () => {
    const html = (await (await get('/')).text()).replace(/\s+/g, ' ');
    const { n, exact } = predictor.meta.metrics.test;
    assert.match(html, new RegExp(`Read by <strong id="engine">the server</strong>\\. On ${formatInteger(n)} test numbers it was not trained on, the network gave the exact answer for <strong id="accuracy">${formatPercent(exact).replace('.', '\\.')}</strong>\\.`));
    assert.doesNotMatch(html, /tfjs-node|teacher forcing|MAE|not comparable/, 'no developer text');
    assert.doesNotMatch(html, /id="research"/, 'the shipped model is no research model');
  });
  it('escapes hostile input everywhere it is echoed', async () => {
    const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
    const html = await (await get(`/?q=${encodeURIComponent(hostile)}`)).text();
    assert.doesNotMatch(html, /<script>alert|<img src=x/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /class="error"/);
  });
  it('names the problem word once, in a sentence, with a suggestion where there is one', async () => {
    assert.match(await (await get('/?q=seventy+eleven')).text(), /<p class="error" id="error">&#34;eleven&#34; cannot follow &#34;seventy&#34; \(word 2\)\.<\/p>/);
    assert.match(await (await get('/?q=seven+hun')).text(), /&#34;hun&#34; is not a number word \(word 2\)\. Did you mean <a class="suggestion" href="\/\?q=seven%20hundred">"hundred"<\/a>\?/);
    assert.match(await (await get('/?q=seven+hundred+and')).text(), /Did you mean <a class="suggestion" href="\/\?q=seven%20hundred">"seven hundred"<\/a>\?/);
  });
  it('without the script: every form shows its value, form and running values, the grammar beside the refusal', async () => {
    const fraction = (await (await get('/?q=two+and+a+half')).text()).replace(/\s+/g, ' ');
    assert.match(fraction, /<p class="reads" id="reads">Reads two and a half as 2½ — a fraction\.<\/p>/);
    assert.match(fraction, /<p class="note" id="note">The model &#34;default&#34; was not trained on the word &#34;half&#34;\. Only the grammar reads it:<\/p>/);
    assert.match(fraction, /<strong id="reference">2½<\/strong>/);
    assert.match(fraction, /<span class="form" id="form-name">fraction<\/span>/);
    assert.deepEqual([...fraction.matchAll(/data-label="grammar">([^<]*)</g)].map((m) => m[1]), ['2', '2', '2', '2½']);
    const year = await (await get('/?q=nineteen+eighty+four')).text();
    assert.match(year, /Reads nineteen eighty four as 1984 — a year\./);
    assert.match(year, /trained on cardinals only, not on years\. Only the grammar reads it:/);
    const cardinal = (await (await get('/?q=seven+hundred+and+seventy+seven')).text()).replace(/\s+/g, ' ');
    assert.match(cardinal, /Reads seven hundred and seventy seven as 777 — a whole number\./);
    assert.match(cardinal, /<span class="form" id="form-name">cardinal<\/span>/);
    assert.doesNotMatch(cardinal, /id="note"/);
  });
  it('states the true length of an over-long phrase (it was cut to 301 before reading)', async () => {
    const html = await (await get(`/?q=${encodeURIComponent('seven '.repeat(66))}`)).text();
    assert.match(html, /The phrase is 396 characters; the limit is 300\./);
  });
  it('states the range and words the model reads', async () => {
    const html = (await (await get('/?q=seven+hundred+and+seventy+seven')).text()).replace(/\s+/g, ' ');
    const largest = formatInteger(largestReadable(predictor.meta.vocabulary));
    assert.match(html, new RegExp(`reads whole numbers from 0 to ${largest} in words, at most ${MAX_PHRASE_CHARS} characters, with these words: ${predictor.meta.vocabulary.join(', ')}\\.`));
    assert.doesNotMatch(html, /maxlength/, 'a longer paste is refused with the reason, not silently cut');
  });
  it('a research (paper-protocol) model gets a banner, and its unrounded values two decimals', async () => {
    const research = await loadPredictor('models/paper-nalu', predictor.backend);
    const other = createApp({ predictor: research, modelDir: 'models/paper-nalu', log: () => undefined }).listen(0, '127.0.0.1');
    try {
      await new Promise((resolve) => other.once('listening', resolve));
      const html = (await (await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/?q=seven+hundred+and+seventy+seven`)).text()).replace(/\s+/g, ' ');
      assert.match(html, new RegExp(`<p class="banner" id="research">Research model, trained as the NALU paper trains: exact on only ${formatPercent(research.meta.metrics.test.exact).replace('.', '\\.')} of unseen test numbers\\.`));
      const value = research.predictPhrase('seven hundred and seventy seven').value;
      assert.notEqual(value, Math.round(value), 'the research model is not exact here');
      assert.ok(html.includes(`<span class="raw">(${formatEstimate(value)})</span>`), `raw ${value}`);
      assert.match(formatEstimate(value), /\.\d\d$/);
    } finally {
      other.close();
      research.dispose();
    }
  });
  it('serves the page script, bundled, from this server (no CDN)', async () => {
    const html = await (await get('/')).text();
    const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(scripts, ['/static/build/page.js']);
    const res = await get('/static/build/page.js');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /javascript/);
    assert.ok((await res.text()).length > 100_000, 'the bundle carries TensorFlow.js and Chart.js');
  });
});
