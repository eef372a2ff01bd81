import express, { Router, type Request, type Response } from 'express';
import type { Authenticator } from '../../core/auth/authenticator.js';
import { requireAuth } from '../../core/auth/require-auth.js';
import type { SigningKeys } from '../../core/auth/keys.js';
import type { ShopperPrincipal } from '../../core/auth/principal.js';
import { AppError } from '../../core/errors/app-error.js';
import { parseBody } from '../../core/http/parse-body.js';
import { resource } from '../../core/http/resource.js';
import { sendJson } from '../../core/http/send-json.js';
import { authorizeQuery, logoutQuery, singleValues, tokenForm } from './requests.js';
import type { SlasService } from './service.js';
import { jwks, loggedOut, openidConfiguration } from './views.js';

// SLAS (/shopper/auth/v1/organizations/{organizationId}/oauth2/…): authorize, token, logout, the JWKS and the
// OpenID configuration, as PWA Kit and commerce-sdk call them.

const BASE = '/shopper/auth/v1/organizations/:organizationId/oauth2';

export function slasRoutes(deps: { slas: SlasService; keys: SigningKeys; authenticator: Authenticator; bodyLimit: number }): Router {
  const router = Router();
  const form = express.text({ limit: deps.bodyLimit, type: () => true });
  const { slas } = deps;
  const org = (req: Request) => String(req.params.organizationId);
  const shopper = requireAuth(deps.authenticator, { principals: ['shopper'] });

  resource(router, undefined, `${BASE}/authorize`, {
    GET: [
      (req, res) => {
        const location = slas.authorize(org(req), parseBody(authorizeQuery, params(queryOf(req))));
        res.redirect(303, location);
      },
    ],
  });

  resource(router, undefined, `${BASE}/token`, {
    POST: [
      form,
      async (req, res) => {
        const body = typeof req.body === 'string' ? req.body : '';
        // channel_id may come in the query string (as the spec says) or the form body (as the samples send it).
        const fields = { ...params(queryOf(req)), ...params(new URLSearchParams(body)) };
        const response = await slas.token(org(req), parseBody(tokenForm, fields), basicOf(req.get('authorization')));
        res.locals.clientId = fields.client_id;
        res.set({ 'Cache-Control': 'no-store' });
        sendJson(res, 200, response);
      },
    ],
  });

  resource(router, undefined, `${BASE}/logout`, {
    GET: [
      shopper,
      (req, res: Response) => {
        const q = parseBody(logoutQuery, params(queryOf(req)));
        slas.logout(org(req), res.locals.principal as ShopperPrincipal, q.client_id, q.refresh_token);
        res.json(loggedOut());
      },
    ],
  });

  resource(router, undefined, `${BASE}/jwks`, {
    GET: [
      (req, res) => {
        slas.instance(org(req));
        res.json(jwks(deps.keys.publicJwk));
      },
    ],
  });
  resource(router, undefined, `${BASE}/.well-known/openid-configuration`, {
    GET: [(req, res) => res.json(openidConfiguration(`${req.protocol}://${req.get('host') ?? 'localhost'}/shopper/auth/v1/organizations/${encodeURIComponent(org(req))}`, slas.instance(org(req)).id))],
  });
  return router;
}

const queryOf = (req: Request) => new URLSearchParams(req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '');

/** One value per parameter: a repeated one is refused rather than guessed at. */
function params(search: URLSearchParams): Record<string, string> {
  const values = singleValues(search.entries());
  if (typeof values === 'string') throw new AppError(400, 'invalid_request', `Bad or missing request parameters: '${values}' is given more than once.`);
  return values;
}

/** `Basic base64(id:secret)`, or SLAS's own `x-slas-client-auth` form without the word; undefined when absent. */
function basicOf(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header) return undefined;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!m) throw new AppError(401, 'invalid_client', 'Basic Authorization failed.');
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) throw new AppError(401, 'invalid_client', 'Basic Authorization failed.');
  return { id: decoded(text.slice(0, colon)), secret: decoded(text.slice(colon + 1)) };
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new AppError(401, 'invalid_client', 'Basic Authorization failed.');
  }
}
