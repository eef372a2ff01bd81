import type { Availability } from '../availability/arithmetic.js';
import type { QueryResult } from '../availability/query-service.js';
import type { BatchError } from '../availability/updates-service.js';

// Answers of the org's Connect availability actions: 201 with `success` and `errors`, keys in the alphabetical
// order of the Connect reference.

type PlaceRecords = { records: { sku: string; availability: Availability }[] };

/** From 62.0 every SKU asked for is listed at every place, with `exists` saying whether it has a record there. */
export function getAvailabilityOutput(result: QueryResult, skus: readonly string[], withMissing: boolean) {
  const records = (place: PlaceRecords) =>
    withMissing ? skus.map((sku) => connectRecord(sku, place.records.find((r) => r.sku === sku)?.availability, true)) : place.records.map((r) => connectRecord(r.sku, r.availability, false));
  return {
    errors: [],
    locationGroups: (result.groups ?? []).map((g) => ({ inventoryRecords: records(g), locationGroupIdentifier: g.id })),
    locations: result.locations.map((l) => ({ inventoryRecords: records(l), locationIdentifier: l.id })),
    success: true,
  };
}

function connectRecord(sku: string, a: Availability | undefined, withExists: boolean) {
  return {
    availableToFulfill: a?.atf ?? 0,
    availableToOrder: a?.ato ?? 0,
    ...(a?.effectiveDate !== undefined ? { effectiveDate: a.effectiveDate } : {}),
    ...(withExists ? { exists: a !== undefined } : {}),
    futures: (a?.futures ?? []).map((f) => ({ expectedDate: f.expectedDate, quantity: f.quantity })),
    onHand: a?.onHand ?? 0,
    reserved: a?.reserved ?? 0,
    safetyStockCount: a?.safetyStockCount ?? 0,
    stockKeepingUnit: sku,
  };
}

/** A record refused before the update (its location or an excluded group is unknown). */
export function refusedRecord(r: { actionRequestId: string; externalRefId?: string | undefined; locationIdentifier: string; stockKeepingUnit: string }, refused: { errorCode: string; message: string }) {
  return { actionRequestId: r.actionRequestId, ...refused, externalRefId: r.externalRefId, locationIdentifier: r.locationIdentifier, stockKeepingUnit: r.stockKeepingUnit };
}

/** A record the update refused, in Connect's words. */
export function batchError(e: BatchError) {
  return { actionRequestId: e.details.id, errorCode: e.errorCode, externalRefId: e.details.externalRefId, locationIdentifier: e.details.locationId, message: e.message, stockKeepingUnit: e.details.sku };
}
