import { Router, type RequestHandler, type Response } from 'express';
import { jsonBody } from '../../core/http/body.js';
import type { FastLane } from '../../core/http/fast-lane.js';
import { parseBody } from '../../core/http/parse-body.js';
import { fast, resource } from '../../core/http/resource.js';
import { noContent, sendJson } from '../../core/http/send-json.js';
import { bmPages } from '../business-manager/pages.js';
import { shopperOf } from '../baskets/routes.js';
import type { BasketService } from '../baskets/service.js';
import { SHOPPER_SCOPES, shopperLocals, type ShopperAccess } from '../shopper/access.js';
import type { BasketReservationPreference } from './model.js';
import { parseReserve, preferencesBody, preferencesQuery } from './requests.js';
import { preferencesPage, reservationDoc } from './views.js';

// The two documented stand-ins for the custom code real storefronts use to reserve a basket (there is no SCAPI
// endpoint):
// - the custom API /custom/basket-reservation/v1/organizations/{org}/baskets/{basketId}/reservation: POST
//   reserves (200 when OK, 409 when ERROR, with the Script API's status items), DELETE releases (204);
// - Business Manager's Custom Site Preferences page: reserve on every basket item change, for N minutes.

export interface BasketReservationDeps {
  access: ShopperAccess;
  lane: FastLane;
  baskets: BasketService;
  now(): number;
  session: RequestHandler[];
  preference(instanceId: string, siteId: string): BasketReservationPreference;
  setPreference(instanceId: string, siteId: string, pref: BasketReservationPreference): void;
  bodyLimit: number;
}

export function basketReservationRoutes(deps: BasketReservationDeps): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const write = deps.access(SHOPPER_SCOPES.basketsWrite);
  resource(router, deps.lane, '/custom/basket-reservation/v1/organizations/:organizationId/baskets/:basketId/reservation', {
    POST: fast(...write, ...json, (req, res) => {
      const l = shopperLocals(res);
      const b = parseReserve(req.body);
      const { outcome, basket } = deps.baskets.reserve(l.instance, shopperOf(res), String(req.params.basketId), b.minutes, b.removeIfNotAvailable);
      sendJson(res, outcome.status === 'OK' ? 200 : 409, reservationDoc(outcome, basket, deps.now()));
    }),
    DELETE: fast(...write, (req, res) => {
      deps.baskets.release(shopperLocals(res).instance, shopperOf(res), String(req.params.basketId));
      noContent(res);
    }),
  });

  const page = bmPages(router, deps.session, deps.bodyLimit);
  const inst = (res: Response) => String(res.locals.instance);
  page('CustomSitePreferences-Show', 'GET', (req, res) => {
    const { siteId } = parseBody(preferencesQuery, req.query);
    res.json(preferencesPage(siteId, deps.preference(inst(res), siteId)));
  });
  page('CustomSitePreferences-Save', 'POST', (req, res) => {
    const b = parseBody(preferencesBody, req.body);
    const pref = { onItemChange: b.basketReservation.onItemChange, minutes: b.basketReservation.minutes ?? 10 };
    deps.setPreference(inst(res), b.siteId, pref);
    res.json(preferencesPage(b.siteId, pref));
  });
  return router;
}
