import { futuresTotal, qty } from '../availability/arithmetic.js';
import { NO_FUTURES, type OciFuture, type OciRecord } from '../model.js';
import { fromEarlierLayout, fromStored, isEarlierLayout, isStored, type StoredLocationRecords } from './stored-layouts.js';
import { RecordJson } from './record-json.js';
import type { SkuIndex } from './sku-index.js';
import { EFFECTIVE, ON_HAND, RESERVED, SAFETY } from './record-columns.js';

// The availability records of one location, row by row as OCI means them: read as records, reserved against,
// shipped, written by imports, with the change feed's figures before and after. The rows are kept as columns
// (record-columns.ts), so none of this copies a row unless it hands one out.

export class LocationRecords extends RecordJson {
  /** A copy of the row as a record; changing it changes nothing until `set`. */
  get(sku: string): OciRecord | undefined {
    const row = this.row(sku);
    return row < 0 ? undefined : this.recordAt(row);
  }

  /**
   * A copy of the row at that position (0 ≤ row < skus().length; `skus()[row]` is its SKU): a walk over every
   * record (an export) reads rows in place instead of finding each SKU again.
   */
  recordAt(row: number): OciRecord {
    const record: OciRecord = {
      onHand: this.cell(row, ON_HAND),
      safetyStockCount: this.cell(row, SAFETY),
      futures: this.futures.get(row) ?? NO_FUTURES,
      reserved: this.cell(row, RESERVED),
    };
    const date = this.cell(row, EFFECTIVE);
    if (date >= 0) record.effectiveDate = this.dates.value(date);
    const holds = this.holds.get(row);
    if (holds) record.groupHolds = holds;
    return record;
  }

  /**
   * What new reservations can still take here, read from the columns without copying the row: onHand (plus
   * futures when `withFutures`) less safety stock, reserved and every group's hold; never below 0.
   */
  available(sku: string, withFutures: boolean): number {
    const row = this.row(sku);
    if (row < 0) return 0;
    let free = this.cell(row, ON_HAND) - this.cell(row, SAFETY) - this.cell(row, RESERVED);
    if (withFutures) {
      const futures = this.futures.get(row);
      if (futures) free += futuresTotal(futures);
    }
    free -= this.#softOf(row);
    return Math.max(0, qty(free));
  }

  /** Held here for the group (0 when nothing is), without copying the row. */
  heldFor(sku: string, groupId: string): number {
    const row = this.row(sku);
    return row < 0 ? 0 : (this.holds.get(row)?.[groupId] ?? 0);
  }

  /**
   * Reservation writes, in place (no row copy): add to reserved, add to a group's hold (a hold reaching 0 goes),
   * ship (reserved and, unless `keepOnHand`, onHand go down; neither below 0). The row is made when missing.
   */
  addReserved(sku: string, quantity: number): void {
    const row = this.ensureRow(sku);
    this.setCell(row, RESERVED, Math.max(0, qty(this.cell(row, RESERVED) + quantity)));
  }

  addHold(sku: string, groupId: string, quantity: number): void {
    const row = this.ensureRow(sku);
    const current = this.holds.get(row);
    const next = qty((current?.[groupId] ?? 0) + quantity);
    // A new holds object each time: rows handed out by get() share it and must not see it change.
    const holds: Record<string, number> = { ...current };
    if (next > 0) holds[groupId] = next;
    else delete holds[groupId];
    if (Object.keys(holds).length > 0) this.holds.set(row, holds);
    else this.holds.delete(row);
  }

  ship(sku: string, quantity: number, keepOnHand: boolean): void {
    const row = this.ensureRow(sku);
    this.setCell(row, RESERVED, Math.max(0, qty(this.cell(row, RESERVED) - quantity)));
    if (!keepOnHand) this.setCell(row, ON_HAND, Math.max(0, qty(this.cell(row, ON_HAND) - quantity)));
  }

