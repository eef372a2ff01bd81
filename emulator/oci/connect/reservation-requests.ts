import { z } from 'zod';
import {
  MAX_EXPIRATION_SECONDS,
  type CreateRequest,
  type FulfillRecord,
  type Place,
  type ReleaseRecord,
  type TransferRecord,
  type UpdateRequest,
} from '../reservations/model.js';
import { checkTransfers } from '../reservations/requests.js';
import { dateTime, quantity as nonNegative, positiveQuantity } from '../schemas.js';
import { connectParse, invalid } from './connect-access.js';

// Request bodies of the org's Connect reservation actions, parsed into the reservation service's requests:
// `actionRequestId` is the reservation id of a create and the record id of the other actions; places are
// `locationIdentifier` / `locationGroupIdentifier`; 1–100 records.

const id = z.string('must be a string').min(1, 'must not be empty');
const text = z.string('must be a string').optional();
const flag = z.boolean('must be true or false').optional();
const identifier = z.string('must be a string').min(1, 'must not be empty').optional();
const place = { locationIdentifier: identifier, locationGroupIdentifier: identifier };
const sku = z.string('must be a string').min(1, 'must not be empty');
const records = <T extends z.ZodTypeAny>(record: T) => z.array(record, 'must be a list of records').min(1, 'must have at least 1 record').max(100, 'must have at most 100 records');
const expirationSeconds = z.number('must be a number').int('must be whole seconds').min(1, 'must be at least 1').max(MAX_EXPIRATION_SECONDS, `must be at most ${MAX_EXPIRATION_SECONDS}`);

const createInput = z.object({
  actionRequestId: id,
  allowPartialReservations: flag,
  expirationSeconds: expirationSeconds.optional(),
  externalRefId: text,
  reservationTime: dateTime.optional(),
  createRecords: records(z.object({ ...place, quantity: positiveQuantity, stockKeepingUnit: sku })),
});
const releaseInput = z.object({
  reservationId: text,
  releaseRecords: records(z.object({ actionRequestId: id, externalRefId: text, ...place, quantity: nonNegative, reservationId: text, stockKeepingUnit: sku })),
});
const transferInput = z.object({
  allOrNothingTransferId: text,
  reservationId: text,
  transferRecords: records(
    z.object({
      actionRequestId: id,
      externalRefId: text,
      fromLocationIdentifier: identifier,
      fromLocationGroupIdentifier: identifier,
      toLocationIdentifier: identifier,
      toLocationGroupIdentifier: identifier,
      ignoreAvailabilityCheck: flag,
      quantity: positiveQuantity,
      reservationId: text,
      stockKeepingUnit: sku,
    }),
  ),
});
const fulfillInput = z.object({
  reservationId: text,
  fulfillmentRecords: records(z.object({ actionRequestId: id, externalRefId: text, locationIdentifier: id, quantity: positiveQuantity, reservationId: text, stockKeepingUnit: sku })),
});
const updateInput = z.object({
  actionRequestId: id,
  reservationId: text,
  allowPartialReservations: flag,
  externalRefId: text,
  reservationTime: dateTime.optional(),
  updateAllOrNothingRecords: flag,
  updateRecords: records(z.object({ ...place, quantity: nonNegative, stockKeepingUnit: sku })),
});

/** Exactly one of the two identifiers, as a place. */
function placeOf(r: { locationIdentifier?: string | undefined; locationGroupIdentifier?: string | undefined }, prefix = ''): Place {
  if (r.locationIdentifier !== undefined && r.locationGroupIdentifier !== undefined) {
    throw invalid(`Specify either ${prefix}locationIdentifier or ${prefix}locationGroupIdentifier, not both.`);
  }
  if (r.locationIdentifier !== undefined) return { type: 'location', id: r.locationIdentifier };
  if (r.locationGroupIdentifier !== undefined) return { type: 'group', id: r.locationGroupIdentifier };
  throw invalid(`Specify ${prefix}locationIdentifier or ${prefix}locationGroupIdentifier.`);
}

