import { z } from 'zod';
import { parseBody } from '../../core/http/parse-body.js';
import { DEFAULT_MINUTES, MAX_MINUTES } from './service.js';

// The custom API's body (reserve: minutes and removeIfNotAvailable, as Basket.reserveInventory takes them) and the
// Custom Site Preferences page's.

const minutes = z.number('must be a number').int('must be a whole number of minutes').min(1, 'must be at least 1').max(MAX_MINUTES, `must be at most ${MAX_MINUTES}`);

const reserveBody = z.strictObject({ minutes: minutes.optional(), removeIfNotAvailable: z.boolean('must be true or false').optional() });

export function parseReserve(body: unknown): { minutes: number; removeIfNotAvailable: boolean } {
  const b = parseBody(reserveBody, body);
  return { minutes: b.minutes ?? DEFAULT_MINUTES, removeIfNotAvailable: b.removeIfNotAvailable ?? false };
}

export const preferencesQuery = z.object({ siteId: z.string('must be a string').min(1) });

export const preferencesBody = z.strictObject({
  siteId: z.string('must be a string').min(1),
  basketReservation: z.strictObject({ onItemChange: z.boolean('must be true or false'), minutes: minutes.optional() }),
});
