// The HTTP server around the app: bounded in time (a client sending its request slowly, or not reading its
// answer, is cut off), in connections (per client too, so idle sockets cannot lock others out), answering
// even Node's own refusals as JSON, started so that "listening" is said only once the port is really ours,
// and stopped within a bounded time whatever clients do.

import { createServer, STATUS_CODES, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { SECURITY_HEADERS } from '../server/security.ts';

export interface ServerLimits {
  /** Longest a client may take to send a whole request (headers and body). */
  requestTimeoutMs?: number;
  /** Longest a client may take to send the headers. */
  headersTimeoutMs?: number;
  /** Idle keep-alive connections are closed after this long. */
  keepAliveTimeoutMs?: number;
  /** Longest an answer may wait, unsent, for a client that does not read it: then the connection is cut. */
  writeTimeoutMs?: number;
  /**
   * Connections held at once. At the cap a new connection replaces the oldest idle one (no request being
   * answered: silent, half-sent, or kept alive); with none idle it is closed at once.
   */
  maxConnections?: number;
  /** Connections held at once from one remote address; more from it are closed as they arrive. */
  maxConnectionsPerClient?: number;
}

export const DEFAULT_LIMITS: Required<ServerLimits> = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  writeTimeoutMs: 15_000,
  maxConnections: 1_000,
  maxConnectionsPerClient: 100,
};

/** Limits for one of `workers` processes sharing a port: each holds its share of the connection caps. */
export function workerLimits(workers: number): ServerLimits {
  const share = (n: number) => Math.max(1, Math.floor(n / workers));
  return { maxConnections: share(DEFAULT_LIMITS.maxConnections), maxConnectionsPerClient: share(DEFAULT_LIMITS.maxConnectionsPerClient) };
}

/** What the server knows of one connection. */
interface Connection {
  client: string;
  /** Requests on it being answered now (0: idle). */
  busy: number;
  /** Bytes the kernel has taken so far, and when that last grew while more waited to be sent. */
  sent: number;
  progressAt: number;
}

/** A JSON error written straight on the socket, for refusals Node makes before the app sees a request. */
function rawError(status: number, code: string, message: string): string {
  const body = JSON.stringify({ error: { code, message } });
  const headers = { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' };
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body}`;
}

/** A JSON error as the answer to a request the app never sees. */
function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', Connection: 'close' });
  res.end(JSON.stringify({ error: { code, message } }));
}

/** Node's refusals (llhttp's error codes, its timeouts) as status and code; anything else is a bad request. */
function clientErrorStatus(error: NodeJS.ErrnoException): [number, string, string] {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'headers_too_large', 'the request headers are too large'];
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'body_too_large', 'the chunk extensions are too large'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'request_timeout', 'the request was not received in time'];
    default:
      return [400, 'bad_request', 'the request is not valid HTTP'];
  }
}

const connections = new WeakMap<Server, Map<Socket, Connection>>();

export function createLimitedServer(app: RequestListener, limits: ServerLimits = {}): Server {
  const l = { ...DEFAULT_LIMITS, ...limits };
  const server = createServer(
    {
      requestTimeout: l.requestTimeoutMs,
      headersTimeout: Math.min(l.headersTimeoutMs, l.requestTimeoutMs),
      keepAliveTimeout: l.keepAliveTimeoutMs,
      // Node checks the two timeouts on this period (30 s by default), which would let a slow client stay
      // up to twice as long as allowed.
      connectionsCheckingInterval: Math.min(1_000, l.requestTimeoutMs),
      // Node refuses an HTTP/1.1 request without Host with a bare 400 of its own; this one says why.
      requireHostHeader: false,
    },
    (req, res) => {
      if (req.httpVersion === '1.1' && req.headers.host === undefined) return refuse(res, 400, 'missing_host', 'an HTTP/1.1 request must have a Host header');
      app(req, res);
    },
  );
  const open = new Map<Socket, Connection>();
  connections.set(server, open);
  const perClient = new Map<string, number>();

  server.on('connection', (socket: Socket) => {
    const client = socket.remoteAddress ?? '';
    if ((perClient.get(client) ?? 0) >= l.maxConnectionsPerClient) return void socket.destroy();
    if (open.size >= l.maxConnections) {
      // Maps keep insertion order: the first idle one found is the oldest.
      const idle = [...open].find(([, c]) => c.busy === 0)?.[0];
      if (!idle) return void socket.destroy();
      idle.destroy();
      forget(idle);
    }
    open.set(socket, { client, busy: 0, sent: 0, progressAt: Date.now() });
    perClient.set(client, (perClient.get(client) ?? 0) + 1);
    socket.once('close', () => forget(socket));
  });
  function forget(socket: Socket): void {
    const c = open.get(socket);
    if (!c) return;
    open.delete(socket);
    const left = (perClient.get(c.client) ?? 1) - 1;
    if (left > 0) perClient.set(c.client, left);
    else perClient.delete(c.client);
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const c = open.get(req.socket);
    if (!c) return;
    c.busy += 1;
    res.once('close', () => {
      c.busy -= 1;
      if (stopping.has(server) && c.busy === 0) req.socket.end();
    });
  });

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // A response already under way cannot be followed by another on the same connection.
    const answering = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage?.headersSent;
    if (error.code === 'ECONNRESET' || !socket.writable || answering) return void socket.destroy();
    const [status, code, message] = clientErrorStatus(error);
    socket.end(rawError(status, code, message));
  });
  // Node answers an Expect it does not know with a bare 417; this one says why, with the usual headers.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => refuse(res, 417, 'expectation_failed', `"Expect: ${req.headers.expect}" is not supported`));
  // Without a listener Node closes a CONNECT's connection without a word.
  server.on('connect', (_req: IncomingMessage, socket: Socket) => socket.end(rawError(405, 'method_not_allowed', 'CONNECT is not allowed here; this server is no proxy')));

  // A connection with unsent data whose sent count has not grown for writeTimeoutMs is cut: its client is
  // not reading, and the kernel would hold its answer for as long as it likes.
  const checkEvery = Math.min(1_000, l.writeTimeoutMs / 2);
  const writeCheck = setInterval(() => {
    const now = Date.now();
    for (const [socket, c] of open) {
      const sent = socket.bytesWritten - socket.writableLength;
      if (socket.writableLength === 0 || sent > c.sent) {
        c.sent = sent;
        c.progressAt = now;
      } else if (now - c.progressAt >= l.writeTimeoutMs) {
        socket.destroy();
      }
    }
  }, checkEvery);
  writeCheck.unref();
  server.once('close', () => clearInterval(writeCheck));
  return server;
}

/** Listens, resolving with the actual port once listening, rejecting (e.g. EADDRINUSE) if it cannot. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

const stopping = new WeakSet<Server>();

/**
 * Stops a server made by createLimitedServer within about `graceMs`: no new connections; idle and half-sent
 * ones closed at once (`server.close()` alone would wait for them, and stops the header and body timeouts
 * that would have cut them); a request being answered may finish within the grace and its connection then
 * closes; whatever is left after it is cut. Resolves once every connection is gone.
 */
export function stopServer(server: Server, graceMs = 5_000): Promise<void> {
  stopping.add(server);
  const open = connections.get(server) ?? new Map<Socket, Connection>();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const [socket, c] of open) if (c.busy === 0) socket.destroy();
  const cut = setTimeout(() => {
    for (const socket of open.keys()) socket.destroy();
  }, graceMs);
  cut.unref();
  return closed.finally(() => clearTimeout(cut));
}
