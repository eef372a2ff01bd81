import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { jsonBody, parsedJson } from '../../core/http/body.js';
import type { LaneRequest } from '../../core/http/fast-lane.js';
import { fast, resource } from '../../core/http/resource.js';
import { noContent, sendBytes, sendJson } from '../../core/http/send-json.js';
import { parseWith } from '../errors.js';
import { OCI_SCOPE } from '../guard.js';
import { tenantGroupOf, type OciRouteDeps } from '../route-deps.js';
import { locationId as locationIdSchema, skuId } from '../schemas.js';
import type { OciTenants } from '../tenants.js';
import { AnswerCache } from './answer-cache.js';
import type { AvailabilityAnswers } from './answer.js';
import type { AvailabilityQuery } from './query-service.js';
import { batchUpdateBody, getAvailabilityBody, recordBody, segmentationBody, type RecordBody } from './requests.js';
import type { AvailabilityUpdates } from './updates-service.js';

// The OCI Inventory Availability API (/inventory/availability/v1/organizations/{tenantGroupId}).

/** The reads and writes B2C makes all day (availability, batch updates) also run on the fast lane. */
export interface AvailabilityRouteDeps extends OciRouteDeps {
  tenants: OciTenants;
  query: AvailabilityQuery;
  answers: AvailabilityAnswers;
  updates: AvailabilityUpdates;
}

const requestId = z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters');
/** The path parameters of a single record. */
const recordPath = z.object({ locationId: locationIdSchema, sku: skuId, requestId });

export function availabilityRoutes(deps: AvailabilityRouteDeps): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const base = '/inventory/availability/v1/organizations/:organizationId';
  const actions = `${base}/availability-records/actions`;
  const read = deps.guard(OCI_SCOPE.availability);
  const write = deps.guard(OCI_SCOPE.availabilityWrite);

  const answers = new AnswerCache();
  resource(router, deps.lane, `${actions}/get-availability`, {
    // The hot read: the raw body is the cache key, and JSON is parsed only when the answer is not cached.
    POST: fast(read, ...jsonBody({ limit: deps.bodyLimit, parse: false }), (req, res) => {
      const tenant = tenantGroupOf(req);
      const version = deps.tenants.version(tenant);
      const key = req.rawBody && answers.key(tenant, req.rawBody);
      const cached = key && answers.get(key, version);
      if (cached) return sendBytes(res, 200, cached);
      const body = parseWith(getAvailabilityBody, parsedJson(req));
      const bytes = deps.answers.answer(tenant, deps.query.resolve(tenant, body));
      if (key) answers.set(key, version, bytes);
      sendBytes(res, 200, bytes);
    }),
  });

  resource(router, deps.lane, `${actions}/batch-update`, {
    POST: fast(write, ...json, (req, res) => {
      const errors = deps.updates.batchUpdate(tenantGroupOf(req), parseWith(batchUpdateBody, req.body));
      if (errors.length === 0) noContent(res);
      else sendJson(res, 200, { errors });
    }),
  });

  const target = (req: LaneRequest) => {
    const p = parseWith(recordPath, { ...req.params });
    return [tenantGroupOf(req), p.locationId, p.sku, p.requestId] as const;
  };
  // PUT replaces the record, PATCH changes the fields it gives: one body for both.
  const withBody = (apply: (at: ReturnType<typeof target>, body: RecordBody) => void): RequestHandler[] => [
    write,
    ...json,
    (req, res) => {
      apply(target(req), parseWith(recordBody, req.body ?? {}));
      noContent(res);
    },
  ];
  resource(router, deps.lane, `${base}/locations/:locationId/availability-records/skus/:sku/:requestId`, {
    PUT: withBody((at, body) => deps.updates.replace(...at, body)),
    PATCH: withBody((at, body) => deps.updates.update(...at, body)),
    DELETE: [
      write,
      (req, res) => {
        deps.updates.remove(...target(req));
        noContent(res);
      },
    ],
  });

  resource(router, deps.lane, `${base}/product-segmentation/actions/batch-update`, {
    POST: [
      deps.guard(OCI_SCOPE.impexInventoryWrite),
      ...json,
      (req, res) => {
        const errors = deps.updates.segmentation(tenantGroupOf(req), parseWith(segmentationBody, req.body));
        if (errors.length === 0) noContent(res);
        else sendJson(res, 200, { errors });
      },
    ],
  });
  return router;
}
