import type { Request, RequestHandler, Response } from 'express';
import type { Dialect } from '../errors/dialect.js';
import type { ApiTable } from './api-table.js';
import type { Principal } from '../auth/principal.js';
import { correlationIdOf, nextCorrelationSeq } from '../correlation.js';

// What the pipeline learns about a request on its way through, kept on res.locals for the journal and errors.

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      dialect: Dialect;
      /** The API family of the path: which routers see the request. */
      api: string;
      correlationId: string;
      /** Set when the emulator made the correlation id up (see correlation.ts). */
      correlationSeq?: number;
      startedAt: bigint;
      principal?: Principal;
      /** The client a request spoke for when it carried no bearer token (the token endpoint). */
      clientId?: string;
      /** The tenant the request concerned (tenant group id, B2C instance id…), for the journal. */
      tenant?: string;
      /** Why a request was refused, in plain words, for the journal. */
      note?: string;
      /** The emulator's clock, for answers that carry a time (set by the front door). */
      now?: () => number;
    }
  }
}

/** The same as a middleware, for apps built from the pipeline's pieces (tests). */
export function requestContext(apis: ApiTable): RequestHandler {
  return (req, res, next) => {
    establishContext(apis, req, res);
    next();
  };
}

/** Dialect, timing and the `Correlation-ID` OCI documents (echoed, or made up when the caller sent none). */
export function establishContext(apis: ApiTable, req: Request, res: Response): void {
  res.locals.startedAt = process.hrtime.bigint();
  const q = req.url.indexOf('?');
  const route = apis.routeOf(q < 0 ? req.url : req.url.slice(0, q));
  res.locals.dialect = route.dialect;
  res.locals.api = route.api;
  const incoming = header(req.headers['correlation-id']) ?? header(req.headers['x-correlation-id']);
  if (incoming && incoming.length <= 200) {
    res.locals.correlationId = incoming;
  } else {
    res.locals.correlationSeq = nextCorrelationSeq();
    res.locals.correlationId = correlationIdOf(res.locals.correlationSeq);
  }
  res.setHeader('Correlation-ID', res.locals.correlationId);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
