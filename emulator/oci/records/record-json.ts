import { CLOSE_ARRAY, CLOSE_OBJECT, COMMA, fragment, fragmentMemo, MAX_NUMBER_BYTES, OPEN_ARRAY, put, putNumber, type JsonBytes } from '../../core/json-bytes.js';
import { atf, ato, futuresTotal } from '../availability/arithmetic.js';
import type { OciFuture } from '../model.js';
import { CELLS, EFFECTIVE, ON_HAND, RecordColumns, RESERVED, SAFETY } from './record-columns.js';
import type { RenderedRecords, RenderedTable } from './rendered-records.js';

// A location's records written straight from the columns as the Commerce API answers them
// (availability/views.ts's locationRecordView, byte for byte): get-availability's hot path writes its answer
// from the columns into bytes instead of building a record object, an availability object and a view object per
// SKU and location, which cost more than the figures themselves. Between the numbers go as few, long fragments as
// can be made ahead: the SKU's head, the tail once per effective date. get-availability keeps what it wrote
// (rendered-records.ts); every write of a row tells the keeper to forget that row's record.

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
function recordHead(sku: string): Uint8Array {
  return fragment(`{"sku":${JSON.stringify(sku)},"atf":`);
}

interface Tail {
  /** `,"futures":[],"effectiveDate":"…"}`: everything after safetyStockCount when the row has no futures. */
  withoutFutures: Uint8Array;
  /** `,"effectiveDate":"…"}`: what follows the futures written apart. */
  afterFutures: Uint8Array;
}

export class RecordJson extends RecordColumns implements RenderedTable {
  /** The tails of each date of the dictionary, by id (dates are few; a row refers to one by id). */
  #tails: Tail[] = [];
  /** The tenant group's kept records (rendered-records.ts) once a get-availability has read this table. */
  renderedIn: RenderedRecords | undefined;
  /** This table's place there. */
  renderSlot = -1;

  /** Writes the record of SKU id `skuId` (named `sku`); false when this location has none. */
  writeRecordOf(out: JsonBytes, skuId: number, sku: string): boolean {
    const row = this.rowById(skuId);
    if (row < 0) return false;
    this.#write(out, row, recordHead(sku));
    return true;
  }

  protected override rowChanging(row: number): void {
    this.renderedIn?.forget(this.skuIds[row]!, this.renderSlot);
  }

  /** The row's record from its columns. */
  #write(out: JsonBytes, row: number, head: Uint8Array): void {
    const at = row * CELLS;
    const cells = this.cells;
    const onHand = cells[at + ON_HAND]!;
    const reserved = cells[at + RESERVED]!;
    const safety = cells[at + SAFETY]!;
    const date = cells[at + EFFECTIVE]!;
    const list = this.futures.size > 0 ? this.futures.get(row) : undefined;
    const tail = date >= 0 ? this.#tail(date) : NO_DATE;
    // One burst: the record's fragments and its five figures, up to its futures.
    const buf = out.reserve(head.length + FIXED_BYTES + tail.withoutFutures.length);
    let p = out.length;
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
const quotedDate = fragmentMemo((date) => JSON.stringify(date));

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
