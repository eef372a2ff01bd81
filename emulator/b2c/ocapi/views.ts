import type { Request, RequestHandler, Response } from 'express';
import type { Paging } from './requests.js';

// What every OCAPI Data document shares: `_v` from the path's version, links on the host the caller used, and the
// paged list envelope (`count`, `data`, `start`, `total`, `next`), as the Data API 25.6 spec names them. The
// documents themselves (snake_case, with `_type`) are in each feature's views.ts.

export function docBase(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}/s/-/dw/data/${String(req.params.version)}`;
}

export const version = (req: Request) => String(req.params.version).slice(1).replace('_', '.');

/** A page of documents: `next` when more follow. */
export function page<T>(req: Request, type: string, all: readonly T[], paging: Paging, render: (item: T) => unknown) {
  const data = all.slice(paging.start, paging.start + paging.count).map(render);
  const more = paging.start + data.length < all.length;
  // Built as text: a Host header URL cannot parse must not turn a page into a 500.
  const [path, query] = splitOnce(req.originalUrl, '?');
  const params = new URLSearchParams(query);
  params.set('start', String(paging.start + paging.count));
  params.set('count', String(paging.count));
  const next = `${req.protocol}://${req.get('host') ?? 'localhost'}${path}?${params.toString()}`;
  return {
    _v: version(req),
    _type: type,
    count: data.length,
    data,
    ...(more ? { next } : {}),
    start: paging.start,
    total: all.length,
  };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

/** A DELETE: `remove` does it, and the answer is 204 No Content. */
export function deleted(remove: (req: Request, res: Response) => void): RequestHandler {
  return (req, res) => {
    remove(req, res);
    res.status(204).end();
  };
}
