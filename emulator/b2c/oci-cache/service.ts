import type { VirtualClock } from '../../core/clock.js';
import type { Journal } from '../../core/journal.js';
import type { Logger } from '../../core/log.js';
import type { Store } from '../../core/store/store.js';
import { Follower, type InstanceFacts, type OciClient } from './follower.js';
import { CACHE_JOURNAL, cacheNamespace, type CachedRecord, type CacheStatus, type ListEntry, type StreamState } from './model.js';
import { StoredCache } from './stored-cache.js';
import type { Timing } from './timing.js';

// The OCI cache of each B2C instance: started when the instance enters OCI Cache Enabled, dropped when the
// integration is turned off. While it exists, a job on the virtual clock runs its streams' turns (follower.ts)
// every poll interval of the timing profile; a restart or a restored snapshot arms it again from the namespace.

export interface CacheDeps {
  store: Store;
  clock: VirtualClock;
  journal: Journal;
  logger: Logger;
  timing: Timing;
  oci: OciClient;
  /** The instance's lists, tenant group, time zone and cap, as B2C knows them now. */
  facts(instanceId: string): InstanceFacts;
}

export interface ListStatus {
  listId: string;
  stream: string;
  streamKind: StreamState['kind'];
  status: CacheStatus;
  reason: string | undefined;
  records: number;
  lastFullImport: number | undefined;
  lastDelta: number | undefined;
  /** How far behind OCI the list can be: since the last poll that found nothing more waiting. */
  lagMs: number | undefined;
}

export class OciCache {
  readonly #d: CacheDeps;
  readonly #follower: Follower;
  readonly #stop = new AbortController();

  constructor(deps: CacheDeps) {
    this.#d = deps;
    this.#follower = new Follower({ clock: deps.clock, journal: deps.journal, timing: deps.timing, oci: deps.oci, signal: this.#stop.signal });
  }

  /** Creates the instance's cache (if it has none) and starts its streams. */
  start(instanceId: string): void {
    this.#d.store.ensure(cacheNamespace(instanceId), () => new StoredCache());
    this.#d.store.touch(cacheNamespace(instanceId));
    this.#arm(instanceId, this.#d.clock.now());
  }

  /**
   * Stops the streams and drops what the cache held. The namespace stays, empty: deleting it would tell every
   * product the store was replaced, and they would arm their jobs again for nothing.
   */
  stop(instanceId: string): void {
    this.#d.clock.cancel(jobKey(instanceId));
    const cache = this.#cache(instanceId);
    if (!cache) return;
    cache.clear();
    this.#d.store.touch(cacheNamespace(instanceId));
  }

  record(instanceId: string, listId: string, sku: string): CachedRecord | undefined {
    return this.#cache(instanceId)?.get(listId, sku);
  }

  /** SKUs cached for the list, unsorted. */
  skus(instanceId: string, listId: string): IterableIterator<string> | string[] {
    return this.#cache(instanceId)?.recordsOf(listId)?.keys() ?? [];
  }

  count(instanceId: string): number {
    return this.#cache(instanceId)?.count ?? 0;
  }

  /**
   * Whether the list's cache has completed a full import in the stream it is in now (a later re-import after a 410
   * does not undo that: its records are there, and deltas follow once the new import lands).
   */
  complete(instanceId: string, listId: string): boolean {
    const cache = this.#cache(instanceId);
    const entry = cache?.lists.get(listId);
    if (!cache || !entry || entry.lastFullImport === undefined) return false;
    return cache.streams.get(entry.stream)?.lists.includes(listId) ?? false;
  }

  /** The Cache Status table: one row per list a stream fills. */
  listStatus(instanceId: string): ListStatus[] {
    const cache = this.#cache(instanceId);
    if (!cache) return [];
    const now = this.#d.clock.now();
    return [...cache.lists.values()]
      .sort((a, b) => a.listId.localeCompare(b.listId))
      .map((entry) => rowOf(cache, entry, now));
  }

  /** Resolves once no export is being read (tests advance the clock, then wait for this). */
  idle(): Promise<void> {
    return this.#follower.idle();
  }

  /** After a restart or a store replace: the instances whose mode fills a cache follow OCI again; others stop. */
  rearm(filling: (instanceId: string) => boolean): void {
    for (const ns of this.#d.store.namespaces(`${CACHE_JOURNAL}.`)) {
      const instanceId = ns.slice(CACHE_JOURNAL.length + 1);
      if (filling(instanceId)) this.#arm(instanceId, this.#d.clock.now());
      else this.#d.clock.cancel(jobKey(instanceId));
    }
  }

  close(): void {
    this.#stop.abort();
  }

  #cache(instanceId: string): StoredCache | undefined {
    const value = this.#d.store.get<unknown>(cacheNamespace(instanceId));
    return value instanceof StoredCache ? value : undefined;
  }

  #arm(instanceId: string, at: number): void {
    this.#d.clock.schedule(at, 'b2c oci cache streams', () => this.#turn(instanceId), jobKey(instanceId));
  }

  #turn(instanceId: string): void {
    const cache = this.#cache(instanceId);
    if (!cache) return;
    const generation = cache.generation;
    const current = () => this.#cache(instanceId) === cache && cache.generation === generation;
    let next = this.#d.timing.pollMs;
    try {
      next = this.#follower.turn(cache, this.#d.facts(instanceId), current);
    } catch (error) {
      this.#d.logger.error(`the OCI cache of ${instanceId} failed a turn`, error);
    }
    this.#d.store.touch(cacheNamespace(instanceId));
    this.#arm(instanceId, this.#d.clock.now() + next);
  }
}

const jobKey = (instanceId: string) => `${instanceId}:oci-cache`;

function rowOf(cache: StoredCache, entry: ListEntry, now: number): ListStatus {
  const stream = cache.streams.get(entry.stream);
  const follows = stream?.lists.includes(entry.listId) ?? false;
  let status: CacheStatus = 'pending';
  let reason = stream?.reason;
  if (stream?.status === 'error') status = 'error';
  else if (stream?.importing?.includes(entry.listId)) status = 'importing';
  else if (follows && entry.lastFullImport !== undefined && stream?.deltaToken) status = 'complete';
  else reason ??= 'waiting for its first full import';
  if (status === 'complete') reason = undefined;
  return {
    listId: entry.listId,
    stream: entry.stream,
    streamKind: stream?.kind ?? 'dedicated',
    status,
    reason,
    records: cache.recordsOf(entry.listId)?.size ?? 0,
    lastFullImport: entry.lastFullImport,
    lastDelta: entry.lastDelta,
    lagMs: status === 'complete' && stream?.caughtUpAt !== undefined ? Math.max(0, now - stream.caughtUpAt) : undefined,
  };
}
