import { CLOSE_ARRAY, CLOSE_OBJECT, COMMA, fragment, MAX_NUMBER_BYTES, OPEN_ARRAY, put, putNumber, type JsonBytes } from '../../core/json-bytes.js';
import { atf, ato, futuresTotal } from '../availability/arithmetic.js';
import type { OciFuture } from '../model.js';
import { CELLS, EFFECTIVE, ON_HAND, RecordColumns, RESERVED, SAFETY } from './record-columns.js';

// A location's records written straight from the columns as the Commerce API answers them
// (availability/views.ts's locationRecordView, byte for byte): get-availability's hot path writes its answer
// from the columns into bytes instead of building a record object, an availability object and a view object per
// SKU and location, which cost more than the figures themselves. Between the numbers go as few, long fragments as
// can be made ahead: the SKU's head once per request, the tail once per effective date.

const ATO = fragment(',"ato":');
const ON_HAND_KEY = fragment(',"onHand":');
const RESERVED_KEY = fragment(',"reserved":');
const SAFETY_KEY = fragment(',"safetyStockCount":');
const FUTURES_KEY = fragment(',"futures":');
/** What a record takes besides its head and tail: the keys between its figures and the figures themselves. */
const FIXED_BYTES = ATO.length + ON_HAND_KEY.length + RESERVED_KEY.length + SAFETY_KEY.length + FUTURES_KEY.length + 5 * MAX_NUMBER_BYTES;
/** Tails of a record without an effective date. */
const NO_DATE = { withoutFutures: fragment(',"futures":[]}'), afterFutures: CLOSE_OBJECT };

/** What opens a SKU's record up to its first figure: `{"sku":"…","atf":`. */
export function recordHead(sku: string): Uint8Array {
  return fragment(`{"sku":${JSON.stringify(sku)},"atf":`);
}

interface Tail {
  /** `,"futures":[],"effectiveDate":"…"}`: everything after safetyStockCount when the row has no futures. */
  withoutFutures: Uint8Array;
  /** `,"effectiveDate":"…"}`: what follows the futures written apart. */
  afterFutures: Uint8Array;
}

export class RecordJson extends RecordColumns {
  /** The tails of each date of the dictionary, by id (dates are few; a row refers to one by id). */
  #tails: Tail[] = [];

  /*
   * A get-availability reads its records in two passes over all its places, each a tight loop whose loads do not
   * wait on one another, so the processor fetches their cache lines together: first every row (findRows), then
   * every row's figures and futures (readRows); only then does it write. Read one record at a time, between
   * writes, each line was a trip to memory of its own (2 000 000 records fit in no cache), and the trips were most
   * of get-availability's time.
   */

  /** The rows of SKU ids `ids` (-1: a SKU the tenant group does not know) into rows[base + k], -1 where none. */
  findRows(ids: Int32Array, rows: Int32Array, base: number): void {
    const rowOf = this.rowOf;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      rows[base + k] = id >= 0 && id < rowOf.length ? rowOf[id]! : -1;
    }
  }

  /** The figures (CELLS each) and futures of rows[base…base + count) into the same positions of `figures`, `futures`. */
  readRows(rows: Int32Array, base: number, count: number, figures: Float64Array, futures: (OciFuture[] | undefined)[]): void {
    const cells = this.cells;
    for (let k = base; k < base + count; k++) {
      const row = rows[k]!;
      if (row < 0) continue;
      const from = row * CELLS;
      const to = k * CELLS;
      figures[to + ON_HAND] = cells[from + ON_HAND]!;
      figures[to + SAFETY] = cells[from + SAFETY]!;
      figures[to + RESERVED] = cells[from + RESERVED]!;
      figures[to + EFFECTIVE] = cells[from + EFFECTIVE]!;
    }
    if (this.futures.size === 0) return;
    for (let k = base; k < base + count; k++) if (rows[k]! >= 0) futures[k] = this.futures.get(rows[k]!);
  }

  /** Writes the record read at position `k` (`head`: its SKU's recordHead), after a comma when `separator`. */
  writeRead(out: JsonBytes, figures: Float64Array, futures: readonly (OciFuture[] | undefined)[], k: number, head: Uint8Array, separator: boolean): void {
    const at = k * CELLS;
    const onHand = figures[at + ON_HAND]!;
    const reserved = figures[at + RESERVED]!;
    const safety = figures[at + SAFETY]!;
    const date = figures[at + EFFECTIVE]!;
    const list = futures[k];
    const tail = date >= 0 ? this.#tail(date) : NO_DATE;
    // One burst: the record's fragments and its five figures, up to its futures.
    const buf = out.reserve(1 + head.length + FIXED_BYTES + tail.withoutFutures.length);
    let p = out.length;
    if (separator) p = put(buf, p, COMMA);
    p = putNumber(buf, put(buf, p, head), atf(onHand, reserved, safety));
    p = putNumber(buf, put(buf, p, ATO), ato(onHand, list ? futuresTotal(list) : 0, reserved, safety));
    p = putNumber(buf, put(buf, p, ON_HAND_KEY), onHand);
    p = putNumber(buf, put(buf, p, RESERVED_KEY), reserved);
    p = putNumber(buf, put(buf, p, SAFETY_KEY), safety);
    if (!list) return out.commit(put(buf, p, tail.withoutFutures));
    out.commit(put(buf, p, FUTURES_KEY));
    writeFutures(out, list);
    out.raw(tail.afterFutures);
  }

  #tail(id: number): Tail {
    let tail = this.#tails[id];
    if (!tail) {
      const date = `,"effectiveDate":${JSON.stringify(this.dates.value(id))}}`;
      tail = this.#tails[id] = { withoutFutures: fragment(`,"futures":[]${date}`), afterFutures: fragment(date) };
    }
    return tail;
  }
}

const FUTURE_OPEN = fragment('{"expectedDate":');
const FUTURE_QUANTITY = fragment(',"quantity":');

/** Expected dates as JSON bytes: a catalogue's futures share few dates, and quoting one each time cost more than
 * the rest of the row. */
const quotedDates = new Map<string, Uint8Array>();
const QUOTED_DATES_KEPT = 4096;

function quotedDate(date: string): Uint8Array {
  let bytes = quotedDates.get(date);
  if (!bytes) {
    if (quotedDates.size >= QUOTED_DATES_KEPT) quotedDates.clear();
    bytes = fragment(JSON.stringify(date));
    quotedDates.set(date, bytes);
  }
  return bytes;
}

/** A row's futures as the views write them (`{"expectedDate","quantity"}` each), straight into the bytes. */
function writeFutures(out: JsonBytes, futures: readonly OciFuture[]): void {
  out.raw(OPEN_ARRAY);
  for (let i = 0; i < futures.length; i++) {
    const future = futures[i]!;
    if (i > 0) out.raw(COMMA);
    out.raw(FUTURE_OPEN).raw(quotedDate(future.expectedDate)).raw(FUTURE_QUANTITY).number(future.quantity).raw(CLOSE_OBJECT);
  }
  out.raw(CLOSE_ARRAY);
}
