// Bounds on what a request may make the server hold before its body is read: a declared body over the limit
// is refused at once (body-parser would read it all first, or wait for it), one of unstated length as soon
// as it passes the limit, and batch requests are admitted a few at a time per process, since each holds
// megabytes (its phrases, then its answer) until written.

import express, { type RequestHandler } from 'express';
import { RequestError, sendError } from './errors.ts';

/** 413 for a Content-Length over `limit`, before a byte of the body is read; the connection is then closed. */
export function declaredLengthLimit(limit: number): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.headers['content-length']);
    if (!(declared > limit)) return next();
    res.set('Connection', 'close');
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
        // Nothing more is read. The connection is closed after the answer, but not cut at once: closing
        // with unread bytes resets it, and a client still sending may lose the answer to the reset. (With
        // "Connection: close" Node would cut it as soon as the answer is out.)
        const socket = req.socket;
        socket.pause();
        if (res.headersSent) return void socket.destroy();
        res.once('finish', () => {
          socket.end();
          setTimeout(() => socket.destroy(), LINGER_MS).unref();
        });
        sendError(res, 413, { code: 'body_too_large', message: `the request body passed the limit of ${limit} bytes` });
      };
      // Attached in the same turn as the parser's own listener, so neither misses a chunk.
      req.on('data', count);
    }
    parse(req, res, next);
  };
}

/** How long a connection refused mid-body stays open, unread, for its client to read the 413. */
const LINGER_MS = 1_000;

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
