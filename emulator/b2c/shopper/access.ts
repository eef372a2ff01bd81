import type { Authenticator } from '../../core/auth/authenticator.js';
import type { ShopperPrincipal } from '../../core/auth/principal.js';
import { requireAuth } from '../../core/auth/require-auth.js';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import type { LaneHandler, LaneRequest, LaneResponse } from '../../core/http/fast-lane.js';
import { queryOfUrl } from '../../core/http/query.js';
import type { B2cInstance, B2cSite } from '../model.js';

// Who may call a shopper API (SCAPI), and for which instance and site:
// - a SLAS shopper token (signature, expiry on the virtual clock, not logged out), with one of the API's scopes;
//   Account Manager or org tokens are not shopper sessions (401);
// - the organization in the path is the token's, and names an instance (found by organization id, not by host);
// - `siteId` is required and must be the site the token was issued for (its `isb` chid), else 401;
// - a site in maintenance (or offline, the same state) answers 503 with `sfdc_maintenance: site`, as SCAPI does.
// Handlers read what this decided from res.locals (`instance`, `siteId`, `shopper`, `query`); the chain runs on the
// fast lane as well, so the query string is read here rather than by Express.

export interface ShopperLocals {
  instance: string;
  siteId: string;
  shopper: ShopperPrincipal;
  query: Record<string, unknown>;
}

export interface ShopperAccessDeps {
  authenticator: Authenticator;
  instanceByOrganization(organizationId: string): B2cInstance | undefined;
  site(instanceId: string, siteId: string): B2cSite | undefined;
}

export type ShopperAccess = (scopes: readonly string[]) => LaneHandler[];

export function shopperAccess(deps: ShopperAccessDeps): ShopperAccess {
  const context: LaneHandler = (req, res, next) => {
    try {
      const shopper = res.locals.principal as ShopperPrincipal;
      const organizationId = String(req.params.organizationId ?? '');
      if (shopper.organizationId !== organizationId) {
        throw new AppError(401, GenericCode.InvalidToken, 'The access token is not valid for this organization', { explain: `the token is for ${shopper.organizationId}` });
      }
      const instance = deps.instanceByOrganization(organizationId);
      if (!instance) throw new AppError(404, GenericCode.NotFound, `No B2C instance has the organization id '${organizationId}'.`);
      const query = queryOf(req);
      const siteId = query.siteId;
      if (Array.isArray(siteId)) throw new AppError(400, GenericCode.ValidationFailed, "The query parameter 'siteId' must be given once.");
      if (typeof siteId !== 'string' || siteId.length === 0) throw new AppError(400, GenericCode.ValidationFailed, "The query parameter 'siteId' is required.");
      if (siteId !== shopper.siteId) {
        throw new AppError(401, GenericCode.InvalidToken, 'The access token is not valid for this site', { explain: `the token was issued for site ${shopper.siteId}, not ${siteId}` });
      }
      const site = deps.site(instance.id, siteId);
      if (!site) throw new AppError(404, 'site-not-found', `No site with ID '${siteId}' exists.`);
      if (site.status === 'maintenance' || site.status === 'offline') {
        throw new AppError(503, 'site-under-maintenance', 'The request could not be processed because the site is under maintenance.', { headers: { sfdc_maintenance: 'site' } });
      }
      const locals = res.locals as unknown as ShopperLocals;
      locals.instance = instance.id;
      locals.siteId = siteId;
      locals.shopper = shopper;
      locals.query = query;
      next();
    } catch (error) {
      next(error);
    }
  };
  const cache = new Map<string, LaneHandler[]>();
  return (scopes) => {
    const key = scopes.join(' ');
    let chain = cache.get(key);
    if (!chain) cache.set(key, (chain = [requireAuth(deps.authenticator, { principals: ['shopper'], anyScope: scopes }), context]));
    return chain;
  };
}

export function queryOf(req: LaneRequest): Record<string, unknown> {
  return queryOfUrl(req.originalUrl || req.url || '');
}

export function shopperLocals(res: LaneResponse | { locals: Record<string, unknown> }): ShopperLocals {
  return res.locals as unknown as ShopperLocals;
}

/** Each shopper API's scopes (SCAPI security schemes): its own, or the catch-all `sfcc.shopper-standard`. */
export const SHOPPER_SCOPES = {
  products: ['sfcc.shopper-products', 'sfcc.shopper-standard'],
  availability: ['sfcc.shopper-availability', 'sfcc.shopper-standard'],
  stores: ['sfcc.shopper-stores', 'sfcc.shopper-standard'],
  basketsRead: ['sfcc.shopper-baskets-orders', 'sfcc.shopper-baskets-orders.rw', 'sfcc.shopper-standard'],
  basketsWrite: ['sfcc.shopper-baskets-orders.rw', 'sfcc.shopper-standard'],
} as const;
