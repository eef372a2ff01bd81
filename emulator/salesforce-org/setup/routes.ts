import { Router, type Request, type RequestHandler, type Response } from 'express';
import { jsonBody } from '../../core/http/body.js';
import { parseBody } from '../../core/http/parse-body.js';
import { resource } from '../../core/http/resource.js';
import { baseUrl } from '../http/base-url.js';
import { caller } from '../http/rest-context.js';
import type { SalesforceRepository } from '../repository.js';
import type { TrustService } from '../trust/service.js';
import { integrationBody, trustRequestBody } from './requests.js';
import { omnichannelInventoryPage, trustsPage, trustView } from './views.js';

// Setup pages of the org as JSON endpoints named after the Lightning page, for a session of that org: GET shows
// the page, POST is what its buttons do.

const OCI_PAGE = '/lightning/setup/OmnichannelInventory/home';
const TRUST_PAGE = '/lightning/setup/C2CTrustRelationships/home';
const TRUST = '/lightning/setup/C2CTrustRelationships/:trustId';

export function setupRoutes(deps: { repo: SalesforceRepository; session: RequestHandler; trust: TrustService; bodyLimit: number }): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const { session, trust } = deps;
  const ociPage = (req: Request, res: Response) => res.json(omnichannelInventoryPage(deps.repo, caller(res).orgId, baseUrl(req)));
  const trustId = (req: Request) => String(req.params.trustId);

  const showOci = [session, ociPage];
  resource(router, undefined, OCI_PAGE, {
    GET: showOci,
    HEAD: showOci,
    // The Omnichannel Inventory-B2C Commerce Integration toggle.
    POST: [
      session,
      ...json,
      (req, res) => {
        const body = parseBody(integrationBody, req.body);
        trust.setIntegration(caller(res).orgId, body.b2cCommerceIntegration, caller(res).username);
        ociPage(req, res);
      },
    ],
  });

  const showTrusts = [session, (_req: Request, res: Response) => res.json(trustsPage(trust.relationships(caller(res).orgId)))];
  resource(router, undefined, TRUST_PAGE, {
    GET: showTrusts,
    HEAD: showTrusts,
    // New → Request Trust.
    POST: [session, ...json, (req, res) => res.status(201).json(trustView(trust.request(caller(res).orgId, parseBody(trustRequestBody, req.body), caller(res).username)))],
  });

  const showTrust = [session, (req: Request, res: Response) => res.json(trustView(trust.relationship(caller(res).orgId, trustId(req))))];
  resource(router, undefined, TRUST, { GET: showTrust, HEAD: showTrust });
  resource(router, undefined, `${TRUST}/establish`, {
    POST: [session, (req, res) => res.json(trustView(trust.establish(caller(res).orgId, trustId(req), caller(res).username)))],
  });
  resource(router, undefined, `${TRUST}/disconnect`, {
    POST: [session, (req, res) => res.json(trustView(trust.disconnect(caller(res).orgId, trustId(req), caller(res).username)))],
  });
  return router;
}
