import express, { Router } from 'express';
import { sendJson } from '../../core/http/send-json.js';
import { resource } from '../../core/http/resource.js';
import type { OrgOAuthService } from './service.js';
import { baseUrl, socketUrl } from '../http/base-url.js';
import { tokenParams } from './requests.js';

// The org's OAuth endpoint (failures under /services/oauth2 render in the salesforce-oauth dialect).

export function oauthRoutes(deps: { oauth: OrgOAuthService; bodyLimit: number }): Router {
  const router = Router();
  resource(router, undefined, '/services/oauth2/token', {
    POST: [
      express.raw({ type: () => true, limit: deps.bodyLimit }),
      async (req, res) => {
        const { params, unreadBody } = tokenParams(req);
        if (unreadBody) res.locals.note = `body of type ${unreadBody} ignored: send application/x-www-form-urlencoded`;
        const result = await deps.oauth.issue({ params, authorization: req.get('authorization'), baseUrl: baseUrl(req), ownAudiences: [socketUrl(req)] });
        res.locals.clientId = result.clientId;
        res.set({ 'Cache-Control': 'no-cache,must-revalidate,max-age=0,no-store,private', Pragma: 'no-cache' });
        sendJson(res, 200, result.body, 'application/json;charset=UTF-8');
      },
    ],
  });
  return router;
}
