import { z } from 'zod';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import { dateTime, flag, quantity, text } from '../ocapi/requests.js';
import type { ListInput, RecordInput } from './service.js';

// OCAPI Data documents a client sends for inventory lists and product inventory records.

export const listBody = z.object({
  id: text.optional(),
  description: text.optional(),
  default_in_stock: flag.optional(),
  on_order_inventory_enabled: flag.optional(),
  use_bundle_inventory_only: flag.optional(),
});

export const recordBody = z.object({
  product_id: text.optional(),
  allocation: z.object({ amount: quantity.min(0, 'must not be negative').optional(), reset_date: dateTime.optional() }, 'must be {amount, reset_date}').optional(),
  perpetual_flag: flag.optional(),
  pre_order_back_order_handling: z.enum(['none', 'preorder', 'backorder'], "must be 'none', 'preorder' or 'backorder'").optional(),
  pre_order_back_order_allocation: quantity.min(0, 'must not be negative').optional(),
  in_stock_date: dateTime.optional(),
});

const productId = z.string().min(1).max(256);

/** A product id in the URL of a record PUT. */
export function checkProductId(id: string): void {
  if (!productId.safeParse(id).success) throw new AppError(400, GenericCode.ValidationFailed, "Property 'product_id' must be 1 to 256 characters.");
}

export function listInput(b: z.infer<typeof listBody>): ListInput {
  return { description: b.description, defaultInStock: b.default_in_stock, onOrderInventoryEnabled: b.on_order_inventory_enabled, useBundleInventoryOnly: b.use_bundle_inventory_only };
}

export function recordInput(b: z.infer<typeof recordBody>): RecordInput {
  return {
    allocation: b.allocation?.amount,
    allocationResetDate: b.allocation?.reset_date,
    perpetual: b.perpetual_flag,
    preorderBackorderHandling: b.pre_order_back_order_handling,
    preorderBackorderAllocation: b.pre_order_back_order_allocation,
    inStockDate: b.in_stock_date,
  };
}
