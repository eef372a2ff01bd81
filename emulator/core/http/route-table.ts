import type { RequestHandler } from 'express';
import type { DialectName } from '../errors/dialect.js';
import type { ApiTable } from './api-table.js';
import type { FastLane } from './fast-lane.js';

// The emulator's routes as data, read from the routers the parties hand to buildApp (Express 5 keeps each
// router's layers in `stack`, each route layer with its path and methods). Tests walk this table (the fuzz suite
// fuzzes every route in it), so a new route is covered without being listed anywhere by hand.

export interface RouteInfo {
  /** Upper-case method, or `ALL` for a catch-all (`router.all`, e.g. the 405 answers). */
  method: string;
  /** The Express path template (`/a/:id`, `/a/*rest`, `/a{/:opt}`). */
  path: string;
  family: string;
  /** The error dialect of the path's API family (a router may answer in its own, as SOAP does). */
  dialect: DialectName;
  /** Also served by the fast lane (core/http/fast-lane.ts). */
  fastLane: boolean;
}

/** What `scoped()` and nested routers expose: the router behind a handler. */
interface RouterLike {
  stack?: { route?: { path: unknown; methods: Record<string, boolean> }; rawPath?: unknown; handle: unknown }[];
  /** Set by core/http/scoped.ts: the router it guards with a path prefix. */
  scopedRouter?: RouterLike;
}

export function listRoutes(sets: readonly Partial<Record<string, RequestHandler[]>>[], apis: ApiTable, lane?: FastLane): RouteInfo[] {
  const laneKeys = new Set((lane?.routes() ?? []).map((r) => `${r.method} ${r.path}`));
  const out: RouteInfo[] = [];
  const seen = new Set<string>();
  const visit = (handler: unknown, mount: string): void => {
    const router = handler as RouterLike;
    if (router.scopedRouter) return visit(router.scopedRouter, mount);
    for (const layer of router.stack ?? []) {
      if (!layer.route) {
        if (typeof layer.rawPath === 'string' && (layer.handle as RouterLike).stack) visit(layer.handle, join(mount, layer.rawPath));
        continue;
      }
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const raw of paths) {
        if (typeof raw !== 'string') continue;
        const path = join(mount, raw);
        for (const m of Object.keys(layer.route.methods)) {
          const method = m === '_all' ? 'ALL' : m.toUpperCase();
          const key = `${method} ${path}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const { api, dialect } = apis.routeOf(path);
          out.push({ method, path, family: api, dialect: dialect.name, fastLane: laneKeys.has(key) });
        }
      }
    }
  };
  for (const set of sets) for (const handlers of Object.values(set)) for (const h of handlers ?? []) visit(h, '');
  // Every lane route should be an Express route too; one that is not is still a route the emulator serves.
  for (const r of lane?.routes() ?? []) {
    if (seen.has(`${r.method} ${r.path}`)) continue;
    const { api, dialect } = apis.routeOf(r.path);
    out.push({ method: r.method, path: r.path, family: api, dialect: dialect.name, fastLane: true });
  }
  return out;
}

function join(mount: string, path: string): string {
  if (!mount || mount === '/') return path;
  return `${mount.replace(/\/$/, '')}${path === '/' ? '' : path}`;
}
