import type { OciTenantState } from './tenant-book.js';
import type { OciTenants } from './tenants.js';

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

/**
 * safetyStockAt, remembered per place until the tenant group's state changes: a page shown again, or the warnings
 * of a switch and of the page it answers with, cost one scan, not one each.
 */
export function memoSafetyStock(tenants: OciTenants): { at(tenantGroupId: string, placeId: string): { records: number; anySafetyStock: boolean } } {
  const memo = new Map<string, { version: number; state: OciTenantState; byPlace: Map<string, { records: number; anySafetyStock: boolean }> }>();
  return {
    at(tenantGroupId, placeId) {
      const version = tenants.version(tenantGroupId);
      const state = tenants.state(tenantGroupId);
      let entry = memo.get(tenantGroupId);
      if (!entry || entry.version !== version || entry.state !== state) memo.set(tenantGroupId, (entry = { version, state, byPlace: new Map() }));
      let found = entry.byPlace.get(placeId);
      if (!found) entry.byPlace.set(placeId, (found = safetyStockAt(state, placeId)));
      return found;
    },
  };
}
