import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import type { ApiTable } from './core/http/api-table.js';
import { errors } from './core/errors/app-error.js';
import { errorRenderer, notFoundHandler, sendError } from './core/errors/render.js';
import { establishContext } from './core/http/context.js';
import { parseQuery } from './core/http/query.js';
import { holdUntilWritten } from './core/http/durable.js';
import { laneErrors, type FastLane } from './core/http/fast-lane.js';
import { recordWhenFinished } from './core/http/record-requests.js';
import type { Journal } from './core/journal.js';
import type { Store } from './core/store/store.js';

// The Express pipeline, top to bottom:
//   an error handed over by the fast lane (core/http/fast-lane.ts) → straight to the error renderer
//   → front door: durable acknowledgement (with --durable: responses wait for their writes), request context
//     (API family and dialect of the path, correlation id, timer) and journal entry (recorded when the response
//     finishes), then the routers of that API family only
//   → unknown route → error renderer in the path's dialect.
// The fast lane passes through the same front door before running its routes' handlers.

export interface AppParts {
  /** Which API each path belongs to: its family's routers and its error dialect. */
  apis: ApiTable;
  journal: Journal;
  store: Store;
  durable: boolean;
  routes: Partial<Record<string, RequestHandler[]>>[];
  onUnexpected: (error: unknown) => void;
  /** Hot routes served without Express; they enter through the same front door. */
  lane?: FastLane;
  /** The virtual clock's now, for error bodies that carry a timestamp. */
  now: () => number;
}

export function buildApp(parts: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', parseQuery);
  app.use(laneErrors);
  const byFamily = new Map<string, RequestHandler[]>();
  for (const routes of parts.routes) {
    for (const [family, routers] of Object.entries(routes) as [string, RequestHandler[]][]) {
      if (!parts.apis.families.has(family)) throw new Error(`routers for the API family '${family}', which no party declares`);
      byFamily.set(family, [...(byFamily.get(family) ?? []), ...routers]);
    }
  }
  // One front door for every request: context, journal, then the routers of its API family tried in order,
  // without nesting them in one more Router (each level and layer costs every request).
  const enter = (req: Request, res: Response): void => {
    if (parts.durable) holdUntilWritten(parts.store, res, () => sendError(req, res, errors.unavailable()));
    establishContext(parts.apis, req, res);
    res.locals.now = parts.now;
    recordWhenFinished(parts.journal, req, res);
  };
  app.use((req, res, next) => {
    enter(req, res);
    const routers = byFamily.get(res.locals.api) ?? [];
    const attempt = (i: number, error?: unknown): void => {
      if (error !== undefined && error !== 'route' && error !== 'router') return next(error);
      const router = routers[i];
      if (!router) return next();
      router(req, res, (err?: unknown) => attempt(i + 1, err));
    };
    attempt(0);
  });
  app.use(notFoundHandler);
  app.use(errorRenderer(parts.onUnexpected));
  parts.lane?.attach({ enter, express: app });
  return app;
}
