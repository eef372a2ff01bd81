import { z } from 'zod';
import { dateTime, future, groupId, locationId, quantity, skuId } from '../schemas.js';

// Request bodies of the availability API, as its RAML types declare them.

export const getAvailabilityBody = z.object({
  sku: z.string('must be a string').min(1, 'must not be empty').optional(),
  group: z.string('must be a string').min(1, 'must not be empty').optional(),
  skus: z.array(skuId, 'must be an array of SKUs').optional(),
  locations: z.array(locationId, 'must be an array of location ids').optional(),
  groups: z.array(groupId, 'must be an array of group ids').optional(),
});
export type GetAvailabilityBody = z.infer<typeof getAvailabilityBody>;

const recordFields = {
  externalRefId: z.string('must be a string').optional(),
  onHand: quantity.optional(),
  safetyStockCount: quantity.optional(),
  effectiveDate: dateTime.optional(),
  futureStock: z.array(future, 'must be an array of futures').optional(),
};

export const batchUpdateBody = z.object({
  records: z
    .array(
      z.object({
        id: z.string('must be a string').min(1, 'must not be empty').max(128, 'must be at most 128 characters'),
        location: locationId,
        sku: skuId,
        ...recordFields,
      }),
      'must be an array of records',
    )
    .min(1, 'must contain at least one record')
    .max(100, 'must contain at most 100 records'),
});
export type BatchUpdateBody = z.infer<typeof batchUpdateBody>;
export type BatchRecord = BatchUpdateBody['records'][number];

export const recordBody = z.object(recordFields);
export type RecordBody = z.infer<typeof recordBody>;

export const segmentationBody = z.object({
  groups: z
    .array(
      z.object({
        groupId: z
          .string('must be a string')
          .min(1, 'must not be empty')
          .max(128, 'must be at most 128 characters')
          .regex(/^[*a-zA-Z0-9_-]*$/, 'may only contain letters, digits, -, _ or *'),
        mode: z.enum(['APPEND', 'DELETE'], 'must be APPEND or DELETE'),
        skus: z.array(skuId, 'must be an array of SKUs').min(1, 'must contain at least one SKU').max(100, 'must contain at most 100 SKUs'),
      }),
      'must be an array',
    )
    .min(1, 'must contain at least one group')
    .max(100, 'must contain at most 100 groups'),
});
export type SegmentationBody = z.infer<typeof segmentationBody>;
