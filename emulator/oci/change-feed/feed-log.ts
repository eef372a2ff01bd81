import { columnBase64, columnBytes, grown } from '../../core/columns.js';
import { Dictionary } from '../../core/dictionary.js';
import { Interner } from '../../core/interner.js';

// The change log of one tenant group, kept as columns: a million entries are a few typed arrays rather than a
// million objects, cheap to hold, to collect and to persist (JSON.stringify writes the columns as base64, see
// toJSON; `FeedLog.from` reads them back). An entry says which place and SKU changed, when, and, for changes to a
// location's record, the figures before and after: the event log export reads those.

/** Figures of one location record around a change; what the event-log export reports as old/new. */
export interface EventFigures {
  quantity: number;
  oldOnHand: number;
  newOnHand: number;
  oldReserved: number;
  newReserved: number;
  oldSafetyStock: number;
  newSafetyStock: number;
  oldFutures: number;
  newFutures: number;
  oldSoftReserved: number;
  newSoftReserved: number;
}

export const FIGURES: readonly (keyof EventFigures)[] = [
  'quantity',
  'oldOnHand',
  'newOnHand',
  'oldReserved',
  'newReserved',
  'oldSafetyStock',
  'newSafetyStock',
  'oldFutures',
  'newFutures',
  'oldSoftReserved',
  'newSoftReserved',
];
export const WIDTH = FIGURES.length;

export interface StoredFeedLog {
  format: 'feed/2';
  firstSeq: number;
  places: string[];
  eventTypes: string[];
  dates: string[];
  /** SKUs joined by '\n' (a SKU holds no whitespace). */
  skus: string;
  at: string;
  /** bit 0: 1 = group; bits 1..7: index into eventTypes (0 = none). */
  kind: string;
  place: string;
  effective: string;
  figures: string;
}

const INITIAL_CAPACITY = 64;
const SKU_INTERN_LIMIT = 200_000;

export class FeedLog {
  /** Sequence number of the entry at `#start`. */
  firstSeq = 1;
  #start = 0;
  #end = 0;
  #at = new Float64Array(INITIAL_CAPACITY);
  #kind = new Uint8Array(INITIAL_CAPACITY);
  #place = new Int32Array(INITIAL_CAPACITY);
  #effective = new Int32Array(INITIAL_CAPACITY);
  #figures = new Float64Array(INITIAL_CAPACITY * WIDTH);
  #skus: string[] = [];
  /** One string per SKU for the SKU column: a million entries must not keep a million copies. */
  readonly #skuNames = new Interner(SKU_INTERN_LIMIT);
  #places = new Dictionary();
  #types = new Dictionary(['']);
  #dates = new Dictionary();

  get length(): number {
    return this.#end - this.#start;
  }

  /** Sequence number of the newest entry (firstSeq - 1 when empty). */
  get head(): number {
    return this.firstSeq + this.length - 1;
  }

