import type { OciTenantState } from './tenant-book.js';

// A tenant group's places and SKUs at a glance, for the world document.

export interface TenantGroupSummary {
  locations: string[];
  groups: { id: string; locations: string[] }[];
  skuCount: number;
  sampleSkus: string[];
}

export function summaryOf(state: OciTenantState): TenantGroupSummary {
  // Every location carries the same SKUs in generated worlds: the first one is enough for a count.
  const skus = state.records.values().next().value?.skus() ?? [];
  return {
    locations: Object.keys(state.locations),
    groups: Object.values(state.groups).map((g) => ({ id: g.id, locations: g.locations })),
    skuCount: skus.length,
    sampleSkus: skus.slice(0, 5),
  };
}

/** How many records a place holds and how many keep safety stock (a group: over its member locations). */
export function safetyStockAt(state: OciTenantState, placeId: string): { records: number; withSafetyStock: number } {
  const locations = Object.hasOwn(state.groups, placeId) ? (state.groups[placeId]?.locations ?? []) : [placeId];
  let records = 0;
  let withSafetyStock = 0;
  for (const locationId of locations) {
    const table = state.records.get(locationId);
    if (!table) continue;
    for (const sku of table.skus()) {
      const record = table.get(sku);
      if (!record) continue;
      records++;
      if (record.safetyStockCount > 0) withSafetyStock++;
    }
  }
  return { records, withSafetyStock };
}
