import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { AppError, errors, GenericCode } from './app-error.js';
import { dialectForPath } from './dialects/index.js';
import { sendJson } from '../http/send-json.js';

/** Writes an error in the dialect of the API the request addressed. Never a stack trace, never HTML. */
export function sendError(req: Request, res: Response, error: AppError): void {
  const dialect = res.locals.dialect ?? dialectForPath(req.path);
  const wire = dialect.render(error, { method: req.method, path: req.originalUrl.split('?')[0] ?? req.path, now: res.locals.now?.() ?? Date.now() });
  if (res.headersSent) {
    res.end();
    return;
  }
  res.locals.note = error.explain ?? (error.status >= 500 ? undefined : error.message);
  for (const [name, value] of Object.entries(wire.headers)) res.setHeader(name, value);
  if (error.explain) res.setHeader('X-Emulator-Explain', headerSafe(error.explain));
  sendJson(res, wire.status, wire.body, wire.contentType);
}

/** Turns whatever was thrown into an AppError: body-parser failures keep their meaning, the rest is a 500. */
export function toAppError(err: unknown, onUnexpected: (err: unknown) => void): AppError {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number; limit?: number; message?: string; charset?: string };
  switch (e?.type) {
    case 'entity.parse.failed':
      return errors.malformedJson(e.message ?? 'unexpected token');
    case 'entity.too.large':
      return errors.payloadTooLarge(e.limit ?? 0);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(415, GenericCode.UnsupportedMediaType, e.message ?? 'Unsupported encoding');
    case 'request.aborted':
      return new AppError(400, GenericCode.MalformedBody, 'The request body was aborted by the client');
    case 'request.size.invalid':
      return new AppError(400, GenericCode.MalformedBody, 'The request body is shorter than its Content-Length');
  }
  onUnexpected(err);
  return errors.internal();
}

export function errorRenderer(onUnexpected: (err: unknown) => void): ErrorRequestHandler {
  return (err, req, res, _next) => sendError(req, res, toAppError(err, onUnexpected));
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendError(req, res, errors.routeNotFound(req.method, req.path));
};

function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 500);
}
