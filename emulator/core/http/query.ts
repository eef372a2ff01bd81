import { parse } from 'qs';
import { errors } from '../errors/app-error.js';

// The query-string reader Express uses for `req.query` (read lazily, when a route first asks). It is qs, Express's
// own "extended" parser, with two differences: a key nested deeper than QUERY_MAX_DEPTH brackets (`a[b][c]…`) is
// refused with a 400 in the route's dialect instead of being silently cut, and the objects it builds have no
// prototype (a parameter named `constructor` or `toString` is just a parameter).

export const QUERY_MAX_DEPTH = 10;

/** The query of a request as a fast-lane handler reads it (no `req.query` there): the same reader, from the URL. */
export function queryOfUrl(url: string): Record<string, unknown> {
  const at = url.indexOf('?');
  return at < 0 ? (Object.create(null) as Record<string, unknown>) : parseQuery(url.slice(at + 1));
}

export function parseQuery(text: string): Record<string, unknown> {
  try {
    return parse(text, { depth: QUERY_MAX_DEPTH, strictDepth: true, plainObjects: true });
  } catch (error) {
    if (error instanceof RangeError) {
      throw errors.validation(`The query string nests a parameter deeper than ${QUERY_MAX_DEPTH} levels`);
    }
    throw error;
  }
}
