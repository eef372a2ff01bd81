import { dictionaryFrame, float64s, frame, int32s, type FrameHeader } from '../../core/store/frames.js';
import type { OciFuture } from '../model.js';
import type { LocationRecords } from './location-records.js';
import { CELLS, EFFECTIVE, ON_HAND, RESERVED, SAFETY } from './record-columns.js';

// A location's records in the journal: `rows` frames set whole rows (by SKU id, so they stay true however rows
// move inside the table), `del` frames remove them. Quantities travel as the bytes of their columns; the rare
// futures and group holds as JSON beside them.

const ROWS_PER_FRAME = 16_384;

/** Frames that make the given SKU ids of the table what they are now: `rows` for those it holds, `del` for the rest. */
export function rowFrames(loc: string, table: LocationRecords, ids: ArrayLike<number>): Buffer[] {
  const c = table.columns();
  const present: number[] = [];
  const gone: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id < c.rowOf.length && c.rowOf[id]! >= 0) present.push(id);
    else gone.push(id);
  }
  const frames: Buffer[] = [];
  for (let from = 0; from < present.length; from += ROWS_PER_FRAME) frames.push(rowsFrame(loc, table, present, from, Math.min(present.length, from + ROWS_PER_FRAME)));
  if (gone.length > 0) frames.push(frame({ op: 'del', loc }, Int32Array.from(gone)));
  return frames;
}

/**
 * The table's rows as frames, for an image: the SKU ids held at this moment (below `skuLimit`, the SKUs the image
 * lists), their values read as each frame is made.
 */
export function* tableImage(loc: string, table: LocationRecords, skuLimit: number): Generator<Buffer> {
  const c = table.columns();
  const ids = c.skuIds.slice(0, c.size).filter((id) => id < skuLimit);
  if (ids.length === 0) {
    yield emptyTableFrame(loc);
    return;
  }
  for (let from = 0; from < ids.length; from += ROWS_PER_FRAME) {
    // Read now, not when the image started: rows deleted since are left out (their delete is in the log).
    const rowOf = table.columns().rowOf;
    const live = Array.from(ids.subarray(from, Math.min(ids.length, from + ROWS_PER_FRAME))).filter((id) => id < rowOf.length && rowOf[id]! >= 0);
    yield rowsFrame(loc, table, live, 0, live.length);
  }
}

/** A `rows` frame of no rows: the location has a table (empty until other frames fill it). */
export function emptyTableFrame(loc: string): Buffer {
  return frame({ op: 'rows', loc, dates: [] }, new Int32Array(0), new Float64Array(0), new Float64Array(0), new Float64Array(0), new Int32Array(0));
}

function rowsFrame(loc: string, table: LocationRecords, ids: readonly number[], from: number, to: number): Buffer {
  const c = table.columns();
  const n = to - from;
  const idCol = new Int32Array(n);
  const onHand = new Float64Array(n);
  const safety = new Float64Array(n);
  const reserved = new Float64Array(n);
  const effective = new Int32Array(n);
  const dates: string[] = [];
  const dateAt = new Map<number, number>();
  const futures: [number, [number, string][]][] = [];
  const holds: [number, Record<string, number>][] = [];
  for (let i = 0; i < n; i++) {
    const id = ids[from + i]!;
    const row = c.rowOf[id]!;
    idCol[i] = id;
    onHand[i] = c.cells[row * CELLS + ON_HAND]!;
    safety[i] = c.cells[row * CELLS + SAFETY]!;
    reserved[i] = c.cells[row * CELLS + RESERVED]!;
    const date = c.cells[row * CELLS + EFFECTIVE]!;
    if (date < 0) effective[i] = -1;
    else {
      let local = dateAt.get(date);
      if (local === undefined) {
        local = dates.length;
        dates.push(c.dates.value(date));
        dateAt.set(date, local);
      }
      effective[i] = local;
    }
    const f = c.futures.size > 0 ? c.futures.get(row) : undefined;
    if (f) futures.push([i, f.map((x) => [x.quantity, x.expectedDate])]);
    const h = c.holds.size > 0 ? c.holds.get(row) : undefined;
    if (h) holds.push([i, h]);
  }
  const header: FrameHeader = { op: 'rows', loc, dates };
  if (futures.length > 0) header.futures = futures;
  if (holds.length > 0) header.holds = holds;
  // Group holds are keyed by group id.
  return (holds.length > 0 ? dictionaryFrame : frame)(header, idCol, onHand, safety, reserved, effective);
}

/** Replays a `rows` frame into the table. */
export function applyRows(table: LocationRecords, header: FrameHeader, parts: Buffer[]): void {
  const [idPart, onHandPart, safetyPart, reservedPart, effectivePart] = parts;
  const ids = int32s(idPart!);
  const onHand = float64s(onHandPart!);
  const safety = float64s(safetyPart!);
  const reserved = float64s(reservedPart!);
  const effective = int32s(effectivePart!);
  const dates = header.dates as string[];
  const futures = new Map((header.futures as [number, [number, string][]][] | undefined)?.map(([i, list]) => [i, list.map(([quantity, expectedDate]): OciFuture => ({ quantity, expectedDate }))]));
  const holds = new Map((header.holds as [number, Record<string, number>][] | undefined) ?? []);
  for (let i = 0; i < ids.length; i++) {
    table.putRow(ids[i]!, onHand[i]!, safety[i]!, reserved[i]!, effective[i]! >= 0 ? dates[effective[i]!] : undefined, futures.get(i), holds.get(i));
  }
}

/** Replays a `del` frame. */
export function applyDeletes(table: LocationRecords, parts: Buffer[]): void {
  for (const id of int32s(parts[0]!)) table.deleteId(id);
}
