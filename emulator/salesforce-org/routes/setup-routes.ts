import { Router, type RequestHandler } from 'express';
import type { SalesforceOrgPrincipal } from '../../core/auth/principal.js';
import { onlyMethods } from '../../core/http/methods.js';
import { baseUrl } from '../http/base-url.js';
import type { SalesforceRepository } from '../repository.js';
import { omnichannelInventoryPage } from '../setup/omnichannel-inventory-page.js';

// Setup pages of the org as JSON endpoints named after the Lightning page, for a session of that org.

const OCI_PAGE = '/lightning/setup/OmnichannelInventory/home';

export function setupRoutes(deps: { repo: SalesforceRepository; session: RequestHandler }): Router {
  const router = Router();
  router.get(OCI_PAGE, deps.session, (req, res) => {
    const p = res.locals.principal as SalesforceOrgPrincipal;
    res.json(omnichannelInventoryPage(deps.repo, p.orgId, baseUrl(req)));
  });
  router.all(OCI_PAGE, onlyMethods(['GET', 'HEAD']));
  return router;
}
