import { z } from 'zod';
import type { BatchRecord } from '../availability/requests.js';
import { dateTime, future, quantity } from '../schemas.js';
import { invalid } from './connect-access.js';

// Connect REST inputs for OCI availability (Salesforce field names, as in ConnectApi.OmnichannelInventoryService).

const idList = z.array(z.string('must be a string').min(1), 'must be an array of strings').max(100, 'must contain at most 100 entries');

export const connectGetAvailabilityBody = z.object({
  locationGroupIdentifier: z.string('must be a string').min(1).optional(),
  locationGroupIdentifiers: idList.optional(),
  locationIdentifiers: idList.optional(),
  stockKeepingUnit: z.string('must be a string').min(1).optional(),
  stockKeepingUnits: idList.optional(),
  // Real clients send "false" as a string; the emulator has no cache to bypass either way.
  useCache: z.union([z.boolean(), z.enum(['true', 'false'])], 'must be a boolean').optional(),
  includeRelatedProducts: z.union([z.boolean(), z.enum(['true', 'false'])], 'must be a boolean').optional(),
});
export type ConnectGetAvailabilityBody = z.infer<typeof connectGetAvailabilityBody>;

export const connectBatchUpdateBody = z.object({
  records: z
    .array(
      z.object({
        actionRequestId: z.string('must be a string').min(1),
        locationIdentifier: z.string('must be a string').min(1),
        stockKeepingUnit: z.string('must be a string').min(1),
        onHand: quantity.optional(),
        safetyStockCount: quantity.optional(),
        effectiveDate: dateTime.optional(),
        futureStock: z.array(future).optional(),
        externalRefId: z.string().optional(),
        attributeSet: z.object({ groupEligibilityExclusion: z.array(z.string().min(1)).optional() }).optional(),
      }),
      'must be an array of records',
    )
    .min(1, 'must contain at least one record')
    .max(100, 'must contain at most 100 records'),
});
export type ConnectBatchUpdateBody = z.infer<typeof connectBatchUpdateBody>;

/** The Connect forms mapped onto the Commerce API request, refusing the combinations Connect refuses. */
export function toCommerceQuery(body: ConnectGetAvailabilityBody) {
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

export function requestedSkus(body: ConnectGetAvailabilityBody): string[] {
  return body.stockKeepingUnits ?? (body.stockKeepingUnit !== undefined ? [body.stockKeepingUnit] : []);
}

/** A batch-update record as the Commerce API's batch update takes it. */
export function toBatchRecord(r: ConnectBatchUpdateBody['records'][number]): BatchRecord {
  return { id: r.actionRequestId, location: r.locationIdentifier, sku: r.stockKeepingUnit, onHand: r.onHand, safetyStockCount: r.safetyStockCount, effectiveDate: r.effectiveDate, futureStock: r.futureStock, externalRefId: r.externalRefId };
}
