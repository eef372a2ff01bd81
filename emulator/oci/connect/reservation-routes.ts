import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { jsonBody } from '../../core/http/body.js';
import { onlyMethods } from '../../core/http/methods.js';
import { OCI_API_SINCE } from '../../salesforce-org/api-versions.js';
import { checkTransfers } from '../reservations/requests.js';
import { MAX_EXPIRATION_SECONDS, type CreateOutcome, type CreateRequest, type Place, type RecordFailure } from '../reservations/model.js';
import type { ReservationService } from '../reservations/service.js';
import { dateTime, quantity as nonNegative, positiveQuantity } from '../schemas.js';
import { connectParse, connectSession, invalid, since, tenantOf } from './connect-access.js';
import type { Services } from '../../party.js';

// The org's Connect reservation actions (/services/data/vXX.X/commerce/oci/reservation/actions/…), on the same
// engine as the Commerce API: `actionRequestId` is the reservation id of a create and the record id of the other
// actions; places are `locationIdentifier` / `locationGroupIdentifier`; 1–100 records; 201 with `success` and
// `errors`. Output keys are in the alphabetical order of the Connect reference.

export interface ConnectReservationRouteDeps {
  reservations: ReservationService;
  /** The org's session guard and tenant groups. */
  services: Services;
  bodyLimit: number;
}

const UPDATE_SINCE = 61;
const id = z.string('must be a string').min(1, 'must not be empty');
const text = z.string('must be a string').optional();
const place = {
  locationIdentifier: z.string('must be a string').min(1, 'must not be empty').optional(),
  locationGroupIdentifier: z.string('must be a string').min(1, 'must not be empty').optional(),
};
const sku = z.string('must be a string').min(1, 'must not be empty');
const records = <T extends z.ZodTypeAny>(record: T) => z.array(record, 'must be a list of records').min(1, 'must have at least 1 record').max(100, 'must have at most 100 records');
const expirationSeconds = z.number('must be a number').int('must be whole seconds').min(1, 'must be at least 1').max(MAX_EXPIRATION_SECONDS, `must be at most ${MAX_EXPIRATION_SECONDS}`);

