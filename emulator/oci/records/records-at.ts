import type { OciTenantState } from '../model.js';
import { LocationRecords } from './location-records.js';

// A location's records as columns. State loaded from disk, a snapshot or a fixture may still hold the stored
// (plain) form; it is turned into columns the first time the location is used.

export function recordsAt(state: OciTenantState, locationId: string): LocationRecords | undefined {
  const raw = state.records[locationId];
  if (raw === undefined || raw instanceof LocationRecords) return raw;
  const table = LocationRecords.from(raw);
  state.records[locationId] = table;
  return table;
}

export function ensureRecordsAt(state: OciTenantState, locationId: string): LocationRecords {
  return recordsAt(state, locationId) ?? (state.records[locationId] = new LocationRecords());
}
