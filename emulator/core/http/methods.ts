import type { RequestHandler } from 'express';
import { errors } from '../errors/app-error.js';

/** Mounted after a path's handlers: any other method gets 405 with `Allow`, in the path's dialect. */
export function onlyMethods(allowed: readonly string[]): RequestHandler {
  return (req, _res, next) => next(errors.methodNotAllowed(req.method, req.path, [...allowed]));
}
