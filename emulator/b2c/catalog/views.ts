import type { Request } from 'express';
import { docBase, version } from '../ocapi/views.js';
import type { Product } from './model.js';

// Products as OCAPI Data documents, and product search's result.

const link = (req: Request, id: string) => `${docBase(req)}/products/${encodeURIComponent(id)}`;

export function productDoc(req: Request, p: Product) {
  return {
    _v: version(req),
    _type: 'product',
    ...(p.brand ? { brand: p.brand } : {}),
    creation_date: p.createdAt,
    id: p.id,
    last_modified: p.lastModified,
    link: link(req, p.id),
    ...(p.masterId ? { master: { _type: 'master', link: link(req, p.masterId), master_id: p.masterId } } : {}),
    name: { default: p.name },
    online: p.online,
    online_flag: { default: p.online },
    price: p.price,
    price_currency: p.currency,
    type: { _type: 'product_type', [p.kind]: true },
    ...(p.variationAttributes
      ? { variation_attributes: p.variationAttributes.map((a) => ({ _type: 'variation_attribute', attribute_definition_id: a.id, attribute_definition_name: { default: a.name }, id: a.id, name: { default: a.name }, values: a.values.map((v) => ({ _type: 'variation_attribute_value', name: { default: v }, value: v })) })) }
      : {}),
    ...(p.variationValues ? { variation_values: { ...p.variationValues } } : {}),
    ...(p.variants ? { variants: p.variants.map((id) => ({ _type: 'variant', link: link(req, id), product_id: id })) } : {}),
  };
}

export function searchResult(req: Request, query: unknown, found: { total: number; hits: readonly Product[] }, start: number) {
  const hits = found.hits.map((p) => productDoc(req, p));
  return { _v: version(req), _type: 'product_search_result', count: hits.length, hits, query, start, total: found.total };
}
