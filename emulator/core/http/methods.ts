import type { RequestHandler } from 'express';
import { methodNotAllowed } from './resource.js';

/** Mounted after a path's handlers: any other method gets 405 with `Allow`. Superseded by resource() (resource.ts). */
export function onlyMethods(allowed: readonly string[]): RequestHandler {
  return methodNotAllowed(allowed);
}
