import type { JsonBytes } from '../../core/json-bytes.js';

// Each availability record's JSON as get-availability last wrote it, for one tenant group, kept until the record
// changes. A random get-availability reads 100 of 2 000 000 records; written from the columns each time, a
// record's figures, futures and dates cost more than everything else the request did. Kept, a record is one copy.
//
// Where the bytes are matters as much as that they are kept: 2 000 000 records of ~150 bytes are 300 MB, and a
// read that lands on a new page of it waits for the page table as well as for memory. So records are written SKU
// by SKU (every missing record of one SKU together), and a SKU's entries in the directory sit side by side, one per
// location: a query for 10 SKUs at 10 locations touches 10 short runs of memory, not 100 scattered records.
//
// - The directory holds, per (SKU id, location slot), where the record's bytes start and how long they are:
//   UNKNOWN (not kept) or ABSENT (the location has no record for the SKU, also kept until that changes).
// - Bytes are appended to 1 MiB chunks. A write forgets the record (its table calls forget() from the one place
//   every write passes); its bytes become garbage, and when garbage outweighs what is kept, everything is dropped
//   and kept again as it is read.
// - Bounded (RenderedLimits): past its budgets nothing more is kept, and answers are written from the columns.

/** Not kept: write the record from its table. */
export const UNKNOWN = -1;
/** Kept as "this location has no record for this SKU". */
export const ABSENT = -2;
/** The slot of a place without a table: it has no records. */
export const NO_TABLE = -1;
/** The slot of a table whose records are not kept (more places than the directory's budget allows). */
export const NOT_KEPT = -2;

const CHUNK_BITS = 20;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;
/** Starts are 32-bit (chunk << CHUNK_BITS | offset): no more chunks than that addresses. */
const MOST_CHUNKS = 2 ** (31 - CHUNK_BITS) - 1;
/** Records longer than this (a long futures list) are written each time rather than kept. */
const LONGEST_KEPT = 4096;

/** The bounds (tests make them small). */
export interface RenderedLimits {
  /** Record bytes kept at most. */
  bytes: number;
  /** Directory bytes at most (8 per SKU and location slot). */
  directory: number;
  /** Garbage is reclaimed only past this much, so a small world does not churn. */
  reclaimAfter: number;
}

const LIMITS: RenderedLimits = { bytes: 1536 * CHUNK_SIZE, directory: 256 * 1024 * 1024, reclaimAfter: 16 * CHUNK_SIZE };

/** What a table must offer to have its records kept here (record-json.ts). */
export interface RenderedTable {
  renderedIn: RenderedRecords | undefined;
  renderSlot: number;
  /** Writes the SKU's record; false when the location has none. */
  writeRecordOf(out: JsonBytes, skuId: number, sku: string): boolean;
}

export class RenderedRecords {
  readonly #limits: RenderedLimits;
  /** [start, length] per (SKU id × stride + slot). */
  #directory = new Int32Array(0);
  #stride = 0;
  #skuCapacity = 0;
  /** How many tables have a slot. */
  #slots = 0;
  #chunks: Buffer[] = [];
  /** How much of the last chunk is used (CHUNK_SIZE when there is none yet). */
  #used = CHUNK_SIZE;
  #kept = 0;
  #forgotten = 0;
  #sink = 0;
  /** True until warm() has gone over every SKU, and again after the bytes were dropped. */
  cold = true;

  constructor(limits: Partial<RenderedLimits> = {}) {
    this.#limits = { ...LIMITS, ...limits };
  }

  /** Bytes held (kept and forgotten), for tests. */
  get held(): number {
    return this.#kept + this.#forgotten;
  }

