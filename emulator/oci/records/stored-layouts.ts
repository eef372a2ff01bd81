import { columnBytes } from '../../core/columns.js';
import { NO_FUTURES, type OciFuture, type OciRecord } from '../model.js';

/** What the readers below fill (LocationRecords; named by shape, so this file needs nothing from it). */
export interface RowSink {
  set(sku: string, record: OciRecord): void;
  putRow(id: number, onHand: number, safety: number, reserved: number, effectiveDate: string | undefined, futures: OciFuture[] | undefined, holds: Record<string, number> | undefined): void;
}

// Location records as earlier versions stored them in a plain JSON namespace, read into today's columns when such
// a state is loaded (today they are journaled: record-frames.ts).

export interface StoredLocationRecords {
  format: 'columns/3';
  /** base64 of Int32 SKU ids (of the tenant group's SkuIndex), one per row. */
  skuIds: string;
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

export function isStored(data: unknown): data is StoredLocationRecords {
  return typeof data === 'object' && data !== null && (data as { format?: unknown }).format === 'columns/3';
}

export function fromStored<T extends RowSink>(data: StoredLocationRecords, table: T): T {
  const ids = new Int32Array(columnBytes(data.skuIds));
  const onHand = new Float64Array(columnBytes(data.onHand));
  const safety = new Float64Array(columnBytes(data.safetyStockCount));
  const reserved = new Float64Array(columnBytes(data.reserved));
  const effective = new Int32Array(columnBytes(data.effectiveDate));
  for (let row = 0; row < ids.length; row++) {
    const futures = data.futures[row]?.map(([quantity, expectedDate]) => ({ quantity, expectedDate }));
    table.putRow(ids[row]!, onHand[row]!, safety[row]!, reserved[row]!, effective[row]! >= 0 ? data.dates[effective[row]!] : undefined, futures, data.groupHolds[row]);
  }
  return table;
}

/** The layouts written before SKU ids: `columns/1` (plain arrays) and `columns/2` (joined SKUs, base64 columns). */
interface EarlierLayout {
  format: 'columns/1' | 'columns/2';
  skus: string[] | string;
  onHand: number[] | string;
  safetyStockCount: number[] | string;
  reserved: number[] | string;
  dates: string[];
  effectiveDate: number[] | string;
  futures: Record<string, [number, string][]>;
  groupHolds: Record<string, Record<string, number>>;
}

export function isEarlierLayout(data: unknown): data is EarlierLayout {
  const format = (data as { format?: unknown } | null)?.format;
  return format === 'columns/1' || format === 'columns/2';
}

export function fromEarlierLayout<T extends RowSink>(data: EarlierLayout, table: T): T {
  const skus = typeof data.skus === 'string' ? (data.skus === '' ? [] : data.skus.split('\n')) : data.skus;
  const floats = (c: number[] | string) => (typeof c === 'string' ? Array.from(new Float64Array(columnBytes(c))) : c);
  const onHand = floats(data.onHand);
  const safety = floats(data.safetyStockCount);
  const reserved = floats(data.reserved);
  const effective = typeof data.effectiveDate === 'string' ? Array.from(new Int32Array(columnBytes(data.effectiveDate))) : data.effectiveDate;
  skus.forEach((sku, row) => {
    const record: OciRecord = {
      onHand: onHand[row]!,
      safetyStockCount: safety[row]!,
      reserved: reserved[row]!,
      futures: (data.futures[row] ?? []).map(([quantity, expectedDate]) => ({ quantity, expectedDate })),
    };
    if (record.futures.length === 0) record.futures = NO_FUTURES;
    if (effective[row]! >= 0) record.effectiveDate = data.dates[effective[row]!]!;
    if (data.groupHolds[row]) record.groupHolds = data.groupHolds[row];
    table.set(sku, record);
  });
  return table;
}
