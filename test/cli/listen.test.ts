// The HTTP server's limits: slow requests and clients that do not read are cut off, connections are capped
// (per client too), Node's own refusals are JSON, a taken port is an error before anything says
// "listening", and a stop ends within its grace whatever clients do.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import net from 'node:net';
import { describe, it } from 'node:test';
import { createLimitedServer, DEFAULT_LIMITS, listen, stopServer, workerLimits, type ServerLimits } from '../../src/cli/listen.ts';
import { SECURITY_HEADERS } from '../../src/server/security.ts';

/** A server that answers with the request body, under `limits`. */
function echo(limits: ServerLimits = {}): Server {
  return createLimitedServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => res.end(body));
  }, limits);
}

async function started(server: Server): Promise<number> {
  return listen(server, 0, '127.0.0.1');
}

/** Opens a raw connection, writes `text`, and resolves with what came back and when the server closed it. */
function rawRequest(port: number, text: string, localAddress?: string): Promise<{ reply: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const socket = net.connect({ port, host: '127.0.0.1', localAddress }, () => socket.write(text));
    let reply = '';
    socket.on('data', (d) => (reply += d));
    socket.on('error', reject);
    socket.on('close', () => resolve({ reply, ms: Date.now() - start }));
  });
}

/** A connection that has been accepted, from `localAddress` (any 127.x.y.z reaches the server on Linux). */
function connected(port: number, localAddress?: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress }, () => resolve(socket));
    socket.on('error', reject);
  });
}

function closed(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    socket.on('error', () => undefined);
    socket.once('close', () => resolve());
  });
}

