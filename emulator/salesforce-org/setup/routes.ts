import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { SalesforceOrgPrincipal } from '../../core/auth/principal.js';
import { jsonBody } from '../../core/http/body.js';
import { parseBody } from '../../core/http/parse-body.js';
import { onlyMethods } from '../../core/http/methods.js';
import { baseUrl } from '../http/base-url.js';
import type { SalesforceRepository } from '../repository.js';
import { omnichannelInventoryPage } from './omnichannel-inventory-page.js';
import { trustView } from './views.js';
import type { TrustService } from '../trust/service.js';

// Setup pages of the org as JSON endpoints named after the Lightning page, for a session of that org: GET shows
// the page, POST is what its buttons do.

const OCI_PAGE = '/lightning/setup/OmnichannelInventory/home';
const TRUST_PAGE = '/lightning/setup/C2CTrustRelationships/home';
const TRUST = '/lightning/setup/C2CTrustRelationships/:trustId';

const integrationBody = z.object({ b2cCommerceIntegration: z.boolean('must be true or false') });
const requestBody = z.object({
  cloud: z.string('must be a string, "Commerce Cloud"'),
  remoteTenantUrl: z.string('must be the Business Manager URL, https://<host>/on/'),
});

export function setupRoutes(deps: { repo: SalesforceRepository; session: RequestHandler; trust: TrustService; bodyLimit: number }): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const user = (res: { locals: { principal?: unknown } }) => res.locals.principal as SalesforceOrgPrincipal;
  const page = (req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]) => omnichannelInventoryPage(deps.repo, user(res).orgId, baseUrl(req));

  router.get(OCI_PAGE, deps.session, (req, res) => {
    res.json(page(req, res));
  });
  // The Omnichannel Inventory-B2C Commerce Integration toggle.
  router.post(OCI_PAGE, deps.session, ...json, (req, res) => {
    const body = parseBody(integrationBody, req.body);
    deps.trust.setIntegration(user(res).orgId, body.b2cCommerceIntegration, user(res).username);
    res.json(page(req, res));
  });
  router.all(OCI_PAGE, onlyMethods(['GET', 'HEAD', 'POST']));

  router.get(TRUST_PAGE, deps.session, (_req, res) => {
    res.json({ page: 'Setup > Manage C2C Trust Relationships', relationships: deps.trust.relationships(user(res).orgId).map(trustView) });
  });
  // New → Request Trust.
  router.post(TRUST_PAGE, deps.session, ...json, (req, res) => {
    const body = parseBody(requestBody, req.body);
    res.status(201).json(trustView(deps.trust.request(user(res).orgId, body, user(res).username)));
  });
  router.all(TRUST_PAGE, onlyMethods(['GET', 'HEAD', 'POST']));

  router.get(TRUST, deps.session, (req, res) => {
    res.json(trustView(deps.trust.relationship(user(res).orgId, String(req.params.trustId))));
  });
  router.all(TRUST, onlyMethods(['GET', 'HEAD']));
  router.post(`${TRUST}/establish`, deps.session, (req, res) => {
    res.json(trustView(deps.trust.establish(user(res).orgId, String(req.params.trustId), user(res).username)));
  });
  router.post(`${TRUST}/disconnect`, deps.session, (req, res) => {
    res.json(trustView(deps.trust.disconnect(user(res).orgId, String(req.params.trustId), user(res).username)));
  });
  for (const action of ['establish', 'disconnect']) router.all(`${TRUST}/${action}`, onlyMethods(['POST']));
  return router;
}