  /**
   * The change feed's figures for a change from `before` to the row as it is now, written into `out` from `base`
   * in the feed's FIGURES order, without copying the row; answers the row's effective date.
   */
  eventFiguresInto(sku: string, before: OciRecord | undefined, out: Float64Array, base: number): string | undefined {
    let oldSoft = 0;
    if (before?.groupHolds) for (const group in before.groupHolds) oldSoft += before.groupHolds[group]!;
    const old = [before?.onHand ?? 0, before?.reserved ?? 0, before?.safetyStockCount ?? 0, before ? futuresTotal(before.futures) : 0, oldSoft] as const;
    return this.#figuresInto(this.ensureRow(sku), ...old, out, base);
  }

  /** The feed's FIGURES for a row that was (onHand, reserved, safety, futures, soft reserved) and is now as stored; answers its effective date. */
  #figuresInto(row: number, oldOnHand: number, oldReserved: number, oldSafety: number, oldFutures: number, oldSoft: number, out: Float64Array, base: number): string | undefined {
    const onHand = this.cell(row, ON_HAND);
    const futures = this.futures.size > 0 ? this.futures.get(row) : undefined;
    out[base] = onHand;
    out[base + 1] = oldOnHand;
    out[base + 2] = onHand;
    out[base + 3] = oldReserved;
    out[base + 4] = this.cell(row, RESERVED);
    out[base + 5] = oldSafety;
    out[base + 6] = this.cell(row, SAFETY);
    out[base + 7] = oldFutures;
    out[base + 8] = futures ? futuresTotal(futures) : 0;
    out[base + 9] = oldSoft;
    out[base + 10] = this.#softOf(row);
    const date = this.cell(row, EFFECTIVE);
    return date >= 0 ? this.dates.value(date) : undefined;
  }

  #softOf(row: number): number {
    if (this.holds.size === 0) return 0;
    const holds = this.holds.get(row);
    let soft = 0;
    if (holds) for (const group in holds) soft += holds[group]!;
    return soft;
  }

  /** The row's effective date, or undefined. */
  effectiveDateOf(sku: string): string | undefined {
    const row = this.row(sku);
    const date = row < 0 ? -1 : this.cell(row, EFFECTIVE);
    return date >= 0 ? this.dates.value(date) : undefined;
  }

  /** The record's on-hand, read from its row (undefined: no record). */
  onHandOf(sku: string): number | undefined {
    const row = this.row(sku);
    return row < 0 ? undefined : this.cell(row, ON_HAND);
  }

  reservedOf(sku: string): number {
    const row = this.row(sku);
    return row < 0 ? 0 : this.cell(row, RESERVED);
  }

  set(sku: string, record: OciRecord): void {
    this.writeRow(this.ensureRow(sku), record.onHand, record.safetyStockCount, record.reserved, record.effectiveDate, record.futures, record.groupHolds);
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
    const row = this.ensureRowOf(skuId);
    const before = this.futures.size > 0 ? this.futures.get(row) : undefined;
    const oldOnHand = this.cell(row, ON_HAND);
    const oldSafety = this.cell(row, SAFETY);
    const oldFutures = before ? futuresTotal(before) : 0;
    const soft = this.#softOf(row);
    if (!Number.isNaN(onHand)) this.setCell(row, ON_HAND, onHand);
    if (!Number.isNaN(safetyStockCount)) this.setCell(row, SAFETY, safetyStockCount);
    if (effectiveDate === null) this.setCell(row, EFFECTIVE, -1);
    else if (effectiveDate !== undefined) this.setCell(row, EFFECTIVE, this.dates.id(effectiveDate));
    if (futures !== undefined) {
      if (futures.length > 0) this.futures.set(row, futures);
      else if (before) this.futures.delete(row);
    }
    return this.#figuresInto(row, oldOnHand, this.cell(row, RESERVED), oldSafety, oldFutures, soft, out, base);
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
}
