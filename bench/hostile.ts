// `npx tsx bench/hostile.ts [--workers 1,2] [--parallel 32] [--quick]`: hostile requests against the real server
// (src/cli/serve.ts in a child process, bench/server.ts) over raw sockets, with 1 and then 2 workers. Every
// answer must come (no hang), be below 500, carry the security headers, name no absolute path and hold no
// stack trace; every refusal is JSON with an error code, and each case's own status (and code) is checked.
// The groups: numerals of 18 scripts, path traversal under /static and /model, JSON bodies of every shape
// (300k-deep nesting, prototype keys, wrong types, exact limits), query strings, methods, raw HTTP (bad
// request lines, smuggling, huge headers, chunk errors), compressed bodies (a 200 MB gzip bomb), a chunked
// body that never ends; 4,000 concurrent answers compared byte for byte with the same requests sent one by
// one; a slowloris and a slow body (cut on time) while a normal client is timed (skipped by --quick). After
// them /healthz must answer 200, no process may have died and the server must have logged no internal error.
// Exits 1 on any failure, listing each.

import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { Command } from 'commander';
import { BODY_LIMIT_BYTES } from '../src/server/app.ts';
import { MAX_BATCH, MAX_EXTRACT_CHARS } from '../src/server/routes.ts';
import { MAX_PHRASE_CHARS } from '../src/language/tokenize.ts';
import { startServer, stopServer, type Server } from './server.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
  ms: number;
  /** No whole answer within the case's time. */
  hung: boolean;
  /** The connection's error, if it had one (ECONNRESET, EPIPE). */
  error?: string;
}

interface Case {
  group: string;
  name: string;
  /** The request's bytes, or a function writing them on the socket (for streamed bodies). */
  send: string | Buffer | ((socket: net.Socket) => void);
  /** Allowed statuses; any below 500 when absent. */
  status?: number[];
  /** The error code a refusal must carry. */
  code?: string;
  /** More checks; a failure's description, or undefined. */
  check?: (reply: Reply) => string | undefined;
  timeoutMs?: number;
  /** Head requests have no body to check. */
  head?: boolean;
}

/** Reads one HTTP answer from a raw connection: until its Content-Length, its last chunk, or the close. */
function exchange(port: number, send: Case['send'], timeoutMs: number): Promise<Reply> {
  return new Promise((resolve) => {
    const start = Date.now();
    const socket = net.connect(port, '127.0.0.1', () => (typeof send === 'function' ? send(socket) : socket.write(send)));
    let data: Buffer = Buffer.alloc(0);
    let settled = false;
    let error: string | undefined;
    const finish = (hung: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      data = final(data);
      const text = data.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const head = end < 0 ? text : text.slice(0, end);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const raw = end < 0 ? Buffer.alloc(0) : data.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1'));
      const body = headers['transfer-encoding'] === 'chunked' ? unchunk(raw) : raw.toString('utf8');
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body, ms: Date.now() - start, hung, ...(error ? { error } : {}) });
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    socket.on('data', (d) => {
      data = Buffer.concat([data, d]);
      const text = final(data).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end))?.[1];
      const bodyBytes = text.length - (end + 4);
      if (length !== undefined && bodyBytes >= Number(length)) finish(false);
      else if (/\r\ntransfer-encoding: *chunked/i.test(text.slice(0, end)) && text.endsWith('\r\n0\r\n\r\n')) finish(false);
      else if (/^HTTP\/1\.1 (204|304)/.test(text)) finish(false);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
      finish(false);
    });
    socket.on('close', () => finish(false));
  });
}

/** The bytes after any interim (1xx) answers: "100 Continue" comes before the answer. */
function final(data: Buffer): Buffer {
  let text = data.toString('latin1');
  let skipped = 0;
  for (let m = /^HTTP\/1\.1 1\d\d [^]*?\r\n\r\n/.exec(text); m; m = /^HTTP\/1\.1 1\d\d [^]*?\r\n\r\n/.exec(text)) {
    skipped += m[0].length;
    text = text.slice(m[0].length);
  }
  return data.subarray(skipped);
}

function unchunk(raw: Buffer): string {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const line = raw.indexOf('\r\n', at);
    if (line < 0) break;
    const size = parseInt(raw.subarray(at, line).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(raw.subarray(line + 2, line + 2 + size));
    at = line + 2 + size + 2;
  }
  return Buffer.concat(parts).toString('utf8');
}

