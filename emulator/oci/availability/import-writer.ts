import type { VirtualClock } from '../../core/clock.js';
import type { ChangeFeed } from '../change-feed/feed.js';
import { WIDTH as FEED_WIDTH } from '../change-feed/model.js';
import type { OciFuture } from '../model.js';
import type { LocationRecords } from '../records/location-records.js';
import { ensureRecordsAt, skuIndexOf } from '../records/records-at.js';
import type { OciTenants } from '../tenants.js';

// How an import writes availability records: the hot path of a million-line file, so rows are written in place
// and the change feed's entries are filled straight into its columns.

export interface ImportWriter {
  /** The SKU's id in the tenant group's index (given one if new): staged records keep ids, not strings. */
  skuId(sku: string): number;
  sku(skuId: number): string;
  /** Room for this many more change-feed entries, so a big import does not grow the columns step by step. */
  reserve(entries: number): void;
  /** A slot for writing to the location; writes to a location outside the graph are refused. */
  openLocation(locationId: string): number;
  /** One record; false when its location is not (or no longer) in the graph. */
  applyAt(
    slot: number,
    skuId: number,
    onHand: number,
    safetyStockCount: number,
    effectiveDate: string | null | undefined,
    futures: OciFuture[] | undefined,
  ): boolean;
  /** Call after each batch: readers see the batch's writes (cached answers are dropped, the feed is pruned). */
  flush(): void;
  /**
   * Call once at the end: the store writes the records and the feed. Until then a crash loses the import's
   * writes, and the interrupted job runs again from the start after the restart.
   */
  finish(): void;
}

/**
 * The write path of imports: the same rules as AvailabilityUpdates.write without replace, applied in place row by
 * row, with one store touch per batch instead of per record (`flush`). `applyAt` answers false when the location
 * is gone.
 */
export function importWriter(tenants: OciTenants, feed: ChangeFeed, clock: VirtualClock, tenantGroupId: string, eventType: string): ImportWriter {
  const state = tenants.state(tenantGroupId);
  const index = skuIndexOf(state);
  const bulk = feed.bulk(tenantGroupId);
  const log = bulk.log;
  const kind = log.locationEventKind(eventType);
  // Locations the import writes to, resolved once: their records and their code in the change feed.
  const slots: { locationId: string; records: LocationRecords | undefined; place: number }[] = [];
  let lastDate: string | undefined;
  let dateCode = -1;
  let now = bulk.now;
  let lastSku = '';
  let lastSkuId = -1;
  // Each record writes its figures here; the feed copies them into its own columns.
  const figures = new Float64Array(FEED_WIDTH);
  return {
    // Lines come grouped by SKU: the same SKU again costs a string compare, not a map lookup.
    skuId: (sku) => (sku === lastSku ? lastSkuId : ((lastSku = sku), (lastSkuId = index.id(sku)))),
    sku: (skuId) => index.sku(skuId),
    reserve: (entries) => log.reserve(entries),
    openLocation: (locationId) => {
      slots.push({ locationId, records: Object.hasOwn(state.locations, locationId) ? ensureRecordsAt(state, locationId) : undefined, place: log.placeCode(locationId) });
      return slots.length - 1;
    },
    applyAt: (slot, skuId, onHand, safetyStockCount, effectiveDate, futures) => {
      const s = slots[slot]!;
      if (!s.records) return false;
      const effective = s.records.importRow(skuId, onHand, safetyStockCount, effectiveDate, futures, figures, 0);
      if (effective !== lastDate) {
        lastDate = effective;
        dateCode = log.dateCode(effective);
      }
      log.appendFigures(now, kind, s.place, index.sku(skuId), dateCode, figures);
      return true;
    },
    flush: () => {
      tenants.changed(tenantGroupId);
      bulk.commit();
      now = clock.now();
      // The graph may have changed between batches: a location that left it takes no more records.
      for (const s of slots) if (s.records && !state.locations[s.locationId]) s.records = undefined;
    },
    finish: () => {
      tenants.touch(tenantGroupId);
      bulk.persist();
    },
  };
}
