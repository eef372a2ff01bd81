import type { RequestHandler, Router } from 'express';
import { jsonBody } from '../../core/http/body.js';
import { resource } from '../../core/http/resource.js';

// Where Business Manager's pages live, and the one way they are declared: GET shows the page, POST is its button
// (a JSON body), both behind the Business Manager sign-in.

export const PIPELINE = '/on/demandware.store/Sites-Site/default';

export type PageDeclarer = (name: string, method: 'GET' | 'POST', handler: RequestHandler) => void;

export function bmPages(router: Router, session: readonly RequestHandler[], bodyLimit: number): PageDeclarer {
  const json = jsonBody({ limit: bodyLimit });
  return (name, method, handler) => resource(router, undefined, `${PIPELINE}/${name}`, { [method]: method === 'GET' ? [...session, handler] : [...session, ...json, handler] });
}