const request = (method: string, target: string, headers: Record<string, string> = {}, body?: string | Buffer): Buffer => {
  const all: Record<string, string> = { Host: 'x', Connection: 'close', ...headers };
  if (body !== undefined && !('Transfer-Encoding' in all) && !('Content-Length' in all)) all['Content-Length'] = String(Buffer.byteLength(body));
  const head = `${method} ${target} HTTP/1.1\r\n${Object.entries(all).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body)]);
};
const json = (target: string, body: string | Buffer, headers: Record<string, string> = {}) => request('POST', target, { 'Content-Type': 'application/json', ...headers }, body);
/** A body in chunks of 64 KB, and the last chunk. */
const chunked = (body: string | Buffer): Buffer => {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 0x10000) {
    const part = bytes.subarray(at, at + 0x10000);
    parts.push(Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n'));
  }
  return Buffer.concat([...parts, Buffer.from('0\r\n\r\n')]);
};

/** Text no answer may hold: file contents outside the served folders. */
const SECRETS = [/"name": "nalu-words"/, /root:x:0:0/, /\[core\]/, /import express/, /"private": true/];

function generic(c: Case, r: Reply): string[] {
  const problems: string[] = [];
  if (r.hung) return [`no whole answer within ${c.timeoutMs ?? 5_000} ms (status ${r.status || 'none'})`];
  if (r.status === 0) return [`no answer (connection closed without one${r.error ? `: ${r.error}` : ''}, after ${r.ms} ms)`];
  if (r.status >= 500) problems.push(`status ${r.status}`);
  if (c.status && !c.status.includes(r.status)) problems.push(`status ${r.status}, wanted ${c.status.join(' or ')}`);
  if (r.headers['x-content-type-options'] !== 'nosniff') problems.push('no X-Content-Type-Options');
  if (/\n\s+at \S[^\n]*:\d+:\d+/.test(r.body) || /Error: [^\n]*\n\s+at /.test(r.body)) problems.push('a stack trace in the body');
  if (r.body.includes(ROOT) || /\/(home|usr|tmp|work)\/|node_modules|file:\/\//.test(r.body)) problems.push('an absolute path in the body');
  for (const secret of SECRETS) if (secret.test(r.body)) problems.push(`a file outside the served folders (${secret})`);
  if (r.status >= 400 && !c.head && r.status !== 101) {
    let code: unknown;
    try {
      code = (JSON.parse(r.body) as { error?: { code?: unknown } }).error?.code;
    } catch {
      problems.push(`a ${r.status} that is not JSON: ${JSON.stringify(r.body.slice(0, 80))}`);
    }
    if (code !== undefined && typeof code !== 'string') problems.push('an error without a code');
    if (c.code && code !== c.code) problems.push(`code ${String(code)}, wanted ${c.code}`);
  }
  const own = c.check?.(r);
  if (own) problems.push(own);
  return problems;
}

// Digits 0-9 of scripts other than ASCII, by the code point of their zero.
const SCRIPTS: Record<string, number> = {
  'Arabic-Indic': 0x660, 'Extended Arabic-Indic': 0x6f0, NKo: 0x7c0, Devanagari: 0x966, Bengali: 0x9e6, Gurmukhi: 0xa66, Gujarati: 0xae6, Oriya: 0xb66, Tamil: 0xbe6,
  Telugu: 0xc66, Kannada: 0xce6, Malayalam: 0xd66, Thai: 0xe50, Lao: 0xed0, Tibetan: 0xf20, Myanmar: 0x1040, Khmer: 0x17e0, Fullwidth: 0xff10,
};

function cases(): Case[] {
  const all: Case[] = [];
  const add = (group: string, name: string, send: Case['send'], more: Partial<Case> = {}) => all.push({ group, name, send, ...more });

  for (const [script, zero] of Object.entries(SCRIPTS)) {
    for (let d = 0; d < 10; d++) {
      const digit = String.fromCodePoint(zero + d);
      add('numerals', `${script} ${d}`, request('GET', `/api/predict?q=${encodeURIComponent(digit)}`), { status: [422], code: 'numeral' });
      add('numerals', `${script} ${d} in a phrase, partial`, request('GET', `/api/predict?partial=1&q=${encodeURIComponent(`${digit}${digit} hundred`)}`), { status: [422], code: 'numeral' });
    }
    const phrases = Array.from({ length: 10 }, (_, d) => String.fromCodePoint(zero + d));
    add('numerals', `${script} batch`, json('/api/predict/batch', JSON.stringify({ phrases })), {
      status: [200],
      check: (r) => ((JSON.parse(r.body) as { results: { error?: { code: string } }[] }).results.every((x) => x.error?.code === 'numeral') ? undefined : 'a digit read'),
    });
    add('numerals', `${script} grammar`, request('GET', `/api/predict?reader=grammar&q=${encodeURIComponent(phrases.join(''))}`), { status: [422], code: 'numeral' });
  }

  const targets = ['package.json', 'src/server/app.ts', '.git/config', 'etc/passwd'];
  const climbs = ['../', '..%2f', '..%2F', '%2e%2e/', '%2e%2e%2f', '..%5c', '..\\', '%252e%252e%252f', '....//', '..;/', '.%2e/', '%c0%ae%c0%ae/', '..%c0%af', '%uff0e%uff0e/', '..%00/', '..%2f%2e%2e%2f'];
  for (const prefix of ['/static/', '/model/']) {
    for (const climb of climbs) {
      for (const target of targets) {
        const up = target === 'etc/passwd' ? climb.repeat(12) : climb.repeat(prefix === '/static/' ? 1 : 2);
        add('traversal', `${prefix}${up}${target}`, request('GET', `${prefix}${up}${target}`), { status: [400, 403, 404] });
      }
    }
  }
  for (const target of ['/static//etc/passwd', '/model//etc/passwd', '/static/%2fetc%2fpasswd', '/static/build/../../package.json', '/model/model.json%00.png', '/static/style.css%00', '/static/.', '/model/.', '/static/..', '/model/..']) {
    add('traversal', target, request('GET', target), { status: [301, 400, 403, 404] });
  }

  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  const bodies: [string, string | Buffer, number[], string?][] = [
    ['nesting 300k as the body', deep(300_000), [400]],
    ['nesting 300k in the phrase', `{"phrase": ${deep(300_000)}}`, [400]],
    ['nesting 300k of objects', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, [400]],
    ['__proto__ phrase', '{"__proto__": {"phrase": "one"}}', [400]],
    ['constructor prototype', '{"constructor": {"prototype": {"phrase": "one"}}, "phrase": "two"}', [200]],
    ['phrase object with toString', '{"phrase": {"toString": "one"}}', [400]],
    ['phrase number', '{"phrase": 42}', [400]],
    ['phrase null', '{"phrase": null}', [400]],
    ['phrase array', '{"phrase": ["one"]}', [400]],
    ['phrase true', '{"phrase": true}', [400]],
    ['phrase 1e999', '{"phrase": 1e999}', [400]],
    ['phrase empty', '{"phrase": ""}', [400]],
    ['phrase spaces', '{"phrase": "   "}', [400]],
    ['phrase at the limit', JSON.stringify({ phrase: `${'one '.repeat(MAX_PHRASE_CHARS / 4)}`.trim() }), [200, 422]],
    ['phrase one over the limit', JSON.stringify({ phrase: 'x'.repeat(MAX_PHRASE_CHARS + 1) }), [413]],
    ['phrase of NULs', JSON.stringify({ phrase: '\u0000'.repeat(50) }), [400, 422]],
    ['phrase of lone surrogates', '{"phrase": "\\ud800\\udfff\\ud800 one"}', [422]],
    ['phrase RTL override', JSON.stringify({ phrase: '\u202eeno' }), [422]],
    ['phrase zero-width joiners', JSON.stringify({ phrase: 'o\u200dn\u200de' }), [200, 422]],
    ['phrase combining marks', JSON.stringify({ phrase: `one${'\u0301'.repeat(200)}` }), [422]],
    ['phrase of emoji', JSON.stringify({ phrase: '🔢'.repeat(100) }), [422]],
    ['duplicate keys', '{"phrase": 1, "phrase": "seven"}', [200]],
    ['trailing comma', '{"phrase": "one",}', [400]],
    ['single quotes', "{'phrase': 'one'}", [400]],
    ['comment', '{"phrase": "one" /* x */}', [400]],
    ['NaN', '{"phrase": NaN}', [400]],
    ['bare string', '"one"', [400]],
    ['bare number', '42', [400]],
    ['null', 'null', [400]],
    ['empty', '', [400]],
    ['BOM', '\ufeff{"phrase": "one"}', [200, 400]],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x70, 0x68, 0x72, 0x61, 0x73, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x22, 0x7d]), [400, 422]],
    ['detail garbage', '{"phrase": "one", "detail": {"x": 1}}', [400], 'bad_detail'],
    ['reader garbage', '{"phrase": "one", "reader": "../../x"}', [400], 'bad_reader'],
    ['partial string', '{"phrase": "one", "partial": "yes"}', [400], 'bad_partial'],
    ['partial with detail value', '{"phrase": "one", "partial": true, "detail": "value"}', [400], 'bad_detail'],
  ];
  for (const [name, body, status, code] of bodies) add('json', `/api/predict: ${name}`, json('/api/predict', body), { status, code });
  const batches: [string, string, number[], string?][] = [
    ['phrases missing', '{}', [400], 'missing_phrases'],
    ['phrases a string', '{"phrases": "one"}', [400], 'missing_phrases'],
    ['phrases an object', '{"phrases": {"length": 5}}', [400], 'missing_phrases'],
    ['phrases empty', '{"phrases": []}', [200]],
    ['mixed types', '{"phrases": ["one", 2, null, [], {}, true, "", "ninety nine"]}', [200]],
    ['nested arrays', `{"phrases": [${deep(5_000)}]}`, [200, 400]],
    [`${MAX_BATCH} phrases`, JSON.stringify({ phrases: Array(MAX_BATCH).fill('nine hundred and ninety nine') }), [200]],
    [`${MAX_BATCH + 1} phrases`, JSON.stringify({ phrases: Array(MAX_BATCH + 1).fill('one') }), [413], 'too_many_phrases'],
    ['sparse-looking', '{"phrases": [,,]}', [400]],
    ['detail garbage', '{"phrases": ["one"], "detail": 7}', [400], 'bad_detail'],
    ['reader garbage', '{"phrases": ["one"], "reader": null}', [400], 'bad_reader'],
    ['grammar reader, every kind of item', '{"phrases": ["one", 2, "x", "٣", "two and a half"], "reader": "grammar"}', [200]],
  ];
  for (const [name, body, status, code] of batches) add('json', `/api/predict/batch: ${name}`, json('/api/predict/batch', body), { status, code });
  const extracts: [string, string, number[], string?][] = [
    ['text missing', '{}', [400], 'missing_text'],
    ['text a number', '{"text": 5}', [400], 'not_a_string'],
    ['text at the limit', JSON.stringify({ text: 'a'.repeat(MAX_EXTRACT_CHARS) }), [200]],
    ['text over the limit', JSON.stringify({ text: 'a'.repeat(MAX_EXTRACT_CHARS + 1) }), [413], 'too_long'],
    ['too many numbers', JSON.stringify({ text: 'one '.repeat(2_400) }), [413], 'too_many_numbers'],
    ['dense numbers at the limit', JSON.stringify({ text: 'nine hundred and ninety nine, '.repeat(MAX_EXTRACT_CHARS / 30) }), [200, 413]],
    ['threshold NaN-like', '{"text": "one", "threshold": "NaN"}', [400], 'bad_threshold'],
    ['threshold negative', '{"text": "one", "threshold": -1}', [400], 'bad_threshold'],
    ['threshold 1e999', '{"text": "one", "threshold": 1e999}', [400], 'bad_threshold'],
    ['ordinalThreshold object', '{"text": "one", "ordinalThreshold": {}}', [400], 'bad_threshold'],
    ['binary garbage', JSON.stringify({ text: Array.from({ length: 5_000 }, (_, i) => String.fromCharCode((i * 7919) % 0xd7ff)).join('') }), [200]],
    ['one long word', JSON.stringify({ text: 'one'.repeat(3_000) }), [200]],
    ['detail garbage', '{"text": "one", "detail": []}', [400], 'bad_detail'],
  ];
  for (const [name, body, status, code] of extracts) add('json', `/api/extract: ${name}`, json('/api/extract', body), { status, code });
  for (const [type, status] of [['text/plain', 415], ['application/x-www-form-urlencoded', 415], ['multipart/form-data; boundary=x', 415], ['application/json; charset=utf-16', 415], ['application/json; charset=klingon', 415], ['application/json; charset=latin1', 415]] as const) {
    add('json', `/api/predict as ${type}`, request('POST', '/api/predict', { 'Content-Type': type }, 'phrase=one'), { status: [status, 400] });
  }

  const queries = [
    'q=', 'q', 'q[]=one&q[]=two', 'q[a]=one', 'q=one&q=two', `q=${'one%20'.repeat(80)}`, `q=${'x'.repeat(MAX_PHRASE_CHARS + 1)}`, 'q=%', 'q=%zz', 'q=%ff%fe',
    'q=%00', 'q=%0d%0aSet-Cookie:%20x=1', 'q=%3Cscript%3Ealert(1)%3C/script%3E', 'q=one&detail=', 'q=one&detail[]=value', 'q=one&reader=grammar&partial=maybe',
    'q=one&partial=1&detail=value', 'q=__proto__', 'q=constructor', 'q=toString', `${Array.from({ length: 2_000 }, (_, i) => `k${i}=v`).join('&')}&q=one`, 'q=%E2%80%AEeno',
    'q=1e309', 'q=-0', 'q=0x10', 'q=1%2C000%2C000', 'q=%EF%BC%95', 'q=Infinity', 'q=NaN', 'q=9'.padEnd(200, '9'),
  ];
  for (const q of queries) {
    add('query', `/api/predict?${q.slice(0, 60)}`, request('GET', `/api/predict?${q}`), { check: (r) => (r.headers['set-cookie'] ? 'a header injected' : undefined) });
    add('query', `/?${q.slice(0, 60)}`, request('GET', `/?${q}`), {
      check: (r) => (r.headers['set-cookie'] ? 'a header injected' : /<script>alert/i.test(r.body) ? 'script echoed unescaped' : undefined),
    });
  }

  const routes = ['/', '/api/predict', '/api/predict/batch', '/api/extract', '/api/model', '/healthz', '/model/meta.json', '/static/style.css', '/api/nothing', '/nothing'];
  for (const route of routes) {
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'FOO']) {
      // llhttp refuses a method it does not know (400) before the app sees it.
      const refused = method === 'FOO' ? [400] : [];
      add('methods', `${method} ${route}`, request(method, route), { status: [...refused, ...(route.includes('nothing') ? [404, 405] : [405])], check: (r) => (r.status === 405 && !r.headers.allow ? 'a 405 without Allow' : undefined) });
    }
    add('methods', `HEAD ${route}`, request('HEAD', route), { head: true, status: route.includes('nothing') ? [404] : route === '/api/predict' ? [400] : route.startsWith('/api/') && route !== '/api/model' ? [405] : [200] });
  }

  const rawRequests: [string, string | Buffer, number[]][] = [
    ['garbage line', 'HELLO\r\n\r\n', [400]],
    ['HTTP/0.9', 'GET /\r\n\r\n', [200, 400]],
    ['HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', [400, 505]],
    ['HTTP/3.0', 'GET / HTTP/3.0\r\nHost: x\r\n\r\n', [400, 505]],
    ['no Host', 'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n', [400]],
    ['no Host, HTTP/1.0', 'GET /healthz HTTP/1.0\r\n\r\n', [200]],
    ['two Hosts', 'GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n', [200, 400]],
    ['absolute-form', 'GET http://evil.example/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', [200, 400]],
    ['asterisk-form', 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', [400, 404, 405]],
    ['CONNECT', 'CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n', [400, 405]],
    ['NUL in the target', 'GET /\u0000 HTTP/1.1\r\nHost: x\r\n\r\n', [400]],
    ['space in the target', 'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n', [400]],
    ['LF only', 'GET /healthz HTTP/1.1\nHost: x\nConnection: close\n\n', [200, 400]],
    ['a header without a colon', 'GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n', [400]],
    ['obsolete line folding', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n 2\r\nConnection: close\r\n\r\n', [200, 400]],
    ['headers of 100 KB', `GET / HTTP/1.1\r\nHost: x\r\nX-A: ${'a'.repeat(100_000)}\r\n\r\n`, [431]],
    ['5,000 headers', `GET / HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 5_000 }, (_, i) => `X-${i}: 1\r\n`).join('')}\r\n`, [431, 200]],
    ['a URL of 100 KB', `GET /?q=${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, [431, 414]],
    ['Content-Length and Transfer-Encoding', 'POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', [400]],
    ['two Content-Lengths', 'POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 20\r\n\r\n{}', [400]],
    ['negative Content-Length', 'POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}', [400]],
    ['Content-Length not a number', 'POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1e3\r\n\r\n{}', [400]],
    ['Content-Length of 2^64', 'POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 18446744073709551616\r\n\r\n{}', [400, 413]],
    ['Transfer-Encoding gzip, chunked', `POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n${chunked('{"phrase":"one"}').toString()}`, [200, 400, 415, 501]],
    ['Transfer-Encoding identity', 'POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: identity\r\n\r\n{"phrase":"one"}', [400, 501]],
    ['a bad chunk size', 'POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n', [400]],
    ['a chunk longer than said', 'POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{"phrase":"one"}\r\n0\r\n\r\n', [400]],
    ['chunk extensions of 100 KB', `POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2;${'a'.repeat(100_000)}\r\n{}\r\n0\r\n\r\n`, [400, 413]],
    ['Expect: 100-continue', json('/api/predict', '{"phrase": "one"}', { Expect: '100-continue' }).toString('latin1'), [200]],
    ['Expect: teapot', json('/api/predict', '{"phrase": "one"}', { Expect: 'teapot' }).toString('latin1'), [417]],
    ['Upgrade: websocket', 'GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n', [200, 400, 426]],
    ['Range past the end', request('GET', '/static/style.css', { Range: 'bytes=99999999-' }).toString('latin1'), [416]],
    ['Range of 1,000 parts', request('GET', '/static/style.css', { Range: `bytes=${Array.from({ length: 1_000 }, (_, i) => `${i}-${i}`).join(',')}` }).toString('latin1'), [200, 206, 416]],
    ['Range garbage', request('GET', '/model/meta.json', { Range: 'bytes=--1' }).toString('latin1'), [200, 416]],
    ['If-None-Match of 50 KB', request('GET', '/static/style.css', { 'If-None-Match': `"${'a'.repeat(50_000)}"` }).toString('latin1'), [200, 304, 431]],
    ['Accept-Encoding garbage', request('GET', '/api/model', { 'Accept-Encoding': ';;;q=x, gzip;q=2' }).toString('latin1'), [200]],
  ];
  for (const [name, text, status] of rawRequests) add('http', name, text, { status });

  const gzipBomb = zlib.gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x20), { level: 9 });
  const deflateBomb = zlib.deflateSync(Buffer.alloc(50 * 1024 * 1024, 0x20), { level: 9 });
  const brBomb = zlib.brotliCompressSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
  const under = Buffer.from(`{"phrase": "forty two"${' '.repeat(1000)}}`);
  const limits: [string, Buffer, number[], string?][] = [
    [`gzip bomb: ${gzipBomb.length} bytes inflating to 200 MB`, json('/api/predict', gzipBomb, { 'Content-Encoding': 'gzip' }), [413], 'body_too_large'],
    ['deflate bomb (50 MB)', json('/api/predict', deflateBomb, { 'Content-Encoding': 'deflate' }), [413], 'body_too_large'],
    ['brotli bomb (50 MB)', json('/api/predict', brBomb, { 'Content-Encoding': 'br' }), [413], 'body_too_large'],
    ['gzip bomb, chunked', Buffer.concat([request('POST', '/api/predict', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Transfer-Encoding': 'chunked' }), chunked(gzipBomb)]), [413], 'body_too_large'],
    ['gzip, small', json('/api/predict', zlib.gzipSync(under), { 'Content-Encoding': 'gzip' }), [200]],
    ['gzip, corrupt', json('/api/predict', Buffer.concat([zlib.gzipSync(under).subarray(0, 20), Buffer.alloc(20, 1)]), { 'Content-Encoding': 'gzip' }), [400]],
    ['gzip twice said', json('/api/predict', zlib.gzipSync(under), { 'Content-Encoding': 'gzip, gzip' }), [400, 415]],
    ['Content-Encoding compress', json('/api/predict', under, { 'Content-Encoding': 'compress' }), [415]],
    ['body of exactly 1 MB', json('/api/predict', Buffer.concat([under, Buffer.alloc(BODY_LIMIT_BYTES - under.length, 0x20)])), [200]],
    ['body of 1 MB + 1', json('/api/predict', Buffer.concat([under, Buffer.alloc(BODY_LIMIT_BYTES + 1 - under.length, 0x20)])), [413], 'body_too_large'],
    ['chunked body of exactly 1 MB', Buffer.concat([request('POST', '/api/predict', { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }), chunked(under.toString() + ' '.repeat(BODY_LIMIT_BYTES - under.length))]), [200]],
    ['chunked body of 1 MB + 1', Buffer.concat([request('POST', '/api/predict', { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }), chunked(under.toString() + ' '.repeat(BODY_LIMIT_BYTES + 1 - under.length))]), [413], 'body_too_large'],
    ['declared 1 TB, sent 10 bytes', request('POST', '/api/predict', { 'Content-Type': 'application/json', 'Content-Length': String(2 ** 40) }, '{"phrase":'), [413], 'body_too_large'],
  ];
  for (const [name, bytes, status, code] of limits) add('limits', name, bytes, { status, code, timeoutMs: 20_000 });
  for (const [route, framing] of ['/api/predict', '/api/predict/batch', '/', '/static/style.css'].flatMap((r) => [[r, 'chunked'], [r, 'declared']] as const)) {
    // The client sends on for as long as the connection takes it: a chunked body that never ends, or 1 GB declared.
    add('limits', `an endless ${framing} body on ${route}`, (socket) => {
      socket.write(request('POST', route, { 'Content-Type': 'application/json', ...(framing === 'chunked' ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(2 ** 30) }) }));
      const frame = framing === 'chunked' ? Buffer.from(`10000\r\n${' '.repeat(0x10000)}\r\n`) : Buffer.alloc(0x10000, 0x20);
      const pump = () => {
        while (!socket.destroyed && socket.write(frame));
        socket.once('drain', pump);
      };
      pump();
    }, { status: [405, 413], timeoutMs: 5_000, check: (r) => (r.ms > 2_000 ? `answered after ${r.ms} ms` : undefined) });
  }
  return all;
}

/** Requests of the concurrency check: singles, partials, the grammar, small batches, extracts. */
function concurrentRequests(count: number): Buffer[] {
  const phrases = ['forty two', 'nine hundred and ninety nine thousand', 'fourty tow', 'seventy eleven', 'two and a half', 'a million two hundred thousand', 'nought', 'three hundred and'];
  return Array.from({ length: count }, (_, i) => {
    const phrase = phrases[i % phrases.length] as string;
    switch (i % 5) {
      case 0:
        return request('GET', `/api/predict?q=${encodeURIComponent(phrase)}`);
      case 1:
        return request('GET', `/api/predict?partial=1&q=${encodeURIComponent(phrase)}`);
      case 2:
        return request('GET', `/api/predict?reader=grammar&q=${encodeURIComponent(phrase)}`);
      case 3:
        return json('/api/predict/batch', JSON.stringify({ phrases: phrases.slice(0, 1 + (i % phrases.length)) }));
      default:
        return json('/api/extract', JSON.stringify({ text: `We sold ${phrase} units, then ${phrases[(i + 3) % phrases.length]} more.` }));
    }
  });
}

async function concurrency(port: number, count: number, parallel: number): Promise<string[]> {
  const requests = concurrentRequests(count);
  const alone: string[] = [];
  for (const r of requests.slice(0, 40)) alone.push((await exchange(port, r, 10_000)).body);
  const together: Reply[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const i = next++;
        together[i] = await exchange(port, requests[i] as Buffer, 30_000);
      }
    }),
  );
  const problems: string[] = [];
  together.forEach((r, i) => {
    if (r.hung || r.status === 0 || r.status >= 500) problems.push(`request ${i}: status ${r.status}${r.hung ? ', no whole answer' : ''}`);
    else if (r.body !== alone[i % 40]) problems.push(`request ${i}: answered unlike the same request alone`);
  });
  return problems;
}

