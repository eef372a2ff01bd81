import { own } from '../../core/objects.js';
import type { StoredCheckout } from '../checkout/stored-checkout.js';
import type { IntegrationMode } from '../integration/model.js';
import type { NativeInventory } from '../inventory/service.js';
import type { NativeRecord } from '../model.js';
import type { CachedRecord } from '../oci-cache/model.js';
import { NOTHING, UNLIMITED, type StockFigures } from './model.js';

// The storefront's view of stock, per mode (b2c-storefront-and-imports.md §1.3, §3.4; emulator-behaviour.md):
// - Native (B2C, OCI_CACHE): ATS = allocation + pre/backorder allocation − turnover − on order; stock level =
//   allocation − turnover; a perpetual record, or no record in a list in stock by default, never runs out. Basket
//   reservations do not lower what shoppers see; they cap what other baskets may take.
// - OCI: ATS = the cached ATO, stock level = the cached ATF (less what orders taken during an OCI outage hold
//   locally); backorderable when a future exists, in stock on the earliest future's date; no record, nothing.
//   A basket reservation is an OCI reservation, so it lowers what everyone sees once the delta reaches the cache.

export interface StockDeps {
  inventory: NativeInventory;
  cache: { record(instanceId: string, listId: string, sku: string): CachedRecord | undefined };
  mode(instanceId: string): IntegrationMode;
  checkout(instanceId: string): StoredCheckout;
  now(): number;
}

const cap = (n: number) => Math.min(UNLIMITED, Math.max(0, Math.round(n * 1000) / 1000));

export class StockService {
  readonly #d: StockDeps;

  constructor(deps: StockDeps) {
    this.#d = deps;
  }

  /** What a shopper sees for the product in the list. */
  figures(instanceId: string, listId: string, productId: string): StockFigures {
    return this.reader(instanceId)(listId, productId);
  }

  /** `figures` for many products of one instance: the mode and the instance's state are looked up once. */
  reader(instanceId: string): (listId: string, productId: string) => StockFigures {
    if (this.#d.mode(instanceId) === 'OCI') {
      const checkout = this.#d.checkout(instanceId);
      return (listId, productId) => {
        const record = this.#d.cache.record(instanceId, listId, productId);
        return record ? fromCache(listId, record, checkout.heldByMissing(listId, productId)) : NOTHING(listId);
      };
    }
    const lists = this.#d.inventory.state(instanceId).inventoryLists;
    return (listId, productId) => {
      const list = own(lists, listId);
      if (!list) return NOTHING(listId);
      const record = this.#d.inventory.findRecord(instanceId, listId, productId);
      if (!record) return list.defaultInStock ? unlimited(listId) : NOTHING(listId);
      return fromNative(listId, record);
    };
  }

  /**
   * How many units the basket may order or reserve: native, what shoppers see less what other baskets' live
   * reservations hold; OCI, what the cache shows plus what this basket's own reservation already holds (OCI
   * decides for good when the reservation is made).
   */
  available(instanceId: string, listId: string, productId: string, basketId?: string): number {
    const f = this.figures(instanceId, listId, productId);
    if (f.unlimited) return Number.POSITIVE_INFINITY;
    const checkout = this.#d.checkout(instanceId);
    if (this.#d.mode(instanceId) === 'OCI') {
      const own = basketId ? checkout.baskets.get(basketId)?.hold : undefined;
      const mine = own?.kind === 'oci' && own.expiresAt > this.#d.now() ? own.lines.filter((l) => l.listId === listId && l.productId === productId).reduce((n, l) => n + l.quantity, 0) : 0;
      return f.ats + mine;
    }
    return Math.max(0, f.ats - checkout.heldByOthers(listId, productId, basketId, this.#d.now()));
  }

}

/** The cached figures as a shopper sees them (what ociView maps, read directly: four fields, per SKU, all day). */
function fromCache(listId: string, record: CachedRecord, local: number): StockFigures {
  const ats = cap(record.ato - local);
  let earliest: string | undefined;
  let earliestAt = Number.POSITIVE_INFINITY;
  for (const f of record.futures) {
    const at = Date.parse(f.expectedDate);
    if (at < earliestAt) [earliest, earliestAt] = [f.expectedDate, at];
  }
  return {
    listId,
    ats,
    stockLevel: cap(record.atf - local),
    orderable: ats > 0,
    backorderable: record.futures.length > 0,
    preorderable: false,
    ...(earliest ? { inStockDate: midnight(earliest) } : {}),
    unlimited: false,
  };
}

/** SCAPI writes the in-stock date as a date-time at midnight UTC. */
const midnight = (date: string) => `${date.slice(0, 10)}T00:00:00.000Z`;

function unlimited(listId: string): StockFigures {
  return { listId, ats: UNLIMITED, stockLevel: UNLIMITED, orderable: true, backorderable: false, preorderable: false, unlimited: true };
}

function fromNative(listId: string, r: NativeRecord): StockFigures {
  if (r.perpetual) return { ...unlimited(listId), backorderable: r.preorderBackorderHandling === 'backorder', preorderable: r.preorderBackorderHandling === 'preorder' };
  const ats = cap(r.allocation + r.preorderBackorderAllocation - r.turnover - r.onOrder);
  return {
    listId,
    ats,
    stockLevel: cap(r.allocation - r.turnover),
    orderable: ats > 0,
    backorderable: r.preorderBackorderHandling === 'backorder',
    preorderable: r.preorderBackorderHandling === 'preorder',
    ...(r.inStockDate ? { inStockDate: midnight(r.inStockDate) } : {}),
    unlimited: false,
  };
}
