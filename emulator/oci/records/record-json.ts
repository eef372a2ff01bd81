import { atf, ato, futuresTotal } from '../availability/arithmetic.js';
import type { OciFuture } from '../model.js';
import { RecordColumns } from './record-columns.js';

// A location's records written straight from the columns as the Commerce API answers them
// (availability/views.ts's locationRecordView, byte for byte): get-availability's hot path builds its answer from
// these strings instead of a record object, an availability object and a view object per SKU and location, which
// cost more than the figures themselves.

export class RecordJson extends RecordColumns {
  /** JSON of each date of the dictionary, by id (dates are few; a row refers to one by id). */
  #quotedDates: string[] = [];

  /** The record of SKU id `id`, `quotedSku` its SKU as JSON; undefined when the location has no record of it. */
  recordJson(id: number | undefined, quotedSku: string): string | undefined {
    if (id === undefined || id >= this.rowOf.length) return undefined;
    const row = this.rowOf[id]!;
    if (row < 0) return undefined;
    const onHand = this.onHand[row]!;
    const reserved = this.reserved[row]!;
    const safety = this.safety[row]!;
    const futures = this.futures.size > 0 ? this.futures.get(row) : undefined;
    const date = this.effective[row]!;
    return (
      '{"sku":' +
      quotedSku +
      ',"atf":' +
      atf(onHand, reserved, safety) +
      ',"ato":' +
      ato(onHand, futures ? futuresTotal(futures) : 0, reserved, safety) +
      ',"onHand":' +
      onHand +
      ',"reserved":' +
      reserved +
      ',"safetyStockCount":' +
      safety +
      ',"futures":' +
      (futures ? futuresJson(futures) : '[]') +
      (date >= 0 ? ',"effectiveDate":' + this.#quotedDate(date) : '') +
      '}'
    );
  }

  #quotedDate(id: number): string {
    return (this.#quotedDates[id] ??= JSON.stringify(this.dates.value(id)));
  }
}

function futuresJson(futures: readonly OciFuture[]): string {
  return JSON.stringify(futures.map((f) => ({ expectedDate: f.expectedDate, quantity: f.quantity })));
}
