// Values that only some rows of a column table have (a location's futures, its group holds): a Map by row, with
// one bit per row in front of it. A read of a random row that has none (most of them) tests a bit in a small
// array that stays in cache, instead of hashing into a Map of thousands of entries, which misses the cache on
// nearly every lookup: get-availability asks this of every SKU and location it answers.

export class SparseRows<T> {
  readonly #values = new Map<number, T>();
  #bits = new Uint8Array(0);

  get size(): number {
    return this.#values.size;
  }

  get(row: number): T | undefined {
    const byte = row >> 3;
    if (byte >= this.#bits.length || (this.#bits[byte]! & (1 << (row & 7))) === 0) return undefined;
    return this.#values.get(row);
  }

  has(row: number): boolean {
    return this.get(row) !== undefined;
  }

  set(row: number, value: T): void {
    const byte = row >> 3;
    if (byte >= this.#bits.length) {
      const next = new Uint8Array(Math.max(16, byte * 2));
      next.set(this.#bits);
      this.#bits = next;
    }
    this.#bits[byte] = this.#bits[byte]! | (1 << (row & 7));
    this.#values.set(row, value);
  }

  delete(row: number): boolean {
    const byte = row >> 3;
    const bit = 1 << (row & 7);
    // Most rows have nothing to delete (every write of a row clears its futures): the bit says so without a Map.
    if (byte >= this.#bits.length || (this.#bits[byte]! & bit) === 0) return false;
    this.#bits[byte] = this.#bits[byte]! & ~bit;
    return this.#values.delete(row);
  }

  /** Moves the value of row `from` (or its absence) to row `to`: a table that fills a deleted row with its last. */
  move(from: number, to: number): void {
    const value = this.get(from);
    this.delete(to);
    if (value !== undefined) {
      this.set(to, value);
      this.delete(from);
    }
  }
}
