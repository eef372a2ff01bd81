import type { IntegrationMode } from '../integration/model.js';
import type { NativeRecord } from '../model.js';
import type { ProductRecord, Source } from './model.js';

// Merchant Tools > Products and Catalogs > Inventory > (list) > Records, and a record's General tab, as JSON: the
// native record beside the cached OCI data, with the figures each gives the storefront.

const INFINITE = 999999;

export function nativeFigures(r: NativeRecord) {
  return {
    allocation: r.allocation,
    allocationResetDate: r.allocationResetDate ?? null,
    perpetual: r.perpetual,
    preorderBackorderHandling: r.preorderBackorderHandling,
    preorderBackorderAllocation: r.preorderBackorderAllocation,
    inStockDate: r.inStockDate ?? null,
    turnover: r.turnover,
    onOrder: r.onOrder,
    stockLevel: r.perpetual ? INFINITE : r.allocation - r.turnover,
    ats: r.perpetual ? INFINITE : r.allocation + r.preorderBackorderAllocation - r.turnover - r.onOrder,
    lastModified: r.lastModified,
  };
}

export function recordsPage(p: { listId: string; mode: IntegrationMode; source: Source; search: string | undefined; start: number; count: number; total: number; records: readonly ProductRecord[] }) {
  return {
    page: 'Merchant Tools > Products and Catalogs > Inventory > Records',
    inventoryListId: p.listId,
    mode: p.mode,
    servedFrom: p.source,
    search: p.search ?? '',
    start: p.start,
    count: p.records.length,
    total: p.total,
    records: p.records.map((r) => ({
      productId: r.productId,
      native: r.native ? { allocation: r.native.allocation, stockLevel: nativeFigures(r.native).stockLevel, ats: nativeFigures(r.native).ats, lastModified: r.native.lastModified } : null,
      oci: r.oci ? { ats: r.oci.ats, stockLevel: r.oci.stockLevel, allocation: r.oci.allocation, ociFutureQuantity: r.oci.ociFutureQuantity, ociFutureDate: r.oci.ociFutureDate } : null,
    })),
  };
}

export function recordPage(r: ProductRecord, mode: IntegrationMode, source: Source) {
  return {
    page: 'Merchant Tools > Products and Catalogs > Inventory > Records > General',
    inventoryListId: r.listId,
    productId: r.productId,
    mode,
    servedFrom: source,
    editable: mode !== 'OCI',
    native: r.native ? nativeFigures(r.native) : null,
    oci: r.oci ?? null,
  };
}
