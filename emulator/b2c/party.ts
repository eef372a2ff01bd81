import { controlDialect } from '../core/errors/dialects/control.js';
import { JwtResolver } from '../core/auth/authenticator.js';
import { adminGuard } from '../control-plane/admin-guard.js';
import { slasControlRoutes } from './slas/control-routes.js';
import { slasDialect } from './slas/dialect.js';
import { slasRoutes } from './slas/routes.js';
import { SlasService } from './slas/service.js';
import { slasJournal } from './slas/stored-slas.js';
import { isSlasIssuer, shopperPrincipal } from './slas/shopper-tokens.js';
import { scapiDialect } from '../core/errors/dialects/commerce-api.js';
import type { Party, PartyContext, PartyRuntime } from '../party.js';
import { pagesRoutes } from './business-manager/routes.js';
import { businessManagerLaneSession, businessManagerSession } from './business-manager/session.js';
import { crossCloudTrustRoutes } from './business-manager/trust-routes.js';
import { InstanceStates } from './instances.js';
import { integrationRoutes } from './integration/routes.js';
import { IntegrationService } from './integration/service.js';
import { pairingOf } from './inventory/pairing.js';
import { ociClient } from './oci-cache/oci-client.js';
import { OciCache } from './oci-cache/service.js';
import { cacheJournal } from './oci-cache/stored-cache.js';
import { catalogRoutes } from './catalog/routes.js';
import { CatalogService } from './catalog/service.js';
import { catalogJournal } from './catalog/stored-catalog.js';
import { checkoutJournal } from './checkout/stored-checkout.js';
import { buildStorefront } from './storefront.js';
import { TIMINGS } from './oci-cache/timing.js';
import { recordViewRoutes } from './record-view/routes.js';
import { RecordView } from './record-view/service.js';
import { inventoryRoutes } from './inventory/routes.js';
import { NativeInventory } from './inventory/service.js';
import { jobRoutes } from './jobs/routes.js';
import { JobsService } from './jobs/service.js';
import { ocapiAccess } from './ocapi/access.js';
import { ocapiDialect } from './ocapi/dialect.js';
import { b2cServices, type B2cServices } from './services.js';
import { sitesRoutes } from './sites/routes.js';
import { SitesService } from './sites/service.js';
import { b2cSection } from './world-section.js';

// The B2C Commerce instance: OCAPI Data (inventory lists and records, sites, stores, job executions), WebDAV for
// IMPEX files and job logs, and its Business Manager pages as JSON endpoints named after the page.

declare module '../party.js' {
  interface Services {
    b2c?: B2cServices;
  }
}

export const b2cParty: Party = {
  name: 'b2c',
  apis: [
    {
      family: 'b2c',
      prefixes: [
        ['/s/', ocapiDialect],
        // Business Manager pages (the human steps) answer as the emulator's own JSON endpoints.
        ['/on/', controlDialect],
        ['/shopper/auth/', slasDialect],
        ['/shopper/', scapiDialect],
        ['/product/', scapiDialect],
        ['/checkout/', scapiDialect],
        ['/store/', scapiDialect],
        ['/customer/', scapiDialect],
        // The custom API standing in for basket-reservation code (custom APIs sit behind the same gateway).
        ['/custom/', scapiDialect],
      ],
    },
  ],
  journals: [cacheJournal, catalogJournal, checkoutJournal, slasJournal],
  build,
};