  /** The table's slot, given on first sight; NOT_KEPT when the directory cannot take another place. */
  slotOf(table: RenderedTable): number {
    if (table.renderedIn === this) return table.renderSlot;
    const slot = this.#slots;
    if (slot >= this.#stride) {
      const stride = Math.max(8, this.#stride * 2);
      if (this.#skuCapacity * stride * 8 > this.#limits.directory) return NOT_KEPT;
      this.#layout(this.#skuCapacity, stride);
    }
    this.#slots++;
    table.renderedIn = this;
    table.renderSlot = slot;
    return slot;
  }

  /**
   * Where the records of SKU ids[k] at slots[i] are, into spans[2(i·count + k)] (start, or UNKNOWN or ABSENT) and
   * spans[2(i·count + k) + 1] (length). An unknown SKU (id -1) and a place without a table are ABSENT, a table
   * that is NOT_KEPT is UNKNOWN.
   */
  spansOf(ids: Int32Array, count: number, slots: Int32Array, places: number, spans: Int32Array): void {
    // Garbage is reclaimed here, before an answer reads any start, never while one is being written.
    if (this.#forgotten > this.#limits.reclaimAfter && this.#forgotten > this.#kept) this.#dropBytes();
    const dir = this.#directory;
    const stride = this.#stride;
    for (let k = 0; k < count; k++) {
      const id = ids[k]!;
      const known = id >= 0 && id < this.#skuCapacity;
      for (let i = 0; i < places; i++) {
        const at = 2 * (i * count + k);
        const slot = slots[i]!;
        if (id < 0 || slot === NO_TABLE) spans[at] = ABSENT;
        else if (!known || slot === NOT_KEPT) spans[at] = UNKNOWN;
        else {
          const entry = 2 * (id * stride + slot);
          spans[at] = dir[entry]!;
          spans[at + 1] = dir[entry + 1]!;
        }
      }
    }
  }

  /**
   * Writes and keeps the records spans calls UNKNOWN, SKU by SKU and in slot order (see touch), and puts where
   * they went into spans. Those it
   * cannot keep (over budget) stay UNKNOWN: the caller writes them from their tables.
   */
  fill(ids: Int32Array, skus: readonly string[], count: number, tables: readonly (RenderedTable | undefined)[], order: Int32Array, spans: Int32Array, scratch: JsonBytes): void {
    for (let k = 0; k < count; k++) {
      for (let j = 0; j < tables.length; j++) {
        const i = order[j]!;
        const at = 2 * (i * count + k);
        if (spans[at] !== UNKNOWN) continue;
        const table = tables[i]!;
        if (table.renderedIn !== this) continue;
        const from = scratch.length;
        if (!table.writeRecordOf(scratch, ids[k]!, skus[k]!)) {
          if (this.#room(ids[k]!)) spans[at] = this.#set(ids[k]!, table.renderSlot, ABSENT, 0);
          else spans[at] = ABSENT;
          continue;
        }
        const start = this.#keep(ids[k]!, table.renderSlot, scratch.bytes(), from, scratch.length);
        if (start >= 0) {
          spans[at] = start;
          spans[at + 1] = scratch.length - from;
        }
      }
    }
  }

  /**
   * Writes and keeps every record of SKU ids [from, to) in `tables` that is not kept yet, each SKU's side by side
   * in slot order (see touch): the background warming of a tenant group (availability/answer.ts), so a random
   * read finds its records kept.
   */
  warm(from: number, to: number, skuOf: (id: number) => string, tables: readonly RenderedTable[], scratch: JsonBytes): void {
    for (const table of tables) this.slotOf(table);
    const bySlot = tables.filter((table) => table.renderedIn === this).sort((a, b) => a.renderSlot - b.renderSlot);
    for (let id = from; id < to; id++) {
      if (!this.#room(id)) return;
      for (const table of bySlot) {
        const entry = 2 * (id * this.#stride + table.renderSlot);
        if (this.#directory[entry] !== UNKNOWN) continue;
        if (!table.writeRecordOf(scratch.reset(), id, skuOf(id))) this.#set(id, table.renderSlot, ABSENT, 0);
        else this.#keep(id, table.renderSlot, scratch.bytes(), 0, scratch.length);
      }
    }
  }

  /**
   * Touches every line of the kept records of an answer (spans as spansOf wrote them) in one loop of independent
   * loads, so they come in from memory together rather than one miss at a time during the copies. SKU by SKU,
   * and within a SKU place by place in slot order (`order`: the places' indexes sorted by slot): warm() and fill()
   * lay a SKU's records out in that order, so the loads walk up through memory and the processor's prefetcher runs
   * ahead of them (in the answer's order the same loads took half as long again).
   */
  touch(spans: Int32Array, count: number, order: Int32Array, places: number): void {
    const chunks = this.#chunks;
    let sink = 0;
    for (let k = 0; k < count; k++) {
      for (let j = 0; j < places; j++) {
        const i = order[j]!;
        const at = 2 * (i * count + k);
        const start = spans[at]!;
        if (start < 0) continue;
        const chunk = chunks[start >>> CHUNK_BITS]!;
        const from = start & CHUNK_MASK;
        const end = from + spans[at + 1]!;
        for (let p = from; p < end; p += 64) sink += chunk[p]!;
        sink += chunk[end - 1]!;
      }
    }
    this.#sink = sink;
  }

  /** Copies the kept record at `start` into `buf` at `at`; answers where it ends. */
  copy(start: number, length: number, buf: Buffer, at: number): number {
    // Buffer#copy: a byte loop in JavaScript took four times as long for records this size.
    const from = start & CHUNK_MASK;
    return at + this.#chunks[start >>> CHUNK_BITS]!.copy(buf, at, from, from + length);
  }

  /** The record of SKU id `id` in `slot` changed: what is kept for it no longer says what it holds. */
  forget(id: number, slot: number): void {
    if (id >= this.#skuCapacity) return;
    const entry = 2 * (id * this.#stride + slot);
    const start = this.#directory[entry]!;
    if (start === UNKNOWN) return;
    this.#directory[entry] = UNKNOWN;
    if (start === ABSENT) return;
    this.#kept -= this.#directory[entry + 1]!;
    this.#forgotten += this.#directory[entry + 1]!;
  }

  /** Keeps bytes[from…to) as the record; answers its start, or -1 when it cannot be kept. */
  #keep(id: number, slot: number, bytes: Buffer, from: number, to: number): number {
    const length = to - from;
    if (length > LONGEST_KEPT || this.#kept + length > this.#limits.bytes || !this.#room(id)) return -1;
    if (this.#used + length > CHUNK_SIZE) {
      if (this.#chunks.length >= MOST_CHUNKS) return -1;
      this.#chunks.push(Buffer.allocUnsafe(CHUNK_SIZE));
      this.#used = 0;
    }
    const last = this.#chunks.length - 1;
    const start = (last << CHUNK_BITS) | this.#used;
    bytes.copy(this.#chunks[last]!, this.#used, from, to);
    this.#used += length;
    this.#kept += length;
    return this.#set(id, slot, start, length);
  }

  #set(id: number, slot: number, start: number, length: number): number {
    const entry = 2 * (id * this.#stride + slot);
    this.#directory[entry] = start;
    this.#directory[entry + 1] = length;
    return start;
  }

  /** Whether the directory has (or can be given) a row for SKU id `id` within its budget. */
  #room(id: number): boolean {
    if (id < this.#skuCapacity) return true;
    let capacity = Math.max(1024, this.#skuCapacity);
    while (capacity <= id) capacity *= 2;
    if (capacity * this.#stride * 8 > this.#limits.directory) return false;
    this.#layout(capacity, this.#stride);
    return true;
  }

  /** A directory of `skus` × `stride` entries holding what the current one holds (callers keep to the budget). */
  #layout(skus: number, stride: number): void {
    const next = new Int32Array(skus * stride * 2).fill(UNKNOWN);
    const old = this.#directory;
    if (stride === this.#stride) next.set(old);
    else {
      for (let id = 0; id < this.#skuCapacity; id++) next.set(old.subarray(2 * id * this.#stride, 2 * (id + 1) * this.#stride), 2 * id * stride);
    }
    this.#directory = next;
    this.#skuCapacity = skus;
    this.#stride = stride;
  }

  /** Forgets every record's bytes (the directory's ABSENT entries go too: they are cheap to find again). */
  #dropBytes(): void {
    this.cold = true;
    this.#chunks = [];
    this.#used = CHUNK_SIZE;
    this.#directory.fill(UNKNOWN);
    this.#kept = 0;
    this.#forgotten = 0;
  }
}
