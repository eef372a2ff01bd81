import type { VirtualClock } from '../../core/clock.js';
import type { Store } from '../../core/store/store.js';
import { FeedJournal } from './feed-journal.js';
import type { FeedLog } from './feed-log.js';
import { DEFAULT_FEED_CAPACITY, FEED_RETENTION_MS, feedNamespace, type EventFigures, type FeedEntry, type PlaceKind } from './model.js';
import { feedLogFromStored } from './feed-stored.js';

// Every change to an availability record, from any source (API, import, reservation, publish), appended to one
// log per tenant group (namespace `oci-feed.<tenantGroupId>`). Readers keep only a cursor (a sequence number),
// so any number of delta streams read the same log; a read costs the entries since its cursor, never a scan of
// all records. Changes to a location's record carry the figures before and after, which is the event log the
// impex event-log export reads. Entries are kept for the event log's 30 days (a delta token lives 23.5 hours)
// and at most `capacity` of them: past that the oldest go, and a delta token that pointed there has expired.

export class ChangeFeed {
  readonly #store: Store;
  readonly #clock: VirtualClock;
  readonly #capacity: number;
  readonly #watchers = new Set<(tenantGroupId: string) => void>();

  constructor(store: Store, clock: VirtualClock, capacity = DEFAULT_FEED_CAPACITY) {
    this.#store = store;
    this.#clock = clock;
    this.#capacity = capacity;
  }

  /** A change without figures: a group's view of a SKU, or a location record that went away. */
  append(tenantGroupId: string, place: PlaceKind, placeId: string, sku: string): void {
    const log = this.#log(tenantGroupId);
    log.append(this.#clock.now(), place === 'group', placeId, sku);
    this.#after(tenantGroupId, log);
  }

  /** A change to a location's record, with its figures before and after. */
  appendEvent(tenantGroupId: string, locationId: string, sku: string, eventType: string, effectiveDate: string | undefined, figures: EventFigures): void {
    const log = this.#log(tenantGroupId);
    log.append(this.#clock.now(), false, locationId, sku, eventType, effectiveDate, figures);
    this.#after(tenantGroupId, log);
  }

  /**
   * For bulk writers (imports): the log to append to directly. `commit` after each batch prunes; `persist` once
   * at the end has the store write it (a rewrite of millions of entries per batch would cost more than the import).
   */
  bulk(tenantGroupId: string): { log: FeedLog; now: number; commit(): void; persist(): void } {
    const log = this.#log(tenantGroupId);
    return {
      log,
      now: this.#clock.now(),
      commit: () => {
        log.prune(this.#clock.now() - FEED_RETENTION_MS, this.#capacity);
        this.#notify(tenantGroupId);
      },
      persist: () => this.#store.touch(feedNamespace(tenantGroupId)),
    };
  }

  /** Sequence number of the newest entry (0 when nothing was ever written). */
  head(tenantGroupId: string): number {
    return this.#log(tenantGroupId).head;
  }

  /**
   * Whether entries after `cursor` are all still kept: false once some were pruned, and false for a cursor beyond
   * the head (the feed was reset or restored to an earlier state: the token's history is not this one).
   */
  covers(tenantGroupId: string, cursor: number): boolean {
    const log = this.#log(tenantGroupId);
    return cursor >= log.firstSeq - 1 && cursor <= log.head;
  }

  /**
   * Calls `listener` with the tenant group whenever entries were appended to its feed, so a reader can sleep while
   * nothing changes instead of polling an empty feed. Answers the unsubscribe.
   */
  watch(listener: (tenantGroupId: string) => void): () => void {
    this.#watchers.add(listener);
    return () => this.#watchers.delete(listener);
  }

  /**
   * Visits entries after `cursor` in order until `visit` returns false or the log ends. Returns the sequence
   * number of the last entry visited (the cursor to continue from) and whether the log was exhausted.
   */
  scan(tenantGroupId: string, cursor: number, visit: (entry: FeedEntry) => boolean): { last: number; exhausted: boolean } {
    return this.#log(tenantGroupId).scan(cursor, visit);
  }

  /** Changes to one SKU's location records between two instants, oldest first. */
  eventsOf(tenantGroupId: string, sku: string, from: number, to: number): Iterable<FeedEntry> {
    return this.#log(tenantGroupId).eventsOf(sku, from, to);
  }

  #log(tenantGroupId: string): FeedLog {
    const ns = feedNamespace(tenantGroupId);
    const state = this.#store.ensure<unknown>(ns, () => new FeedJournal());
    if (state instanceof FeedJournal) return state.log;
    // What an earlier version stored (`{log: {format: 'feed/2', …}}` or older), journaled from now on.
    const plain = state as { log?: unknown };
    const journal = new FeedJournal(feedLogFromStored(plain.log ?? plain));
    journal.forget();
    this.#store.adopt(ns, journal);
    return journal.log;
  }

  #after(tenantGroupId: string, log: FeedLog): void {
    log.prune(this.#clock.now() - FEED_RETENTION_MS, this.#capacity);
    this.#store.touch(feedNamespace(tenantGroupId));
    this.#notify(tenantGroupId);
  }

  #notify(tenantGroupId: string): void {
    for (const watcher of this.#watchers) watcher(tenantGroupId);
  }
}