function build(ctx: PartyContext): PartyRuntime {
  const trust = ctx.services.salesforceOrg?.trust;
  if (!trust) throw new Error('the B2C party needs the Salesforce org party (C2C trust) wired before it');
  const states = new InstanceStates({ store: ctx.store, clock: ctx.clock, journal: ctx.journal });
  const inventory = new NativeInventory(states);
  const sites = new SitesService(states);
  const session = businessManagerSession(ctx.authenticator, ctx.store);
  const ocapi = ocapiAccess(ctx.authenticator, ctx.store, ctx.services);
  const jobs = new JobsService(ctx.store, ctx.clock, ctx.journal, inventory, ctx.logger);
  const cache: OciCache = new OciCache({
    store: ctx.store,
    clock: ctx.clock,
    journal: ctx.journal,
    logger: ctx.logger,
    timing: TIMINGS[ctx.options.profile],
    oci: ociClient(ctx.services),
    facts: (instanceId) => ({
      instanceId,
      tenantGroupId: integration.tenantGroup(instanceId),
      lists: inventory.lists(instanceId).map((l) => ({ id: l.id, place: pairingOf(ctx.services, instanceId, l.id)?.type, assignedToSite: inventory.assignedSites(instanceId, l.id).length > 0 })),
      timeZone: integration.timeZone(instanceId),
      cap: integration.cacheCap(instanceId),
    }),
  });
  // The cache sleeps while nothing changes: OCI's change feed and the instance's own lists and sites wake it.
  ctx.services.oci?.watchChanges((tenantGroupId) => cache.changed(tenantGroupId));
  states.onChange((instanceId) => cache.wake(instanceId));
  // An outage ending (or starting) wakes every instance's cache: deltas resume at once.
  ctx.services.oci?.outage.onChange(() => {
    for (const i of services.instances()) cache.wake(i.id);
  });
  const integration = new IntegrationService({ states, inventory, sites, cache, enforcement: ctx.enforcement, services: ctx.services, clock: ctx.clock });
  const records = new RecordView({ inventory, cache, integration });
  const services = b2cServices(ctx.store, integration, cache);
  ctx.services.b2c = services;
  const catalog = new CatalogService({ store: ctx.store, journal: ctx.journal, now: () => states.now() });
  const slas = new SlasService({
    store: ctx.store,
    clock: ctx.clock,
    journal: ctx.journal,
    keys: ctx.ecKeys,
    instanceByOrganization: (organizationId) => services.instances().find((i) => i.organizationId === organizationId),
    hasSite: (instanceId, siteId) => sites.sites(instanceId).some((s) => s.id === siteId),
  });
  ctx.authenticator.add(
    new JwtResolver({
      issuer: isSlasIssuer,
      algorithms: ['ES256'],
      publicKey: ctx.ecKeys.publicKey,
      clock: ctx.clock,
      toPrincipal: shopperPrincipal,
      revoked: (p) => p.kind === 'shopper' && slas.revoked(p.organizationId, p.tokenId),
    }),
  );
  const storefront = buildStorefront({ ctx, services, inventory, sites, catalog, cache, integration, ocapi, session });
  integration.openNativeOrders = (instanceId) => storefront.orders.openNative(instanceId);
  const slasIds = ctx.rng.fork('slas-clients');
  const bodyLimit = ctx.options.bodyLimitBytes;
  return {
    rearm() {
      cache.rearm((instanceId) => integration.mode(instanceId) !== 'B2C');
      integration.rearm(services.instances().map((i) => i.id));
      storefront.rearm(services.instances().map((i) => i.id));
    },
    idle: () => cache.idle(),
    close: async () => cache.close(),
    describe: (baseUrl) => b2cSection(services, states, baseUrl, (id) => catalog.count(id), (id) => slas.clients(id)),
    routes: {
      control: [slasControlRoutes({ slas, guard: adminGuard(ctx.options.adminToken), exists: (id) => services.instances().some((i) => i.id === id), newId: () => slasIds.uuid() })],
      b2c: [
        slasRoutes({ slas, keys: ctx.ecKeys, authenticator: ctx.authenticator, bodyLimit }),
        inventoryRoutes({ inventory, records, access: ocapi, bodyLimit }),
        sitesRoutes({ sites, access: ocapi, bodyLimit }),
        catalogRoutes({ catalog, access: ocapi, bodyLimit }),
        jobRoutes({ jobs, session, ocapi, bodyLimit }),
        crossCloudTrustRoutes({ trust, session }),
        pagesRoutes({ session, sites, inventory, jobs, services: ctx.services, bodyLimit, retentionSaved: (id) => integration.retentionChanged(id) }),
        integrationRoutes({ session, integration, cache, enforcement: ctx.enforcement, services: ctx.services, bodyLimit }),
        ...storefront.routes,
        recordViewRoutes({ session, laneSession: businessManagerLaneSession(ctx.authenticator, ctx.store), lane: ctx.lane, records, bodyLimit }),
      ],
    },
  };
}
