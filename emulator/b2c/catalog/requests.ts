import { z } from 'zod';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import { flag, quantity, text } from '../ocapi/requests.js';
import type { ProductInput, ProductQuery } from './service.js';

// OCAPI Data documents a client sends for products and product search.

const localized = <T extends z.ZodType>(value: T) => z.record(z.string(), value, 'must be an object of locale → value');

export const productBody = z.object({
  id: text.optional(),
  name: localized(text.max(4000, 'must be at most 4000 characters')).optional(),
  price: quantity.min(0, 'must not be negative').optional(),
  price_currency: z.string('must be a string').regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as USD').optional(),
  online_flag: localized(flag).optional(),
  brand: text.max(256, 'must be at most 256 characters').optional(),
});

/** OCAPI's product id rule (1 to 100 characters, nothing blank around it). */
export function checkProductId(id: string): void {
  if (id.length === 0 || id.length > 100 || id.trim() !== id) {
    throw new AppError(400, GenericCode.ValidationFailed, "Property 'id' must be 1 to 100 characters, without leading or trailing blanks.");
  }
}

export function productInput(b: z.infer<typeof productBody>): ProductInput {
  return {
    name: b.name ? (b.name.default ?? Object.values(b.name)[0]) : undefined,
    price: b.price,
    currency: b.price_currency,
    online: b.online_flag ? (b.online_flag.default ?? Object.values(b.online_flag)[0]) : undefined,
    brand: b.brand,
  };
}

const FIELDS = ['id', 'name'] as const;

/** The queries product search answers: match_all_query, text_query over id and name, term_query one_of on id. */
export const searchBody = z.object({
  query: z.union(
    [
      z.strictObject({ match_all_query: z.looseObject({}) }),
      z.strictObject({ text_query: z.object({ fields: z.array(z.enum(FIELDS, "fields: 'id' or 'name'")).min(1), search_phrase: z.string().min(1).max(256) }) }),
      z.strictObject({ term_query: z.object({ fields: z.tuple([z.literal('id')]), operator: z.enum(['is', 'one_of']), values: z.array(z.string().max(100)).min(1).max(200) }) }),
    ],
    'must be one match_all_query, text_query (fields id, name) or term_query (field id, operator is or one_of)',
  ),
  start: z.number().int().min(0).max(1_000_000_000).optional(),
  count: z.number().int().min(1).max(200).optional(),
  select: z.string().max(1000).optional(),
  sorts: z.array(z.unknown()).max(10).optional(),
  expand: z.array(z.string()).max(10).optional(),
});

export function productQuery(b: z.infer<typeof searchBody>): ProductQuery {
  const q = b.query;
  if ('text_query' in q) return { kind: 'text', fields: q.text_query.fields, phrase: q.text_query.search_phrase };
  if ('term_query' in q) {
    if (q.term_query.operator === 'is' && q.term_query.values.length > 1) throw new AppError(400, GenericCode.ValidationFailed, "The operator 'is' takes exactly one value.");
    return { kind: 'ids', values: q.term_query.values };
  }
  return { kind: 'all' };
}
