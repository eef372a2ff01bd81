import type { Request, RequestHandler } from 'express';
import express from 'express';
import { AppError, errors, GenericCode } from '../errors/app-error.js';

// Body parsers that fail in the caller's dialect: wrong content type → 415, too big → 413, bad JSON → 400.
// The JSON reader is small on purpose (it sits on every hot path) and keeps the raw bytes in `req.rawBody`.

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The request body as received, for routes that key on it. */
      rawBody?: Buffer;
    }
  }
}

export interface BodyOptions {
  limit: number;
}

const JSON_TYPES = ['application/json', 'application/*+json'];

/** JSON bodies. A request without a body passes with `req.body` undefined; a body of another type is refused. */
export function jsonBody(options: BodyOptions): RequestHandler[] {
  return [
    (req, _res, next) => {
      if (!hasBody(req)) return next();
      if (!req.is(JSON_TYPES)) return next(errors.unsupportedMediaType(req.get('content-type'), 'application/json'));
      const encoding = req.get('content-encoding');
      if (encoding && encoding.toLowerCase() !== 'identity') {
        return next(new AppError(415, GenericCode.UnsupportedMediaType, `Content-Encoding ${encoding} is not supported`));
      }
      readBody(req, options.limit).then((raw) => {
        req.rawBody = raw;
        try {
          req.body = JSON.parse(raw.toString('utf8'));
        } catch (error) {
          return next(errors.malformedJson((error as Error).message));
        }
        next();
      }, next);
    },
  ];
}

/** Form-encoded bodies, kept as raw text so the caller decides how strictly to decode them. */
export function formBody(options: BodyOptions): RequestHandler[] {
  return [
    (req, _res, next) => {
      if (!hasBody(req) || req.is(['application/x-www-form-urlencoded'])) return next();
      next(errors.unsupportedMediaType(req.get('content-type'), 'application/x-www-form-urlencoded'));
    },
    express.text({ limit: options.limit, type: 'application/x-www-form-urlencoded' }),
  ];
}

function readBody(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    const refuse = (error: AppError) => {
      req.removeAllListeners('data');
      req.resume();
      reject(error);
    };
    if (declared > limit) return refuse(errors.payloadTooLarge(limit));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return refuse(errors.payloadTooLarge(limit));
      chunks.push(chunk);
    });
    req.once('end', () => {
      if (size <= limit) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    req.once('error', () => reject(new AppError(400, GenericCode.MalformedBody, 'The request body was aborted by the client')));
  });
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}