  append(at: number, group: boolean, placeId: string, sku: string, eventType?: string, effectiveDate?: string, figures?: EventFigures): void {
    const kind = (group ? 1 : 0) | (eventType ? this.#types.id(eventType) << 1 : 0);
    this.appendCoded(at, kind, this.#places.id(placeId), this.#skuNames.intern(sku), effectiveDate === undefined ? -1 : this.#dates.id(effectiveDate), figures);
  }


  /** Codes for `appendCoded`, so a bulk writer resolves a place or an event type once, not per entry. */
  placeCode(placeId: string): number {
    return this.#places.id(placeId);
  }

  /** The kind byte of a change to a location's record of this event type. */
  locationEventKind(eventType: string): number {
    return this.#types.id(eventType) << 1;
  }

  dateCode(date: string | undefined): number {
    return date === undefined ? -1 : this.#dates.id(date);
  }

  /**
   * For the import hot path: claims the next entry and answers its index; the writer fills its figures in place
   * (`figures`, WIDTH numbers from index × WIDTH, in FIGURES order) and then calls `fill`.
   */
  claim(): number {
    if (this.#end === this.#at.length) this.#grow();
    return this.#end++;
  }

  /** The figures column (valid until the log grows; `reserve` first). */
  get figures(): Float64Array {
    return this.#figures;
  }

  fill(i: number, at: number, kind: number, place: number, sku: string, effective: number): void {
    this.#at[i] = at;
    this.#kind[i] = kind;
    this.#place[i] = place;
    this.#effective[i] = effective;
    this.#skus[i] = sku;
  }

  appendCoded(at: number, kind: number, place: number, sku: string, effective: number, figures?: EventFigures): void {
    const i = this.#end;
    if (i === this.#at.length) this.#grow();
    this.#at[i] = at;
    this.#kind[i] = kind;
    this.#place[i] = place;
    this.#effective[i] = effective;
    this.#skus[i] = sku;
    const base = i * WIDTH;
    const f = this.#figures;
    if (figures) {
      f[base] = figures.quantity;
      f[base + 1] = figures.oldOnHand;
      f[base + 2] = figures.newOnHand;
      f[base + 3] = figures.oldReserved;
      f[base + 4] = figures.newReserved;
      f[base + 5] = figures.oldSafetyStock;
      f[base + 6] = figures.newSafetyStock;
      f[base + 7] = figures.oldFutures;
      f[base + 8] = figures.newFutures;
      f[base + 9] = figures.oldSoftReserved;
      f[base + 10] = figures.newSoftReserved;
    } else f.fill(0, base, base + WIDTH);
    this.#end = i + 1;
  }

  /** Drops entries older than `cutoff` and, beyond `capacity`, the oldest ones. */
  prune(cutoff: number, capacity: number): void {
    let drop = Math.max(0, this.length - capacity);
    if (this.length > drop && this.#at[this.#start + drop]! < cutoff) {
      // Entries are in time order: binary search for the first one inside the retention.
      let lo = this.#start + drop;
      let hi = this.#end;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.#at[mid]! < cutoff) lo = mid + 1;
        else hi = mid;
      }
      drop = lo - this.#start;
    }
    if (drop === 0) return;
    for (let i = this.#start; i < this.#start + drop; i++) this.#skus[i] = '';
    this.#start += drop;
    this.firstSeq += drop;
    // Compact once the dead prefix is half the columns: amortised, never per append.
    if (this.#start > 4096 && this.#start * 2 > this.#end) this.#compact();
  }

  /** The entry with this sequence number, if still kept. */
  entryAt(seq: number): FeedEntryView | undefined {
    const i = this.#start + (seq - this.firstSeq);
    if (i < this.#start || i >= this.#end) return undefined;
    return this.#view(i, seq);
  }

  /** Visits entries after `cursor` in order while `visit` returns true. */
  scan(cursor: number, visit: (entry: FeedEntryView) => boolean): { last: number; exhausted: boolean } {
    let i = this.#start + Math.max(0, cursor - this.firstSeq + 1);
    let last = cursor;
    for (; i < this.#end; i++) {
      const seq = this.firstSeq + (i - this.#start);
      if (!visit(this.#view(i, seq))) return { last, exhausted: false };
      last = seq;
    }
    return { last, exhausted: true };
  }

  /** Events of one SKU at location places, between two instants (inclusive), oldest first. */
  *eventsOf(sku: string, from: number, to: number): Generator<FeedEntryView> {
    for (let i = this.#start; i < this.#end; i++) {
      const at = this.#at[i]!;
      if (at < from || (this.#kind[i]! & 1) === 1 || this.#skus[i] !== sku) continue;
      if (at > to) break;
      yield this.#view(i, this.firstSeq + (i - this.#start));
    }
  }

  #view(i: number, seq: number): FeedEntryView {
    const kind = this.#kind[i]!;
    const effective = this.#effective[i]!;
    const base = i * WIDTH;
    return {
      seq,
      at: this.#at[i]!,
      place: (kind & 1) === 1 ? 'group' : 'location',
      placeId: this.#places.value(this.#place[i]!),
      sku: this.#skus[i]!,
      eventType: this.#types.value(kind >> 1) || undefined,
      effectiveDate: effective < 0 ? undefined : this.#dates.value(effective),
      figure: (name) => this.#figures[base + FIGURES.indexOf(name)]!,
    };
  }

  /** Makes room for `entries` more. */
  reserve(entries: number): void {
    let capacity = this.#at.length;
    while (capacity < this.#end + entries) capacity *= 2;
    if (capacity > this.#at.length) this.#resize(capacity);
  }

  #grow(): void {
    this.#resize(this.#at.length * 2);
  }

  #resize(capacity: number): void {
    this.#at = grown(this.#at, capacity);
    this.#kind = grown(this.#kind, capacity);
    this.#place = grown(this.#place, capacity);
    this.#effective = grown(this.#effective, capacity);
    this.#figures = grown(this.#figures, capacity * WIDTH);
  }

  #compact(): void {
    const s = this.#start;
    const e = this.#end;
    this.#at.copyWithin(0, s, e);
    this.#kind.copyWithin(0, s, e);
    this.#place.copyWithin(0, s, e);
    this.#effective.copyWithin(0, s, e);
    this.#figures.copyWithin(0, s * WIDTH, e * WIDTH);
    this.#skus = this.#skus.slice(s, e);
    this.#start = 0;
    this.#end = e - s;
  }

  toJSON(): StoredFeedLog {
    const s = this.#start;
    const e = this.#end;
    return {
      format: 'feed/2',
      firstSeq: this.firstSeq,
      places: this.#places.values,
      eventTypes: this.#types.values,
      dates: this.#dates.values,
      skus: this.#skus.slice(s, e).join('\n'),
      at: columnBase64(this.#at, s, e),
      kind: columnBase64(this.#kind, s, e),
      place: columnBase64(this.#place, s, e),
      effective: columnBase64(this.#effective, s, e),
      figures: columnBase64(this.#figures, s * WIDTH, e * WIDTH),
    };
  }

  static from(data: unknown): FeedLog {
    if (data instanceof FeedLog) return data;
    const log = new FeedLog();
    if (isStored(data)) {
      const skus = data.skus === '' ? [] : data.skus.split('\n');
      const n = skus.length;
      let capacity = INITIAL_CAPACITY;
      while (capacity < n) capacity *= 2;
      log.#at = grown(new Float64Array(columnBytes(data.at)), capacity);
      log.#kind = grown(new Uint8Array(columnBytes(data.kind)), capacity);
      log.#place = grown(new Int32Array(columnBytes(data.place)), capacity);
      log.#effective = grown(new Int32Array(columnBytes(data.effective)), capacity);
      log.#figures = grown(new Float64Array(columnBytes(data.figures)), capacity * WIDTH);
      log.#skus = skus;
      log.#end = n;
      log.#places = new Dictionary(data.places);
      log.#types = new Dictionary(data.eventTypes);
      log.#dates = new Dictionary(data.dates);
      log.firstSeq = data.firstSeq;
      return log;
    }
    // The first stored form: `{firstSeq, entries: [[at, 0|1, placeId, sku], …]}`.
    const legacy = data as { firstSeq?: number; entries?: [number, 0 | 1, string, string][] } | undefined;
    log.firstSeq = legacy?.firstSeq ?? 1;
    for (const [at, kind, placeId, sku] of legacy?.entries ?? []) log.append(at, kind === 1, placeId, sku);
    return log;
  }
}

export interface FeedEntryView {
  seq: number;
  at: number;
  place: 'location' | 'group';
  placeId: string;
  sku: string;
  eventType: string | undefined;
  effectiveDate: string | undefined;
  figure(name: keyof EventFigures): number;
}

function isStored(data: unknown): data is StoredFeedLog {
  return typeof data === 'object' && data !== null && (data as { format?: unknown }).format === 'feed/2';
}
