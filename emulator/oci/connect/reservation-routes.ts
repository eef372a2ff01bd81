import { Router, type Request, type RequestHandler } from 'express';
import { jsonBody } from '../../core/http/body.js';
import { resource } from '../../core/http/resource.js';
import type { Services } from '../../party.js';
import { OCI_API_SINCE } from '../../salesforce-org/api-versions.js';
import type { ReservationService } from '../reservations/service.js';
import { connectSession, since, tenantOf } from './connect-access.js';
import { parseCreate, parseFulfillments, parseReleases, parseTransfers, parseUpdate } from './reservation-requests.js';
import { createOutput, fulfillDetail, recordsOutput, releaseDetail, transferDetail, updateOutput } from './reservation-views.js';

// The org's Connect reservation actions (/services/data/vXX.X/commerce/oci/reservation/actions/…), on the same
// engine as the Commerce API (reservations/routes.ts is its twin).

export interface ConnectReservationRouteDeps {
  reservations: ReservationService;
  /** The org's session guard and tenant groups. */
  services: Services;
  bodyLimit: number;
}

const UPDATE_SINCE = 61;

export function connectReservationRoutes(deps: ConnectReservationRouteDeps): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const session = connectSession(deps.services);
  const { reservations } = deps;
  // Each action exists from its API version on: asked for in an earlier one, it is a 404 whatever the body.
  const action = (name: string, handler: RequestHandler, first = OCI_API_SINCE) =>
    resource(router, undefined, `/services/data/:version/commerce/oci/reservation/actions/${name}`, {
      POST: [
        ...session,
        ...json,
        (req: Request, res, next) => {
          since(String(req.params.version), first);
          handler(req, res, next);
        },
      ],
    });

  action('reservations', (req, res) => {
    const { reservationId, request } = parseCreate(req.body);
    res.status(201).json(createOutput(reservations.create(tenantOf(res), reservationId, request)));
  });
  action('releases', (req, res) => {
    const records = parseReleases(req.body);
    res.status(201).json(recordsOutput(records, reservations.release(tenantOf(res), records), releaseDetail));
  });
  action('transfers', (req, res) => {
    const { records, allOrNothing } = parseTransfers(req.body);
    res.status(201).json(recordsOutput(records, reservations.transfer(tenantOf(res), records, allOrNothing), transferDetail));
  });
  action('fulfillments', (req, res) => {
    const records = parseFulfillments(req.body);
    res.status(201).json(recordsOutput(records, reservations.fulfill(tenantOf(res), records), fulfillDetail));
  });
  action(
    'update',
    (req, res) => {
      const { reservationId, request } = parseUpdate(req.body);
      res.status(201).json(updateOutput(reservations.update(tenantOf(res), reservationId, request)));
    },
    UPDATE_SINCE,
  );
  return router;
}
