import { z } from 'zod';
import { ociError, ociErrors, parseWith } from '../errors.js';
import { dateTime, groupId, locationId, positiveQuantity, quantity, skuId } from '../schemas.js';
import { MAX_EXPIRATION_SECONDS, type CreateRequest, type FulfillRecord, type Place, type ReleaseRecord, type TransferRecord } from './model.js';

// Request bodies of the Commerce API's reservation routes (inventory-reservation-service RAML 1.1.11), parsed
// into the service's requests. The five PUT shapes overlap (all fields optional), so they are one schema here.

const MAX_RECORDS = 100;
const allOrNothingId = z
  .string('must be a string')
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[a-zA-Z0-9_-]*$/, 'may only contain letters, digits, - and _');
const externalRefId = z.string('must be a string').optional();
const lines = z.array(z.object({ sku: skuId, quantity: positiveQuantity }), 'must be an array of { sku, quantity }');

const createBody = z.object({
  externalRefId,
  expirationSeconds: z
    .number('must be a number')
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1')
    .max(MAX_EXPIRATION_SECONDS, `must be at most ${MAX_EXPIRATION_SECONDS}`)
    .optional(),
  allowPartialReservations: z.boolean('must be true or false').optional(),
  reservationTime: dateTime.optional(),
  fulfillOnly: z.boolean('must be true or false').optional(),
  groups: z.array(z.object({ id: groupId, reservations: lines }), 'must be an array of groups').optional(),
  locations: z
    .array(
      z.object({
        id: locationId,
        reservations: lines.optional(),
        allOrNothingReservations: z.array(z.object({ id: allOrNothingId, reservations: lines }), 'must be an array').optional(),
      }),
      'must be an array of locations',
    )
    .optional(),
});

export function parseCreate(body: unknown): CreateRequest {
  const b = parseWith(createBody, body);
  return {
    ...(b.externalRefId !== undefined ? { externalRefId: b.externalRefId } : {}),
    ...(b.expirationSeconds !== undefined ? { expirationSeconds: b.expirationSeconds } : {}),
    ...(b.reservationTime !== undefined ? { reservationTime: b.reservationTime } : {}),
    allowPartialReservations: b.allowPartialReservations ?? true,
    fulfillOnly: b.fulfillOnly ?? false,
    groups: b.groups ?? [],
    locations: (b.locations ?? []).map((l) => ({ id: l.id, reservations: l.reservations ?? [], allOrNothing: l.allOrNothingReservations ?? [] })),
  };
}

const cancelBody = z.object({ status: z.literal('CANCELLED', "must be 'CANCELLED'") });

export function parseCancel(body: unknown): void {
  parseWith(cancelBody, body);
}

const records = <T extends z.ZodTypeAny>(record: T) =>
  z.object({ records: z.array(record, 'must be an array of records').min(1, 'must contain at least one record').max(MAX_RECORDS, `must contain at most ${MAX_RECORDS} records`) });

const id = z.string('must be a string').min(1, 'must not be empty');

const releaseBody = records(
  z.object({ id, externalRefId, location: locationId.optional(), group: groupId.optional(), sku: skuId, quantity }),
);

export function parseReleases(body: unknown): ReleaseRecord[] {
  const b = parseWith(releaseBody, body);
  return b.records.map((r, i) => {
    if (r.location !== undefined && r.group !== undefined) {
      throw ociError(400, 'InvalidRequestParameter', 'User provided locationId AND groupId.  You can only provide one or the other, not both in a single record.', {
        parameterName: `records[${i}]`,
      });
    }
    if (r.location === undefined && r.group === undefined) throw ociErrors.invalidParameter(`records[${i}]`, `'records[${i}]' needs a location or a group.`);
    const place: Place = r.location !== undefined ? { type: 'location', id: r.location } : { type: 'group', id: r.group! };
    return { id: r.id, ...(r.externalRefId !== undefined ? { externalRefId: r.externalRefId } : {}), place, sku: r.sku, quantity: r.quantity };
  });
}

const end = z.union([z.object({ location: locationId }).strict(), z.object({ group: groupId }).strict()], { error: 'must be {"location": id} or {"group": id}' });
const transferBody = records(
  z.object({ id, externalRefId, from: end, to: end, sku: skuId, quantity: positiveQuantity, ignoreAvailabilityCheck: z.boolean('must be true or false').optional() }),
).extend({ allOrNothingTransferId: allOrNothingId.optional() });

export function parseTransfers(body: unknown): { records: TransferRecord[]; allOrNothing: boolean } {
  const b = parseWith(transferBody, body);
  const place = (e: { location: string } | { group: string }): Place => ('location' in e ? { type: 'location', id: e.location } : { type: 'group', id: e.group });
  const out = b.records.map((r) => ({
    id: r.id,
    ...(r.externalRefId !== undefined ? { externalRefId: r.externalRefId } : {}),
    from: place(r.from),
    to: place(r.to),
    sku: r.sku,
    quantity: r.quantity,
    ignoreAvailabilityCheck: r.ignoreAvailabilityCheck ?? false,
  }));
  checkTransfers(out, b.allOrNothingTransferId !== undefined);
  return { records: out, allOrNothing: b.allOrNothingTransferId !== undefined };
}

/** The combinations the API refuses outright (400, nothing applied), in the RAML examples' words. */
export function checkTransfers(records: readonly TransferRecord[], allOrNothing: boolean): void {
  const refuse = (message: string) => ociError(400, 'InvalidRequestParameter', message);
  for (const r of records) {
    if (r.from.type === 'group' && r.to.type === 'group') throw refuse('Group to Group Transfers are not permitted.');
    if (r.from.type === 'location' && r.to.type === 'group' && r.ignoreAvailabilityCheck) throw refuse('Forcing a reservation cannot be done from a location to a group');
    if (allOrNothing && !(r.from.type === 'group' && r.to.type === 'location')) {
      throw refuse('All or nothing transfers are only allowed from Group to Location transfer types. Invalid transfer type for request');
    }
  }
}

const fulfillBody = records(z.object({ id, externalRefId, location: locationId, sku: skuId, quantity: positiveQuantity, fulfillmentTime: dateTime.optional() }));

/** Fulfillments: a missing field is `MissingParameter`, the only 400 the RAML gives this route. */
export function parseFulfillments(body: unknown): FulfillRecord[] {
  if (body !== null && typeof body === 'object' && Array.isArray((body as { records?: unknown }).records)) {
    for (const r of (body as { records: unknown[] }).records) {
      if (r === null || typeof r !== 'object') continue;
      for (const field of ['id', 'location', 'sku', 'quantity']) {
        if ((r as Record<string, unknown>)[field] === undefined) throw ociError(400, 'MissingParameter', `The field '${field}' is missing from the request body.`);
      }
    }
  }
  const b = parseWith(fulfillBody, body);
  return b.records.map((r) => ({
    id: r.id,
    ...(r.externalRefId !== undefined ? { externalRefId: r.externalRefId } : {}),
    location: r.location,
    sku: r.sku,
    quantity: r.quantity,
    ...(r.fulfillmentTime !== undefined ? { fulfillmentTime: r.fulfillmentTime } : {}),
  }));
}
