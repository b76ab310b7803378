// The HTTP server around the app: bounded in time (a client sending its request slowly is cut off) and in
// connections, and started so that "listening" is said only once the port is really ours.

import { createServer, type RequestListener, type Server } from 'node:http';

export interface ServerLimits {
  /** Longest a client may take to send a whole request (headers and body). */
  requestTimeoutMs?: number;
  /** Longest a client may take to send the headers. */
  headersTimeoutMs?: number;
  /** Idle keep-alive connections are closed after this long. */
  keepAliveTimeoutMs?: number;
  /** Connections held at once; more are closed as they arrive. */
  maxConnections?: number;
}

export const DEFAULT_LIMITS: Required<ServerLimits> = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
};

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
    },
    app,
  );
  server.maxConnections = l.maxConnections;
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
