import type { Request } from 'express';
import type { B2cInventoryList, NativeRecord } from '../model.js';
import type { OciView } from '../oci-cache/mapping.js';
import { docBase, version } from '../ocapi/views.js';

// Inventory lists and product inventory records as OCAPI Data documents.

/** OCAPI reports infinite (perpetual) figures as 999999. */
export const INFINITE = 999999;

export function inventoryListDoc(req: Request, list: B2cInventoryList, assignedSites: string[]) {
  return {
    _v: version(req),
    _type: 'inventory_list',
    assigned_sites: assignedSites,
    creation_date: list.createdAt,
    default_in_stock: list.defaultInStock,
    description: list.description,
    id: list.id,
    last_modified: list.lastModified ?? list.createdAt,
    link: `${docBase(req)}/inventory_lists/${encodeURIComponent(list.id)}`,
    on_order_inventory_enabled: list.onOrderInventoryEnabled ?? false,
    use_bundle_inventory_only: list.useBundleInventoryOnly ?? false,
  };
}

export function recordDoc(req: Request, listId: string, r: NativeRecord) {
  const ats = r.perpetual ? INFINITE : r.allocation + r.preorderBackorderAllocation - r.turnover - r.onOrder;
  const stockLevel = r.perpetual ? INFINITE : r.allocation - r.turnover;
  return {
    _v: version(req),
    _type: 'product_inventory_record',
    allocation: { _type: 'product_inventory_record_allocation', amount: r.allocation, ...(r.allocationResetDate ? { reset_date: r.allocationResetDate } : {}) },
    ats,
    creation_date: r.createdAt,
    ...(r.inStockDate ? { in_stock_date: r.inStockDate } : {}),
    inventory_list_id: listId,
    inventory_turnover: r.turnover,
    last_modified: r.lastModified,
    link: `${docBase(req)}/inventory_lists/${encodeURIComponent(listId)}/product_inventory_records/${encodeURIComponent(r.productId)}`,
    perpetual_flag: r.perpetual,
    pre_order_back_order_allocation: r.preorderBackorderAllocation,
    pre_order_back_order_handling: r.preorderBackorderHandling,
    product_id: r.productId,
    quantity_on_order: r.onOrder,
    stock_level: stockLevel,
  };
}

/** A record in Omnichannel Inventory mode: the cached OCI figures in the record's fields (the Script API's mapping). */
export function cachedRecordDoc(req: Request, listId: string, productId: string, v: OciView) {
  return {
    _v: version(req),
    _type: 'product_inventory_record',
    allocation: { _type: 'product_inventory_record_allocation', amount: v.allocation, ...(v.allocationResetDate ? { reset_date: v.allocationResetDate } : {}) },
    ats: v.ats,
    creation_date: v.receivedAt,
    ...(v.ociFutureDate ? { in_stock_date: v.ociFutureDate } : {}),
    inventory_list_id: listId,
    inventory_turnover: v.turnover,
    last_modified: v.receivedAt,
    link: `${docBase(req)}/inventory_lists/${encodeURIComponent(listId)}/product_inventory_records/${encodeURIComponent(productId)}`,
    perpetual_flag: false,
    pre_order_back_order_allocation: v.ociFutureQuantity,
    pre_order_back_order_handling: v.backorderable ? 'backorder' : 'none',
    product_id: productId,
    quantity_on_order: 0,
    stock_level: v.stockLevel,
  };
}
