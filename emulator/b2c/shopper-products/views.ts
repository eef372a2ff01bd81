import type { Product } from '../catalog/model.js';
import type { StockFigures } from '../stock/model.js';
import type { ProductWithStock } from './service.js';

// Products and stock as Shopper Products and Shopper Availability answer them (SCAPI `Product`, `Inventory`).

export function inventoryDoc(f: StockFigures) {
  return {
    id: f.listId,
    ats: f.ats,
    stockLevel: f.stockLevel,
    orderable: f.orderable,
    backorderable: f.backorderable,
    preorderable: f.preorderable,
    ...(f.inStockDate ? { inStockDate: f.inStockDate } : {}),
  };
}

const typeOf = (p: Product) => (p.kind === 'master' ? { master: true } : p.kind === 'variant' ? { variant: true } : { item: true });

/** `availability` in `expand` (or no expand at all: every expand but page_meta_tags) shows the stock. */
export function productDoc(p: ProductWithStock, expand: ReadonlySet<string> | undefined) {
  const wants = (what: string) => (expand === undefined ? what !== 'page_meta_tags' : expand.has(what));
  const product = p.product;
  return {
    id: product.id,
    name: product.name,
    ...(product.brand ? { brand: product.brand } : {}),
    currency: product.currency,
    ...(wants('prices') ? { price: product.price } : {}),
    type: typeOf(product),
    minOrderQuantity: 1,
    stepQuantity: 1,
    ...(wants('availability') && p.inventory ? { inventory: inventoryDoc(p.inventory) } : {}),
    ...(wants('availability') && p.inventories ? { inventories: p.inventories.map(inventoryDoc) } : {}),
    ...(p.master ? { master: { masterId: p.master.product.id, orderable: p.master.orderable, price: p.master.product.price } } : {}),
    ...(wants('variations') && p.variants
      ? { variants: p.variants.map((v) => ({ productId: v.product.id, orderable: v.orderable, price: v.product.price, ...(v.product.variationValues ? { variationValues: { ...v.product.variationValues } } : {}) })) }
      : {}),
    ...(wants('variations') && product.variationAttributes
      ? {
          // A value is orderable when at least one variant having it is (Shopper Products' VariationAttributeValue).
          variationAttributes: product.variationAttributes.map((a) => ({
            id: a.id,
            name: a.name,
            values: a.values.map((value) => ({ value, name: value, orderable: (p.variants ?? []).some((v) => v.orderable && v.product.variationValues?.[a.id] === value) })),
          })),
        }
      : {}),
    ...(product.variationValues ? { variationValues: { ...product.variationValues } } : {}),
  };
}

export function productsResult(list: ProductWithStock[], expand: ReadonlySet<string> | undefined) {
  return { limit: list.length, total: list.length, data: list.map((p) => productDoc(p, expand)) };
}

export function availabilityResult(entries: { id: string; inventories: StockFigures[] }[]) {
  return { limit: entries.length, total: entries.length, data: entries.map((e) => ({ id: e.id, inventories: e.inventories.map(inventoryDoc) })) };
}
