import { Router, type RequestHandler, type Response } from 'express';
import { jsonBody } from '../../core/http/body.js';
import { resource } from '../../core/http/resource.js';
import { paging, param, parseDocument, putDocument } from '../ocapi/requests.js';
import { deleted, page } from '../ocapi/views.js';
import { requireStoreName, storeBody, storeInput } from './requests.js';
import type { SitesService } from './service.js';
import { siteDoc, storeDoc } from './views.js';

// OCAPI Data API (/s/-/dw/data/v{major}_{minor}/…): sites (read) and a site's stores, with the inventory list
// each store sells from.

const SITES = '/s/-/dw/data/:version/sites';

export function sitesRoutes(deps: { sites: SitesService; access: RequestHandler[]; bodyLimit: number }): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const guard = deps.access;
  const { sites } = deps;
  const inst = (res: Response) => String(res.locals.instance);

  resource(router, undefined, SITES, { GET: [...guard, (req, res) => res.json(page(req, 'sites', sites.sites(inst(res)), paging(req), (s) => siteDoc(req, s)))] });
  resource(router, undefined, `${SITES}/:siteId`, { GET: [...guard, (req, res) => res.json(siteDoc(req, sites.site(inst(res), param(req, 'siteId'))))] });

  const stores = `${SITES}/:siteId/stores`;
  resource(router, undefined, stores, {
    GET: [
      ...guard,
      (req, res) => {
        const siteId = param(req, 'siteId');
        res.json(page(req, 'stores', sites.stores(inst(res), siteId), paging(req), (s) => storeDoc(req, siteId, s)));
      },
    ],
  });

  resource(router, undefined, `${stores}/:storeId`, {
    GET: [...guard, (req, res) => res.json(storeDoc(req, param(req, 'siteId'), sites.storeOf(inst(res), param(req, 'siteId'), param(req, 'storeId'))))],
    PUT: [
      ...guard,
      ...json,
      (req, res) => {
        const [siteId, id] = [param(req, 'siteId'), param(req, 'storeId')];
        const b = putDocument(storeBody, req.body, 'id', id);
        requireStoreName(b);
        res.json(storeDoc(req, siteId, sites.putStore(inst(res), siteId, id, storeInput(b)).store));
      },
    ],
    PATCH: [
      ...guard,
      ...json,
      (req, res) => {
        const siteId = param(req, 'siteId');
        res.json(storeDoc(req, siteId, sites.patchStore(inst(res), siteId, param(req, 'storeId'), storeInput(parseDocument(storeBody, req.body)))));
      },
    ],
    DELETE: [...guard, deleted((req, res) => sites.deleteStore(inst(res), param(req, 'siteId'), param(req, 'storeId')))],
  });
  return router;
}
