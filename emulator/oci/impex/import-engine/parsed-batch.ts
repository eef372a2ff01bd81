import type { OciFuture } from '../../model.js';
import { hashId } from './id-hash.js';
import { LineKind, LineScan, scanImportLine } from './import-line.js';

// A batch of import lines, parsed and checked, as columns. This is the part of an import that needs no state
// (no location graph, no layout, no earlier lines), so it can run on a worker thread: the import engine hands out
// whole-line byte batches and merges the answers in file order. Every field that crosses between threads is a
// typed array (moved, not copied) or a short string list.
//
// Only good records are kept as columns. Any other line (blank, header, bad, too long) is marked by its kind, and
// the engine scans it again (`lineText`) when it needs the details: those lines are rare, so their fields are not
// worth carrying. The batch's decoded text stays where it was parsed: copying a million lines of text back to
// the event loop cost it more than merging them; their bytes travel back for free and are decoded there only
// when a batch has such a line.

export const BatchLine = { ...LineKind, TooLong: 4 } as const;

export interface ParsedBatch {
  /** The batch as read (UTF-8). */
  bytes: Uint8Array;
  /** The batch decoded, where it was parsed (see `lineText`); lines are `text.slice(starts[i], ends[i])`. */
  text?: string;
  /** Lines in the batch. */
  lines: number;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /** Good records, in order. */
  records: number;
  /** Per record: an index into `skus` (consecutive repeats share one entry). */
  skuRefs: Int32Array;
  skus: string[];
  /** Per record: an index into `locations`, or -1 when the line names none (legacy layout). */
  locationRefs: Int32Array;
  locations: string[];
  /** Per record: the recordId's 64-bit hash as two halves. */
  ids: Uint32Array;
  /** NaN: absent. */
  onHand: Float64Array;
  safety: Float64Array;
  /** ABSENT, CLEARED, or an index into `dates`. */
  dateRefs: Int32Array;
  dates: string[];
  /** ABSENT, or an index into `futures`. */
  futureRefs: Int32Array;
  futures: OciFuture[][];
}

export const ABSENT = -2;
export const CLEARED = -1;

const decoder = new TextDecoder();

/** Parses a batch of whole lines (the last one may lack its newline). */
export function parseBatch(bytes: Uint8Array, maxLineChars: number): ParsedBatch {
  const text = decoder.decode(bytes);
  let lines = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
  if (text.length > 0 && text.charCodeAt(text.length - 1) !== 10) lines++;
  const kinds = new Uint8Array(lines);
  const starts = new Int32Array(lines);
  const ends = new Int32Array(lines);
  const skuRefs = new Int32Array(lines);
  const locationRefs = new Int32Array(lines);
  const ids = new Uint32Array(lines * 2);
  const onHand = new Float64Array(lines);
  const safety = new Float64Array(lines);
  const dateRefs = new Int32Array(lines);
  const futureRefs = new Int32Array(lines);
  const skus: string[] = [];
  const locations: string[] = [];
  const dates: string[] = [];
  const futures: OciFuture[][] = [];
  const scan = new LineScan();
  let lastSku = '';
  let lastLocation = '';
  let lastDate = '';
  let records = 0;
  let start = 0;
  for (let i = 0; i < lines; i++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const next = end + 1;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    starts[i] = start;
    ends[i] = end;
    if (end - start > maxLineChars) {
      kinds[i] = BatchLine.TooLong;
      start = next;
      continue;
    }
    scanImportLine(text.slice(start, end), scan);
    start = next;
    kinds[i] = scan.kind;
    if (scan.kind !== LineKind.Record) continue;
    const r = records++;
    const sku = scan.sku!;
    if (sku !== lastSku || skus.length === 0) {
      skus.push(sku);
      lastSku = sku;
    }
    skuRefs[r] = skus.length - 1;
    const location = scan.locationId;
    if (location === undefined) locationRefs[r] = -1;
    else {
      if (location !== lastLocation || locations.length === 0) {
        const known = locations.indexOf(location);
        if (known >= 0) locationRefs[r] = known;
        else {
          locations.push(location);
          locationRefs[r] = locations.length - 1;
        }
        lastLocation = location;
      } else locationRefs[r] = locationRefs[r - 1]!;
    }
    const hash = hashId(scan.recordId!);
    ids[r * 2] = hash[0]!;
    ids[r * 2 + 1] = hash[1]!;
    onHand[r] = scan.onHand;
    safety[r] = scan.safetyStockCount;
    const date = scan.effectiveDate;
    if (date === undefined) dateRefs[r] = ABSENT;
    else if (date === null) dateRefs[r] = CLEARED;
    else {
      if (date !== lastDate || dates.length === 0) {
        dates.push(date);
        lastDate = date;
      }
      dateRefs[r] = dates.length - 1;
    }
    if (scan.futures === undefined) futureRefs[r] = ABSENT;
    else {
      futureRefs[r] = futures.length;
      futures.push(scan.futures);
    }
  }
  return { bytes, text, lines, kinds, starts, ends, records, skuRefs, skus, locationRefs, locations, ids, onHand, safety, dateRefs, dates, futureRefs, futures };
}

/** Line `i` of the batch, decoding the batch's bytes first when its text stayed on another thread. */
export function lineText(batch: ParsedBatch, i: number): string {
  batch.text ??= decoder.decode(batch.bytes);
  return batch.text.slice(batch.starts[i], batch.ends[i]);
}

/** The batch as it crosses to another thread: without its text (see above). */
export function portable(batch: ParsedBatch): ParsedBatch {
  const { text: _text, ...rest } = batch;
  return rest;
}

/** The typed arrays of a batch, to transfer rather than copy between threads. */
export function transferList(batch: ParsedBatch): ArrayBuffer[] {
  const arrays = [batch.bytes, batch.kinds, batch.starts, batch.ends, batch.skuRefs, batch.locationRefs, batch.ids, batch.onHand, batch.safety, batch.dateRefs, batch.futureRefs];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
