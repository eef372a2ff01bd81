import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { errors } from '../errors/app-error.js';

// An Express-free lane for the few routes a checkout calls per basket (reservation documents and movements).
// Express costs about 70–90 µs per request on this machine before any route runs (bare Node answers the same
// bytes in ~45 µs, bare Express in ~110–160: Express re-prototypes every req and res, which also slows Node's own
// HTTP code) — more than the reservation itself. The lane runs the very same handler chain the Express route
// registers, with only what those handlers read: `params`, `originalUrl`, `locals`, and Node's own req and res.
//
// It is an accelerator, never the only way in: every lane route is an Express route too. The lane claims only
// exact matches (case, no trailing slash, a plain URL); anything else, and every error, goes through Express, so
// errors are rendered by the one error renderer in the API's dialect.

const PENDING_ERROR = Symbol('error from the fast lane');

/** The characters that send parseurl (Express's path reader) off its fast path. */
const SLOW_URL = /[\t\n\f\r #\u00a0\ufeff]/;

type Pending = IncomingMessage & { [PENDING_ERROR]?: unknown };

/**
 * What a handler on the lane is given: Node's request with the route's decoded `params`, the body readers' `body`
 * and `rawBody`, and `originalUrl`; Node's response with `locals`. Nothing of Express's (`res.status`, `res.json`,
 * `req.query`, `req.get` fail to compile): use send-json.ts to answer. Such a handler runs on Express as well.
 */
export interface LaneRequest extends IncomingMessage {
  /** Decoded path parameters (Express's own type: the same handlers run there). */
  params: Request['params'];
  body?: unknown;
  rawBody?: Buffer;
  originalUrl: string;
}

export interface LaneResponse extends ServerResponse {
  locals: Express.Locals & Record<string, unknown>;
}

export type LaneNext = (error?: unknown) => void;
export type LaneHandler = (req: LaneRequest, res: LaneResponse, next: LaneNext) => void;

interface LaneRoute {
  path: string;
  /** The literal start of the path, up to its first parameter: one string comparison rejects most requests. */
  prefix: string;
  /** Each segment's literal text, or null where a parameter goes. */
  segments: (string | null)[];
  names: string[];
  handlers: readonly LaneHandler[];
}

export interface LaneHooks {
  /** What the Express front door does first for every request (context, journal, durable writes). */
  enter(req: Request, res: Response): void;
  /** The Express app, which renders errors handed to it (see `laneErrors`). */
  express(req: IncomingMessage, res: ServerResponse): void;
}

export class FastLane {
  readonly #byMethod = new Map<string, LaneRoute[]>();
  #hooks: LaneHooks | undefined;
  /** Requests the lane took, and how many of them it handed to Express with an error (for tests and diagnostics). */
  readonly counts = { served: 0, handedOff: 0 };

  /** Adds a route, with the handlers its Express twin runs (same path syntax: `/a/:id/b`). */
  add(method: string, path: string, handlers: readonly LaneHandler[]): void {
    const segments = path.split('/').map((s) => (s.startsWith(':') ? null : s));
    const names = path.split('/').filter((s) => s.startsWith(':')).map((s) => s.slice(1));
    const firstParam = path.indexOf('/:');
    const prefix = firstParam < 0 ? path : path.slice(0, firstParam + 1);
    const routes = this.#byMethod.get(method) ?? [];
    routes.push({ path, prefix, segments, names, handlers });
    this.#byMethod.set(method, routes);
  }

  /** The lane's routes, for the route table (route-table.ts). */
  routes(): { method: string; path: string }[] {
    return [...this.#byMethod].flatMap(([method, routes]) => routes.map((r) => ({ method, path: r.path })));
  }

  attach(hooks: LaneHooks): void {
    this.#hooks = hooks;
  }

  /** Serves the request when a lane route matches it exactly; false leaves it to Express. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    const routes = this.#byMethod.get(req.method ?? '');
    if (!routes || !this.#hooks) return false;
    const url = req.url ?? '';
    // Express reads such a URL with url.parse (dropping a fragment, turning \ into /): leave it to Express.
    if (url.charCodeAt(0) !== 0x2f || SLOW_URL.test(url)) return false;
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    for (const route of routes) {
      if (!path.startsWith(route.prefix)) continue;
      const params = match(route, path);
      if (params) {
        this.counts.served++;
        this.#run(route, params, req as LaneRequest, res as LaneResponse);
        return true;
      }
    }
    return false;
  }

  #run(route: LaneRoute, params: Record<string, string>, req: LaneRequest, res: LaneResponse): void {
    const hooks = this.#hooks!;
    req.params = params;
    req.originalUrl = req.url ?? '';
    res.locals = Object.create(null) as LaneResponse['locals'];
    try {
      hooks.enter(req as unknown as Request, res as unknown as Response);
    } catch (thrown) {
      return this.#handOff(req, res, thrown);
    }
    let i = 0;
    const next = (error?: unknown): void => {
      // As in Express, a falsy value is no error. 'route' and 'router' skip the rest of the route: every lane
      // chain answers before that, or before running off its end, so either is a bug, shown as the route missing.
      if (error === 'route' || error === 'router') return this.#handOff(req, res, errors.routeNotFound(req.method ?? '', req.url ?? ''));
      if (error) return this.#handOff(req, res, error);
      const handler = route.handlers[i++];
      if (!handler) return this.#handOff(req, res, errors.routeNotFound(req.method ?? '', req.url ?? ''));
      try {
        handler(req, res, next);
      } catch (thrown) {
        this.#handOff(req, res, thrown);
      }
    };
    next();
  }

  #handOff(req: LaneRequest, res: LaneResponse, error: unknown): void {
    this.counts.handedOff++;
    (req as Pending)[PENDING_ERROR] = error;
    this.#hooks!.express(req, res);
  }
}

/** First in the Express app: an error handed over by the lane goes straight to the error renderer. */
export const laneErrors: RequestHandler = (req, _res, next) => {
  const pending = req as unknown as Pending;
  if (!(PENDING_ERROR in pending)) return next();
  const error = pending[PENDING_ERROR];
  delete pending[PENDING_ERROR];
  next(error);
};

function match(route: LaneRoute, path: string): Record<string, string> | undefined {
  const parts = path.split('/');
  if (parts.length !== route.segments.length) return undefined;
  const params: Record<string, string> = {};
  let n = 0;
  for (let i = 0; i < parts.length; i++) {
    const literal = route.segments[i];
    const part = parts[i]!;
    if (literal !== null) {
      if (part !== literal) return undefined;
      continue;
    }
    if (part === '') return undefined;
    try {
      params[route.names[n++]!] = decodeURIComponent(part);
    } catch {
      // A malformed escape (`%zz`, a cut or surrogate UTF-8 sequence): Express's router refuses it too, and its
      // URIError becomes a 400 in the path's dialect (render.ts), after the front door has run.
      return undefined;
    }
  }
  return params;
}
