import { grown } from '../../core/columns.js';
import { Dictionary } from '../../core/dictionary.js';
import { futuresTotal } from '../availability/arithmetic.js';
import { NO_FUTURES, type OciFuture, type OciRecord } from '../model.js';
import { fromEarlierLayout, fromStored, isEarlierLayout, isStored, type StoredLocationRecords } from './stored-layouts.js';
import type { SkuIndex } from './sku-index.js';

// The availability records of one location, kept as columns: typed arrays for the quantities, dates as indexes
// into a small dictionary, futures and group holds only where a row has them. A location with 100 000 SKUs is a
// handful of objects instead of 100 000: cheap to hold, to collect and to persist. SKUs are ids of the tenant
// group's SkuIndex (shared by its locations); a row is found through `#rowOf`, a typed array indexed by that id.
// Every write notes the SKU id it changed, so the store's journal writes only those rows (record-frames.ts);
// past a quarter of the table it stops noting and asks for a whole new image instead.

const INITIAL_CAPACITY = 16;

export class LocationRecords {
  readonly index: SkuIndex;
  /** Row of each SKU id, -1 when the SKU has no record here. */
  #rowOf: Int32Array<ArrayBuffer> = new Int32Array(0);
  #skuIds: Int32Array<ArrayBuffer> = new Int32Array(INITIAL_CAPACITY);
  /** The SKU of each row (the index's own strings). */
  #skus: string[] = [];
  #onHand: Float64Array<ArrayBuffer> = new Float64Array(INITIAL_CAPACITY);
  #safety: Float64Array<ArrayBuffer> = new Float64Array(INITIAL_CAPACITY);
  #reserved: Float64Array<ArrayBuffer> = new Float64Array(INITIAL_CAPACITY);
  #effective: Int32Array<ArrayBuffer> = new Int32Array(INITIAL_CAPACITY);
  #dates = new Dictionary();
  #futures = new Map<number, OciFuture[]>();
  #holds = new Map<number, Record<string, number>>();
  /** SKU ids written since the journal last took them (`#noted` marks them, by id), or all of them. */
  #changed: number[] = [];
  #noted: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  #allChanged = false;
  /** Told the first time the table changes after the journal took its changes. */
  onChange: ((table: LocationRecords) => void) | undefined;

  constructor(index: SkuIndex) {
    this.index = index;
  }

  /** The SKU ids written since the last call, 'all' when too many were, undefined when none. */
  takeChanged(): number[] | 'all' | undefined {
    const out = this.#allChanged ? 'all' : this.#changed.length > 0 ? this.#changed : undefined;
    this.forgetChanged();
    return out;
  }

