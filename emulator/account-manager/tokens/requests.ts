import type { Request } from 'express';
import { AppError } from '../../core/errors/app-error.js';

// What a token request says: a form body (and nothing else), its parameters with the query string's, and how the
// caller presents its client: HTTP Basic (each part form-url-decoded, as Account Manager does),
// `client_id`/`client_secret` in the body or query string, or a signed `client_assertion`.

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export type PresentedClient =
  | { via: 'basic'; clientId: string; secret: string }
  | { via: 'post'; clientId: string; secret: string }
  | { via: 'assertion'; clientId: string | undefined; assertion: string }
  | { via: 'public'; clientId: string }
  | { via: 'none' };

/** The token request's parameters; a body that is not a form is refused as Account Manager refuses it. */
export function tokenParams(req: Request): URLSearchParams {
  const type = req.get('content-type');
  const body = typeof req.body === 'string' ? req.body : '';
  if (body.length > 0 && !(type ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new AppError(400, 'invalid_request', 'Invalid Content Type', { explain: `send application/x-www-form-urlencoded, not ${type ?? 'no type'}` });
  }
  const q = req.originalUrl.indexOf('?');
  return mergeParams(body, q < 0 ? '' : req.originalUrl.slice(q + 1));
}

/** The emulator as the caller reached it. */
export function origin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** Body parameters win over query parameters of the same name; both places are read. */
function mergeParams(body: string | undefined, query: string): URLSearchParams {
  const merged = new URLSearchParams(query);
  for (const [key, value] of new URLSearchParams(body ?? '')) merged.set(key, value);
  return merged;
}

export function presentedClient(authorization: string | undefined, params: URLSearchParams): PresentedClient {
  const assertion = params.get('client_assertion');
  if (assertion && params.get('client_assertion_type') === JWT_BEARER_ASSERTION) {
    return { via: 'assertion', clientId: params.get('client_id') ?? undefined, assertion };
  }
  if (authorization && /^basic\s/i.test(authorization)) {
    const decoded = Buffer.from(authorization.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { via: 'basic', clientId: formDecode(decoded), secret: '' };
    return { via: 'basic', clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  }
  const clientId = params.get('client_id');
  const secret = params.get('client_secret');
  if (clientId && secret !== null) return { via: 'post', clientId, secret };
  if (clientId) return { via: 'public', clientId };
  return { via: 'none' };
}

/** application/x-www-form-urlencoded decoding: `+` is a space, `%zz` is an error (AM answers unauthorized_client). */
function formDecode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw new AppError(400, 'unauthorized_client', 'Unexpected error when authenticating client', {
      explain: 'the Basic credentials contain a malformed %-escape; form-url-encode the client id and secret before base64',
    });
  }
}
