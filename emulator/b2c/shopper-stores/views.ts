import type { B2cStore } from '../model.js';
import type { FoundStore } from './service.js';

// Stores as Shopper Stores answers them, each with its inventory list (`inventoryId`).

export function storeDoc(s: B2cStore, distance?: { value: number; unit: 'km' | 'mi' }) {
  return {
    id: s.id,
    name: s.name,
    ...(s.address1 ? { address1: s.address1 } : {}),
    city: s.city,
    ...(s.postalCode ? { postalCode: s.postalCode } : {}),
    ...(s.stateCode ? { stateCode: s.stateCode } : {}),
    countryCode: s.countryCode,
    ...(s.latitude !== undefined ? { latitude: s.latitude } : {}),
    ...(s.longitude !== undefined ? { longitude: s.longitude } : {}),
    ...(s.phone ? { phone: s.phone } : {}),
    ...(s.email ? { email: s.email } : {}),
    ...(s.inventoryId ? { inventoryId: s.inventoryId } : {}),
    posEnabled: false,
    storeLocatorEnabled: true,
    ...(distance ? { distance: distance.value, distanceUnit: distance.unit } : {}),
  };
}

export function storesResult(stores: B2cStore[]) {
  return { limit: stores.length, total: stores.length, data: stores.map((s) => storeDoc(s)) };
}

export function searchResult(found: { total: number; hits: FoundStore[] }, unit: 'km' | 'mi', offset: number, limit: number) {
  return { limit, offset, total: found.total, data: found.hits.map((h) => storeDoc(h.store, h.distance === undefined ? undefined : { value: h.distance, unit })) };
}
