import { AppError } from '../../core/errors/app-error.js';
import { own } from '../../core/objects.js';
import type { CatalogService } from '../catalog/service.js';
import type { Product } from '../catalog/model.js';
import type { NativeInventory } from '../inventory/service.js';
import type { StockService } from '../stock/service.js';
import { NOTHING, type StockFigures } from '../stock/model.js';

// Shopper Products and Shopper Availability read the catalog and the stock of the site's list (or of the lists the
// shopper names, at most 5). A master product's stock is what its variants have together (orderable when one is);
// offline or unknown products are left out of multi-product answers and are a 404 alone.

export interface ProductWithStock {
  product: Product;
  /** The site's list (none when the site has no list). */
  inventory?: StockFigures;
  /** The lists named by `inventoryIds`, in that order. */
  inventories?: StockFigures[];
  /** Variants with whether each is orderable in the site's list. */
  variants?: { product: Product; orderable: boolean }[];
  master?: { product: Product; orderable: boolean };
}

export class ShopperCatalog {
  readonly #catalog: CatalogService;
  readonly #stock: StockService;
  readonly #inventory: NativeInventory;

  constructor(deps: { catalog: CatalogService; stock: StockService; inventory: NativeInventory }) {
    this.#catalog = deps.catalog;
    this.#stock = deps.stock;
    this.#inventory = deps.inventory;
  }

  product(instanceId: string, siteId: string, siteList: string | null, id: string, inventoryIds: readonly string[]): ProductWithStock {
    const found = this.#online(instanceId, id);
    if (!found) throw new AppError(404, 'product-not-found', `No product with ID '${id}' for site '${siteId}' could be found.`, { details: { productId: id, siteId } });
    return this.#withStock(instanceId, this.#stock.reader(instanceId), siteList, found, inventoryIds);
  }

  products(instanceId: string, siteList: string | null, ids: readonly string[], inventoryIds: readonly string[]): ProductWithStock[] {
    this.#checkLists(instanceId, inventoryIds);
    const stock = this.#stock.reader(instanceId);
    return unique(ids)
      .map((id) => this.#online(instanceId, id))
      .filter((p): p is Product => p !== undefined)
      .map((p) => this.#withStock(instanceId, stock, siteList, p, inventoryIds));
  }

  /** Shopper Availability: each product's stock per list; `variations` adds a master's variants after it, flat. */
  availability(instanceId: string, siteList: string | null, ids: readonly string[], inventoryIds: readonly string[], variations: boolean): { id: string; inventories: StockFigures[] }[] {
    this.#checkLists(instanceId, inventoryIds);
    const lists = inventoryIds.length > 0 ? inventoryIds : siteList ? [siteList] : [];
    const stock = this.#stock.reader(instanceId);
    const find = this.#catalog.reader(instanceId);
    const out: { id: string; inventories: StockFigures[] }[] = [];
    const seen = new Set<string>();
    const add = (p: Product) => {
      if (seen.has(p.id)) return;
      seen.add(p.id);
      out.push({ id: p.id, inventories: lists.map((l) => this.#figures(instanceId, stock, l, p)) });
    };
    for (const id of unique(ids)) {
      const p = find(id);
      if (!p?.online) continue;
      add(p);
      if (variations && p.kind === 'master') for (const v of this.#variantsOf(instanceId, p)) add(v);
    }
    return out;
  }

  #withStock(instanceId: string, stock: Reader, siteList: string | null, p: Product, inventoryIds: readonly string[]): ProductWithStock {
    this.#checkLists(instanceId, inventoryIds);
    const out: ProductWithStock = { product: p };
    if (siteList) out.inventory = this.#figures(instanceId, stock, siteList, p);
    if (inventoryIds.length > 0) out.inventories = inventoryIds.map((l) => this.#figures(instanceId, stock, l, p));
    if (p.kind === 'master') out.variants = this.#variantsOf(instanceId, p).map((v) => ({ product: v, orderable: siteList ? this.#figures(instanceId, stock, siteList, v).orderable : false }));
    if (p.kind === 'variant' && p.masterId) {
      const master = this.#online(instanceId, p.masterId);
      if (master) out.master = { product: master, orderable: siteList ? this.#figures(instanceId, stock, siteList, master).orderable : false };
    }
    return out;
  }

  /** A product's stock in a list; a master's is its variants' together. */
  #figures(instanceId: string, stock: Reader, listId: string, p: Product): StockFigures {
    if (p.kind !== 'master') return stock(listId, p.id);
    const all = this.#variantsOf(instanceId, p).map((v) => stock(listId, v.id));
    if (all.length === 0) return NOTHING(listId);
    const dates = all.map((f) => f.inStockDate).filter((d): d is string => d !== undefined).sort();
    return {
      listId,
      ats: Math.min(999_999, all.reduce((n, f) => n + f.ats, 0)),
      stockLevel: Math.min(999_999, all.reduce((n, f) => n + f.stockLevel, 0)),
      orderable: all.some((f) => f.orderable),
      backorderable: all.some((f) => f.backorderable),
      preorderable: all.some((f) => f.preorderable),
      ...(dates[0] ? { inStockDate: dates[0] } : {}),
      unlimited: all.some((f) => f.unlimited),
    };
  }

  #variantsOf(instanceId: string, master: Product): Product[] {
    return (master.variants ?? []).map((id) => this.#online(instanceId, id)).filter((v): v is Product => v !== undefined);
  }

  #online(instanceId: string, id: string): Product | undefined {
    const p = this.#catalog.find(instanceId, id);
    return p?.online ? p : undefined;
  }

  /** Lists a shopper names must exist (SCAPI answers 400 for an unknown one). */
  #checkLists(instanceId: string, inventoryIds: readonly string[]): void {
    const lists = this.#inventory.state(instanceId).inventoryLists;
    const unknown = inventoryIds.find((id) => !own(lists, id));
    if (unknown !== undefined) throw new AppError(400, 'inventory-list-not-found', `No inventory list with ID '${unknown}' could be found.`, { details: { inventoryId: unknown } });
  }
}

const unique = (ids: readonly string[]) => [...new Set(ids)];

type Reader = (listId: string, productId: string) => StockFigures;
