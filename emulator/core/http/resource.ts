import type { RequestHandler, Router } from 'express';
import { withActiveRequest } from '../active-request.js';
import { errors } from '../errors/app-error.js';
import type { FastLane, LaneHandler } from './fast-lane.js';

// The one way to declare a resource: the handler chain of each method it answers, and 405 (with `Allow`, in the
// path's dialect) for every other method. A chain wrapped in `fast(…)` is also served by the fast lane
// (fast-lane.ts), and is typed for what the lane gives it, so it cannot reach for Express's extras. New endpoints
// copy a neighbour:
//
//   resource(router, lane, '/things/:id', {
//     GET: [guard, (req, res) => res.json(view(service.get(req.params.id)))],
//     PUT: fast(guard, ...json, (req, res) => noContent(service.put(req.params.id, parse(req.body)))),
//   });

/** HEAD: Express answers it with the GET chain anyway; naming it lists it in `Allow`, as Salesforce does. */
export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

/** Handlers served by the fast lane as well as by Express. */
export interface FastChain {
  readonly fast: readonly LaneHandler[];
}

export type MethodChain = readonly RequestHandler[] | FastChain;

export function fast(...handlers: LaneHandler[]): FastChain {
  return { fast: handlers };
}

export function resource(router: Router, lane: FastLane | undefined, path: string, methods: Partial<Record<HttpMethod, MethodChain>>): void {
  const allowed = Object.keys(methods) as HttpMethod[];
  for (const method of allowed) {
    const given = methods[method]!;
    const chain = method === 'GET' || method === 'HEAD' ? given : changing(given);
    const handlers = 'fast' in chain ? (chain.fast as unknown as RequestHandler[]) : [...chain];
    router[method.toLowerCase() as Lowercase<HttpMethod>](path, ...handlers);
    if ('fast' in chain) lane?.add(method, path, chain.fast);
  }
  router.all(path, methodNotAllowed(allowed));
}

/**
 * A changing method's last handler runs as the active request (core/active-request.ts), so the domain events it
 * emits name the request that caused them. Reads cause none and are left as they are.
 */
function changing(chain: MethodChain): MethodChain {
  const handlers = 'fast' in chain ? chain.fast : chain;
  const last = handlers.at(-1);
  if (!last) return chain;
  const wrapped = ((req: never, res: never, next: never) => withActiveRequest(res, () => (last as (a: never, b: never, c: never) => unknown)(req, res, next))) as typeof last;
  const out = [...handlers.slice(0, -1), wrapped];
  return 'fast' in chain ? { fast: out as LaneHandler[] } : (out as RequestHandler[]);
}

/** Any other method gets 405 with `Allow`, in the path's dialect. */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  return (req, _res, next) => next(errors.methodNotAllowed(req.method, req.path, [...allowed]));
}
