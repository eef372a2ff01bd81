import { CLOSE_ARRAY, CLOSE_OBJECT, COMMA, fragment, fragmentMemo, JsonBytes } from '../../core/json-bytes.js';
import { ABSENT, NO_TABLE, RenderedRecords } from '../records/rendered-records.js';
import type { SkuIndex } from '../records/sku-index.js';
import type { OciTenantState } from '../tenant-book.js';
import type { OciTenants } from '../tenants.js';
import type { AvailabilityQuery, PlaceQuery } from './query-service.js';
import { groupRecordView } from './views.js';

// get-availability's answer as bytes, the same bytes JSON.stringify of the views would give: a location's records
// are copied from the tenant group's kept records (records/rendered-records.ts), written from the columns the
// first time and after every change (records/record-json.ts); a group's go through the query and its views (a
// group sums its members: the rarer, heavier case). Each SKU is looked up once per request, not once per place.

const OPEN = fragment('{"locations":[');
const CLOSE_LOCATION = fragment(']}');
const GROUPS = fragment(',"groups":');
/** About what one record takes, to size the buffer once for most answers. */
const RECORD_BYTES = 200;

/** How long one slice of background warming may run before it yields to requests. */
const WARM_SLICE_MS = 1;

export class AvailabilityAnswers {
  readonly #tenants: OciTenants;
  readonly #query: AvailabilityQuery;
  /** Each tenant group's kept records, by its SKU index (a reset or restore gives the group a new index, and a new keeper). */
  readonly #keepers = new WeakMap<SkuIndex, RenderedRecords>();
  /** Warming under way, by keeper: the pending slice, to cancel on close. */
  readonly #warming = new Map<RenderedRecords, NodeJS.Immediate>();
  readonly #warmScratch = new JsonBytes(4096);

  constructor(tenants: OciTenants, query: AvailabilityQuery) {
    this.#tenants = tenants;
    this.#query = query;
  }

  answer(tenantGroupId: string, places: PlaceQuery): Buffer {
    const state = this.#tenants.state(tenantGroupId);
    const n = places.skus.length;
    const tables = places.locations.map((id) => state.records.get(id));
    const kept = this.#keeperOf(state);
    const { ids, slots, order, spans } = scratch(n, tables.length);
    for (let k = 0; k < n; k++) ids[k] = state.skuIndex.find(places.skus[k]!) ?? -1;
    for (let i = 0; i < tables.length; i++) slots[i] = tables[i] ? kept.slotOf(tables[i]!) : NO_TABLE;
    bySlot(slots, tables.length, order);
    // Where every record is kept, then the missing ones written and kept, then every kept line fetched at once,
    // before any is copied (records/rendered-records.ts says why).
    kept.spansOf(ids, n, slots, tables.length, spans);
    kept.fill(ids, places.skus, n, tables, order, spans, reused.fill.reset());
    kept.touch(spans, n, order, tables.length);

    const out = new JsonBytes(64 + tables.length * (64 + n * RECORD_BYTES));
    out.raw(OPEN);
    for (let i = 0; i < tables.length; i++) {
      if (i > 0) out.raw(COMMA);
      out.raw(locationOpening(places.locations[i]!));
      const table = tables[i];
      let written = false;
      for (let k = 0; table && k < n; k++) {
        const at = 2 * (i * n + k);
        const start = spans[at]!;
        if (start === ABSENT) continue;
        const before = out.length;
        if (written) out.raw(COMMA);
        if (start >= 0) {
          const length = spans[at + 1]!;
          out.commit(kept.copy(start, length, out.reserve(length), out.length));
        } else if (!table.writeRecordOf(out, ids[k]!, places.skus[k]!)) {
          out.commit(before);
          continue;
        }
        written = true;
      }
      out.raw(CLOSE_LOCATION);
    }
    out.raw(CLOSE_ARRAY);
    if (places.groups) {
      const groups = this.#query.run(tenantGroupId, { skus: places.skus, locations: [], groups: places.groups }).groups ?? [];
      out.raw(GROUPS).utf8(JSON.stringify(groups.map((g) => ({ id: g.id, records: g.records.map((r) => groupRecordView(r.sku, r.availability)) }))));
    }
    return out.raw(CLOSE_OBJECT).bytes();
  }

  /** Bytes of rendered records the tenant group holds (for tests and diagnostics). */
  keptBytes(tenantGroupId: string): number {
    return this.#keepers.get(this.#tenants.state(tenantGroupId).skuIndex)?.held ?? 0;
  }

  /** Stops background warming. */
  close(): void {
    for (const pending of this.#warming.values()) clearImmediate(pending);
    this.#warming.clear();
  }

  #keeperOf(state: OciTenantState): RenderedRecords {
    let kept = this.#keepers.get(state.skuIndex);
    if (!kept) this.#keepers.set(state.skuIndex, (kept = new RenderedRecords()));
    if (kept.cold && !this.#warming.has(kept)) this.#warm(kept, state);
    return kept;
  }

  /**
   * Keeps every record of the tenant group in the background, SKU by SKU, in slices of WARM_SLICE_MS between
   * requests, so that random reads find their records kept from the first minutes on instead of after every
   * record was read once. Not a timed job (it follows no clock): the event loop runs it when requests leave room.
   */
  #warm(kept: RenderedRecords, state: OciTenantState): void {
    kept.cold = false;
    let id = 0;
    const slice = () => {
      if (this.#keepers.get(state.skuIndex) !== kept) return void this.#warming.delete(kept);
      const until = performance.now() + WARM_SLICE_MS;
      const tables = [...state.records.values()];
      const index = state.skuIndex;
      const skuOf = (skuId: number) => index.sku(skuId);
      while (id < index.size && performance.now() < until) {
        const end = Math.min(index.size, id + 64);
        kept.warm(id, end, skuOf, tables, this.#warmScratch);
        id = end;
      }
      if (id < index.size && !kept.cold) this.#warming.set(kept, setImmediate(slice));
      else this.#warming.delete(kept);
    };
    this.#warming.set(kept, setImmediate(slice));
  }
}

/** `{"id":"…","records":[` of each location asked for, made once: locations are few and asked for all day. */
const locationOpening = fragmentMemo((locationId) => `{"id":${JSON.stringify(locationId)},"records":[`);

/**
 * The index arrays of one answer and the writer of its missing records, reused from answer to answer (answers are
 * written one at a time, start to end, and nothing keeps these): allocating them per request showed in the profile.
 */
const reused = { ids: new Int32Array(64), slots: new Int32Array(64), order: new Int32Array(64), spans: new Int32Array(2048), fill: new JsonBytes(4096) };

function scratch(skus: number, places: number): typeof reused {
  if (reused.ids.length < skus) reused.ids = new Int32Array(skus);
  if (reused.slots.length < places) {
    reused.slots = new Int32Array(places);
    reused.order = new Int32Array(places);
  }
  if (reused.spans.length < 2 * skus * places) reused.spans = new Int32Array(2 * skus * places);
  return reused;
}

/** The indexes 0…places-1 sorted by their slot, into `order` (an insertion sort: a query names a few places). */
function bySlot(slots: Int32Array, places: number, order: Int32Array): void {
  for (let j = 0; j < places; j++) {
    let at = j;
    while (at > 0 && slots[order[at - 1]!]! > slots[j]!) {
      order[at] = order[at - 1]!;
      at--;
    }
    order[at] = j;
  }
}
