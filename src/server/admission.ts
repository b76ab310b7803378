// Bounds on what a request may make the server hold before its body is read: a declared body over the limit
// is refused at once (body-parser would read it all first, or wait for it), one of unstated length as soon
// as it passes the limit, and batch requests are admitted a few at a time per process, since each holds
// megabytes (its phrases, then its answer) until written.

import express, { type Request, type RequestHandler, type Response } from 'express';
import { RequestError, sendError } from './errors.ts';

/** How long a connection refused mid-body stays open, unread, for its client to read the 413. */
const LINGER_MS = 1_000;

/**
 * Closes the connection of a request whose body is still arriving once its answer is out: nothing more is
 * read, the client gets the end of the stream and a second to read the answer, then it is cut. Node's own
 * close (the answer's or the client's "Connection: close") cuts it as soon as the answer is out, and a close
 * with unread bytes is a reset: a client still sending loses the answer to it.
 */
function closeAfterAnswer(req: Request, res: Response): void {
  const socket = req.socket;
  const stop = () => (req.pause(), socket.pause());
  stop();
  // Node and body-parser resume an unread body to discard it: it is stopped again each time.
  socket.on('resume', stop);
  // Kept alive as far as Node knows, so that the close is this one's.
  res.shouldKeepAlive = true;
  res.once('finish', () => {
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
}

/** 413 for a Content-Length over `limit`, before a byte of the body is read; the connection is then closed. */
export function declaredLengthLimit(limit: number): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.headers['content-length']);
    if (!(declared > limit)) return next();
    closeAfterAnswer(req, res);
    next(new RequestError(413, 'body_too_large', `the request body is ${declared} bytes; the limit is ${limit}`));
  };
}

/**
 * The JSON body parser, with a body of unstated length (chunked) refused with 413 as soon as `limit` bytes
 * have passed: body-parser reads an over-long body to its end before it answers, so an endless one would
 * be read forever. Bodies of every other type are counted too, as Node would read them to their end.
 */
export function jsonBody(limit: number): RequestHandler {
  const parse = express.json({ limit });
  return (req, res, next) => {
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] !== undefined) {
      let received = 0;
      const count = (chunk: Buffer) => {
        received += chunk.length;
        if (received <= limit) return;
        req.off('data', count);
        if (res.headersSent) return void req.socket.destroy();
        closeAfterAnswer(req, res);
        sendError(res, 413, { code: 'body_too_large', message: `the request body passed the limit of ${limit} bytes` });
      };
      // Attached in the same turn as the parser's own listener, so neither misses a chunk.
      req.on('data', count);
    }
    parse(req, res, next);
  };
}

export interface AdmissionOptions {
  /** Requests read and answered at once. */
  running?: number;
  /** Requests waiting, their body unread (it stays in the kernel's buffers), in arrival order. */
  waiting?: number;
  /** Longest a request waits; well under the server's request timeout, which counts the wait. */
  maxWaitMs?: number;
}

/** Lets `running` requests through at once and queues `waiting` more; beyond that, or waited out: 503. */
export function admission({ running = 8, waiting = 128, maxWaitMs = 10_000 }: AdmissionOptions = {}): RequestHandler {
  let active = 0;
  const queue = new Set<() => void>();
  const busy = (res: Parameters<RequestHandler>[1], next: Parameters<RequestHandler>[2], why: string) => {
    res.set('Retry-After', '1');
    next(new RequestError(503, 'busy', `too many batch requests at once (${why}); retry in a moment`));
  };
  return (_req, res, next) => {
    const start = () => {
      active += 1;
      res.once('close', () => {
        active -= 1;
        const [first] = queue;
        if (first) first();
      });
      next();
    };
    if (active < running) return start();
    if (queue.size >= waiting) return busy(res, next, `${running} running, ${waiting} waiting`);
    const go = () => {
      queue.delete(go);
      clearTimeout(timer);
      start();
    };
    const timer = setTimeout(() => {
      queue.delete(go);
      busy(res, next, `waited ${maxWaitMs / 1000} s`);
    }, maxWaitMs);
    queue.add(go);
    // A client that leaves while waiting gives up its place.
    res.once('close', () => {
      if (!queue.delete(go)) return;
      clearTimeout(timer);
    });
  };
}
