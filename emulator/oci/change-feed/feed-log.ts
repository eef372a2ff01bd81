import { grown } from '../../core/columns.js';
import { Dictionary } from '../../core/dictionary.js';
import { Interner } from '../../core/interner.js';
import { FIGURES, WIDTH, type EventFigures, type FeedColumns, type FeedEntryView } from './model.js';

// The change log of one tenant group, kept as columns: a million entries are a few typed arrays rather than a
// million objects, cheap to hold, to collect and to persist (feed-journal.ts writes ranges of them as frames;
// feed-stored.ts reads what earlier versions stored). An entry says which place and SKU changed, when, and, for
// changes to a location's record, the figures before and after: the event log export reads those.

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

  /** Codes for `appendFigures`, so a bulk writer resolves a place or an event type once, not per entry. */
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
   * For the hot paths (imports, reservation commits): an entry of coded place, kind and date, with its WIDTH
   * figures (FIGURES order) copied from `figures` at `from`; a caller reuses one scratch array for every entry.
   */
  appendFigures(at: number, kind: number, place: number, sku: string, effective: number, figures: Float64Array, from = 0): void {
    const i = this.#end;
    if (i === this.#at.length) this.#grow();
    this.#at[i] = at;
    this.#kind[i] = kind;
    this.#place[i] = place;
    this.#effective[i] = effective;
    this.#skus[i] = sku;
    this.#figures.set(figures.subarray(from, from + WIDTH), i * WIDTH);
    this.#end = i + 1;
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

  /** Entries `fromSeq` to `toSeq` (inclusive, clamped to what is kept) as views of the live columns: read at once. */
  columnsBetween(fromSeq: number, toSeq: number): FeedColumns {
    const s = this.#start + Math.max(0, fromSeq - this.firstSeq);
    const e = Math.min(this.#end, this.#start + (toSeq - this.firstSeq) + 1);
    const n = Math.max(0, e - s);
    // SKUs as codes into a list of the run's distinct SKUs: a run of an import holds each SKU several times.
    const names = new Map<string, number>();
    const skuCodes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const sku = this.#skus[s + i]!;
      let code = names.get(sku);
      if (code === undefined) names.set(sku, (code = names.size));
      skuCodes[i] = code;
    }
    return {
      seq: this.firstSeq + (s - this.#start),
      at: this.#at.subarray(s, s + n),
      kind: this.#kind.subarray(s, s + n),
      place: this.#place.subarray(s, s + n),
      effective: this.#effective.subarray(s, s + n),
      figures: this.#figures.subarray(s * WIDTH, (s + n) * WIDTH),
      skuNames: [...names.keys()],
      skuCodes,
      places: this.#places.values,
      types: this.#types.values,
      dates: this.#dates.values,
    };
  }

  /**
   * Appends entries given as columns whose place, type, date and SKU codes refer to the given lists (a journal
   * frame, a stored layout). Entries the log already has (by sequence number) are skipped; after a gap (entries
   * pruned meanwhile) the log starts over at the first new entry.
   */
  appendColumns(cols: FeedColumns): void {
    const n = cols.at.length;
    let skip = 0;
    if (this.length === 0 || cols.seq > this.head + 1) {
      this.#start = this.#end = 0;
      this.#skus = [];
      this.firstSeq = cols.seq;
    } else skip = Math.min(n, this.head + 1 - cols.seq);
    const count = n - skip;
    if (count === 0) return;
    const places = Int32Array.from(cols.places, (p) => this.#places.id(p));
    const types = Int32Array.from(cols.types, (t) => this.#types.id(t));
    const dates = Int32Array.from(cols.dates, (d) => this.#dates.id(d));
    // Not interned: each frame already lists a SKU once, and interning a million names at start-up costs seconds.
    const skus = cols.skuNames;
    this.reserve(count);
    const base = this.#end;
    this.#at.set(cols.at.subarray(skip, n), base);
    this.#figures.set(cols.figures.subarray(skip * WIDTH, n * WIDTH), base * WIDTH);
    const at = this.#kind;
    const place = this.#place;
    const effective = this.#effective;
    const out = this.#skus;
    for (let i = skip, k = base; i < n; i++, k++) {
      const kind = cols.kind[i]!;
      at[k] = (kind & 1) | (types[kind >> 1]! << 1);
      place[k] = places[cols.place[i]!]!;
      const d = cols.effective[i]!;
      effective[k] = d < 0 ? -1 : dates[d]!;
      out[k] = skus[cols.skuCodes[i]!]!;
    }
    this.#end = base + count;
  }

  /** Drops the entries before sequence number `seq` (an empty log just starts there). */
  dropBefore(seq: number): void {
    if (this.length === 0) {
      this.firstSeq = Math.max(this.firstSeq, seq);
      return;
    }
    const drop = Math.min(this.length, Math.max(0, seq - this.firstSeq));
    for (let i = this.#start; i < this.#start + drop; i++) this.#skus[i] = '';
    this.#start += drop;
    this.firstSeq += drop;
    if (this.length === 0) this.firstSeq = Math.max(this.firstSeq, seq);
  }
}
