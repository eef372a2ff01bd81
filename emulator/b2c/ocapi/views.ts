import type { Request } from 'express';
import type { B2cInventoryList, B2cSite, B2cStore, NativeRecord } from '../model.js';

// OCAPI Data documents, snake_case with `_v` and `_type`, and the paged list envelope (`count`, `data`, `start`,
// `total`, `next`), as the Data API 25.6 spec names them.

/** OCAPI reports infinite (perpetual) figures as 999999. */
export const INFINITE = 999999;

export interface Paging {
  start: number;
  count: number;
}

export function docBase(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}/s/-/dw/data/${String(req.params.version)}`;
}

export const version = (req: Request) => String(req.params.version).slice(1).replace('_', '.');

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
  const ats = r.perpetual ? INFINITE : r.allocation + r.preorderBackorderAllocation - r.turnover;
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

export function siteDoc(req: Request, site: B2cSite) {
  return {
    _v: version(req),
    _type: 'site',
    display_name: { default: site.name },
    id: site.id,
    in_deletion: false,
    link: `${docBase(req)}/sites/${encodeURIComponent(site.id)}`,
    storefront_status: site.status === 'offline' ? 'maintenance' : site.status,
  };
}

export function storeDoc(req: Request, siteId: string, s: B2cStore) {
  return {
    _v: version(req),
    _type: 'store',
    ...(s.address1 ? { address1: s.address1 } : {}),
    city: s.city,
    country_code: s.countryCode,
    ...(s.createdAt ? { creation_date: s.createdAt } : {}),
    ...(s.email ? { email: s.email } : {}),
    id: s.id,
    ...(s.inventoryId ? { inventory_id: s.inventoryId } : {}),
    ...(s.lastModified ? { last_modified: s.lastModified } : {}),
    link: `${docBase(req)}/sites/${encodeURIComponent(siteId)}/stores/${encodeURIComponent(s.id)}`,
    name: s.name,
    ...(s.phone ? { phone: s.phone } : {}),
    ...(s.postalCode ? { postal_code: s.postalCode } : {}),
    ...(s.stateCode ? { state_code: s.stateCode } : {}),
  };
}

/** A page of documents: `next` when more follow. */
export function page<T>(req: Request, type: string, all: readonly T[], paging: Paging, render: (item: T) => unknown) {
  const data = all.slice(paging.start, paging.start + paging.count).map(render);
  const more = paging.start + data.length < all.length;
  // Built as text: a Host header URL cannot parse must not turn a page into a 500.
  const [path, query] = splitOnce(req.originalUrl, '?');
  const params = new URLSearchParams(query);
  params.set('start', String(paging.start + paging.count));
  params.set('count', String(paging.count));
  const next = `${req.protocol}://${req.get('host') ?? 'localhost'}${path}?${params.toString()}`;
  return {
    _v: version(req),
    _type: type,
    count: data.length,
    data,
    ...(more ? { next } : {}),
    start: paging.start,
    total: all.length,
  };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}
