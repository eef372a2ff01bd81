import express, { Router, type Request } from 'express';
import { AppError } from '../../core/errors/app-error.js';
import { onlyMethods } from '../../core/http/methods.js';
import { sendJson } from '../../core/http/send-json.js';
import type { SigningKeys } from '../../core/auth/keys.js';
import { mergeParams } from './requests.js';
import type { AmTokenService } from './service.js';

// Account Manager's OAuth 2 surface: token endpoint, JWKS, discovery, and the deprecated /dw/oauth2 prefix.

const REAL_TOKEN_ENDPOINTS = [
  'https://account.demandware.com/dwsso/oauth2/access_token',
  'https://account.demandware.com:443/dwsso/oauth2/access_token',
];

export function tokenRoutes(deps: { tokens: AmTokenService; keys: SigningKeys; bodyLimit: number }): Router {
  const router = Router();
  const formText = express.text({ limit: deps.bodyLimit, type: () => true });

  router.post('/dwsso/oauth2/access_token', formText, async (req, res) => {
    const type = req.get('content-type');
    const body = typeof req.body === 'string' ? req.body : '';
    if (body.length > 0 && !(type ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw new AppError(400, 'invalid_request', 'Invalid Content Type', { explain: `send application/x-www-form-urlencoded, not ${type ?? 'no type'}` });
    }
    const { response, clientId } = await deps.tokens.issue({
      authorization: req.get('authorization'),
      params: mergeParams(body, queryString(req)),
      assertionAudiences: [...REAL_TOKEN_ENDPOINTS, `${origin(req)}/dwsso/oauth2/access_token`],
    });
    res.locals.clientId = clientId;
    res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    sendJson(res, 200, response, 'application/json;charset=UTF-8');
  });
  router.all('/dwsso/oauth2/access_token', onlyMethods(['POST']));

  router.get('/dwsso/oauth2/connect/jwk_uri', (_req, res) => {
    res.json({ keys: [deps.keys.publicJwk] });
  });

  // Only what this emulator serves: it issues client_credentials tokens and has no authorization endpoint, so it
  // names none and no response type (the field stays: discovery documents must carry it).
  router.get('/dwsso/oauth2/.well-known/openid-configuration', (req, res) => {
    const base = `${origin(req)}/dwsso/oauth2`;
    res.json({
      issuer: deps.tokens.issuer,
      token_endpoint: `${base}/access_token`,
      jwks_uri: `${base}/connect/jwk_uri`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: [],
      subject_types_supported: ['public'],
      scopes_supported: ['mail', 'roles', 'tenantFilter', 'openid', 'profile'],
    });
  });

  // Deprecated prefix: Account Manager answers with a redirect to /dwsso, keeping the method (307) and the query.
  router.all('/dw/oauth2/*rest', (req, res) => {
    const target = req.originalUrl.replace(/^\/dw\/oauth2\//, '/dwsso/oauth2/');
    res.locals.note = 'legacy /dw/oauth2 prefix: redirected to /dwsso/oauth2';
    res.redirect(307, target);
  });

  return router;
}

export function origin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

function queryString(req: Request): string {
  const q = req.originalUrl.indexOf('?');
  return q < 0 ? '' : req.originalUrl.slice(q + 1);
}
