import type { OciTenantState } from '../tenant-book.js';
import { LocationRecords } from './location-records.js';
import type { SkuIndex } from './sku-index.js';

// A location's records, as columns, in the tenant group's state.

export function skuIndexOf(state: OciTenantState): SkuIndex {
  return state.skuIndex;
}

export function recordsAt(state: OciTenantState, locationId: string): LocationRecords | undefined {
  return state.records.get(locationId);
}

export function ensureRecordsAt(state: OciTenantState, locationId: string): LocationRecords {
  let table = state.records.get(locationId);
  if (!table) state.records.set(locationId, (table = new LocationRecords(state.skuIndex)));
  return table;
}
