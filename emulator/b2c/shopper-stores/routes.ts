import { Router } from 'express';
import { fast, resource } from '../../core/http/resource.js';
import type { FastLane } from '../../core/http/fast-lane.js';
import { sendJson } from '../../core/http/send-json.js';
import { SHOPPER_SCOPES, shopperLocals, type ShopperAccess } from '../shopper/access.js';
import { parseIds, parseSearch } from './requests.js';
import type { ShopperStores } from './service.js';
import { searchResult, storesResult } from './views.js';

// Shopper Stores (/store/shopper-stores/v1/organizations/{org}/stores and /store-search).

export function shopperStoresRoutes(deps: { access: ShopperAccess; lane: FastLane; stores: ShopperStores }): Router {
  const router = Router();
  const base = '/store/shopper-stores/v1/organizations/:organizationId';
  resource(router, deps.lane, `${base}/stores`, {
    GET: fast(...deps.access(SHOPPER_SCOPES.stores), (_req, res) => {
      const l = shopperLocals(res);
      sendJson(res, 200, storesResult(deps.stores.byIds(l.instance, l.siteId, parseIds(l.query))));
    }),
  });
  resource(router, deps.lane, `${base}/store-search`, {
    GET: fast(...deps.access(SHOPPER_SCOPES.stores), (_req, res) => {
      const l = shopperLocals(res);
      const q = parseSearch(l.query);
      sendJson(res, 200, searchResult(deps.stores.search(l.instance, l.siteId, q), q.distanceUnit, q.offset, q.limit));
    }),
  });
  return router;
}
