import { Router } from 'express';
import { jsonBody } from '../../core/http/body.js';
import { onlyMethods } from '../../core/http/methods.js';
import { own } from '../../core/objects.js';
import type { Availability } from '../availability/arithmetic.js';
import type { AvailabilityQuery } from '../availability/query-service.js';
import type { BatchRecord } from '../availability/requests.js';
import type { AvailabilityUpdates } from '../availability/updates-service.js';
import { ociErrors } from '../errors.js';
import type { OciTenantState } from '../tenant-book.js';
import type { OciTenants } from '../tenants.js';
import { connectParse, connectSession, invalid, since, tenantOf } from './connect-access.js';
import { connectBatchUpdateBody, connectGetAvailabilityBody, type ConnectGetAvailabilityBody } from './requests.js';
import type { Services } from '../../party.js';

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
  const tg = tenantOf;
  const getAvailability = '/services/data/:version/commerce/oci/availability/availability-records/actions/get-availability';
  const batchUpdate = '/services/data/:version/commerce/oci/availability-records/actions/batch-update';

  router.post(getAvailability, ...session, ...json, (req, res) => {
    const version = since(String(req.params.version), 51);
    const body = connectParse(connectGetAvailabilityBody, req.body);
    const query = deps.query.resolve(tg(res), toCommerceQuery(body));
    knownPlaces(deps.tenants.state(tg(res)), query);
    const result = deps.query.run(tg(res), query);
    const withMissing = version >= 62;
    const skus = requestedSkus(body);
    const records = (place: { records: { sku: string; availability: Availability }[] }) =>
      withMissing ? skus.map((sku) => connectRecord(sku, place.records.find((r) => r.sku === sku)?.availability, true)) : place.records.map((r) => connectRecord(r.sku, r.availability, false));
    res.status(201).json({
      errors: [],
      locationGroups: (result.groups ?? []).map((g) => ({ inventoryRecords: records(g), locationGroupIdentifier: g.id })),
      locations: result.locations.map((l) => ({ inventoryRecords: records(l), locationIdentifier: l.id })),
      success: true,
    });
  });

  router.post(batchUpdate, ...session, ...json, (req, res) => {
    since(String(req.params.version), 62);
    const body = connectParse(connectBatchUpdateBody, req.body);
    const state = deps.tenants.state(tg(res));
    const errors: Record<string, unknown>[] = [];
    const known: BatchRecord[] = [];
    for (const r of body.records) {
      const refused = !own(state.locations, r.locationIdentifier)
        ? { errorCode: 'LocationDoesNotExist', message: 'A location provided in the request does not exist.' }
        : (r.attributeSet?.groupEligibilityExclusion ?? []).find((g) => !own(state.groups, g))
          ? { errorCode: 'GroupDoesNotExist', message: 'A group provided in the request does not exist.' }
          : undefined;
      if (refused) {
        errors.push({ actionRequestId: r.actionRequestId, ...refused, externalRefId: r.externalRefId, locationIdentifier: r.locationIdentifier, stockKeepingUnit: r.stockKeepingUnit });
        continue;
      }
      known.push({ id: r.actionRequestId, location: r.locationIdentifier, sku: r.stockKeepingUnit, onHand: r.onHand, safetyStockCount: r.safetyStockCount, effectiveDate: r.effectiveDate, futureStock: r.futureStock, externalRefId: r.externalRefId });
      const exclusions = r.attributeSet?.groupEligibilityExclusion;
      if (exclusions) setExclusions(deps, tg(res), r.stockKeepingUnit, exclusions);
    }
    if (known.length > 0) {
      for (const e of deps.updates.batchUpdate(tg(res), { records: known })) {
        errors.push({ actionRequestId: e.details.id, errorCode: e.errorCode, externalRefId: e.details.externalRefId, locationIdentifier: e.details.locationId, message: e.message, stockKeepingUnit: e.details.sku });
      }
    }
    res.status(201).json({ errors, success: errors.length === 0 });
  });

  router.all(getAvailability, onlyMethods(['POST']));
  router.all(batchUpdate, onlyMethods(['POST']));
  return router;
}

/** The Connect forms mapped onto the Commerce API request, refusing the combinations Connect refuses. */
function toCommerceQuery(body: ConnectGetAvailabilityBody) {
  if (body.locationGroupIdentifier !== undefined && (body.locationGroupIdentifiers !== undefined || body.locationIdentifiers !== undefined)) {
    throw invalid('locationGroupIdentifier cannot be combined with locationGroupIdentifiers or locationIdentifiers');
  }
  if (body.locationGroupIdentifiers !== undefined && body.locationIdentifiers !== undefined) {
    throw invalid('locationGroupIdentifiers and locationIdentifiers cannot be combined');
  }
  if (body.stockKeepingUnit !== undefined && body.stockKeepingUnits !== undefined) {
    throw invalid('stockKeepingUnit and stockKeepingUnits cannot be combined');
  }
  const skus = requestedSkus(body);
  if (skus.length === 0) throw invalid('stockKeepingUnit or stockKeepingUnits is required');
  const groups = body.locationGroupIdentifier !== undefined ? [body.locationGroupIdentifier] : body.locationGroupIdentifiers;
  return { skus, ...(groups ? { groups } : {}), ...(body.locationIdentifiers ? { locations: body.locationIdentifiers } : {}) };
}

/** Places named like Object.prototype's members (`constructor`) are unknown ids, not inherited values. */
function knownPlaces(state: OciTenantState, query: { groups?: string[]; locations?: string[] }): void {
  for (const id of query.locations ?? []) if (!own(state.locations, id)) throw ociErrors.locationDoesNotExist(id);
  for (const id of query.groups ?? []) if (!own(state.groups, id)) throw ociErrors.groupDoesNotExist(id);
}

function requestedSkus(body: ConnectGetAvailabilityBody): string[] {
  return body.stockKeepingUnits ?? (body.stockKeepingUnit !== undefined ? [body.stockKeepingUnit] : []);
}

function connectRecord(sku: string, a: Availability | undefined, withExists: boolean) {
  return {
    availableToFulfill: a?.atf ?? 0,
    availableToOrder: a?.ato ?? 0,
    ...(a?.effectiveDate !== undefined ? { effectiveDate: a.effectiveDate } : {}),
    ...(withExists ? { exists: a !== undefined } : {}),
    futures: (a?.futures ?? []).map((f) => ({ expectedDate: f.expectedDate, quantity: f.quantity })),
    onHand: a?.onHand ?? 0,
    reserved: a?.reserved ?? 0,
    safetyStockCount: a?.safetyStockCount ?? 0,
    stockKeepingUnit: sku,
  };
}

/** `groupEligibilityExclusion` is the record's whole exclusion list: listed groups exclude the SKU, others not. */
function setExclusions(deps: ConnectRouteDeps, tenantGroupId: string, sku: string, groups: string[]): void {
  const state = deps.tenants.state(tenantGroupId);
  const listed = new Set(groups);
  const drop = Object.keys(state.exclusions).filter((g) => !listed.has(g) && state.exclusions[g]!.includes(sku));
  const changes = [
    ...[...listed].map((groupId) => ({ groupId, mode: 'APPEND' as const, skus: [sku] })),
    ...drop.map((groupId) => ({ groupId, mode: 'DELETE' as const, skus: [sku] })),
  ];
  if (changes.length > 0) deps.updates.segmentation(tenantGroupId, { groups: changes });
}
