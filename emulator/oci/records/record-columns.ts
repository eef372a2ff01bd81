import { grown } from '../../core/columns.js';
import { Dictionary } from '../../core/dictionary.js';
import { SparseRows } from '../../core/sparse-rows.js';
import type { OciFuture } from '../model.js';
import type { SkuIndex } from './sku-index.js';

// The storage under one location's availability records (location-records.ts says what a row means): one typed
// array holding each row's quantities side by side, dates as indexes into a small dictionary, futures and group
// holds only where a row has them. A location with 100 000 SKUs is a handful of objects instead of 100 000: cheap to hold, to collect and
// to persist. SKUs are ids of the tenant group's SkuIndex (shared by its locations); a row is found through
// `rowOf`, a typed array indexed by that id. Every write notes the SKU id it changed, so the store's journal
// writes only those rows (record-frames.ts); past a quarter of the table it stops noting and asks for a whole new
// image instead.

const INITIAL_CAPACITY = 16;
/** A row's place in `cells` is row * CELLS; its figures are at these offsets. */
export const CELLS = 4;
export const ON_HAND = 0;
export const SAFETY = 1;
export const RESERVED = 2;
export const EFFECTIVE = 3;

export class RecordColumns {
  readonly index: SkuIndex;
  /** Row of each SKU id, -1 when the SKU has no record here. */
  protected rowOf: Int32Array<ArrayBuffer> = new Int32Array(0);
  protected skuIds: Int32Array<ArrayBuffer> = new Int32Array(INITIAL_CAPACITY);
  /** The SKU of each row (the index's own strings). */
  protected skuNames: string[] = [];
  /**
   * The figures of each row side by side, CELLS to a row (onHand, safety stock, reserved, the effective date's id
   * or -1): a read of one row touches one cache line instead of one in each of four columns. With 2 000 000
   * records a random get-availability misses the cache on nearly every row, and the misses were its cost.
   */
  protected cells: Float64Array<ArrayBuffer> = new Float64Array(INITIAL_CAPACITY * CELLS);
  protected dates = new Dictionary();
  protected futures = new SparseRows<OciFuture[]>();
  protected holds = new SparseRows<Record<string, number>>();
  /** SKU ids written since the journal last took them (`#noted` marks them, by id), or all of them. */
  #changed: number[] = [];
  #noted: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  #allChanged = false;
  /** Told the first time the table changes after the journal took its changes. */
  onChange: ((table: this) => void) | undefined;

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
    return { rowOf: this.rowOf, cells: this.cells, dates: this.dates, futures: this.futures, holds: this.holds, skuIds: this.skuIds, size: this.skuNames.length };
  }

  /** One figure of a row: ON_HAND, SAFETY, RESERVED or EFFECTIVE (the date's id, -1 for none). */
  protected cell(row: number, field: number): number {
    return this.cells[row * CELLS + field]!;
  }

  protected setCell(row: number, field: number, value: number): void {
    this.cells[row * CELLS + field] = value;
  }

  /** Sets the whole row of a SKU id (made when missing): what the journal replays. */
  putRow(id: number, onHand: number, safety: number, reserved: number, effectiveDate: string | undefined, futures: OciFuture[] | undefined, holds: Record<string, number> | undefined): void {
    this.writeRow(this.ensureRowOf(id), onHand, safety, reserved, effectiveDate, futures, holds);
  }

  /** Removes the row of a SKU id, if any (the journal's replay of a delete). */
  deleteId(id: number): void {
    if (this.rowById(id) >= 0) this.delete(this.index.sku(id));
  }

  get size(): number {
    return this.skuNames.length;
  }

  has(sku: string): boolean {
    return this.row(sku) >= 0;
  }

  skus(): readonly string[] {
    return this.skuNames;
  }

  /** Removes the row; the last row takes its place so the columns stay dense. */
  delete(sku: string): boolean {
    const row = this.row(sku);
    if (row < 0) return false;
    this.#note(this.skuIds[row]!);
    const last = this.skuNames.length - 1;
    this.rowChanging(row);
    this.rowOf[this.skuIds[row]!] = -1;
    if (row !== last) {
      const movedId = this.skuIds[last]!;
      this.skuIds[row] = movedId;
      this.rowOf[movedId] = row;
      this.skuNames[row] = this.skuNames[last]!;
      this.cells.copyWithin(row * CELLS, last * CELLS, (last + 1) * CELLS);
      this.futures.move(last, row);
      this.holds.move(last, row);
    } else {
      this.futures.delete(row);
      this.holds.delete(row);
    }
    this.skuNames.pop();
    return true;
  }

  protected writeRow(row: number, onHand: number, safety: number, reserved: number, effectiveDate: string | undefined, futures: OciFuture[] | undefined, holds: Record<string, number> | undefined): void {
    const at = row * CELLS;
    this.cells[at + ON_HAND] = onHand;
    this.cells[at + SAFETY] = safety;
    this.cells[at + RESERVED] = reserved;
    this.cells[at + EFFECTIVE] = effectiveDate === undefined ? -1 : this.dates.id(effectiveDate);
    if (futures && futures.length > 0) this.futures.set(row, futures);
    else this.futures.delete(row);
    if (holds && Object.keys(holds).length > 0) this.holds.set(row, holds);
    else this.holds.delete(row);
  }

  /** The SKU's row, -1 when it has none here. */
  protected row(sku: string): number {
    const id = this.index.find(sku);
    return id === undefined ? -1 : this.rowById(id);
  }

  /** The SKU's row for a write (made, all zeros, when missing); the write is noted for the journal. */
  protected ensureRow(sku: string): number {
    return this.ensureRowOf(this.index.id(sku));
  }

  protected ensureRowOf(id: number): number {
    this.#note(id);
    if (id >= this.rowOf.length) {
      const had = this.rowOf.length;
      let capacity = Math.max(INITIAL_CAPACITY, had);
      while (capacity <= id) capacity *= 2;
      this.rowOf = grown(this.rowOf, capacity).fill(-1, had);
    }
    let row = this.rowOf[id]!;
    if (row < 0) {
      row = this.skuNames.length;
      this.#grow(row + 1);
      this.skuNames.push(this.index.sku(id));
      this.skuIds[row] = id;
      this.rowOf[id] = row;
      const at = row * CELLS;
      this.cells.fill(0, at, at + EFFECTIVE);
      this.cells[at + EFFECTIVE] = -1;
    }
    this.rowChanging(row);
    return row;
  }

  /**
   * Every change of a row passes here first, before anything changes: each write (through ensureRowOf) and each
   * delete (the row's SKU is still its own then; the last row moving into its place keeps its SKU).
   */
  protected rowChanging(_row: number): void {}

  /** The row of SKU id `id`, -1 when it has none here. */
  protected rowById(id: number): number {
    return id >= 0 && id < this.rowOf.length ? this.rowOf[id]! : -1;
  }

  #note(id: number): void {
    if (this.#allChanged) return;
    if (this.#changed.length === 0) this.onChange?.(this);
    if (id >= this.#noted.length) this.#noted = grown(this.#noted, Math.max(this.rowOf.length, 2 * id + 16));
    if (this.#noted[id]) return;
    this.#noted[id] = 1;
    this.#changed.push(id);
    if (this.#changed.length > 4096 && this.#changed.length * 4 > this.skuNames.length) {
      this.forgetChanged();
      this.#allChanged = true;
    }
  }

  #grow(rows: number): void {
    if (rows <= this.skuIds.length) return;
    let capacity = this.skuIds.length;
    while (capacity < rows) capacity *= 2;
    this.cells = grown(this.cells, capacity * CELLS);
    this.skuIds = grown(this.skuIds, capacity);
  }
}
