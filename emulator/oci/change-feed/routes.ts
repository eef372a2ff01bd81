import { Router } from 'express';
import { jsonBody } from '../../core/http/body.js';
import { fast, resource } from '../../core/http/resource.js';
import { sendJson } from '../../core/http/send-json.js';
import { parseWith } from '../errors.js';
import { OCI_SCOPE } from '../guard.js';
import { tenantGroupOf, type OciRouteDeps } from '../route-deps.js';
import type { DeltaService } from './service.js';
import { deltaTokenBody, getDeltasBody } from './requests.js';

// The change feed as the Inventory Availability API exposes it: a delta token for some places, then get-deltas
// from it, page by page. B2C's cache streams read it all day, so get-deltas runs on the fast lane too.

export interface ChangeFeedRouteDeps extends OciRouteDeps {
  deltas: DeltaService;
}

export function changeFeedRoutes(deps: ChangeFeedRouteDeps): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const records = '/inventory/availability/v1/organizations/:organizationId/availability-records';
  const read = deps.guard(OCI_SCOPE.availability);

  resource(router, deps.lane, `${records}/delta-token`, {
    POST: [
      read,
      ...json,
      (req, res) => {
        const body = parseWith(deltaTokenBody, req.body);
        sendJson(res, 200, { deltaToken: deps.deltas.mint(tenantGroupOf(req), body.placeType, body.places) });
      },
    ],
  });
  resource(router, deps.lane, `${records}/actions/get-deltas`, {
    POST: fast(read, ...json, (req, res) => {
      const { deltaToken } = parseWith(getDeltasBody, req.body);
      sendJson(res, 200, deps.deltas.read(tenantGroupOf(req), deltaToken));
    }),
  });
  return router;
}