const createInput = z.object({
  actionRequestId: id,
  allowPartialReservations: z.boolean('must be true or false').optional(),
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
      fromLocationIdentifier: place.locationIdentifier,
      fromLocationGroupIdentifier: place.locationGroupIdentifier,
      toLocationIdentifier: place.locationIdentifier,
      toLocationGroupIdentifier: place.locationGroupIdentifier,
      ignoreAvailabilityCheck: z.boolean('must be true or false').optional(),
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
  allowPartialReservations: z.boolean('must be true or false').optional(),
  externalRefId: text,
  reservationTime: dateTime.optional(),
  updateAllOrNothingRecords: z.boolean('must be true or false').optional(),
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

const identifiers = (p: Place) => (p.type === 'group' ? { locationGroupIdentifier: p.id } : { locationIdentifier: p.id });
const ref = (externalRefId: string | undefined) => (externalRefId === undefined ? {} : { externalRefId });

export function connectReservationRoutes(deps: ConnectReservationRouteDeps): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const session = connectSession(deps.services);
  const action = (name: string) => `/services/data/:version/commerce/oci/reservation/actions/${name}`;
  const { reservations } = deps;
  const version = (req: Request, first = OCI_API_SINCE) => since(String(req.params.version), first);

  router.post(action('reservations'), ...session, ...json, (req, res) => {
    version(req);
    const b = connectParse(createInput, req.body);
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
    res.status(201).json(createOutput(reservations.create(tenantOf(res), b.actionRequestId, request)));
  });

  router.post(action('releases'), ...session, ...json, (req, res) => {
    version(req);
    const b = connectParse(releaseInput, req.body);
    const recs = b.releaseRecords.map((r) => ({
      id: r.actionRequestId,
      ...ref(r.externalRefId),
      place: placeOf(r),
      sku: r.stockKeepingUnit,
      quantity: r.quantity,
      ...((r.reservationId ?? b.reservationId) !== undefined ? { reservationId: (r.reservationId ?? b.reservationId)! } : {}),
    }));
    const failures = reservations.release(tenantOf(res), recs);
    recordsOutput(res, failures, (i) => ({ actionRequestId: recs[i]!.id, ...ref(recs[i]!.externalRefId), ...identifiers(recs[i]!.place), quantity: recs[i]!.quantity, stockKeepingUnit: recs[i]!.sku }));
  });

  router.post(action('transfers'), ...session, ...json, (req, res) => {
    version(req);
    const b = connectParse(transferInput, req.body);
    const recs = b.transferRecords.map((r) => ({
      id: r.actionRequestId,
      ...ref(r.externalRefId),
      from: placeOf({ locationIdentifier: r.fromLocationIdentifier, locationGroupIdentifier: r.fromLocationGroupIdentifier }, 'from'),
      to: placeOf({ locationIdentifier: r.toLocationIdentifier, locationGroupIdentifier: r.toLocationGroupIdentifier }, 'to'),
      sku: r.stockKeepingUnit,
      quantity: r.quantity,
      ignoreAvailabilityCheck: r.ignoreAvailabilityCheck ?? false,
      ...((r.reservationId ?? b.reservationId) !== undefined ? { reservationId: (r.reservationId ?? b.reservationId)! } : {}),
    }));
    const allOrNothing = b.allOrNothingTransferId !== undefined;
    checkTransfers(recs, allOrNothing);
    const failures = reservations.transfer(tenantOf(res), recs, allOrNothing);
    recordsOutput(res, failures, (i) => {
      const r = recs[i]!;
      const end = (prefix: 'from' | 'to', p: Place) => (p.type === 'group' ? { [`${prefix}LocationGroupIdentifier`]: p.id } : { [`${prefix}LocationIdentifier`]: p.id });
      return { actionRequestId: r.id, ...ref(r.externalRefId), ...end('from', r.from), quantity: r.quantity, stockKeepingUnit: r.sku, ...end('to', r.to) };
    });
  });

  router.post(action('fulfillments'), ...session, ...json, (req, res) => {
    version(req);
    const b = connectParse(fulfillInput, req.body);
    const recs = b.fulfillmentRecords.map((r) => ({
      id: r.actionRequestId,
      ...ref(r.externalRefId),
      location: r.locationIdentifier,
      sku: r.stockKeepingUnit,
      quantity: r.quantity,
      ...((r.reservationId ?? b.reservationId) !== undefined ? { reservationId: (r.reservationId ?? b.reservationId)! } : {}),
    }));
    const failures = reservations.fulfill(tenantOf(res), recs);
    recordsOutput(res, failures, (i) => ({ actionRequestId: recs[i]!.id, ...ref(recs[i]!.externalRefId), locationIdentifier: recs[i]!.location, quantity: recs[i]!.quantity, stockKeepingUnit: recs[i]!.sku }));
  });

  router.post(action('update'), ...session, ...json, (req, res) => {
    version(req, UPDATE_SINCE);
    const b = connectParse(updateInput, req.body);
    // [decision] Without reservationId the document is the one created under this actionRequestId, as a create's is.
    const outcome = reservations.update(tenantOf(res), b.reservationId ?? b.actionRequestId, {
      requestId: b.actionRequestId,
      ...ref(b.externalRefId),
      allowPartialReservations: b.allowPartialReservations ?? true,
      allOrNothing: b.updateAllOrNothingRecords ?? false,
      lines: b.updateRecords.map((r) => ({ place: placeOf(r), sku: r.stockKeepingUnit, quantity: r.quantity })),
    });
    const { expirationTime: _unused, ...out } = createOutput(outcome);
    res.status(201).json(out);
  });

  for (const name of ['reservations', 'releases', 'transfers', 'fulfillments', 'update']) router.all(action(name), onlyMethods(['POST']));
  return router;
}

/** One detail per requested line (a refused one with its errorCode and 0), and an error per refused line. */
function createOutput(outcome: CreateOutcome) {
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

function recordsOutput(res: Response, failures: readonly RecordFailure[], details: (index: number) => Record<string, unknown>): void {
  res.status(201).json({
    errors: failures.map((f) => ({ details: details(f.index), errorCode: f.errorCode, message: f.message })),
    success: failures.length === 0,
  });
}
