import { Router, type RequestHandler, type Response } from 'express';
import type { Authenticator } from '../../core/auth/authenticator.js';
import { requireAuth } from '../../core/auth/require-auth.js';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import { jsonBody } from '../../core/http/body.js';
import type { FastLane } from '../../core/http/fast-lane.js';
import { queryOfUrl } from '../../core/http/query.js';
import { fast, resource } from '../../core/http/resource.js';
import { noContent, sendJson } from '../../core/http/send-json.js';
import { shopperOf } from '../baskets/routes.js';
import { orderView } from '../checkout/views.js';
import { SHOPPER_SCOPES, shopperLocals, type ShopperAccess } from '../shopper/access.js';
import { param } from '../ocapi/requests.js';
import { parseCreateOrder, parseExportStatus, parseFail, parseStatus } from './requests.js';
import type { OrderService } from './service.js';

// Shopper Orders (create, get, fail), the Orders Admin status change (Account Manager token with sfcc.orders.rw
// for the instance), and OCAPI Data's order status and export status (OCAPI faults: each SCAPI slug becomes its
// exception name, `order-not-found` → OrderNotFoundException).

export interface OrderRoutesDeps {
  access: ShopperAccess;
  lane: FastLane;
  orders: OrderService;
  authenticator: Authenticator;
  ocapi: RequestHandler[];
  hasSite(instanceId: string, siteId: string): boolean;
  instanceByOrganization(organizationId: string): string | undefined;
  bodyLimit: number;
}

export function orderRoutes(deps: OrderRoutesDeps): Router {
  const router = Router();
  const { orders } = deps;
  const json = jsonBody({ limit: deps.bodyLimit });
  const base = '/checkout/shopper-orders/v1/organizations/:organizationId/orders';

  resource(router, deps.lane, base, {
    POST: fast(...deps.access(SHOPPER_SCOPES.basketsWrite), ...json, (req, res) => {
      const l = shopperLocals(res);
      sendJson(res, 200, orderView(orders.create(l.instance, shopperOf(res), parseCreateOrder(req.body))));
    }),
  });
  resource(router, deps.lane, `${base}/:orderNo`, {
    GET: fast(...deps.access(SHOPPER_SCOPES.basketsRead), (req, res) => {
      sendJson(res, 200, orderView(orders.shopperOrder(shopperLocals(res).instance, shopperOf(res), String(req.params.orderNo))));
    }),
  });
  resource(router, deps.lane, `${base}/:orderNo/actions/fail`, {
    POST: fast(...deps.access(SHOPPER_SCOPES.basketsWrite), ...json, (req, res) => {
      const l = shopperLocals(res);
      const { reopen } = parseFail(req.body, l.query);
      const order = orders.shopperOrder(l.instance, shopperOf(res), String(req.params.orderNo));
      const done = orders.changeStatus(l.instance, order, reopen ? 'failed_with_reopen' : 'failed', `shopper ${order.customerId}`);
      if (!done.reopened) return noContent(res);
      res.statusCode = 201;
      res.setHeader('Location', `/checkout/shopper-baskets/v1/organizations/${encodeURIComponent(String(req.params.organizationId))}/baskets/${done.reopened}?siteId=${encodeURIComponent(l.siteId)}`);
      res.end();
    }),
  });

  // Orders Admin: PUT …/orders/{orderNo}/status?siteId=, Account Manager token for this instance.
  const admin = requireAuth(deps.authenticator, {
    principals: ['account-manager'],
    anyScope: ['sfcc.orders.rw'],
    tenant: (req, principal) => {
      const instanceId = deps.instanceByOrganization(String(req.params.organizationId ?? ''));
      if (principal.kind === 'account-manager' && instanceId !== undefined && principal.tenant === instanceId) return { tenant: instanceId };
      return new AppError(403, GenericCode.TenantForbidden, 'The access token is not valid for this organization.', { explain: 'request the token with scope SALESFORCE_COMMERCE_API:<instance> of this organization' });
    },
  });
  resource(router, undefined, '/checkout/orders/v1/organizations/:organizationId/orders/:orderNo/status', {
    PUT: [
      admin as RequestHandler,
      ...json,
      (req, res) => {
        const instanceId = String(res.locals.tenant);
        const siteId = String(queryOfUrl(req.originalUrl).siteId ?? '');
        if (!siteId) throw new AppError(400, GenericCode.ValidationFailed, "The query parameter 'siteId' is required.");
        if (!deps.hasSite(instanceId, siteId)) throw new AppError(404, 'site-not-found', `No site with ID '${siteId}' exists.`);
        const order = orders.siteOrder(instanceId, siteId, param(req, 'orderNo'));
        const done = orders.changeStatus(instanceId, order, parseStatus(req.body, 'orders-admin'), `api client ${principalOf(res)}`);
        if (done.reopened) res.status(201).location(`/checkout/shopper-baskets/v1/organizations/${encodeURIComponent(param(req, 'organizationId'))}/baskets/${done.reopened}?siteId=${encodeURIComponent(siteId)}`).end();
        else res.status(204).end();
      },
    ],
  });

  // OCAPI Data: /s/-/dw/data/v{x}/sites/{site_id}/orders/{order_no}/status and export_status.
  const ocapiOrder = (req: Parameters<RequestHandler>[0], res: Response) => {
    const instanceId = String(res.locals.instance);
    const siteId = param(req, 'siteId');
    if (!deps.hasSite(instanceId, siteId)) throw new AppError(404, 'SiteNotFoundException', `No site with ID '${siteId}' exists.`, { details: { siteId: { type: 'string', value: siteId } } });
    return { instanceId, order: orders.siteOrder(instanceId, siteId, param(req, 'orderNo')) };
  };
  const ocapiBase = '/s/-/dw/data/:version/sites/:siteId/orders/:orderNo';
  resource(router, undefined, `${ocapiBase}/status`, {
    PUT: [
      ...deps.ocapi,
      ...json,
      (req, res) => {
        const { instanceId, order } = ocapiOrder(req, res);
        orders.changeStatus(instanceId, order, parseStatus(req.body, 'ocapi'), `api client ${principalOf(res)}`);
        res.status(204).end();
      },
    ],
  });
  resource(router, undefined, `${ocapiBase}/export_status`, {
    PUT: [
      ...deps.ocapi,
      ...json,
      (req, res) => {
        const { instanceId, order } = ocapiOrder(req, res);
        orders.setExportStatus(instanceId, order, parseExportStatus(req.body));
        res.status(204).end();
      },
    ],
  });
  return router;
}

function principalOf(res: Response): string {
  const p = res.locals.principal as { clientId?: string } | undefined;
  return p?.clientId ?? 'unknown';
}
