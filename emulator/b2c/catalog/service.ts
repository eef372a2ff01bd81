import { AppError } from '../../core/errors/app-error.js';
import { definedOnly } from '../../core/objects.js';
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

  product(instanceId: string, id: string): Product {
    const product = this.find(instanceId, id);
    if (!product) throw productNotFound(id);
    return product;
  }

  /** PUT: creates the product (an item) or replaces what it says of an existing one. */
  put(instanceId: string, id: string, input: ProductInput): { product: Product; created: boolean } {
    const catalog = this.#catalog(instanceId);
    const existing = catalog.products.get(id);
    const now = this.#now();
    const product: Product = existing
      ? { ...existing, ...definedOnly(input), lastModified: now }
      : { id, name: input.name ?? id, price: input.price ?? 0, currency: input.currency ?? 'USD', online: input.online ?? true, kind: 'item', ...(input.brand ? { brand: input.brand } : {}), createdAt: now, lastModified: now };
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

  /** Product search: every product, ids containing or names containing a phrase (any case), or a list of ids. */
  search(instanceId: string, query: ProductQuery): Product[] {
    const catalog = this.#catalog(instanceId);
    const ids = catalog.sortedIds();
    if (query.kind === 'ids') {
      const wanted = new Set(query.values);
      return ids.filter((id) => wanted.has(id)).map((id) => catalog.products.get(id)!);
    }
    if (query.kind === 'all') return ids.map((id) => catalog.products.get(id)!);
    const phrase = query.phrase.toLowerCase();
    const out: Product[] = [];
    for (const id of ids) {
      const product = catalog.products.get(id)!;
      if ((query.fields.includes('id') && id.toLowerCase().includes(phrase)) || (query.fields.includes('name') && product.name.toLowerCase().includes(phrase))) out.push(product);
    }
    return out;
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
