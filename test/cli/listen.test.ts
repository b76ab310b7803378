// The HTTP server's limits: slow requests are cut off, connections are capped, and a taken port is an error
// before anything says "listening".
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import net from 'node:net';
import { describe, it } from 'node:test';
import { createLimitedServer, listen, type ServerLimits } from '../../src/cli/listen.ts';

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
function rawRequest(port: number, text: string): Promise<{ reply: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let reply = '';
    socket.on('data', (d) => (reply += d));
    socket.on('error', reject);
    socket.on('close', () => resolve({ reply, ms: Date.now() - start }));
  });
}

describe('server limits', () => {
  it('a request body sent too slowly is answered 408 and the connection closed', async () => {
    const server = echo({ requestTimeoutMs: 400 });
    const port = await started(server);
    try {
      const { reply, ms } = await rawRequest(port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part of it');
      assert.match(reply, /^HTTP\/1\.1 408/);
      // Cut off after the timeout, give or take the 400 ms checking period.
      assert.ok(ms >= 300 && ms < 3_000, `closed after ${ms} ms`);
    } finally {
      server.close();
    }
  });
  it('connections beyond the cap are closed at once; the others are served', async () => {
    const server = echo({ maxConnections: 2 });
    const port = await started(server);
    const held = await Promise.all([0, 1].map(() => new Promise<net.Socket>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(s));
    })));
    await new Promise((resolve) => setTimeout(resolve, 100));
    try {
      const { reply } = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      assert.equal(reply, '');
      held[0]?.destroy();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const served = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'hello', headers: { connection: 'close' } });
      assert.equal(await served.text(), 'hello');
    } finally {
      held.forEach((s) => s.destroy());
      server.close();
    }
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
