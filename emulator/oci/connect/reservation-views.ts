import type { CreateOutcome, FulfillRecord, Place, RecordFailure, ReleaseRecord, TransferRecord } from '../reservations/model.js';

// Answers of the org's Connect reservation actions: 201 with `success` and `errors`, output keys in the
// alphabetical order of the Connect reference.

const identifiers = (p: Place) => (p.type === 'group' ? { locationGroupIdentifier: p.id } : { locationIdentifier: p.id });
const ref = (externalRefId: string | undefined) => (externalRefId === undefined ? {} : { externalRefId });

/** One detail per requested line (a refused one with its errorCode and 0), and an error per refused line. */
export function createOutput(outcome: CreateOutcome) {
  const details: Record<string, unknown>[] = [];
  const errors: { errorCode: string; message: string }[] = [];
  for (const p of outcome.places) {
    for (const d of p.details) details.push({ ...identifiers(p), quantity: d.quantity, stockKeepingUnit: d.sku });
    for (const e of p.errors) {
      details.push({ errorCode: e.errorCode, ...identifiers(p), quantity: 0, stockKeepingUnit: e.sku });
      errors.push({ errorCode: e.errorCode, message: `Insufficient quantity of ${e.sku} at ${p.id}.` });
    }
  }
  return {
    details,
    errors,
    ...(outcome.expirationTime !== undefined ? { expirationTime: outcome.expirationTime } : {}),
    reservationTime: outcome.reservationTime,
    success: outcome.success,
  };
}

/** An update's answer: a create's, without the expiration time. */
export function updateOutput(outcome: CreateOutcome) {
  const { expirationTime: _unused, ...out } = createOutput(outcome);
  return out;
}

/** The refused records of a release, transfer or fulfillment, each with the record as it was asked for. */
export function recordsOutput<R>(records: readonly R[], failures: readonly RecordFailure[], detail: (record: R) => Record<string, unknown>) {
  return {
    errors: failures.map((f) => ({ details: detail(records[f.index]!), errorCode: f.errorCode, message: f.message })),
    success: failures.length === 0,
  };
}

export const releaseDetail = (r: ReleaseRecord) => ({ actionRequestId: r.id, ...ref(r.externalRefId), ...identifiers(r.place), quantity: r.quantity, stockKeepingUnit: r.sku });

export function transferDetail(r: TransferRecord) {
  const end = (prefix: 'from' | 'to', p: Place) => (p.type === 'group' ? { [`${prefix}LocationGroupIdentifier`]: p.id } : { [`${prefix}LocationIdentifier`]: p.id });
  return { actionRequestId: r.id, ...ref(r.externalRefId), ...end('from', r.from), quantity: r.quantity, stockKeepingUnit: r.sku, ...end('to', r.to) };
}

export const fulfillDetail = (r: FulfillRecord) => ({ actionRequestId: r.id, ...ref(r.externalRefId), locationIdentifier: r.location, quantity: r.quantity, stockKeepingUnit: r.sku });
