import { Router } from 'express';
import type { FastLane } from '../../core/http/fast-lane.js';
import { fast, resource } from '../../core/http/resource.js';
import { sendJson } from '../../core/http/send-json.js';
import { SHOPPER_SCOPES, shopperLocals, type ShopperAccess } from '../shopper/access.js';
import { parseAvailabilityQuery, parseProductQuery } from './requests.js';
import type { ShopperCatalog } from './service.js';
import { availabilityResult, productDoc, productsResult } from './views.js';

// Shopper Products (/product/shopper-products/v1/organizations/{org}/products[/{id}]) and Shopper Availability
// (/product/shopper-availability/v1/organizations/{org}/availability): what a storefront reads on every page, so
// all three are served by the fast lane too.

export interface ShopperProductsDeps {
  access: ShopperAccess;
  lane: FastLane;
  catalog: ShopperCatalog;
  siteList(instanceId: string, siteId: string): string | null;
}

export function shopperProductsRoutes(deps: ShopperProductsDeps): Router {
  const router = Router();
  const { catalog } = deps;
  const base = '/product/shopper-products/v1/organizations/:organizationId';

  resource(router, deps.lane, `${base}/products/:id`, {
    GET: fast(...deps.access(SHOPPER_SCOPES.products), (req, res) => {
      const l = shopperLocals(res);
      const q = parseProductQuery(l.query, false);
      const found = catalog.product(l.instance, l.siteId, deps.siteList(l.instance, l.siteId), String(req.params.id), q.inventoryIds);
      sendJson(res, 200, productDoc(found, q.expand));
    }),
  });
  resource(router, deps.lane, `${base}/products`, {
    GET: fast(...deps.access(SHOPPER_SCOPES.products), (_req, res) => {
      const l = shopperLocals(res);
      const q = parseProductQuery(l.query, true);
      sendJson(res, 200, productsResult(catalog.products(l.instance, deps.siteList(l.instance, l.siteId), q.ids, q.inventoryIds), q.expand));
    }),
  });
  resource(router, deps.lane, '/product/shopper-availability/v1/organizations/:organizationId/availability', {
    GET: fast(...deps.access(SHOPPER_SCOPES.availability), (_req, res) => {
      const l = shopperLocals(res);
      const q = parseAvailabilityQuery(l.query);
      sendJson(res, 200, availabilityResult(catalog.availability(l.instance, deps.siteList(l.instance, l.siteId), q.productIds, q.inventoryIds, q.variations)));
    }),
  });
  return router;
}