const ref = (externalRefId: string | undefined) => (externalRefId === undefined ? {} : { externalRefId });
/** The document a record takes from: its own `reservationId`, else the request's (Connect 58.0+). */
const takenFrom = (own: string | undefined, request: string | undefined) => {
  const reservationId = own ?? request;
  return reservationId === undefined ? {} : { reservationId };
};

/** A create: the reservation id, and its lines grouped by place in the order they came. */
export function parseCreate(body: unknown): { reservationId: string; request: CreateRequest } {
  const b = connectParse(createInput, body);
  const request: CreateRequest = {
    ...(b.externalRefId !== undefined ? { externalRefId: b.externalRefId } : {}),
    ...(b.expirationSeconds !== undefined ? { expirationSeconds: b.expirationSeconds } : {}),
    ...(b.reservationTime !== undefined ? { reservationTime: b.reservationTime } : {}),
    allowPartialReservations: b.allowPartialReservations ?? true,
    fulfillOnly: false,
    groups: [],
    locations: [],
  };
  for (const r of b.createRecords) {
    const p = placeOf(r);
    const line = { sku: r.stockKeepingUnit, quantity: r.quantity };
    if (p.type === 'group') {
      const entry = request.groups.find((e) => e.id === p.id);
      if (entry) entry.reservations.push(line);
      else request.groups.push({ id: p.id, reservations: [line] });
    } else {
      const entry = request.locations.find((e) => e.id === p.id);
      if (entry) entry.reservations.push(line);
      else request.locations.push({ id: p.id, reservations: [line], allOrNothing: [] });
    }
  }
  return { reservationId: b.actionRequestId, request };
}

export function parseReleases(body: unknown): ReleaseRecord[] {
  const b = connectParse(releaseInput, body);
  return b.releaseRecords.map((r) => ({
    id: r.actionRequestId,
    ...ref(r.externalRefId),
    place: placeOf(r),
    sku: r.stockKeepingUnit,
    quantity: r.quantity,
    ...takenFrom(r.reservationId, b.reservationId),
  }));
}

/** Transfers; an `allOrNothingTransferId` makes them all-or-nothing. */
export function parseTransfers(body: unknown): { records: TransferRecord[]; allOrNothing: boolean } {
  const b = connectParse(transferInput, body);
  const records = b.transferRecords.map((r) => ({
    id: r.actionRequestId,
    ...ref(r.externalRefId),
    from: placeOf({ locationIdentifier: r.fromLocationIdentifier, locationGroupIdentifier: r.fromLocationGroupIdentifier }, 'from'),
    to: placeOf({ locationIdentifier: r.toLocationIdentifier, locationGroupIdentifier: r.toLocationGroupIdentifier }, 'to'),
    sku: r.stockKeepingUnit,
    quantity: r.quantity,
    ignoreAvailabilityCheck: r.ignoreAvailabilityCheck ?? false,
    ...takenFrom(r.reservationId, b.reservationId),
  }));
  const allOrNothing = b.allOrNothingTransferId !== undefined;
  checkTransfers(records, allOrNothing);
  return { records, allOrNothing };
}

export function parseFulfillments(body: unknown): FulfillRecord[] {
  const b = connectParse(fulfillInput, body);
  return b.fulfillmentRecords.map((r) => ({
    id: r.actionRequestId,
    ...ref(r.externalRefId),
    location: r.locationIdentifier,
    sku: r.stockKeepingUnit,
    quantity: r.quantity,
    ...takenFrom(r.reservationId, b.reservationId),
  }));
}

/** Connect's update (61.0): the document and each line's new quantity. */
export function parseUpdate(body: unknown): { reservationId: string; request: UpdateRequest } {
  const b = connectParse(updateInput, body);
  return {
    // [decision] Without reservationId the document is the one created under this actionRequestId, as a create's is.
    reservationId: b.reservationId ?? b.actionRequestId,
    request: {
      requestId: b.actionRequestId,
      ...ref(b.externalRefId),
      allowPartialReservations: b.allowPartialReservations ?? true,
      allOrNothing: b.updateAllOrNothingRecords ?? false,
      lines: b.updateRecords.map((r) => ({ place: placeOf(r), sku: r.stockKeepingUnit, quantity: r.quantity })),
    },
  };
}
