import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { AppError, errors, GenericCode } from './app-error.js';
import type { Dialect, WireError } from './dialect.js';
import { controlDialect } from './dialects/control.js';
import { sendBytes } from '../http/send-json.js';

// The one place an error becomes an answer. Nothing else may render one: Express's own final handler writes
// HTML with the stack and file paths, so the renderer must never throw and never hand the error on. A body that
// cannot be rendered (a value nested past what JSON.stringify can walk, a header value Node refuses) falls back
// to the dialect's 500, and that to a fixed body.

/** The last resort when even the dialect's 500 cannot be rendered: plain, fixed, no detail. */
const LAST_RESORT = Buffer.from('{"error":"InternalError","message":"An unknown internal error has occurred"}', 'utf8');

/** Writes an error in the dialect of the API the request addressed. Never a stack trace, never HTML. */
export function sendError(req: Request, res: Response, error: AppError): void {
  if (res.headersSent) {
    // Part of another answer is already out: all that is left is to end it.
    if (!res.writableEnded) res.end();
    return;
  }
  let dialect: Dialect;
  let facts: { method: string; path: string; now: number };
  try {
    // The front door sets the dialect before any route runs; an error before it is the emulator's own.
    dialect = res.locals.dialect ?? controlDialect;
    facts = { method: req.method, path: req.originalUrl.split('?')[0] ?? req.path, now: res.locals.now?.() ?? Date.now() };
  } catch {
    return lastResort(res);
  }
  if (tryWrite(res, error, () => dialect.render(error, facts))) return;
  const internal = errors.internal();
  if (tryWrite(res, internal, () => dialect.render(internal, facts))) return;
  lastResort(res);
}

function tryWrite(res: Response, error: AppError, render: () => WireError): boolean {
  const set: string[] = [];
  try {
    const wire = render();
    const bytes = Buffer.from(JSON.stringify(wire.body), 'utf8');
    const headers = { ...wire.headers, ...(error.explain ? { 'X-Emulator-Explain': error.explain.slice(0, 500) } : {}) };
    for (const [name, value] of Object.entries(headers)) {
      set.push(name);
      res.setHeader(name, headerSafe(value));
    }
    res.locals.note = error.explain ?? (error.status >= 500 ? undefined : error.message);
    sendBytes(res, wire.status, bytes, wire.contentType);
    return true;
  } catch {
    // Headers of the failed attempt must not leak into the fallback answer.
    for (const name of set) res.removeHeader(name);
    return false;
  }
}

function lastResort(res: Response): void {
  try {
    res.locals.note = undefined;
    sendBytes(res, 500, LAST_RESORT, 'application/json; charset=utf-8');
  } catch {
    res.destroy();
  }
}

/** The 4xx that library errors (http-errors, as router, send and body-parser raise them) stand for. */
const BY_STATUS: Partial<Record<number, (message: string) => AppError>> = {
  400: (m) => new AppError(400, GenericCode.MalformedBody, m),
  404: (m) => errors.notFound(m),
  405: (m) => new AppError(405, GenericCode.MethodNotAllowed, m),
  413: (m) => new AppError(413, GenericCode.PayloadTooLarge, m),
  415: (m) => new AppError(415, GenericCode.UnsupportedMediaType, m),
};

/** Turns whatever was thrown into an AppError: library failures keep their meaning, the rest is a 500. */
export function toAppError(err: unknown, onUnexpected: (err: unknown) => void): AppError {
  if (err instanceof AppError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    type?: unknown;
    status?: unknown;
    limit?: unknown;
    message?: unknown;
    expose?: unknown;
  };
  const message = typeof e.message === 'string' ? e.message : '';
  switch (e.type) {
    case 'entity.parse.failed':
      return errors.malformedJson(message || 'unexpected token');
    case 'entity.too.large':
      return errors.payloadTooLarge(typeof e.limit === 'number' ? e.limit : 0);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(415, GenericCode.UnsupportedMediaType, message || 'Unsupported encoding');
    case 'request.aborted':
      return new AppError(400, GenericCode.MalformedBody, 'The request body was aborted by the client');
    case 'request.size.invalid':
      return new AppError(400, GenericCode.MalformedBody, 'The request body is shorter than its Content-Length');
  }
  // router: a path parameter that does not decode ("Failed to decode param '%zz'").
  if (err instanceof URIError) return errors.malformedPath(/'(.*)'$/.exec(message)?.[1] ?? '');
  // Other library errors that say they are the client's fault (http-errors marks those `expose`).
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.expose !== false) {
    const make = BY_STATUS[e.status];
    if (make) return make(message || 'The request cannot be served');
  }
  try {
    onUnexpected(err);
  } catch {
    // Reporting the failure must not become a second one.
  }
  return errors.internal();
}

export function errorRenderer(onUnexpected: (err: unknown) => void): ErrorRequestHandler {
  return (err, req, res, _next) => sendError(req, res, toAppError(err, onUnexpected));
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendError(req, res, errors.routeNotFound(req.method, req.path));
};

/** Node refuses header values outside visible ASCII (a message may quote what the client sent). */
function headerSafe(text: string): string {
  return String(text).replace(/[^\x20-\x7e\t]/g, '?');
}