describe('server limits', () => {
  it('a request body sent too slowly is answered 408 and the connection closed', async () => {
    const server = echo({ requestTimeoutMs: 400 });
    const port = await started(server);
    try {
      const { reply, ms } = await rawRequest(port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part of it');
      assert.match(reply, /^HTTP\/1\.1 408/);
      assert.deepEqual(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n'))).error.code, 'request_timeout');
      // Cut off after the timeout, give or take the 400 ms checking period.
      assert.ok(ms >= 300 && ms < 3_000, `closed after ${ms} ms`);
    } finally {
      server.close();
    }
  });
  it('at the cap a new connection replaces the oldest idle one; with none idle it is closed at once', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const server = createLimitedServer((req, res) => void held.then(() => res.end(req.url)), { maxConnections: 2 });
    const port = await started(server);
    const idle = await Promise.all([0, 1].map(() => connected(port)));
    const idleClosed = closed(idle[0] as net.Socket);
    try {
      // Both held connections are idle: the oldest makes way.
      const first = rawRequest(port, 'GET /first HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      await idleClosed;
      assert.equal((idle[1] as net.Socket).destroyed, false);
      // Now one is busy answering /first and one idle: the idle one goes, then none is idle.
      const second = rawRequest(port, 'GET /second HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      await closed(idle[1] as net.Socket);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal((await rawRequest(port, 'GET /third HTTP/1.1\r\nHost: x\r\n\r\n')).reply, '');
      release();
      assert.match((await first).reply, /^HTTP\/1\.1 200[^]*\/first$/);
      assert.match((await second).reply, /^HTTP\/1\.1 200[^]*\/second$/);
    } finally {
      idle.forEach((s) => s.destroy());
      server.close();
    }
  });
  it('1,000 idle connections from one client do not lock out another: its share of the cap is full', async () => {
    const server = echo();
    const port = await started(server);
    const attacker = await Promise.all(Array.from({ length: 1_000 }, () => connected(port).catch(() => undefined)));
    try {
      // The kernel completes connects before the server sees them: those over the share close once it does.
      const open = () => attacker.filter((s) => s && !s.destroyed && s.readyState === 'open').length;
      for (let i = 0; i < 100 && open() > DEFAULT_LIMITS.maxConnectionsPerClient; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(open(), DEFAULT_LIMITS.maxConnectionsPerClient);
      for (let i = 0; i < 18; i++) {
        const { reply } = await rawRequest(port, `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello`, '127.0.0.2');
        assert.match(reply, /^HTTP\/1\.1 200[^]*hello$/);
      }
    } finally {
      attacker.forEach((s) => s?.destroy());
      server.close();
    }
  });
  it('idle connections from many addresses, at the total cap, make way for a new client', async () => {
    const server = echo({ maxConnections: 200, maxConnectionsPerClient: 50 });
    const port = await started(server);
    const idle = await Promise.all(Array.from({ length: 200 }, (_, i) => connected(port, `127.0.1.${1 + (i % 4)}`)));
    try {
      for (let i = 0; i < 18; i++) {
        const { reply } = await rawRequest(port, `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello`, '127.0.0.2');
        assert.match(reply, /^HTTP\/1\.1 200[^]*hello$/);
      }
    } finally {
      idle.forEach((s) => s.destroy());
      server.close();
    }
  });
  it('a client that does not read its answer is cut off once nothing more is sent for the write timeout', async () => {
    const size = 64 * 1024 * 1024;
    const server = createLimitedServer((_req, res) => res.end(Buffer.alloc(size, 'x')), { writeTimeoutMs: 500 });
    const port = await started(server);
    const socket = await connected(port);
    socket.pause();
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    try {
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      let received = 0;
      const ended = new Promise<void>((resolve) => {
        socket.on('data', (d: Buffer) => (received += d.length));
        socket.on('error', () => resolve());
        socket.on('close', () => resolve());
      });
      socket.resume();
      await ended;
      assert.ok(received < size, `received ${received} of ${size} bytes`);
    } finally {
      socket.destroy();
      server.close();
    }
  });
  it("Node's own refusals are JSON with the security headers: a bad request line, headers too large, an unknown Expect, no Host, CONNECT", async () => {
    const server = echo();
    const port = await started(server);
    try {
      const cases: [string, number, string][] = [
        ['BREW / HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'bad_request'],
        [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
        ['GET / HTTP/1.1\r\nHost: x\r\nExpect: tea\r\n\r\n', 417, 'expectation_failed'],
        ['GET / HTTP/1.1\r\n\r\n', 400, 'missing_host'],
        ['CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 405, 'method_not_allowed'],
      ];
      for (const [text, status, code] of cases) {
        const { reply } = await rawRequest(port, text);
        const [head = '', body = ''] = reply.split('\r\n\r\n');
        assert.match(head, new RegExp(`^HTTP/1\\.1 ${status} `));
        assert.match(head, /\r\ncontent-type: application\/json; charset=utf-8/i);
        for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.ok(head.toLowerCase().includes(`\r\n${name.toLowerCase()}: ${value.toLowerCase()}`), `${status}: ${name}`);
        // The 417 and the 400 for no Host are chunked (one chunk): the JSON sits between the chunk's size and the end.
        const json = code === 'expectation_failed' || code === 'missing_host' ? body.split('\r\n')[1] ?? '' : body;
        assert.equal(JSON.parse(json).error.code, code);
      }
    } finally {
      server.close();
    }
  });
  it('a stop closes silent, half-sent and idle connections at once, lets an answer finish, cuts the rest after the grace', async () => {
    const server = createLimitedServer((req, res) => {
      if (req.url === '/slow') setTimeout(() => res.end('slow done'), 300);
      else if (req.url !== '/never') res.end('ok');
    });
    const port = await started(server);
    const silent = await connected(port);
    const halfSent = await connected(port);
    halfSent.write('GET / HTTP/1.1\r\nHost: x\r\n');
    const keptAlive = await connected(port);
    keptAlive.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => keptAlive.once('data', resolve));
    const slow = rawRequest(port, 'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    const never = rawRequest(port, 'GET /never HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const start = Date.now();
    const stopped = stopServer(server, 1_000);
    await Promise.all([silent, halfSent, keptAlive].map(closed));
    assert.ok(Date.now() - start < 200, `idle connections closed after ${Date.now() - start} ms`);
    assert.match((await slow).reply, /^HTTP\/1\.1 200[^]*slow done$/);
    assert.equal((await never).reply, '');
    await stopped;
    const ms = Date.now() - start;
    assert.ok(ms >= 900 && ms < 2_000, `stopped after ${ms} ms`);
  });
  it('each of N workers holds its share of the connection caps', () => {
    assert.deepEqual(workerLimits(1), { maxConnections: 1_000, maxConnectionsPerClient: 100 });
    assert.deepEqual(workerLimits(3), { maxConnections: 333, maxConnectionsPerClient: 33 });
    assert.deepEqual(workerLimits(256), { maxConnections: 3, maxConnectionsPerClient: 1 });
  });
  it('a port in use rejects, and the server never reports listening', async () => {
    const first = echo();
    const port = await started(first);
    const second = echo();
    let listening = false;
    second.on('listening', () => (listening = true));
    try {
      await assert.rejects(listen(second, port, '127.0.0.1'), /EADDRINUSE/);
      assert.equal(listening, false);
    } finally {
      first.close();
    }
  });
});
