import type { Dialect } from '../errors/dialect.js';
import { controlDialect } from '../errors/dialects/control.js';

// Which API a path belongs to, read once per request: its family (which routers see the request, what the
// journal calls it) and the dialect its errors are written in. Each party declares the prefixes it serves
// (party.ts); core knows none of them. The prefixes of the emulated products do not overlap, which is what lets
// one port serve them all.

export interface ApiPrefix {
  /** `/inventory/`; a request for the prefix without its trailing slash matches too. */
  prefix: string;
  /** The API family: the routers of that family see the request. */
  family: string;
  dialect: Dialect;
}

export interface ApiRoute {
  api: string;
  dialect: Dialect;
}

const UNKNOWN: ApiRoute = { api: 'unknown', dialect: controlDialect };

export class ApiTable {
  readonly #prefixes: readonly ApiPrefix[];

  /** Longer prefixes are tried first, so `/inventory/impex/` wins over `/inventory/` whatever order they came in. */
  constructor(prefixes: readonly ApiPrefix[]) {
    const seen = new Map<string, string>();
    for (const p of prefixes) {
      const other = seen.get(p.prefix);
      if (other !== undefined && other !== p.family) throw new Error(`the path prefix ${p.prefix} is declared by both ${other} and ${p.family}`);
      seen.set(p.prefix, p.family);
    }
    this.#prefixes = [...prefixes].sort((a, b) => b.prefix.length - a.prefix.length);
  }

  routeOf(path: string): ApiRoute {
    for (const p of this.#prefixes) {
      if (path.startsWith(p.prefix) || path === p.prefix.replace(/\/$/, '')) return { api: p.family, dialect: p.dialect };
    }
    return UNKNOWN;
  }

  /** The families declared, for wiring checks. */
  get families(): ReadonlySet<string> {
    return new Set(this.#prefixes.map((p) => p.family));
  }
}