  forgetChanged(): void {
    for (const id of this.#changed) this.#noted[id] = 0;
    this.#changed = [];
    this.#allChanged = false;
  }

  /** The live columns, for the journal's frames (record-frames.ts): read them at once, before the next write. */
  columns() {
    return { rowOf: this.#rowOf, onHand: this.#onHand, safety: this.#safety, reserved: this.#reserved, effective: this.#effective, dates: this.#dates, futures: this.#futures, holds: this.#holds, skuIds: this.#skuIds, size: this.#skus.length };
  }

  /** Sets the whole row of a SKU id (made when missing): what the journal replays. */
  putRow(id: number, onHand: number, safety: number, reserved: number, effectiveDate: string | undefined, futures: OciFuture[] | undefined, holds: Record<string, number> | undefined): void {
    const row = this.#ensureRowOf(id);
    this.#onHand[row] = onHand;
    this.#safety[row] = safety;
    this.#reserved[row] = reserved;
    this.#effective[row] = effectiveDate === undefined ? -1 : this.#dates.id(effectiveDate);
    if (futures && futures.length > 0) this.#futures.set(row, futures);
    else this.#futures.delete(row);
    if (holds && Object.keys(holds).length > 0) this.#holds.set(row, holds);
    else this.#holds.delete(row);
  }

  /** Removes the row of a SKU id, if any (the journal's replay of a delete). */
  deleteId(id: number): void {
    if (id < this.#rowOf.length && this.#rowOf[id]! >= 0) this.delete(this.index.sku(id));
  }

  #note(id: number): void {
    if (this.#allChanged) return;
    if (this.#changed.length === 0) this.onChange?.(this);
    if (id >= this.#noted.length) this.#noted = grown(this.#noted, Math.max(this.#rowOf.length, 2 * id + 16));
    if (this.#noted[id]) return;
    this.#noted[id] = 1;
    this.#changed.push(id);
    if (this.#changed.length > 4096 && this.#changed.length * 4 > this.#skus.length) {
      this.forgetChanged();
      this.#allChanged = true;
    }
  }

  get size(): number {
    return this.#skus.length;
  }

  has(sku: string): boolean {
    return this.#row(sku) >= 0;
  }

  /** A copy of the row as a record; changing it changes nothing until `set`. */
  get(sku: string): OciRecord | undefined {
    const row = this.#row(sku);
    if (row < 0) return undefined;
    const record: OciRecord = {
      onHand: this.#onHand[row]!,
      safetyStockCount: this.#safety[row]!,
      futures: this.#futures.get(row) ?? NO_FUTURES,
      reserved: this.#reserved[row]!,
    };
    const date = this.#effective[row]!;
    if (date >= 0) record.effectiveDate = this.#dates.value(date);
    const holds = this.#holds.get(row);
    if (holds) record.groupHolds = holds;
    return record;
  }

  /**
   * What new reservations can still take here, read from the columns without copying the row: onHand (plus
   * futures when `withFutures`) less safety stock, reserved and every group's hold; never below 0.
   */
  available(sku: string, withFutures: boolean): number {
    const row = this.#row(sku);
    if (row < 0) return 0;
    let free = this.#onHand[row]! - this.#safety[row]! - this.#reserved[row]!;
    if (withFutures) {
      const futures = this.#futures.get(row);
      if (futures) free += futuresTotal(futures);
    }
    free -= this.#softOf(row);
    return Math.max(0, Math.round(free * 1000) / 1000);
  }

  /** Held here for the group (0 when nothing is), without copying the row. */
  heldFor(sku: string, groupId: string): number {
    const row = this.#row(sku);
    return row < 0 ? 0 : (this.#holds.get(row)?.[groupId] ?? 0);
  }

  /**
   * Reservation writes, in place (no row copy): add to reserved, add to a group's hold (a hold reaching 0 goes),
   * ship (reserved and, unless `keepOnHand`, onHand go down; neither below 0). The row is made when missing.
   */
  addReserved(sku: string, quantity: number): void {
    const row = this.#ensureRow(sku);
    this.#reserved[row] = Math.max(0, Math.round((this.#reserved[row]! + quantity) * 1000) / 1000);
  }

  addHold(sku: string, groupId: string, quantity: number): void {
    const row = this.#ensureRow(sku);
    const current = this.#holds.get(row);
    const next = Math.round(((current?.[groupId] ?? 0) + quantity) * 1000) / 1000;
    // A new holds object each time: rows handed out by get() share it and must not see it change.
    const holds: Record<string, number> = { ...current };
    if (next > 0) holds[groupId] = next;
    else delete holds[groupId];
    if (Object.keys(holds).length > 0) this.#holds.set(row, holds);
    else this.#holds.delete(row);
  }

  ship(sku: string, quantity: number, keepOnHand: boolean): void {
    const row = this.#ensureRow(sku);
    this.#reserved[row] = Math.max(0, Math.round((this.#reserved[row]! - quantity) * 1000) / 1000);
    if (!keepOnHand) this.#onHand[row] = Math.max(0, Math.round((this.#onHand[row]! - quantity) * 1000) / 1000);
  }

  /**
   * The change feed's figures for a change from `before` to the row as it is now, written into `out` from `base`
   * in the feed's FIGURES order, without copying the row; answers the row's effective date.
   */
  eventFiguresInto(sku: string, before: OciRecord | undefined, out: Float64Array, base: number): string | undefined {
    let oldSoft = 0;
    if (before?.groupHolds) for (const group in before.groupHolds) oldSoft += before.groupHolds[group]!;
    const old = [before?.onHand ?? 0, before?.reserved ?? 0, before?.safetyStockCount ?? 0, before ? futuresTotal(before.futures) : 0, oldSoft] as const;
    return this.#figuresInto(this.#ensureRow(sku), ...old, out, base);
  }

  /** The feed's FIGURES for a row that was (onHand, reserved, safety, futures, soft reserved) and is now as stored; answers its effective date. */
  #figuresInto(row: number, oldOnHand: number, oldReserved: number, oldSafety: number, oldFutures: number, oldSoft: number, out: Float64Array, base: number): string | undefined {
    const onHand = this.#onHand[row]!;
    const futures = this.#futures.size > 0 ? this.#futures.get(row) : undefined;
    out[base] = onHand;
    out[base + 1] = oldOnHand;
    out[base + 2] = onHand;
    out[base + 3] = oldReserved;
    out[base + 4] = this.#reserved[row]!;
    out[base + 5] = oldSafety;
    out[base + 6] = this.#safety[row]!;
    out[base + 7] = oldFutures;
    out[base + 8] = futures ? futuresTotal(futures) : 0;
    out[base + 9] = oldSoft;
    out[base + 10] = this.#softOf(row);
    const date = this.#effective[row]!;
    return date >= 0 ? this.#dates.value(date) : undefined;
  }

  #softOf(row: number): number {
    if (this.#holds.size === 0) return 0;
    const holds = this.#holds.get(row);
    let soft = 0;
    if (holds) for (const group in holds) soft += holds[group]!;
    return soft;
  }

  /** The row's effective date, or undefined. */
  effectiveDateOf(sku: string): string | undefined {
    const row = this.#row(sku);
    const date = row < 0 ? -1 : this.#effective[row]!;
    return date >= 0 ? this.#dates.value(date) : undefined;
  }

  reservedOf(sku: string): number {
    const row = this.#row(sku);
    return row < 0 ? 0 : this.#reserved[row]!;
  }

  set(sku: string, record: OciRecord): void {
    const row = this.#ensureRow(sku);
    this.#onHand[row] = record.onHand;
    this.#safety[row] = record.safetyStockCount;
    this.#reserved[row] = record.reserved;
    this.#effective[row] = record.effectiveDate === undefined ? -1 : this.#dates.id(record.effectiveDate);
    if (record.futures.length > 0) this.#futures.set(row, record.futures);
    else this.#futures.delete(row);
    if (record.groupHolds && Object.keys(record.groupHolds).length > 0) this.#holds.set(row, record.groupHolds);
    else this.#holds.delete(row);
  }

  /**
   * Applies one import line in place (the SKU given by its index id), the hot path of a million-record import:
   * NaN or undefined leave a field as
   * it is, null clears it (a cleared quantity is 0). The figures before and after go to `out` from `base`, in the
   * change feed's order (quantity, old/new onHand, reserved, safety stock, futures, soft reserved); the answer is
   * the row's effective date afterwards.
   */
  importRow(
    skuId: number,
    onHand: number,
    safetyStockCount: number,
    effectiveDate: string | null | undefined,
    futures: OciFuture[] | undefined,
    out: Float64Array,
    base: number,
  ): string | undefined {
    const row = this.#ensureRowOf(skuId);
    const before = this.#futures.size > 0 ? this.#futures.get(row) : undefined;
    const oldOnHand = this.#onHand[row]!;
    const oldSafety = this.#safety[row]!;
    const oldFutures = before ? futuresTotal(before) : 0;
    const soft = this.#softOf(row);
    if (!Number.isNaN(onHand)) this.#onHand[row] = onHand;
    if (!Number.isNaN(safetyStockCount)) this.#safety[row] = safetyStockCount;
    if (effectiveDate === null) this.#effective[row] = -1;
    else if (effectiveDate !== undefined) this.#effective[row] = this.#dates.id(effectiveDate);
    if (futures !== undefined) {
      if (futures.length > 0) this.#futures.set(row, futures);
      else if (before) this.#futures.delete(row);
    }
    return this.#figuresInto(row, oldOnHand, this.#reserved[row]!, oldSafety, oldFutures, soft, out, base);
  }

  /** Removes the row; the last row takes its place so the columns stay dense. */
  delete(sku: string): boolean {
    const row = this.#row(sku);
    if (row < 0) return false;
    this.#note(this.#skuIds[row]!);
    const last = this.#skus.length - 1;
    this.#rowOf[this.#skuIds[row]!] = -1;
    if (row !== last) {
      const movedId = this.#skuIds[last]!;
      this.#skuIds[row] = movedId;
      this.#rowOf[movedId] = row;
      this.#skus[row] = this.#skus[last]!;
      this.#onHand[row] = this.#onHand[last]!;
      this.#safety[row] = this.#safety[last]!;
      this.#reserved[row] = this.#reserved[last]!;
      this.#effective[row] = this.#effective[last]!;
      moveSparse(this.#futures, last, row);
      moveSparse(this.#holds, last, row);
    } else {
      this.#futures.delete(row);
      this.#holds.delete(row);
    }
    this.#skus.pop();
    return true;
  }

  skus(): readonly string[] {
    return this.#skus;
  }

  /**
   * Columns from a plain `{sku: record}` map, from the layouts earlier versions stored (stored-layouts.ts), or
   * from records kept against another index.
   */
  static from(data: StoredLocationRecords | Record<string, OciRecord> | LocationRecords, index: SkuIndex): LocationRecords {
    if (data instanceof LocationRecords) {
      if (data.index === index) return data;
      const copy = new LocationRecords(index);
      for (const sku of data.skus()) copy.set(sku, data.get(sku)!);
      return copy;
    }
    const table = new LocationRecords(index);
    if (isStored(data)) return fromStored(data, table);
    if (isEarlierLayout(data)) return fromEarlierLayout(data, table);
    for (const [sku, record] of Object.entries(data as Record<string, OciRecord>)) table.set(sku, record);
    return table;
  }

  #row(sku: string): number {
    const id = this.index.find(sku);
    return id === undefined || id >= this.#rowOf.length ? -1 : this.#rowOf[id]!;
  }

  #ensureRow(sku: string): number {
    return this.#ensureRowOf(this.index.id(sku));
  }

  #ensureRowOf(id: number): number {
    this.#note(id);
    if (id >= this.#rowOf.length) {
      const had = this.#rowOf.length;
      let capacity = Math.max(INITIAL_CAPACITY, had);
      while (capacity <= id) capacity *= 2;
      this.#rowOf = grown(this.#rowOf, capacity).fill(-1, had);
    }
    let row = this.#rowOf[id]!;
    if (row < 0) {
      row = this.#skus.length;
      this.#grow(row + 1);
      this.#skus.push(this.index.sku(id));
      this.#skuIds[row] = id;
      this.#rowOf[id] = row;
      this.#onHand[row] = 0;
      this.#safety[row] = 0;
      this.#reserved[row] = 0;
      this.#effective[row] = -1;
    }
    return row;
  }

  #grow(rows: number): void {
    if (rows <= this.#onHand.length) return;
    let capacity = this.#onHand.length;
    while (capacity < rows) capacity *= 2;
    this.#onHand = grown(this.#onHand, capacity);
    this.#safety = grown(this.#safety, capacity);
    this.#reserved = grown(this.#reserved, capacity);
    this.#effective = grown(this.#effective, capacity);
    this.#skuIds = grown(this.#skuIds, capacity);
  }
}

function moveSparse<T>(map: Map<number, T>, from: number, to: number): void {
  const value = map.get(from);
  map.delete(to);
  if (value !== undefined) {
    map.set(to, value);
    map.delete(from);
  }
}
