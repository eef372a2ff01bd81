import type { Router } from 'express';
import type { PartyContext } from '../party.js';
import { BasketHolds } from './basket-reservation/service.js';
import { basketReservationRoutes } from './basket-reservation/routes.js';
import { basketRoutes } from './baskets/routes.js';
import { BasketService } from './baskets/service.js';
import type { CatalogService } from './catalog/service.js';
import type { CheckoutDeps } from './checkout/deps.js';
import { checkoutNamespace } from './checkout/model.js';
import { StoredCheckout } from './checkout/stored-checkout.js';
import type { IntegrationService } from './integration/service.js';
import { pairingOf } from './inventory/pairing.js';
import type { NativeInventory } from './inventory/service.js';
import type { B2cServices } from './services.js';
import { ociReservations } from './oci-reservations/client.js';
import type { OciCache } from './oci-cache/service.js';
import { OrderBooking } from './orders/booking.js';
import { CaptureJob } from './orders/capture.js';
import { orderRoutes } from './orders/routes.js';
import { OrderService } from './orders/service.js';
import { shopperAccess } from './shopper/access.js';
import { shopperProductsRoutes } from './shopper-products/routes.js';
import { ShopperCatalog } from './shopper-products/service.js';
import { shopperStoresRoutes } from './shopper-stores/routes.js';
import { ShopperStores } from './shopper-stores/service.js';
import type { SitesService } from './sites/service.js';
import { StockService } from './stock/service.js';

// The storefront side of the instance, as the Commerce API serves it: Shopper Products, Availability and Stores,
// Shopper Baskets and Orders, the basket-reservation stand-ins, the admin order status changes, and Continuous
// Order Capture. Built by the B2C party from the services it already has.

export interface StorefrontDeps {
  ctx: PartyContext;
  services: B2cServices;
  inventory: NativeInventory;
  sites: SitesService;
  catalog: CatalogService;
  cache: OciCache;
  integration: IntegrationService;
  ocapi: import('express').RequestHandler[];
  session: import('express').RequestHandler[];
}

export interface Storefront {
  routes: Router[];
  orders: OrderService;
  capture: CaptureJob;
  stock: StockService;
  checkout(instanceId: string): StoredCheckout;
  rearm(instanceIds: readonly string[]): void;
}

export function buildStorefront(d: StorefrontDeps): Storefront {
  const { ctx } = d;
  const checkout = (instanceId: string): StoredCheckout => {
    const ns = checkoutNamespace(instanceId);
    const value = ctx.store.ensure<unknown>(ns, () => new StoredCheckout());
    if (value instanceof StoredCheckout) return value;
    // Plain JSON (a snapshot or fixture written without journaling): adopted as a journaled value from now on.
    const stored = new StoredCheckout();
    const plain = value as { baskets?: Record<string, never>; orders?: Record<string, never> };
    for (const b of Object.values(plain.baskets ?? {})) stored.putBasket(b);
    for (const o of Object.values(plain.orders ?? {})) stored.putOrder(o);
    for (const [k, n] of Object.entries((plain as { counters?: Record<string, number> }).counters ?? {})) stored.counters.set(k, n);
    stored.forget();
    ctx.store.adopt(ns, stored);
    return stored;
  };
  const instanceByOrganization = (organizationId: string) => d.services.instances().find((i) => i.organizationId === organizationId);
  const siteList = (instanceId: string, siteId: string) => d.sites.find(instanceId, siteId)?.inventoryListId ?? null;
  const stock = new StockService({
    inventory: d.inventory,
    cache: d.cache,
    mode: (id) => d.integration.mode(id),
    checkout,
    now: () => ctx.clock.now(),
  });
  const deps: CheckoutDeps = {
    checkout,
    touch: (instanceId) => ctx.store.touch(checkoutNamespace(instanceId)),
    catalog: d.catalog,
    stock,
    inventory: d.inventory,
    siteList,
    mode: (id) => d.integration.mode(id),
    pairing: (instanceId, listId) => pairingOf(ctx.services, instanceId, listId),
    oci: ociReservations(ctx.services),
    clock: ctx.clock,
    journal: ctx.journal,
    // The seeded part makes a seed's ids the same every run; the serial, kept with the baskets, makes them unique
    // across restarts (a stream started over would hand out the same ids again).
    newId: (instanceId, chars) => {
      const n = checkout(instanceId).nextSerial();
      return `${ctx.rng.fork(`checkout:${n}`).hex(chars - 8)}${n.toString(16).padStart(8, '0')}`;
    },
  };
  const holds = new BasketHolds(deps);
  const preference = (instanceId: string, siteId: string) => d.sites.basketReservation(instanceId, siteId);
  const baskets = new BasketService(deps, holds, preference);
  const orders = new OrderService(deps, new OrderBooking(deps, holds));
  const capture = new CaptureJob(deps, ctx.options.profile);
  orders.onMissing = (instanceId) => capture.arm(instanceId);
  const access = shopperAccess({ authenticator: ctx.authenticator, instanceByOrganization, site: (instanceId, siteId) => d.sites.find(instanceId, siteId) });
  const now = () => ctx.clock.now();
  const bodyLimit = ctx.options.bodyLimitBytes;
  const lane = ctx.lane;
  return {
    routes: [
      shopperProductsRoutes({ access, lane, catalog: new ShopperCatalog({ catalog: d.catalog, stock, inventory: d.inventory }), siteList }),
      shopperStoresRoutes({ access, lane, stores: new ShopperStores((instanceId, siteId) => (d.sites.find(instanceId, siteId) ? d.sites.stores(instanceId, siteId) : [])) }),
      basketRoutes({ access, lane, baskets, now, bodyLimit }),
      orderRoutes({
        access,
        lane,
        orders,
        authenticator: ctx.authenticator,
        ocapi: d.ocapi,
        hasSite: (instanceId, siteId) => d.sites.find(instanceId, siteId) !== undefined,
        instanceByOrganization: (organizationId) => instanceByOrganization(organizationId)?.id,
        bodyLimit,
      }),
      basketReservationRoutes({
        access,
        lane,
        baskets,
        now,
        session: d.session,
        preference,
        setPreference: (instanceId, siteId, pref) => d.sites.setBasketReservation(instanceId, siteId, pref),
        bodyLimit,
      }),
    ],
    orders,
    capture,
    stock,
    checkout,
    rearm(instanceIds) {
      for (const id of instanceIds) capture.arm(id);
    },
  };
}
