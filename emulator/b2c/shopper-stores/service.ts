import { AppError } from '../../core/errors/app-error.js';
import type { B2cStore } from '../model.js';

// Shopper Stores: stores by id, and the store search by postal code or coordinates, nearest first, with the
// distance in the unit asked for. Real instances geocode a postal code from the geolocation data imported into
// Business Manager; the emulator's geolocation data is its own stores: a postal code (in a country) stands for
// the point its stores share (their centre). [decision] An unknown postal code finds no stores.

export interface StoreSearch {
  /** Needed with a postal code only. */
  countryCode?: string | undefined;
  postalCode?: string | undefined;
  latitude?: number | undefined;
  longitude?: number | undefined;
  maxDistance?: number | undefined;
  distanceUnit: 'km' | 'mi';
  offset: number;
  limit: number;
}

export interface FoundStore {
  store: B2cStore;
  distance?: number;
}

const EARTH_KM = 6371.0088;
const KM_PER_MI = 1.609344;

export class ShopperStores {
  readonly #stores: (instanceId: string, siteId: string) => B2cStore[];

  constructor(stores: (instanceId: string, siteId: string) => B2cStore[]) {
    this.#stores = stores;
  }

  byIds(instanceId: string, siteId: string, ids: readonly string[]): B2cStore[] {
    const all = new Map(this.#stores(instanceId, siteId).map((s) => [s.id, s]));
    return [...new Set(ids)].map((id) => all.get(id)).filter((s): s is B2cStore => s !== undefined);
  }

  /** Coordinates win: "if coordinates are passed, the values for country and postal code are ignored". */
  search(instanceId: string, siteId: string, q: StoreSearch): { total: number; hits: FoundStore[] } {
    const all = this.#stores(instanceId, siteId);
    const byPoint = q.latitude !== undefined && q.longitude !== undefined;
    const stores = byPoint ? all : all.filter((s) => s.countryCode === q.countryCode);
    const origin = byPoint ? { lat: q.latitude!, lon: q.longitude! } : geocode(stores, q.postalCode ?? '');
    if (!origin) return { total: 0, hits: [] };
    const perUnit = q.distanceUnit === 'mi' ? KM_PER_MI : 1;
    const found = stores
      .filter((s) => s.latitude !== undefined && s.longitude !== undefined)
      .map((s) => ({ store: s, distance: Math.round((haversineKm(origin, { lat: s.latitude!, lon: s.longitude! }) / perUnit) * 100) / 100 }))
      .filter((f) => q.maxDistance === undefined || f.distance <= q.maxDistance)
      .sort((a, b) => a.distance - b.distance || (a.store.id < b.store.id ? -1 : 1));
    return { total: found.length, hits: found.slice(q.offset, q.offset + q.limit) };
  }
}

function geocode(stores: B2cStore[], postalCode: string): { lat: number; lon: number } | undefined {
  const at = stores.filter((s) => s.postalCode === postalCode && s.latitude !== undefined && s.longitude !== undefined);
  if (at.length === 0) return undefined;
  return { lat: at.reduce((n, s) => n + s.latitude!, 0) / at.length, lon: at.reduce((n, s) => n + s.longitude!, 0) / at.length };
}

export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function missingLocation(): AppError {
  return new AppError(400, 'bad-request', "Provide either 'countryCode' and 'postalCode', or both 'latitude' and 'longitude'.");
}
