import type { Request, RequestHandler, Response } from 'express';
import type { Journal } from '../journal.js';
import { clientOf } from '../auth/require-auth.js';

// Every exchange goes into the journal once the response is finished: who, what, how it ended, how long it took.
// Secrets never reach the journal: sensitive query values are masked (the token endpoint accepts them there).

/** Secret parameter names, also in the bracketed forms query parsers read (`client_secret[]`, `password[0]`). */
const SECRET_PARAMS = /^(client_secret|password|assertion|client_assertion|access_token|refresh_token|token|code|code_verifier)(\[.*)?$/i;

export function recordRequests(journal: Journal): RequestHandler {
  return (req, res, next) => {
    recordWhenFinished(journal, req, res);
    next();
  };
}

/** Needs the request context (res.locals.api, startedAt) in place. */
export function recordWhenFinished(journal: Journal, req: Request, res: Response): void {
  // Reading the control plane is not an event worth keeping; changing it is.
  if (req.method === 'GET' && res.locals.api === 'control') return;
  res.on('finish', () => {
    journal.recordRequest({
      method: req.method,
      path: redactedUrl(req.originalUrl),
      status: res.statusCode,
      durationMs: Number(process.hrtime.bigint() - res.locals.startedAt) / 1e6,
      api: res.locals.api,
      tenant: res.locals.tenant,
      client: clientOf(res.locals.principal) ?? res.locals.clientId,
      correlationId: res.locals.correlationSeq === undefined ? res.locals.correlationId : undefined,
      correlationSeq: res.locals.correlationSeq,
      note: res.locals.note,
    });
  });
}

export function redactedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let changed = false;
  for (const key of [...params.keys()]) {
    if (SECRET_PARAMS.test(key)) {
      params.set(key, '***');
      changed = true;
    }
  }
  return changed ? `${url.slice(0, q)}?${params.toString()}` : url;
}
