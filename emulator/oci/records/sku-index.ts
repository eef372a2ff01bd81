// The SKUs a tenant group has ever held, each with a small integer id, shared by all of its locations: a SKU
// stocked at ten locations is hashed and kept once, and each location finds its row through a typed array
// indexed by that id. That is what lets a million-record import touch one map of 100 000 SKUs instead of ten
// maps of 100 000 each. Ids are never reused, so stored records keep pointing at the right SKU.

export interface StoredSkuIndex {
  format: 'skus/1';
  skus: string[];
}

export class SkuIndex {
  readonly #ids = new Map<string, number>();
  readonly #skus: string[] = [];
  /** How many SKUs the journal has written (ids below it are in its frames). */
  written = 0;

  get size(): number {
    return this.#skus.length;
  }

  find(sku: string): number | undefined {
    return this.#ids.get(sku);
  }

  /** The SKU's id, given one if it has none yet. */
  id(sku: string): number {
    let id = this.#ids.get(sku);
    if (id === undefined) {
      id = this.#skus.length;
      this.#skus.push(sku);
      this.#ids.set(sku, id);
    }
    return id;
  }

  sku(id: number): string {
    return this.#skus[id]!;
  }

  /** SKUs from id `from` on, in id order (the journal's frames). */
  slice(from: number, to = this.#skus.length): string[] {
    return this.#skus.slice(from, to);
  }

  /** Replays SKUs listed from id `from`: ids already known are checked, the rest appended in order. */
  addFrom(from: number, skus: readonly string[]): void {
    if (from > this.#skus.length) throw new Error(`SKU ids jump from ${this.#skus.length} to ${from}`);
    for (let i = 0; i < skus.length; i++) {
      const id = from + i;
      if (id < this.#skus.length) {
        if (this.#skus[id] !== skus[i]) throw new Error(`SKU id ${id} is ${this.#skus[id]} and ${skus[i]}`);
      } else this.id(skus[i]!);
    }
  }

  static from(data: unknown): SkuIndex {
    if (data instanceof SkuIndex) return data;
    const index = new SkuIndex();
    const skus = (data as Partial<StoredSkuIndex> | undefined)?.skus;
    if (Array.isArray(skus)) for (const sku of skus) index.id(String(sku));
    return index;
  }
}
