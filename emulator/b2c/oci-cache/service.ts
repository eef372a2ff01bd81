import type { VirtualClock } from '../../core/clock.js';
import type { Journal } from '../../core/journal.js';
import type { Logger } from '../../core/log.js';
import type { Store } from '../../core/store/store.js';
import { Follower, type InstanceFacts } from './follower.js';
import type { OciClient } from './oci-client.js';
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
  /** How long the oldest change OCI signalled has waited for the cache (0: caught up). */
  lagMs: number | undefined;
}

export class OciCache {
  readonly #d: CacheDeps;
  readonly #follower: Follower;
  readonly #stop = new AbortController();
  /** Per instance following OCI: when its next turn is due, when the last one ran, and its tenant group. */
  readonly #running = new Map<string, { nextAt: number; lastTurn: number; tenantGroupId: string | undefined; changedSince: number | undefined }>();

  constructor(deps: CacheDeps) {
    this.#d = deps;
    this.#follower = new Follower({ clock: deps.clock, journal: deps.journal, timing: deps.timing, oci: deps.oci, signal: this.#stop.signal, wake: (id) => this.wake(id) });
  }

  /** OCI's change feed of a tenant group grew: the caches following it poll at their next poll time. */
  changed(tenantGroupId: string): void {
    for (const [instanceId, run] of this.#running) {
      if (run.tenantGroupId !== tenantGroupId) continue;
      run.changedSince ??= this.#d.clock.now();
      this.wake(instanceId);
    }
  }

  /**
   * Something the streams depend on changed (OCI's feed, the instance's lists or sites, an export read that ended):
   * a sleeping cache takes its next turn at its next poll time, as if it had been polling all along.
   */
  wake(instanceId: string): void {
    const run = this.#running.get(instanceId);
    if (!run) return;
    const now = this.#d.clock.now();
    const { pollMs } = this.#d.timing;
    // The first poll time after the last turn that is not in the past: what polling every pollMs would have hit.
    const next = Math.max(now, run.lastTurn + Math.max(1, Math.ceil((now - run.lastTurn) / pollMs)) * pollMs);
    if (next < run.nextAt) this.#arm(instanceId, next);
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
    this.#running.delete(instanceId);
    const cache = this.#cache(instanceId);
    if (!cache) return;
    cache.clear();
    this.#d.store.touch(cacheNamespace(instanceId));
  }

  record(instanceId: string, listId: string, sku: string): CachedRecord | undefined {
    return this.#cache(instanceId)?.get(listId, sku);
  }

  /** SKUs cached for the list, in code-unit order (kept sorted until a SKU comes or goes; do not change it). */
  sortedSkus(instanceId: string, listId: string): readonly string[] {
    return this.#cache(instanceId)?.sortedSkus(listId) ?? [];
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
      .map((entry) => rowOf(cache, entry, this.#lag(instanceId, now)));
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
      else {
        this.#d.clock.cancel(jobKey(instanceId));
        this.#running.delete(instanceId);
      }
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
    const run = this.#running.get(instanceId) ?? { nextAt: at, lastTurn: this.#d.clock.now(), tenantGroupId: undefined, changedSince: undefined };
    run.nextAt = at;
    this.#running.set(instanceId, run);
    this.#d.clock.schedule(at, 'b2c oci cache streams', () => this.#turn(instanceId), jobKey(instanceId));
  }

  #turn(instanceId: string): void {
    const cache = this.#cache(instanceId);
    if (!cache) {
      this.#running.delete(instanceId);
      return;
    }
    const generation = cache.generation;
    const current = () => this.#cache(instanceId) === cache && cache.generation === generation;
    const now = this.#d.clock.now();
    const facts = this.#d.facts(instanceId);
    const run = this.#running.get(instanceId)!;
    run.lastTurn = now;
    run.tenantGroupId = facts.tenantGroupId;
    const changedBefore = run.changedSince;
    let next = this.#d.timing.pollMs;
    try {
      next = this.#follower.turn(cache, facts, current);
    } catch (error) {
      this.#d.logger.error(`the OCI cache of ${instanceId} failed a turn`, error);
    }
    // Caught up with what OCI had when this turn began (a change during the turn woke it again).
    if (next > 0 && run.changedSince === changedBefore) run.changedSince = undefined;
    // Only a turn that changed something costs a write (an idle cache must not rewrite the manifest 4 times a second).
    if (cache.hasChanges()) this.#d.store.touch(cacheNamespace(instanceId));
    this.#arm(instanceId, now + next);
  }

  /** How long the oldest change OCI signalled has waited for the cache, or 0 when it has caught up. */
  #lag(instanceId: string, now: number): number {
    const since = this.#running.get(instanceId)?.changedSince;
    return since === undefined ? 0 : Math.max(0, now - since);
  }
}

const jobKey = (instanceId: string) => `${instanceId}:oci-cache`;

function rowOf(cache: StoredCache, entry: ListEntry, lagMs: number): ListStatus {
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
    lagMs: status === 'complete' ? lagMs : undefined,
  };
}
