import { z } from 'zod';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import { parseBody } from '../../core/http/parse-body.js';

// Query parameters of Shopper Products and Shopper Availability: comma-separated id lists with SCAPI's limits
// (24 products, 5 inventory lists), `expand` from the spec's enums.

export const MAX_PRODUCTS = 24;
export const MAX_LISTS = 5;

const PRODUCT_EXPANDS = ['none', 'availability', 'bundled_products', 'links', 'promotions', 'options', 'images', 'prices', 'variations', 'set_products', 'recommendations', 'shipping_methods', 'page_meta_tags', 'primary_category'] as const;
const AVAILABILITY_EXPANDS = ['variations', 'set_products'] as const;

const csv = z.string('must be one comma-separated value').max(10_000, 'is too long');

const productQuery = z.object({
  ids: csv.optional(),
  inventoryIds: csv.optional(),
  expand: csv.optional(),
  siteId: z.string(),
});

const availabilityQuery = z.object({ productIds: csv.optional(), inventoryIds: csv.optional(), expand: csv.optional(), siteId: z.string() });

function split(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function ids(text: string | undefined, max: number, what: string, required: boolean): string[] {
  const list = split(text);
  if (required && list.length === 0) throw new AppError(400, GenericCode.ValidationFailed, `The query parameter '${what}' is required.`);
  if (list.length > max) throw new AppError(400, GenericCode.ValidationFailed, `Maximum number of ${what === 'inventoryIds' ? 'inventory list IDs' : 'product IDs'} you can request in one call is ${max}.`);
  const tooLong = list.find((id) => id.length > (what === 'inventoryIds' ? 256 : 100));
  if (tooLong !== undefined) throw new AppError(400, GenericCode.ValidationFailed, `The ID '${tooLong.slice(0, 40)}…' in '${what}' is too long.`);
  return list;
}

function expands<T extends string>(text: string | undefined, allowed: readonly T[]): Set<T> | undefined {
  if (text === undefined) return undefined;
  const list = split(text);
  const bad = list.find((e) => !(allowed as readonly string[]).includes(e));
  if (bad !== undefined) throw new AppError(400, GenericCode.ValidationFailed, `The 'expand' value '${bad.slice(0, 40)}' is invalid: use ${allowed.join(', ')}.`);
  return new Set(list as T[]);
}

export function parseProductQuery(query: Record<string, unknown>, many: boolean) {
  const q = parseBody(productQuery, query);
  return {
    ids: many ? ids(q.ids, MAX_PRODUCTS, 'ids', true) : [],
    inventoryIds: ids(q.inventoryIds, MAX_LISTS, 'inventoryIds', false),
    expand: expands(q.expand, PRODUCT_EXPANDS),
  };
}

export function parseAvailabilityQuery(query: Record<string, unknown>) {
  const q = parseBody(availabilityQuery, query);
  return {
    productIds: ids(q.productIds, MAX_PRODUCTS, 'productIds', true),
    inventoryIds: ids(q.inventoryIds, MAX_LISTS, 'inventoryIds', false),
    variations: expands(q.expand, AVAILABILITY_EXPANDS)?.has('variations') ?? false,
  };
}
