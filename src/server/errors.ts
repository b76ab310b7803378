// Maps every failure a request can cause to an HTTP status and a JSON body
// {"error": {"code", "message", "token"?, "position"?}} — never a stack trace, never a 500 for bad input.

import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Response } from 'express';
import { PhraseError, type PhraseErrorCode } from '../language/errors.ts';

/** A request the API refuses before any phrase is read. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const PHRASE_STATUS: Record<PhraseErrorCode, number> = {
  empty: 400,
  not_a_string: 400,
  too_long: 413,
  unknown_word: 422,
  numeral: 422,
  malformed: 422,
  out_of_vocabulary: 422,
  unlearned_form: 422,
};

export function phraseStatus(code: PhraseErrorCode): number {
  return PHRASE_STATUS[code];
}

/** Answers `{"error": body}` with `status`. */
export function sendError(res: Response, status: number, body: { code: string; message: string }): void {
  // The static file server may have labelled the answer as the file's type (and dated, tagged it) before
  // it failed: an error is JSON, about no file.
  for (const name of ['ETag', 'Last-Modified', 'Cache-Control', 'Accept-Ranges']) res.removeHeader(name);
  res.status(status).type('application/json').json({ error: body });
}

export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const type = (error as { type?: string }).type;
    // An answer already under way (or a 413 sent while the body streamed in, src/server/admission.ts)
    // cannot be followed by another: the connection is cut.
    if (res.headersSent) {
      if (type !== 'entity.too.large') log(`internal error after the answer began: ${(error as Error).stack ?? String(error)}`);
      return void res.destroy();
    }
    const send = (status: number, body: { code: string; message: string }) => sendError(res, status, body);
    if (error instanceof PhraseError) return send(phraseStatus(error.code), error.toJSON());
    if (error instanceof RequestError) return send(error.status, { code: error.code, message: error.message });
    // body-parser marks its own failures with a type and a 4xx status.
    if (type === 'entity.too.large') return send(413, { code: 'body_too_large', message: 'the request body is too large' });
    if (type === 'entity.parse.failed') return send(400, { code: 'bad_json', message: 'the request body is not valid JSON' });
    // Other 4xx errors come from Express and its static file server, whose messages name absolute paths:
    // the status's own phrase says enough.
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code = ({ 404: 'not_found', 416: 'range_not_satisfiable' } as Record<number, string>)[status] ?? 'bad_request';
      return send(status, { code, message: (STATUS_CODES[status] ?? 'bad request').toLowerCase() });
    }
    log(`internal error: ${(error as Error).stack ?? String(error)}`);
    return send(500, { code: 'internal', message: 'internal error' });
  };
}
