import type { VirtualClock } from '../../core/clock.js';
import type { Store } from '../../core/store/store.js';

// Every change to an availability record, from any source (API, import, reservation, publish), appended to one
// log per tenant group (namespace `oci-feed.<tenantGroupId>`). Readers keep only a cursor (a sequence number),
// so any number of delta streams read the same log; a read costs the entries since its cursor, never a scan of
// all records. Entries older than the retention are dropped as new ones arrive.

export const feedNamespace = (tenantGroupId: string) => `oci-feed.${tenantGroupId}`;

/** A delta token is valid for 23.5 hours; the log keeps a little more. */
export const FEED_RETENTION_MS = 24 * 3_600_000;

export type PlaceKind = 'location' | 'group';

export interface FeedEntry {
  seq: number;
  at: number;
  place: PlaceKind;
  placeId: string;
  sku: string;
}

/** Stored compactly: [atMs, 0 = location | 1 = group, placeId, sku]. */
type StoredEntry = [number, 0 | 1, string, string];

interface FeedState {
  /** Sequence number of entries[0]; the first entry ever written has seq 1. */
  firstSeq: number;
  entries: StoredEntry[];
}

export class ChangeFeed {
  readonly #store: Store;
  readonly #clock: VirtualClock;

  constructor(store: Store, clock: VirtualClock) {
    this.#store = store;
    this.#clock = clock;
  }

  append(tenantGroupId: string, place: PlaceKind, placeId: string, sku: string): void {
    const state = this.#state(tenantGroupId);
    const now = this.#clock.now();
    state.entries.push([now, place === 'location' ? 0 : 1, placeId, sku]);
    this.#prune(state, now);
    this.#store.touch(feedNamespace(tenantGroupId));
  }

  /** Sequence number of the newest entry (0 when nothing was ever written). */
  head(tenantGroupId: string): number {
    const state = this.#state(tenantGroupId);
    return state.firstSeq + state.entries.length - 1;
  }

  /** Whether entries after `cursor` are all still kept (false once some were pruned). */
  covers(tenantGroupId: string, cursor: number): boolean {
    return cursor >= this.#state(tenantGroupId).firstSeq - 1;
  }

  /**
   * Visits entries after `cursor` in order until `visit` returns false or the log ends. Returns the sequence
   * number of the last entry visited (the cursor to continue from) and whether the log was exhausted.
   */
  scan(tenantGroupId: string, cursor: number, visit: (entry: FeedEntry) => boolean): { last: number; exhausted: boolean } {
    const state = this.#state(tenantGroupId);
    let index = Math.max(0, cursor - state.firstSeq + 1);
    let last = cursor;
    while (index < state.entries.length) {
      const [at, kind, placeId, sku] = state.entries[index]!;
      const seq = state.firstSeq + index;
      if (!visit({ seq, at, place: kind === 0 ? 'location' : 'group', placeId, sku })) {
        return { last, exhausted: false };
      }
      last = seq;
      index++;
    }
    return { last, exhausted: true };
  }

  #state(tenantGroupId: string): FeedState {
    return this.#store.ensure<FeedState>(feedNamespace(tenantGroupId), () => ({ firstSeq: 1, entries: [] }));
  }

  #prune(state: FeedState, now: number): void {
    const oldest = state.entries[0];
    if (!oldest || now - oldest[0] <= FEED_RETENTION_MS) return;
    // Entries are in time order: find the first one still inside the retention and drop the rest in one splice.
    let lo = 0;
    let hi = state.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (now - state.entries[mid]![0] > FEED_RETENTION_MS) lo = mid + 1;
      else hi = mid;
    }
    state.entries.splice(0, lo);
    state.firstSeq += lo;
  }
}
