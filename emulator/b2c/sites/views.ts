import type { Request } from 'express';
import type { B2cSite, B2cStore } from '../model.js';
import { docBase, version } from '../ocapi/views.js';

// Sites and stores as OCAPI Data documents; OCAPI shows a site Business Manager has `offline` as `maintenance`.

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
    ...(s.latitude !== undefined ? { latitude: s.latitude } : {}),
    link: `${docBase(req)}/sites/${encodeURIComponent(siteId)}/stores/${encodeURIComponent(s.id)}`,
    ...(s.longitude !== undefined ? { longitude: s.longitude } : {}),
    name: s.name,
    ...(s.phone ? { phone: s.phone } : {}),
    ...(s.postalCode ? { postal_code: s.postalCode } : {}),
    ...(s.stateCode ? { state_code: s.stateCode } : {}),
  };
}
