import { byCodeUnit } from '../../core/objects.js';
import { readFrame } from '../../core/store/frames.js';
import type { Journaled, JournalType } from '../../core/store/journaled.js';
import { JournaledMap } from '../../core/store/journaled-map.js';
import { CATALOG_JOURNAL, type PlainCatalog, type Product } from './model.js';

// The catalog as it is kept: one journaled map of products, so an edit writes that product, not a million.

export class StoredCatalog implements Journaled {
  readonly journalType = CATALOG_JOURNAL;
  readonly products = new JournaledMap<Product>('products', { dictionaries: true });
  #sorted: string[] | undefined;
  #lower: { ids: string[]; names: string[] } | undefined;

  /**
   * Product ids in code-unit order, kept until one comes or goes. A generated catalog is made in order, so one
   * pass usually finds nothing to sort (sorting a million ids would hold the event loop for seconds).
   */
  sortedIds(): readonly string[] {
    if (!this.#sorted) {
      const ids = [...this.products.keys()];
      let ordered = true;
      for (let i = 1; i < ids.length && ordered; i++) ordered = byCodeUnit(ids[i - 1]!, ids[i]!) < 0;
      this.#sorted = ordered ? ids : ids.sort(byCodeUnit);
    }
    return this.#sorted;
  }

  /** The sorted ids and their products' names, lower-cased, side by side (what text search scans). */
  lowerIndex(): { ids: string[]; names: string[] } {
    if (!this.#lower) {
      const ids = this.sortedIds();
      this.#lower = { ids: ids.map((id) => id.toLowerCase()), names: ids.map((id) => this.products.get(id)!.name.toLowerCase()) };
    }
    return this.#lower;
  }

  set(product: Product): void {
    if (!this.products.has(product.id)) this.#sorted = undefined;
    this.#lower = undefined;
    this.products.set(product.id, product);
  }

  delete(id: string): boolean {
    const had = this.products.delete(id);
    if (had) {
      this.#sorted = undefined;
      this.#lower = undefined;
    }
    return had;
  }

  drain(): Buffer[] | 'image' {
    if (this.products.mostlyChanged) return 'image';
    const frames: Buffer[] = [];
    this.products.drainInto(frames);
    return frames;
  }

  forget(): void {
    this.products.forget();
  }

  image(): Iterator<Buffer> {
    return this.products.imageFrames();
  }

  static load(frames: Iterable<Buffer>): StoredCatalog {
    const catalog = new StoredCatalog();
    for (const bytes of frames) {
      const { header } = readFrame(bytes);
      if (header.op !== 'products') throw new Error(`unknown catalog frame '${header.op}'`);
      catalog.products.apply(header);
    }
    catalog.forget();
    return catalog;
  }

  /** What a fixture wrote as plain JSON. */
  static fromPlain(plain: Partial<PlainCatalog>): StoredCatalog {
    const catalog = new StoredCatalog();
    for (const product of Object.values(plain.products ?? {})) catalog.products.set(product.id, product);
    catalog.forget();
    return catalog;
  }
}

export const catalogJournal: JournalType = { name: CATALOG_JOURNAL, load: (frames) => StoredCatalog.load(frames) };
