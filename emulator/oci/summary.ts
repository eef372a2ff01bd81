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

/**
 * How many records a place holds, and whether any keeps safety stock (a group: over its member locations). The
 * scan stops at the first record that does, so a place that is set up costs little to check.
 */
export function safetyStockAt(state: OciTenantState, placeId: string): { records: number; anySafetyStock: boolean } {
  const locations = Object.hasOwn(state.groups, placeId) ? (state.groups[placeId]?.locations ?? []) : [placeId];
  const tables = locations.map((id) => state.records.get(id)).filter((t) => t !== undefined);
  const records = tables.reduce((n, t) => n + t.skus().length, 0);
  for (const table of tables) {
    for (let row = 0, rows = table.skus().length; row < rows; row++) if (table.recordAt(row).safetyStockCount > 0) return { records, anySafetyStock: true };
  }
  return { records, anySafetyStock: false };
}
