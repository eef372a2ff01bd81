import { Router } from 'express';
import { jsonBody } from '../../core/http/body.js';
import type { FastLane, LaneHandler, LaneRequest, LaneResponse } from '../../core/http/fast-lane.js';
import { fast, resource } from '../../core/http/resource.js';
import { noContent, sendJson } from '../../core/http/send-json.js';
import { PAYMENT_METHODS, SHIPPING_METHODS, type Basket } from '../checkout/model.js';
import { basketView } from '../checkout/views.js';
import { SHOPPER_SCOPES, shopperLocals, type ShopperAccess } from '../shopper/access.js';
import { parseAddress, parseCreate, parseCustomer, parseItems, parseItemUpdate, parsePayment, parseShippingMethod } from './requests.js';
import type { Shopper } from './model.js';
import type { BasketService } from './service.js';

// Shopper Baskets v1 (/checkout/shopper-baskets/v1/organizations/{org}/baskets…): the calls a checkout makes, on
// the fast lane as well as Express (a checkout makes several per order).

export interface BasketRoutesDeps {
  access: ShopperAccess;
  lane: FastLane;
  baskets: BasketService;
  now(): number;
  bodyLimit: number;
}

export function shopperOf(res: LaneResponse): Shopper {
  const l = shopperLocals(res);
  return { customerId: l.shopper.customerId || l.shopper.usid, siteId: l.siteId };
}

export function basketRoutes(deps: BasketRoutesDeps): Router {
  const router = Router();
  const { baskets } = deps;
  const read = deps.access(SHOPPER_SCOPES.basketsRead);
  const write = deps.access(SHOPPER_SCOPES.basketsWrite);
  const json = jsonBody({ limit: deps.bodyLimit });
  const base = '/checkout/shopper-baskets/v1/organizations/:organizationId/baskets';
  const inst = (res: LaneResponse) => shopperLocals(res).instance;
  const p = (req: LaneRequest, name: string) => String(req.params[name]);
  const answer = (res: LaneResponse, basket: Basket) => sendJson(res, 200, basketView(basket, deps.now()));
  /** A write: the shopper's token, a JSON body, then the change answering the basket. */
  const change = (run: (req: LaneRequest, res: LaneResponse) => Basket): LaneHandler[] => [...write, ...json, (req, res) => answer(res, run(req, res))];

  resource(router, deps.lane, base, {
    POST: fast(...change((req, res) => baskets.create(inst(res), shopperOf(res), parseCreate(req.body)))),
  });
  resource(router, deps.lane, `${base}/:basketId`, {
    GET: fast(...read, (req, res) => answer(res, baskets.get(inst(res), shopperOf(res), p(req, 'basketId')))),
    DELETE: fast(...write, (req, res) => {
      baskets.delete(inst(res), shopperOf(res), p(req, 'basketId'));
      noContent(res);
    }),
  });
  resource(router, deps.lane, `${base}/:basketId/items`, {
    POST: fast(...change((req, res) => baskets.addItems(inst(res), shopperOf(res), p(req, 'basketId'), parseItems(req.body)))),
  });
  resource(router, deps.lane, `${base}/:basketId/items/:itemId`, {
    PATCH: fast(...change((req, res) => baskets.updateItem(inst(res), shopperOf(res), p(req, 'basketId'), p(req, 'itemId'), parseItemUpdate(req.body)))),
    DELETE: fast(...write, (req, res) => answer(res, baskets.removeItem(inst(res), shopperOf(res), p(req, 'basketId'), p(req, 'itemId')))),
  });
  resource(router, deps.lane, `${base}/:basketId/customer`, {
    PUT: fast(...change((req, res) => baskets.setCustomer(inst(res), shopperOf(res), p(req, 'basketId'), parseCustomer(req.body)))),
  });
  resource(router, deps.lane, `${base}/:basketId/billing-address`, {
    PUT: fast(...change((req, res) => baskets.setBillingAddress(inst(res), shopperOf(res), p(req, 'basketId'), parseAddress(req.body)))),
  });
  resource(router, deps.lane, `${base}/:basketId/shipments/:shipmentId/shipping-address`, {
    PUT: fast(...change((req, res) => baskets.setShippingAddress(inst(res), shopperOf(res), p(req, 'basketId'), p(req, 'shipmentId'), parseAddress(req.body)))),
  });
  resource(router, deps.lane, `${base}/:basketId/shipments/:shipmentId/shipping-method`, {
    PUT: fast(...change((req, res) => baskets.setShippingMethod(inst(res), shopperOf(res), p(req, 'basketId'), p(req, 'shipmentId'), parseShippingMethod(req.body)))),
  });
  resource(router, deps.lane, `${base}/:basketId/shipments/:shipmentId/shipping-methods`, {
    GET: fast(...read, (req, res) => {
      baskets.shipment(inst(res), shopperOf(res), p(req, 'basketId'), p(req, 'shipmentId'));
      sendJson(res, 200, { defaultShippingMethodId: SHIPPING_METHODS[0].id, applicableShippingMethods: SHIPPING_METHODS.map((m) => ({ ...m })) });
    }),
  });
  resource(router, deps.lane, `${base}/:basketId/payment-instruments`, {
    POST: fast(...change((req, res) => baskets.addPayment(inst(res), shopperOf(res), p(req, 'basketId'), parsePayment(req.body)))),
  });
  resource(router, deps.lane, `${base}/:basketId/payment-instruments/:paymentInstrumentId`, {
    DELETE: fast(...write, (req, res) => answer(res, baskets.removePayment(inst(res), shopperOf(res), p(req, 'basketId'), p(req, 'paymentInstrumentId')))),
  });
  resource(router, deps.lane, `${base}/:basketId/payment-methods`, {
    GET: fast(...read, (req, res) => {
      baskets.get(inst(res), shopperOf(res), p(req, 'basketId'));
      sendJson(res, 200, { applicablePaymentMethods: PAYMENT_METHODS.map((m) => ({ ...m })) });
    }),
  });
  return router;
}
