import type { OciTenantState } from '../model.js';
import { LocationRecords } from './location-records.js';
import { SkuIndex } from './sku-index.js';

// A location's records as columns. State loaded from disk, a snapshot or a fixture may still hold the stored
// (plain) form; it is turned into columns the first time the location is used, against the tenant group's SKU
// index (which is read first, since the stored records refer to its ids).

export function skuIndexOf(state: OciTenantState): SkuIndex {
  const raw = state.skuIndex as unknown;
  if (raw instanceof SkuIndex) return raw;
  return (state.skuIndex = SkuIndex.from(raw));
}

export function recordsAt(state: OciTenantState, locationId: string): LocationRecords | undefined {
  const raw = state.records[locationId];
  if (raw === undefined) return undefined;
  const index = skuIndexOf(state);
  if (raw instanceof LocationRecords && raw.index === index) return raw;
  const table = LocationRecords.from(raw, index);
  state.records[locationId] = table;
  return table;
}

export function ensureRecordsAt(state: OciTenantState, locationId: string): LocationRecords {
  return recordsAt(state, locationId) ?? (state.records[locationId] = new LocationRecords(skuIndexOf(state)));
}