/** A slowloris (headers a byte at a time) and a slow body, while a normal client's GET is timed. */
async function slowClients(port: number): Promise<string[]> {
  const problems: string[] = [];
  const drip = (text: string, everyMs: number) => (socket: net.Socket) => {
    let at = 0;
    const timer = setInterval(() => (socket.destroyed || at >= text.length ? clearInterval(timer) : socket.write(text[at++] as string)), everyMs);
    socket.once('close', () => clearInterval(timer));
  };
  const loris = exchange(port, drip(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: ${'a'.repeat(1_000)}\r\n\r\n`, 500), 15_000);
  const body = `{"phrase": "${'one '.repeat(50)}"}`;
  const slowBody = exchange(port, (socket) => {
    socket.write(request('POST', '/api/predict', { 'Content-Type': 'application/json', 'Content-Length': String(body.length) }));
    drip(body, 500)(socket);
  }, 40_000);
  const latencies: number[] = [];
  const until = Date.now() + 12_000;
  while (Date.now() < until) {
    const r = await exchange(port, request('GET', '/api/predict?q=forty%20two'), 5_000);
    if (r.status !== 200) problems.push(`the normal client got ${r.status} while slow clients held connections`);
    latencies.push(r.ms);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const [l, s] = await Promise.all([loris, slowBody]);
  // The timeouts are checked once a second (src/cli/listen.ts): 1 s of slack, and 1 s for a loaded machine.
  if (l.status !== 408 || l.ms > 12_000) problems.push(`slowloris: ${l.status || 'no answer'} after ${l.ms} ms (want 408 within the 10 s header timeout)`);
  if (s.status !== 408 || s.ms > 32_000) problems.push(`slow body: ${s.status || 'no answer'} after ${s.ms} ms (want 408 within the 30 s request timeout)`);
  const worst = Math.max(...latencies);
  console.log(`  slow clients: slowloris ${l.status} after ${(l.ms / 1000).toFixed(1)} s, slow body ${s.status} after ${(s.ms / 1000).toFixed(1)} s; the normal client's worst GET ${worst} ms over ${latencies.length}`);
  if (worst > 1_000) problems.push(`the normal client waited ${worst} ms`);
  return problems;
}

async function probe(workers: number, quick: boolean, parallel: number): Promise<number> {
  const server: Server = await startServer(['--workers', String(workers)]);
  const port = Number(new URL(server.url).port);
  const failures: string[] = [];
  const started = Date.now();
  try {
    const all = cases();
    const byGroup = new Map<string, number>();
    for (const c of all) {
      const reply = await exchange(port, c.send, c.timeoutMs ?? 5_000);
      byGroup.set(c.group, (byGroup.get(c.group) ?? 0) + 1);
      for (const p of generic(c, reply)) failures.push(`[${c.group}] ${c.name}: ${p}`);
    }
    const COUNT = 4_000;
    failures.push(...(await concurrency(port, COUNT, parallel)).map((p) => `[concurrency] ${p}`));
    // Alone, so the normal client's times are the slow clients' doing.
    if (!quick) failures.push(...(await slowClients(port)).map((p) => `[slow] ${p}`));
    const health = await exchange(port, request('GET', '/healthz'), 5_000);
    if (health.status !== 200) failures.push(`[after] /healthz answered ${health.status}`);
    if (server.child.exitCode !== null) failures.push(`[after] the server exited (${server.child.exitCode})`);
    for (const line of server.errors) if (/internal error|died|exited|uncaught|Error:/i.test(line)) failures.push(`[after] the server logged: ${line.slice(0, 200)}`);
    const counts = [...byGroup].map(([g, n]) => `${g} ${n}`).join(', ');
    console.log(`${workers} worker${workers === 1 ? '' : 's'}: ${all.length} hostile requests (${counts}), ${COUNT} compared sent ${parallel} at a time${quick ? '' : ', 2 slow clients'}, in ${((Date.now() - started) / 1000).toFixed(1)} s: ${failures.length} failure${failures.length === 1 ? '' : 's'}`);
    for (const f of failures) console.log(`  ${f}`);
  } finally {
    const code = await stopServer(server);
    if (code !== 0) {
      console.log(`  the server exited ${code} on SIGTERM`);
      failures.push('exit');
    }
  }
  return failures.length;
}

async function main(): Promise<void> {
  const opts = new Command()
    .option('--workers <list>', 'worker counts to run, comma-separated', '1,2')
    .option('--parallel <n>', 'connections at once in the concurrency check', '32')
    .option('--quick', 'skip the slow clients (~45 s)')
    .parse()
    .opts<{ workers: string; parallel: string; quick?: boolean }>();
  let failed = 0;
  for (const workers of opts.workers.split(',').map(Number)) failed += await probe(workers, opts.quick === true, Number(opts.parallel));
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
