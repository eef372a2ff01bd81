import type { ServerResponse } from 'node:http';
import { Router } from 'express';
import type { LaneHandler } from '../../core/http/fast-lane.js';
import { jsonBody } from '../../core/http/body.js';
import { fast, resource } from '../../core/http/resource.js';
import { noContent, sendJson } from '../../core/http/send-json.js';
import { OCI_SCOPE } from '../guard.js';
import { tenantGroupOf, type OciRouteDeps } from '../route-deps.js';
import { parseCancel, parseCreate, parseFulfillments, parseReleases, parseTransfers } from './requests.js';
import { createBody, fulfillErrors, releaseErrors, reservationBase, transferErrors } from './views.js';
import type { RecordFailure } from './model.js';
import type { ReservationService } from './service.js';

// The OCI Inventory Reservation API (/inventory/reservation/v1/organizations/{tenantGroupId}): documents by id
// (PUT creates, PATCH cancels), and record-level releases, transfers and fulfillments.

/** The routes a checkout calls per basket also run on the fast lane. */
export interface ReservationRouteDeps extends OciRouteDeps {
  reservations: ReservationService;
}

export function reservationRoutes(deps: ReservationRouteDeps): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const base = '/inventory/reservation/v1/organizations/:organizationId';
  const write = deps.guard(OCI_SCOPE.reservationsWrite);
  const { reservations } = deps;
  // Every route here is one a checkout calls per basket: each runs on the fast lane too.
  const chain = (handler: LaneHandler) => fast(write, ...json, handler);

  resource(router, deps.lane, `${base}/reservation-documents/:reservationId`, {
    PUT: chain((req, res) => {
      const id = String(req.params.reservationId);
      const outcome = reservations.create(tenantGroupOf(req), id, parseCreate(req.body));
      res.setHeader('Location', `${reservationBase(tenantGroupOf(req))}/reservation-documents/${encodeURIComponent(id)}`);
      sendJson(res, 200, createBody(outcome));
    }),
    PATCH: chain((req, res) => {
      parseCancel(req.body);
      reservations.cancel(tenantGroupOf(req), String(req.params.reservationId));
      noContent(res);
    }),
  });
  resource(router, deps.lane, `${base}/releases`, {
    POST: chain((req, res) => {
      const records = parseReleases(req.body);
      answer(res, reservations.release(tenantGroupOf(req), records), (f) => releaseErrors(records, f));
    }),
  });
  resource(router, deps.lane, `${base}/transfers`, {
    POST: chain((req, res) => {
      const { records, allOrNothing } = parseTransfers(req.body);
      answer(res, reservations.transfer(tenantGroupOf(req), records, allOrNothing), (f) => transferErrors(records, f));
    }),
  });
  resource(router, deps.lane, `${base}/fulfillments`, {
    POST: chain((req, res) => {
      const records = parseFulfillments(req.body);
      answer(res, reservations.fulfill(tenantGroupOf(req), records), (f) => fulfillErrors(records, f));
    }),
  });
  return router;
}

/** 204 when every record applied, else 200 with the refused ones. */
function answer(res: ServerResponse, failures: readonly RecordFailure[], render: (f: readonly RecordFailure[]) => unknown[]): void {
  if (failures.length === 0) noContent(res);
  else sendJson(res, 200, { errors: render(failures) });
}

