import { NO_FUTURES, type OciFuture, type OciRecord } from '../model.js';

// The availability records of one location, kept as columns: typed arrays for the quantities, one array of SKUs,
// dates as indexes into a small dictionary, futures and group holds only where a row has them. A location with
// 100 000 SKUs is then a handful of objects instead of 100 000 — cheap to hold, to collect and to persist — and
// JSON.stringify writes it in the same columnar form (toJSON), which `LocationRecords.from` reads back: SKUs joined
// by newlines (a SKU holds no whitespace), numeric columns as base64 of their bytes, so a million records write
// and read in a fraction of a second.

export interface StoredLocationRecords {
  format: 'columns/2';
  /** SKUs joined by '\n', row order. */
  skus: string;
  /** base64 of little-endian Float64 values, one per row. */
  onHand: string;
  safetyStockCount: string;
  reserved: string;
  dates: string[];
  /** base64 of Int32 indexes into `dates`, -1 when the row has no effectiveDate. */
  effectiveDate: string;
  futures: Record<string, [quantity: number, expectedDate: string][]>;
  groupHolds: Record<string, Record<string, number>>;
}

const INITIAL_CAPACITY = 16;

export class LocationRecords {
  #index = new Map<string, number>();
  #skus: string[] = [];
  #onHand: Float64Array<ArrayBuffer> = new Float64Array(INITIAL_CAPACITY);
  #safety: Float64Array<ArrayBuffer> = new Float64Array(INITIAL_CAPACITY);
  #reserved: Float64Array<ArrayBuffer> = new Float64Array(INITIAL_CAPACITY);
  #effective: Int32Array<ArrayBuffer> = new Int32Array(INITIAL_CAPACITY);
  #dates: string[] = [];
  #dateIndex = new Map<string, number>();
  #futures = new Map<number, OciFuture[]>();
  #holds = new Map<number, Record<string, number>>();
  /** The SKUs as toJSON writes them, kept until a SKU is added or removed (updates leave it as is). */
  #joinedSkus: string | undefined;

  get size(): number {
    return this.#skus.length;
  }

  has(sku: string): boolean {
    return this.#index.has(sku);
  }

  /** A copy of the row as a record; changing it changes nothing until `set`. */
  get(sku: string): OciRecord | undefined {
    const row = this.#index.get(sku);
    if (row === undefined) return undefined;
    const record: OciRecord = {
      onHand: this.#onHand[row]!,
      safetyStockCount: this.#safety[row]!,
      futures: this.#futures.get(row) ?? NO_FUTURES,
      reserved: this.#reserved[row]!,
    };
    const date = this.#effective[row]!;
    if (date >= 0) record.effectiveDate = this.#dates[date]!;
    const holds = this.#holds.get(row);
    if (holds) record.groupHolds = holds;
    return record;
  }

  set(sku: string, record: OciRecord): void {
    let row = this.#index.get(sku);
    if (row === undefined) {
      row = this.#skus.length;
      this.#grow(row + 1);
      this.#skus.push(sku);
      this.#index.set(sku, row);
      this.#joinedSkus = undefined;
    }
    this.#onHand[row] = record.onHand;
    this.#safety[row] = record.safetyStockCount;
    this.#reserved[row] = record.reserved;
    this.#effective[row] = record.effectiveDate === undefined ? -1 : this.#dateOf(record.effectiveDate);
    if (record.futures.length > 0) this.#futures.set(row, record.futures);
    else this.#futures.delete(row);
    if (record.groupHolds && Object.keys(record.groupHolds).length > 0) this.#holds.set(row, record.groupHolds);
    else this.#holds.delete(row);
  }

