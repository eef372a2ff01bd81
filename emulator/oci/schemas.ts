import { z } from 'zod';
import { isRfc3339 } from '../core/instant.js';

// Identifiers, quantities and dates as the OCI RAML constrains them.

const threeDecimals = (n: number) => Math.abs(Math.round(n * 1000) - n * 1000) < 1e-6;

export { IMPORT_SKU_PATTERN, PLACE_PATTERN, SKU_PATTERN } from './patterns.js';
import { PLACE_PATTERN, SKU_PATTERN } from './patterns.js';

/** An identifier of `min` to `max` characters matching `pattern`. */
const identifier = (min: number, max: number, pattern: RegExp, rule: string) =>
  z
    .string()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .regex(pattern, rule);
const PLACE_RULE = 'may only contain letters, digits, - and _';

export const skuId = identifier(2, 250, SKU_PATTERN, 'must not contain \\ < > ; % / or whitespace');
export const locationId = identifier(2, 128, PLACE_PATTERN, PLACE_RULE);
export const groupId = identifier(1, 128, PLACE_PATTERN, PLACE_RULE);

export const quantity = z
  .number('must be a number')
  .min(0, 'must be greater than or equal to 0')
  .refine(threeDecimals, 'must have at most three decimals');
export const positiveQuantity = z
  .number('must be a number')
  .min(0.001, 'must be greater than 0')
  .refine(threeDecimals, 'must have at most three decimals');
/** RFC 3339 as the RAML declares it: a real calendar date and time with an offset (not 2026-02-30, not 24:00). */
export const dateTime = z.string('must be a date-time string').refine(isRfc3339, 'must be an RFC 3339 date-time such as 2026-03-02T09:00:00Z');

export const future = z.object({ expectedDate: dateTime, quantity: positiveQuantity });
export type Future = z.infer<typeof future>;
