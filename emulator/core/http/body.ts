import express, { type RequestHandler } from 'express';
import { errors } from '../errors/app-error.js';

// Body parsers that fail in the caller's dialect: wrong content type → 415, too big → 413, bad JSON → 400.

export interface BodyOptions {
  limit: number;
}

const JSON_TYPES = ['application/json', 'application/*+json'];

/** JSON bodies. A request without a body passes; a body of another type is refused. */
export function jsonBody(options: BodyOptions): RequestHandler[] {
  return [requireType(JSON_TYPES, 'application/json'), express.json({ limit: options.limit, type: JSON_TYPES, strict: false })];
}

/** Form-encoded bodies, kept as raw text so the caller decides how strictly to decode them. */
export function formBody(options: BodyOptions): RequestHandler[] {
  return [
    requireType(['application/x-www-form-urlencoded'], 'application/x-www-form-urlencoded'),
    express.text({ limit: options.limit, type: 'application/x-www-form-urlencoded' }),
  ];
}

function requireType(types: string[], expected: string): RequestHandler {
  return (req, _res, next) => {
    if (!hasBody(req.headers)) return next();
    if (req.is(types)) return next();
    next(errors.unsupportedMediaType(req.get('content-type'), expected));
  };
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return headers['transfer-encoding'] !== undefined;
}
