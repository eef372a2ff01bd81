import { Router } from 'express';
import { onlyMethods } from '../core/http/methods.js';
import type { Party, PartyContext } from '../party.js';
import { AvailabilityQuery } from './availability/query-service.js';
import { availabilityRoutes } from './availability/routes.js';
import { AvailabilityUpdates } from './availability/updates-service.js';
import { DeltaService } from './change-feed/deltas-service.js';
import { ChangeFeed } from './change-feed/feed.js';
import { connectAvailabilityRoutes } from './connect/availability-routes.js';
import { ociGuard } from './guard.js';
import { publishGraph } from './places/publish.js';
import { OciTenants } from './tenants.js';

// Omnichannel Inventory: per-tenant-group records, the availability API and its Connect twin, the change feed.

export interface OciDomain {
  tenants: OciTenants;
  feed: ChangeFeed;
  query: AvailabilityQuery;
  updates: AvailabilityUpdates;
  deltas: DeltaService;
}

export function ociParty(ctx: PartyContext): Party {
  const tenants = new OciTenants(ctx.store);
  const feed = new ChangeFeed(ctx.store, ctx.clock);
  const query = new AvailabilityQuery(tenants);
  const updates = new AvailabilityUpdates(tenants, feed, ctx.clock);
  const deltas = new DeltaService({ tenants, feed, clock: ctx.clock, query });
  const domain: OciDomain = { tenants, feed, query, updates, deltas };
  ctx.services.oci = {
    domain,
    publishGraph: (tenantGroupId, graph) => publishGraph(tenants, feed, tenantGroupId, graph),
  };
  const guard = ociGuard(ctx.authenticator, ctx.store);
  return {
    name: 'oci',
    routes: {
      oci: [availabilityRoutes({ tenants, query, updates, deltas, guard, bodyLimit: ctx.options.bodyLimitBytes }), handshakeRoutes(ctx, guard)],
      'salesforce-org': [
        connectAvailabilityRoutes({ query, updates, tenants, authenticator: ctx.authenticator, store: ctx.store, bodyLimit: ctx.options.bodyLimitBytes }),
      ],
    },
  };
}

/**
 * `PUT /inventory/internal/v1/organizations/{tenantGroupId}`: public org-auth clients call it before their first
 * Commerce API call and expect 204. Undocumented; the emulator accepts any token valid for the tenant group and
 * records the call.
 */
function handshakeRoutes(ctx: PartyContext, guard: ReturnType<typeof ociGuard>): Router {
  const router = Router();
  const path = '/inventory/internal/v1/organizations/:organizationId';
  router.put(path, guard(), (req, res) => {
    ctx.journal.emit({ type: 'oci.handshake', tenant: String(req.params.organizationId), data: { principal: res.locals.principal?.kind } });
    res.status(204).end();
  });
  router.all(path, onlyMethods(['PUT']));
  return router;
}