  /** Removes the row; the last row takes its place so the columns stay dense. */
  delete(sku: string): boolean {
    const row = this.#index.get(sku);
    if (row === undefined) return false;
    const last = this.#skus.length - 1;
    if (row !== last) {
      const moved = this.#skus[last]!;
      this.#skus[row] = moved;
      this.#index.set(moved, row);
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
    this.#index.delete(sku);
    this.#joinedSkus = undefined;
    return true;
  }

  skus(): readonly string[] {
    return this.#skus;
  }

  toJSON(): StoredLocationRecords {
    const n = this.#skus.length;
    const futures: StoredLocationRecords['futures'] = {};
    for (const [row, list] of this.#futures) futures[row] = list.map((f) => [f.quantity, f.expectedDate]);
    const groupHolds: StoredLocationRecords['groupHolds'] = {};
    for (const [row, holds] of this.#holds) groupHolds[row] = holds;
    return {
      format: 'columns/2',
      skus: (this.#joinedSkus ??= this.#skus.join('\n')),
      onHand: base64(this.#onHand, n),
      safetyStockCount: base64(this.#safety, n),
      reserved: base64(this.#reserved, n),
      dates: this.#dates,
      effectiveDate: base64(this.#effective, n),
      futures,
      groupHolds,
    };
  }

  /** Rebuilds the columns from what `toJSON` wrote, or from a plain `{sku: record}` map. */
  static from(data: StoredLocationRecords | Record<string, OciRecord> | LocationRecords): LocationRecords {
    if (data instanceof LocationRecords) return data;
    const table = new LocationRecords();
    if (isStored(data)) {
      const skus = data.skus === '' ? [] : data.skus.split('\n');
      const n = skus.length;
      table.#grow(n);
      table.#skus = skus;
      for (let row = 0; row < n; row++) table.#index.set(skus[row]!, row);
      table.#onHand.set(new Float64Array(bytes(data.onHand)));
      table.#safety.set(new Float64Array(bytes(data.safetyStockCount)));
      table.#reserved.set(new Float64Array(bytes(data.reserved)));
      table.#effective.set(new Int32Array(bytes(data.effectiveDate)));
      table.#dates = [...data.dates];
      data.dates.forEach((d, i) => table.#dateIndex.set(d, i));
      for (const [row, list] of Object.entries(data.futures)) table.#futures.set(Number(row), list.map(([quantity, expectedDate]) => ({ quantity, expectedDate })));
      for (const [row, holds] of Object.entries(data.groupHolds)) table.#holds.set(Number(row), holds);
      return table;
    }
    for (const [sku, record] of Object.entries(data)) table.set(sku, record);
    return table;
  }

  #dateOf(date: string): number {
    let i = this.#dateIndex.get(date);
    if (i === undefined) {
      i = this.#dates.length;
      this.#dates.push(date);
      this.#dateIndex.set(date, i);
    }
    return i;
  }

  #grow(rows: number): void {
    if (rows <= this.#onHand.length) return;
    let capacity = this.#onHand.length;
    while (capacity < rows) capacity *= 2;
    this.#onHand = resized(this.#onHand, capacity);
    this.#safety = resized(this.#safety, capacity);
    this.#reserved = resized(this.#reserved, capacity);
    const effective = new Int32Array(capacity);
    effective.set(this.#effective);
    this.#effective = effective;
  }
}

function resized(array: Float64Array, capacity: number): Float64Array<ArrayBuffer> {
  const next = new Float64Array(capacity);
  next.set(array);
  return next;
}

function base64(column: Float64Array | Int32Array, rows: number): string {
  return Buffer.from(column.buffer, column.byteOffset, rows * column.BYTES_PER_ELEMENT).toString('base64');
}

/** The decoded bytes in a fresh, aligned ArrayBuffer, ready to view as a typed array. */
function bytes(text: string): ArrayBuffer {
  const buf = Buffer.from(text, 'base64');
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer;
}

function moveSparse<T>(map: Map<number, T>, from: number, to: number): void {
  const value = map.get(from);
  map.delete(to);
  if (value !== undefined) {
    map.set(to, value);
    map.delete(from);
  }
}

function isStored(data: unknown): data is StoredLocationRecords {
  return typeof data === 'object' && data !== null && (data as { format?: unknown }).format === 'columns/2';
}
