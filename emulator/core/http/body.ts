import type { LaneHandler, LaneRequest } from './fast-lane.js';
import { AppError, errors, GenericCode } from '../errors/app-error.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';

// The JSON body reader, failing in the caller's dialect: wrong content type → 415, too big → 413, bad JSON or JSON
// nested too deep for the code behind the route to walk (json-depth.ts) → 400.
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
  /** false: only read and check the body (`req.rawBody`); the route parses it with `parsedJson` when it needs to. */
  parse?: boolean;
}

/** The JSON of `req.rawBody`, for routes that read bodies with `parse: false`. */
export function parsedJson(req: LaneRequest): unknown {
  if (!req.rawBody) return undefined;
  if (nestsDeeperThan(req.rawBody)) throw errors.jsonTooDeep(MAX_JSON_DEPTH);
  try {
    return JSON.parse(req.rawBody.toString('utf8'));
  } catch (error) {
    throw errors.malformedJson(withoutExcerpt((error as Error).message));
  }
}

/**
 * V8's parse errors quote the text around the bad token (`Unexpected token 'p', "password=s"... is not valid
 * JSON`): that text may be a secret, and the message goes to the journal and the log. The position stays.
 */
function withoutExcerpt(message: string): string {
  return message.replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, '');
}

/** application/json, or any application/…+json, with or without parameters. */
const JSON_TYPE = /^\s*application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/** JSON bodies. A request without a body passes with `req.body` undefined; a body of another type is refused. */
export function jsonBody(options: BodyOptions): LaneHandler[] {
  return [
    (req, _res, next) => {
      if (!hasBody(req)) return next();
      const type = req.headers['content-type'];
      if (!type || !JSON_TYPE.test(type)) return next(errors.unsupportedMediaType(type, 'application/json'));
      const encoding = req.headers['content-encoding'];
      if (encoding && encoding.toLowerCase() !== 'identity') {
        return next(new AppError(415, GenericCode.UnsupportedMediaType, `Content-Encoding ${encoding} is not supported`));
      }
      readBody(req, options.limit, (error, raw) => {
        if (error) return next(error);
        req.rawBody = raw;
        if (options.parse === false) return next();
        try {
          req.body = parsedJson(req);
        } catch (parseError) {
          return next(parseError);
        }
        next();
      });
    },
  ];
}

/** Collects the body up to `limit` bytes; calls back once (no promise: this runs on every hot request). */
function readBody(req: LaneRequest, limit: number, done: (error: AppError | undefined, raw?: Buffer) => void): void {
  let finished = false;
  const finish = (error: AppError | undefined, raw?: Buffer) => {
    if (finished) return;
    finished = true;
    if (error) {
      req.removeAllListeners('data');
      req.resume();
    }
    done(error, raw);
  };
  if (Number(req.headers['content-length']) > limit) return finish(errors.payloadTooLarge(limit));
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) return finish(errors.payloadTooLarge(limit));
    chunks.push(chunk);
  });
  req.once('end', () => finish(undefined, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
  req.once('error', () => finish(new AppError(400, GenericCode.MalformedBody, 'The request body was aborted by the client')));
}

function hasBody(req: LaneRequest): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}
