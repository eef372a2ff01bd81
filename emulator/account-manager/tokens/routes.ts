import express, { Router } from 'express';
import type { SigningKeys } from '../../core/auth/keys.js';
import { resource } from '../../core/http/resource.js';
import { sendJson } from '../../core/http/send-json.js';
import { origin, tokenParams } from './requests.js';
import type { AmTokenService } from './service.js';
import { discoveryDocument, jwks } from './views.js';

// Account Manager's OAuth 2 surface: token endpoint, JWKS, discovery, and the deprecated /dw/oauth2 prefix.

const REAL_TOKEN_ENDPOINTS = [
  'https://account.demandware.com/dwsso/oauth2/access_token',
  'https://account.demandware.com:443/dwsso/oauth2/access_token',
];

export function tokenRoutes(deps: { tokens: AmTokenService; keys: SigningKeys; bodyLimit: number }): Router {
  const router = Router();
  const formText = express.text({ limit: deps.bodyLimit, type: () => true });

  resource(router, undefined, '/dwsso/oauth2/access_token', {
    POST: [
      formText,
      async (req, res) => {
        const { response, clientId } = await deps.tokens.issue({
          authorization: req.get('authorization'),
          params: tokenParams(req),
          assertionAudiences: [...REAL_TOKEN_ENDPOINTS, `${origin(req)}/dwsso/oauth2/access_token`],
        });
        res.locals.clientId = clientId;
        res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
        sendJson(res, 200, response, 'application/json;charset=UTF-8');
      },
    ],
  });
  resource(router, undefined, '/dwsso/oauth2/connect/jwk_uri', { GET: [(_req, res) => res.json(jwks(deps.keys.publicJwk))] });
  resource(router, undefined, '/dwsso/oauth2/.well-known/openid-configuration', {
    GET: [(req, res) => res.json(discoveryDocument(origin(req), deps.tokens.issuer))],
  });

  // Deprecated prefix: Account Manager answers every method with a redirect to /dwsso, keeping the method (307)
  // and the query, so this is no resource of its own.
  router.all('/dw/oauth2/*rest', (req, res) => {
    const target = req.originalUrl.replace(/^\/dw\/oauth2\//, '/dwsso/oauth2/');
    res.locals.note = 'legacy /dw/oauth2 prefix: redirected to /dwsso/oauth2';
    res.redirect(307, target);
  });
  return router;
}
