import { AppError } from '../../core/errors/app-error.js';
import { byCodeUnit, definedOnly } from '../../core/objects.js';
import type { Store } from '../../core/store/store.js';
import type { Journal } from '../../core/journal.js';
import { catalogNamespace, type PlainCatalog, type Product } from './model.js';
import { StoredCatalog } from './stored-catalog.js';

// The product catalog of each instance, as OCAPI Data's products resource and product search change and read it
// (and, later, the storefront's Shopper Products). A product id follows OCAPI's rule (1 to 100 characters, no
// blanks around it); products made here are items, and a master with its variants comes from the fixtures.

export interface ProductInput {
  name?: string | undefined;
  price?: number | undefined;
  currency?: string | undefined;
  online?: boolean | undefined;
  brand?: string | undefined;
}

export type ProductQuery = { kind: 'all' } | { kind: 'text'; fields: readonly ('id' | 'name')[]; phrase: string } | { kind: 'ids'; values: readonly string[] };

export class CatalogService {
  readonly #store: Store;
  readonly #journal: Journal;
  readonly #now: () => string;

  constructor(deps: { store: Store; journal: Journal; now: () => string }) {
    this.#store = deps.store;
    this.#journal = deps.journal;
    this.#now = deps.now;
  }

  find(instanceId: string, id: string): Product | undefined {
    return this.#catalog(instanceId).products.get(id);
  }

  /** `find` for many products of one instance (a storefront answer reads up to 24): the catalog looked up once. */
  reader(instanceId: string): (id: string) => Product | undefined {
    const products = this.#catalog(instanceId).products;
    return (id) => products.get(id);
  }

  product(instanceId: string, id: string): Product {
    const product = this.find(instanceId, id);
    if (!product) throw productNotFound(id);
    return product;
  }

  /**
   * PUT: creates the product (an item), or clears and overwrites an existing one (OCAPI: what the document leaves
   * out takes its default); its place in a master and its variants stay, as the document cannot name them.
   */
  put(instanceId: string, id: string, input: ProductInput): { product: Product; created: boolean } {
    const catalog = this.#catalog(instanceId);
    const existing = catalog.products.get(id);
    const now = this.#now();
    const fields = { name: input.name ?? id, price: input.price ?? 0, currency: input.currency ?? 'USD', online: input.online ?? true, ...(input.brand ? { brand: input.brand } : {}) };
    const kept = existing ? { kind: existing.kind, ...relations(existing), createdAt: existing.createdAt } : { kind: 'item' as const, createdAt: now };
    const product: Product = { id, ...fields, ...kept, lastModified: now };
    catalog.set(product);
    this.#touch(instanceId);
    if (!existing) this.#journal.emit({ type: 'b2c.product.created', tenant: instanceId, data: { productId: id } });
    return { product, created: !existing };
  }

  patch(instanceId: string, id: string, input: ProductInput): Product {
    const catalog = this.#catalog(instanceId);
    const product = { ...this.product(instanceId, id), ...definedOnly(input), lastModified: this.#now() };
    catalog.set(product);
    this.#touch(instanceId);
    return product;
  }

  /** DELETE: a master takes its variants with it; a variant leaves its master's list. */
  delete(instanceId: string, id: string): void {
    const catalog = this.#catalog(instanceId);
    const product = this.product(instanceId, id);
    for (const variantId of product.variants ?? []) catalog.delete(variantId);
    const master = product.masterId ? catalog.products.get(product.masterId) : undefined;
    if (master?.variants) catalog.set({ ...master, variants: master.variants.filter((v) => v !== id) });
    catalog.delete(id);
    this.#touch(instanceId);
    this.#journal.emit({ type: 'b2c.product.deleted', tenant: instanceId, data: { productId: id } });
  }

  /**
   * Product search, one page of it: every product, a list of ids (looked up, not scanned), or ids or names
   * containing a phrase in any case (one pass over the catalog's lower-cased index, no pattern built from it).
   */
  search(instanceId: string, query: ProductQuery, start: number, count: number): { total: number; hits: Product[] } {
    const catalog = this.#catalog(instanceId);
    const get = (id: string) => catalog.products.get(id)!;
    if (query.kind === 'ids') {
      const ids = [...new Set(query.values)].filter((id) => catalog.products.has(id)).sort(byCodeUnit);
      return { total: ids.length, hits: ids.slice(start, start + count).map(get) };
    }
    const ids = catalog.sortedIds();
    if (query.kind === 'all') return { total: ids.length, hits: ids.slice(start, start + count).map(get) };
    const phrase = query.phrase.toLowerCase();
    const { ids: lowerIds, names } = catalog.lowerIndex();
    const byId = query.fields.includes('id');
    const byName = query.fields.includes('name');
    const hits: Product[] = [];
    let total = 0;
    for (let i = 0; i < ids.length; i++) {
      if (!((byId && lowerIds[i]!.includes(phrase)) || (byName && names[i]!.includes(phrase)))) continue;
      if (total >= start && hits.length < count) hits.push(get(ids[i]!));
      total++;
    }
    return { total, hits };
  }

  count(instanceId: string): number {
    return this.#existing(instanceId)?.products.size ?? 0;
  }

  #catalog(instanceId: string): StoredCatalog {
    const ns = catalogNamespace(instanceId);
    const value = this.#store.ensure<unknown>(ns, () => new StoredCatalog());
    if (value instanceof StoredCatalog) return value;
    // A fixture's plain catalog, journaled from now on.
    const catalog = StoredCatalog.fromPlain(value as Partial<PlainCatalog>);
    this.#store.adopt(ns, catalog);
    return catalog;
  }

  #existing(instanceId: string): StoredCatalog | undefined {
    return this.#store.has(catalogNamespace(instanceId)) ? this.#catalog(instanceId) : undefined;
  }

  #touch(instanceId: string): void {
    this.#store.touch(catalogNamespace(instanceId));
  }
}

export function productNotFound(id: string): AppError {
  return new AppError(404, 'ProductNotFoundException', `No product with id '${id}' exists.`, { details: { id: { type: 'string', value: id } } });
}

/** What ties a product to a master (or its variants): not part of a product document, so a PUT keeps it. */
function relations(p: Product): Partial<Product> {
  return {
    ...(p.masterId ? { masterId: p.masterId } : {}),
    ...(p.variationValues ? { variationValues: p.variationValues } : {}),
    ...(p.variants ? { variants: p.variants } : {}),
    ...(p.variationAttributes ? { variationAttributes: p.variationAttributes } : {}),
  };
}
