import type { RequestHandler, Router } from 'express';

// A router that only looks at requests under its path prefix. An API family holds several routers with dozens
// of routes between them; Express would test every route's pattern against every request, so a request for the
// last router pays for all the others. A prefix check first makes that one string comparison per router.

export function scoped(prefix: string, router: Router): RequestHandler {
  const handler: RequestHandler = (req, res, next) => (req.url.startsWith(prefix) ? router(req, res, next) : next());
  // The route table (route-table.ts) reads the routes through it.
  return Object.assign(handler, { scopedRouter: router });
}
