import express, { type Express, type Router } from 'express';
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
//   → routers: control plane, then one per emulated product
//   → unknown route → error renderer in the path's dialect.

export interface AppParts {
  journal: Journal;
  store: Store;
  durable: boolean;
  routers: Router[];
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
  for (const router of parts.routers) app.use(router);
  app.use(notFoundHandler);
  app.use(errorRenderer(parts.onUnexpected));
  return app;
}
