import express, { Router, type Express } from 'express';
import type { ApiFamily } from './core/errors/dialects/index.js';
import { errorRenderer, notFoundHandler } from './core/errors/render.js';
import { requestContext } from './core/http/context.js';
import { durableResponses } from './core/http/durable.js';
import { recordRequests } from './core/http/record-requests.js';
import type { Journal } from './core/journal.js';
import type { Store } from './core/store/store.js';

// The Express pipeline, top to bottom:
//   request context (dialect of the path, correlation id, timer)
//   → journal (recorded when the response finishes)
//   → durable acknowledgement (with --durable: responses wait for their writes)
//   → the routers of the path's API family only (control plane, Account Manager, org, OCI, B2C)
//   → unknown route → error renderer in the path's dialect.

export interface AppParts {
  journal: Journal;
  store: Store;
  durable: boolean;
  routes: Partial<Record<ApiFamily, Router[]>>[];
  onUnexpected: (error: unknown) => void;
}

export function buildApp(parts: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'extended');
  app.use(requestContext);
  app.use(recordRequests(parts.journal));
  if (parts.durable) app.use(durableResponses(parts.store));
  const byFamily = new Map<ApiFamily, Router>();
  for (const routes of parts.routes) {
    for (const [family, routers] of Object.entries(routes) as [ApiFamily, Router[]][]) {
      let familyRouter = byFamily.get(family);
      if (!familyRouter) byFamily.set(family, (familyRouter = Router()));
      for (const r of routers) familyRouter.use(r);
    }
  }
  app.use((req, res, next) => {
    const router = byFamily.get(res.locals.api);
    if (router) router(req, res, next);
    else next();
  });
  app.use(notFoundHandler);
  app.use(errorRenderer(parts.onUnexpected));
  return app;
}
