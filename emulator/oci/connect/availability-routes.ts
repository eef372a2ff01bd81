import { Router } from 'express';
import { jsonBody } from '../../core/http/body.js';
import { resource } from '../../core/http/resource.js';
import { own } from '../../core/objects.js';
import type { Services } from '../../party.js';
import type { AvailabilityQuery } from '../availability/query-service.js';
import type { BatchRecord } from '../availability/requests.js';
import type { AvailabilityUpdates } from '../availability/updates-service.js';
import { ociErrors } from '../errors.js';
import type { OciTenantState } from '../tenant-book.js';
import type { OciTenants } from '../tenants.js';
import { connectBatchUpdateBody, connectGetAvailabilityBody, requestedSkus, toBatchRecord, toCommerceQuery } from './availability-requests.js';
import { batchError, getAvailabilityOutput, refusedRecord } from './availability-views.js';
import { connectParse, connectSession, since, tenantOf } from './connect-access.js';

// The org's Connect REST face of OCI availability (/services/data/vXX.X/commerce/oci/…): the same engine as the
// Commerce API, Salesforce field names, 201 for actions, errors as Salesforce REST `[{message, errorCode}]`.

export interface ConnectRouteDeps {
  query: AvailabilityQuery;
  updates: AvailabilityUpdates;
  tenants: OciTenants;
  /** The org's session guard and tenant groups. */
  services: Services;
  bodyLimit: number;
}

export function connectAvailabilityRoutes(deps: ConnectRouteDeps): Router {
  const router = Router();
  const json = jsonBody({ limit: deps.bodyLimit });
  const session = connectSession(deps.services);

  resource(router, undefined, '/services/data/:version/commerce/oci/availability/availability-records/actions/get-availability', {
    POST: [
      ...session,
      ...json,
      (req, res) => {
        const version = since(String(req.params.version), 51);
        const body = connectParse(connectGetAvailabilityBody, req.body);
        const query = deps.query.resolve(tenantOf(res), toCommerceQuery(body));
        knownPlaces(deps.tenants.state(tenantOf(res)), query);
        res.status(201).json(getAvailabilityOutput(deps.query.run(tenantOf(res), query), requestedSkus(body), version >= 62));
      },
    ],
  });

  resource(router, undefined, '/services/data/:version/commerce/oci/availability-records/actions/batch-update', {
    POST: [
      ...session,
      ...json,
      (req, res) => {
        since(String(req.params.version), 62);
        const body = connectParse(connectBatchUpdateBody, req.body);
        const tenant = tenantOf(res);
        const state = deps.tenants.state(tenant);
        const errors: Record<string, unknown>[] = [];
        const known: BatchRecord[] = [];
        for (const r of body.records) {
          const refused = refusal(state, r.locationIdentifier, r.attributeSet?.groupEligibilityExclusion);
          if (refused) {
            errors.push(refusedRecord(r, refused));
            continue;
          }
          known.push(toBatchRecord(r));
          const exclusions = r.attributeSet?.groupEligibilityExclusion;
          if (exclusions) deps.updates.excludeOnly(tenant, r.stockKeepingUnit, exclusions);
        }
        if (known.length > 0) for (const e of deps.updates.batchUpdate(tenant, { records: known })) errors.push(batchError(e));
        res.status(201).json({ errors, success: errors.length === 0 });
      },
    ],
  });
  return router;
}

/** Why a record is refused before the update: its location, or a group it excludes, is unknown. */
function refusal(state: OciTenantState, locationId: string, exclusions: readonly string[] | undefined) {
  if (!own(state.locations, locationId)) return { errorCode: 'LocationDoesNotExist', message: 'A location provided in the request does not exist.' };
  if ((exclusions ?? []).find((g) => !own(state.groups, g))) return { errorCode: 'GroupDoesNotExist', message: 'A group provided in the request does not exist.' };
  return undefined;
}

/** Places named like Object.prototype's members (`constructor`) are unknown ids, not inherited values. */
function knownPlaces(state: OciTenantState, query: { groups?: string[]; locations?: string[] }): void {
  for (const id of query.locations ?? []) if (!own(state.locations, id)) throw ociErrors.locationDoesNotExist(id);
  for (const id of query.groups ?? []) if (!own(state.groups, id)) throw ociErrors.groupDoesNotExist(id);
}
