import { z } from 'zod';
import { dateTime, flag, quantity } from '../ocapi/requests.js';
import type { RecordInput } from '../inventory/service.js';
import { DEFAULT_PAGE, MAX_PAGE } from './model.js';

// What the inventory list's Records tab and a record's General tab send (query strings and button bodies).

const id = z.string('must be a string').min(1, 'must not be empty').max(256, 'must be at most 256 characters');
const whole = (min: number, max: number) =>
  z
    .string('must be one whole number')
    .regex(/^\d{1,9}$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number from ${min} to ${max}`);

/** Records tab → Find: `listId`, `search` (empty finds all), `start`, `count`. */
export const findQuery = z.object({
  listId: id,
  search: z.string('must be a string').max(256, 'must be at most 256 characters').optional(),
  start: whole(0, 1_000_000_000).optional().default(0),
  count: whole(1, MAX_PAGE).optional().default(DEFAULT_PAGE),
});

/** A record's General tab. */
export const recordQuery = z.object({ listId: id, productId: id });

/** General tab → Apply: the editable fields of a native record. */
export const saveRecordBody = z.object({
  listId: id,
  productId: id,
  allocation: quantity.min(0, 'must not be negative').optional(),
  allocationResetDate: dateTime.optional(),
  perpetual: flag.optional(),
  preorderBackorderHandling: z.enum(['none', 'preorder', 'backorder'], "must be 'none', 'preorder' or 'backorder'").optional(),
  preorderBackorderAllocation: quantity.min(0, 'must not be negative').optional(),
  inStockDate: dateTime.optional(),
});

export function saveInput(b: z.infer<typeof saveRecordBody>): RecordInput {
  return {
    allocation: b.allocation,
    // With a new allocation the service resets the allocation date to this one, or now (record-view/service.ts).
    allocationResetDate: b.allocationResetDate,
    perpetual: b.perpetual,
    preorderBackorderHandling: b.preorderBackorderHandling,
    preorderBackorderAllocation: b.preorderBackorderAllocation,
    inStockDate: b.inStockDate,
  };
}
