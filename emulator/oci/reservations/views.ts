import type { CreateOutcome, FulfillRecord, Place, PlaceOutcome, RecordFailure, ReleaseRecord, TransferRecord } from './model.js';

// Answers of the Commerce API's reservation routes, in the key order of the RAML examples.

export const reservationBase = (tenantGroupId: string) => `/inventory/reservation/v1/organizations/${tenantGroupId}`;

export function createBody(outcome: CreateOutcome) {
  const view = (p: PlaceOutcome) => ({
    id: p.id,
    ...(p.errors.length > 0 ? { errors: p.errors } : {}),
    ...(p.details.length > 0 ? { details: p.details } : {}),
  });
  const groups = outcome.places.filter((p) => p.type === 'group');
  const locations = outcome.places.filter((p) => p.type === 'location');
  return {
    reservationTime: outcome.reservationTime,
    ...(outcome.expirationTime !== undefined ? { expirationTime: outcome.expirationTime } : {}),
    success: outcome.success,
    ...(groups.length > 0 ? { groups: groups.map(view) } : {}),
    ...(locations.length > 0 ? { locations: locations.map(view) } : {}),
  };
}

const at = (p: Place) => (p.type === 'group' ? { group: p.id } : { location: p.id });
const ref = (externalRefId: string | undefined) => (externalRefId === undefined ? {} : { externalRefId });

/** A refused record applied nothing: its details give the quantity released or moved, which is 0. */
export function releaseErrors(records: readonly ReleaseRecord[], failures: readonly RecordFailure[]) {
  return failures.map((f) => {
    const r = records[f.index]!;
    return { details: { id: r.id, ...ref(r.externalRefId), ...at(r.place), sku: r.sku, quantity: 0 }, message: f.message, errorCode: f.errorCode };
  });
}

export function transferErrors(records: readonly TransferRecord[], failures: readonly RecordFailure[]) {
  return failures.map((f) => {
    const r = records[f.index]!;
    return { details: { id: r.id, ...ref(r.externalRefId), from: at(r.from), to: at(r.to), sku: r.sku, quantity: r.quantity }, message: f.message, errorCode: f.errorCode };
  });
}

export function fulfillErrors(records: readonly FulfillRecord[], failures: readonly RecordFailure[]) {
  return failures.map((f) => {
    const r = records[f.index]!;
    return { details: { id: r.id, ...ref(r.externalRefId), location: r.location, sku: r.sku, quantity: r.quantity }, message: f.message, errorCode: f.errorCode };
  });
}
