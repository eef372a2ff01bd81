import { z } from 'zod';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import { parseBody } from '../../core/http/parse-body.js';
import { missingLocation, type StoreSearch } from './service.js';

// Query parameters of Shopper Stores: `ids` (comma-separated), and the store search's place (a postal code in a
// country, or coordinates), distance limit and unit, and page.

const number = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, 'must be a number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be ${min} to ${max}`);

const searchQuery = z.object({
  countryCode: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as US').optional(),
  postalCode: z.string().min(1).max(20, 'must be at most 20 characters').optional(),
  latitude: number(-90, 90).optional(),
  longitude: number(-180, 180).optional(),
  maxDistance: number(0, 20_038).optional(),
  distanceUnit: z.enum(['km', 'mi'], "must be 'km' or 'mi'").optional(),
  offset: z.string().regex(/^\d{1,9}$/, 'must be a whole number').transform(Number).optional(),
  limit: z.string().regex(/^\d{1,3}$/, 'must be 1 to 200').transform(Number).refine((n) => n >= 1 && n <= 200, 'must be 1 to 200').optional(),
  siteId: z.string(),
});

export function parseSearch(query: Record<string, unknown>): StoreSearch {
  const q = parseBody(searchQuery, query);
  const coordinates = q.latitude !== undefined || q.longitude !== undefined;
  if (coordinates && (q.latitude === undefined || q.longitude === undefined)) throw missingLocation();
  if (!coordinates && (q.postalCode === undefined || q.countryCode === undefined)) throw missingLocation();
  return { countryCode: q.countryCode, postalCode: q.postalCode, latitude: q.latitude, longitude: q.longitude, maxDistance: q.maxDistance, distanceUnit: q.distanceUnit ?? 'km', offset: q.offset ?? 0, limit: q.limit ?? 25 };
}

const idsQuery = z.object({ ids: z.string('is required (comma-separated store IDs)').max(10_000), siteId: z.string() });

export function parseIds(query: Record<string, unknown>): string[] {
  const q = parseBody(idsQuery, query);
  const ids = q.ids
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) throw new AppError(400, GenericCode.ValidationFailed, "The query parameter 'ids' is required.");
  if (ids.length > 50) throw new AppError(400, GenericCode.ValidationFailed, 'Maximum number of store IDs you can request in one call is 50.');
  return ids;
}
