import { z } from 'zod';
import { parseDocument, text } from '../ocapi/requests.js';
import type { StoreInput } from './service.js';

// OCAPI Data documents a client sends for a site's stores.

export const storeBody = z.object({
  id: text.optional(),
  name: text.optional(),
  city: text.optional(),
  country_code: text.optional(),
  inventory_id: z.string('must be a string').max(256, 'must be at most 256 characters').nullable().optional(),
  address1: text.optional(),
  postal_code: text.optional(),
  state_code: text.optional(),
  phone: text.optional(),
  email: text.optional(),
  latitude: z.number('must be a number').min(-90, 'must be -90 to 90').max(90, 'must be -90 to 90').optional(),
  longitude: z.number('must be a number').min(-180, 'must be -180 to 180').max(180, 'must be -180 to 180').optional(),
});
export type StoreBody = z.infer<typeof storeBody>;

const named = z.object({ name: z.string('is required for a store').refine((name) => name.trim() !== '', 'is required for a store') });

/** A PUT creates or replaces the store: it must name it (checked once the id agrees with the URL). */
export function requireStoreName(b: StoreBody): void {
  parseDocument(named, b);
}

export function storeInput(b: StoreBody): StoreInput {
  return {
    name: b.name,
    city: b.city,
    countryCode: b.country_code,
    inventoryId: b.inventory_id,
    address1: b.address1,
    postalCode: b.postal_code,
    stateCode: b.state_code,
    phone: b.phone,
    email: b.email,
    latitude: b.latitude,
    longitude: b.longitude,
  };
}
