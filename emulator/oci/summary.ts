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
