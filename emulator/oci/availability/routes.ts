import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { jsonBody, parsedJson } from '../../core/http/body.js';
import { onlyMethods } from '../../core/http/methods.js';
import { laneRoute, type FastLane } from '../../core/http/fast-lane.js';
import { noContent, sendBytes, sendJson } from '../../core/http/send-json.js';
import type { DeltaService } from '../change-feed/deltas-service.js';
import { parseWith } from '../errors.js';
import { OCI_SCOPE, type OciGuard } from '../guard.js';
import { locationId as locationIdSchema, skuId } from '../schemas.js';
import { deltaTokenBody, getDeltasBody } from '../change-feed/requests.js';
import type { OciTenants } from '../tenants.js';
import { AnswerCache } from './answer-cache.js';
import type { AvailabilityQuery, QueryResult } from './query-service.js';
import { batchUpdateBody, getAvailabilityBody, recordBody, segmentationBody } from './requests.js';
import type { AvailabilityUpdates } from './updates-service.js';
import { groupRecordView, locationRecordView } from './views.js';

// The OCI Inventory Availability API (/inventory/availability/v1/organizations/{tenantGroupId}).

export interface AvailabilityRouteDeps {
  tenants: OciTenants;
  query: AvailabilityQuery;
  updates: AvailabilityUpdates;
  deltas: DeltaService;
  guard: OciGuard;
  bodyLimit: number;
  /** The reads and writes B2C makes all day (availability, deltas, batch updates) also run on the fast lane. */
  lane?: FastLane;
}

const requestId = z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters');

export function availabilityRoutes(deps: AvailabilityRouteDeps): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const base = '/inventory/availability/v1/organizations/:organizationId';
  const actions = `${base}/availability-records/actions`;
  const read = deps.guard(OCI_SCOPE.availability);
  const write = deps.guard(OCI_SCOPE.availabilityWrite);
  const tg = (req: Request) => String(req.params.organizationId);

  const answers = new AnswerCache();
  // The hot read: the raw body is the cache key, and JSON is parsed only when the answer is not cached.
  laneRoute(router, deps.lane, 'POST', `${actions}/get-availability`, read, ...jsonBody({ limit: deps.bodyLimit, parse: false }), (req, res) => {
    const tenant = tg(req);
    const version = deps.tenants.version(tenant);
    const cached = req.rawBody && answers.get(tenant, version, req.rawBody);
    if (cached) return sendBytes(res, 200, cached);
    const body = parseWith(getAvailabilityBody, parsedJson(req));
    const bytes = Buffer.from(JSON.stringify(render(deps.query.run(tenant, deps.query.resolve(tenant, body)))), 'utf8');
    if (req.rawBody) answers.set(tenant, version, req.rawBody, bytes);
    sendBytes(res, 200, bytes);
  });

  laneRoute(router, deps.lane, 'POST', `${actions}/batch-update`, write, ...json, (req, res) => {
    const errors = deps.updates.batchUpdate(tg(req), parseWith(batchUpdateBody, req.body));
    if (errors.length === 0) noContent(res);
    else sendJson(res, 200, { errors });
  });

  laneRoute(router, deps.lane, 'POST', `${actions}/get-deltas`, read, ...json, (req, res) => {
    const { deltaToken } = parseWith(getDeltasBody, req.body);
    sendJson(res, 200, deps.deltas.read(tg(req), deltaToken));
  });

  router.post(`${base}/availability-records/delta-token`, read, ...json, (req, res) => {
    const body = parseWith(deltaTokenBody, req.body);
    res.json({ deltaToken: deps.deltas.mint(tg(req), body.placeType, body.places) });
  });

  const record = `${base}/locations/:locationId/availability-records/skus/:sku/:requestId`;
  const target = (req: Request) => {
    const p = parseWith(z.object({ locationId: locationIdSchema, sku: skuId, requestId }), { ...req.params });
    return [tg(req), p.locationId, p.sku, p.requestId] as const;
  };
  router.put(record, write, ...json, (req, res) => {
    deps.updates.replace(...target(req), parseWith(recordBody, req.body ?? {}));
    res.status(204).end();
  });
  router.patch(record, write, ...json, (req, res) => {
    deps.updates.update(...target(req), parseWith(recordBody, req.body ?? {}));
    res.status(204).end();
  });
  router.delete(record, write, (req, res) => {
    deps.updates.remove(...target(req));
    res.status(204).end();
  });

  router.post(`${base}/product-segmentation/actions/batch-update`, deps.guard(OCI_SCOPE.impexInventoryWrite), ...json, (req, res) => {
    const errors = deps.updates.segmentation(tg(req), parseWith(segmentationBody, req.body));
    if (errors.length === 0) res.status(204).end();
    else res.status(200).json({ errors });
  });

  for (const path of [`${actions}/get-availability`, `${actions}/batch-update`, `${actions}/get-deltas`, `${base}/availability-records/delta-token`, `${base}/product-segmentation/actions/batch-update`]) {
    router.all(path, onlyMethods(['POST']));
  }
  router.all(record, onlyMethods(['PUT', 'PATCH', 'DELETE']));
  return router;
}


function render(result: QueryResult) {
  const out: { locations: unknown[]; groups?: unknown[] } = {
    locations: result.locations.map((l) => ({ id: l.id, records: l.records.map((r) => locationRecordView(r.sku, r.availability)) })),
  };
  if (result.groups) out.groups = result.groups.map((g) => ({ id: g.id, records: g.records.map((r) => groupRecordView(r.sku, r.availability)) }));
  return out;
}
