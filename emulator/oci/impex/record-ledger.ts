import type { Store } from '../../core/store/store.js';
import { comparePairs } from './id-hash.js';

// The recordIds imports already applied, per tenant group (namespace `oci-import-ids.<tenantGroupId>`): OCI
// documents recordId as the guard against importing the same record twice, so a line whose recordId was applied
// before is skipped. Ids are kept as 64-bit hashes (id-hash.ts), one sorted segment per import; a segment goes once
// it is older than the retention. An import checks its own sorted ids against each segment in one merge walk.

export const ledgerNamespace = (tenantGroupId: string) => `oci-import-ids.${tenantGroupId}`;

/** How long an applied recordId keeps a later line with the same id from applying. */
export const RECORD_ID_RETENTION_MS = 24 * 3_600_000;

/** One import's ids, sorted; stored as base64 of the hash pairs, so a million ids write and read in milliseconds. */
class Segment {
  constructor(
    readonly at: number,
    readonly pairs: Uint32Array,
  ) {}

  toJSON(): { at: number; hashes: string } {
    return { at: this.at, hashes: Buffer.from(this.pairs.buffer, this.pairs.byteOffset, this.pairs.byteLength).toString('base64') };
  }

  static from(data: unknown): Segment | undefined {
    if (data instanceof Segment) return data;
    const d = data as { at?: unknown; hashes?: unknown } | null;
    if (typeof d?.at !== 'number' || typeof d.hashes !== 'string') return undefined;
    const buf = Buffer.from(d.hashes, 'base64');
    return new Segment(d.at, new Uint32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + (buf.length & ~7))));
  }
}

interface LedgerState {
  segments: Segment[];
}

export class RecordLedger {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /**
   * Marks (`known[i] = 1`) every id that an earlier import applied. `pairs` holds the ids (a, b per id) and `order`
   * visits them sorted (see sortedOrder).
   */
  markApplied(tenantGroupId: string, now: number, pairs: Uint32Array, order: Uint32Array, known: Uint8Array): void {
    const cutoff = now - RECORD_ID_RETENTION_MS;
    for (const segment of this.#segments(tenantGroupId)) {
      if (segment.at < cutoff) continue;
      const seg = segment.pairs;
      const m = seg.length / 2;
      let j = 0;
      for (let k = 0; k < order.length && j < m; k++) {
        const i = order[k]!;
        const a = pairs[i * 2]!;
        const b = pairs[i * 2 + 1]!;
        let c = comparePairs(seg[j * 2]!, seg[j * 2 + 1]!, a, b);
        while (c < 0 && ++j < m) c = comparePairs(seg[j * 2]!, seg[j * 2 + 1]!, a, b);
        if (c === 0) known[i] = 1;
      }
    }
  }

  /** Adds one import's applied ids (sorted, without repeats) and drops segments past the retention. */
  commit(tenantGroupId: string, now: number, sortedPairs: Uint32Array): void {
    const state = this.#state(tenantGroupId);
    const cutoff = now - RECORD_ID_RETENTION_MS;
    state.segments = this.#segments(tenantGroupId).filter((s) => s.at >= cutoff);
    if (sortedPairs.length > 0) state.segments.push(new Segment(now, sortedPairs));
    this.#store.touch(ledgerNamespace(tenantGroupId));
  }

  #state(tenantGroupId: string): LedgerState {
    return this.#store.ensure<LedgerState>(ledgerNamespace(tenantGroupId), () => ({ segments: [] }));
  }

  #segments(tenantGroupId: string): Segment[] {
    const state = this.#state(tenantGroupId);
    // Read from disk, a snapshot or a reset: decode once.
    if (!Array.isArray(state.segments)) state.segments = [];
    if (state.segments.some((s) => !(s instanceof Segment))) {
      state.segments = state.segments.map(Segment.from).filter((s): s is Segment => s !== undefined);
    }
    return state.segments;
  }
}
