import type { VirtualClock } from '../../core/clock.js';
import { AppError } from '../../core/errors/app-error.js';
import type { Journal } from '../../core/journal.js';
import { safeMessage } from '../../core/errors/safe-message.js';
import { cachedFrom } from './mapping.js';
import type { OciClient } from './oci-client.js';
import { COMBINED, type CachedRecord, type StreamState } from './model.js';
import { readAvailabilityExport } from './export-reader.js';
import type { StoredCache } from './stored-cache.js';
import { nightReason, planStreams, syncStreams, type ListFacts } from './streams.js';
import { nightCutoff, nightWindowStart, type Timing } from './timing.js';

// One turn of an instance's cache streams, as a client of OCI would run them: bring the streams in line with the
// lists (a list joining or leaving a stream asks for a full import), start due full imports through OCI's
// availability export, pick up finished exports, and follow the change feed with get-deltas. A 410 (expired delta
// link) or any error asks for a new full import. Everything OCI is reached through its services.

export interface FollowerDeps {
  clock: VirtualClock;
  journal: Journal;
  timing: Timing;
  oci: OciClient;
  signal: AbortSignal;
  /** Called when an export's read ended: the instance's next turn should not wait for its sleep to end. */
  wake(instanceId: string): void;
}

export interface InstanceFacts {
  instanceId: string;
  tenantGroupId: string | undefined;
  lists: readonly ListFacts[];
  timeZone: string;
  cap: number;
}

/** How often a stream's renewed delta token is written when polls find nothing. */
const TOKEN_SAVE_MS = 60_000;
/** Pages of deltas read per stream per turn; more waiting brings the next turn forward. */
const PAGES_PER_TURN = 4;
/**
 * How long a cache with nothing to do sleeps between turns: OCI's change feed wakes it as soon as something
 * changes (OciCache), so this only renews the delta tokens, which would otherwise expire after 23.5 h of quiet.
 * Without it, moving the clock by a day would run 345 600 empty polls.
 */
export const IDLE_TURN_MS = 10 * 60_000;

export class Follower {
  readonly #d: FollowerDeps;
  /** Exports being read, by instance and stream (a read is never started twice). */
  readonly #reading = new Map<string, Promise<void>>();

  constructor(deps: FollowerDeps) {
    this.#d = deps;
  }

  /** Resolves once no export is being read. */
  async idle(): Promise<void> {
    while (this.#reading.size > 0) await Promise.allSettled([...this.#reading.values()]);
  }

  /**
   * One turn; answers how soon the next one is due: 0 when more deltas are waiting, the export poll while an export
   * is awaited, the poll interval after a poll that applied changes, and otherwise a sleep until the next full
   * import is due (at most IDLE_TURN_MS), which a change in OCI cuts short.
   */
  turn(cache: StoredCache, facts: InstanceFacts, current: () => boolean): number {
    const now = this.#d.clock.now();
    syncStreams(cache, facts.lists, now, (streamId, at) => this.#earliest(streamId, facts, at));
    let more = false;
    let applied = false;
    let awaitingExport = false;
    let nextImport = Infinity;
    for (const stream of [...cache.streams.values()]) {
      if (!facts.tenantGroupId) {
        this.#fail(cache, stream, facts, 'the instance is linked to no OCI tenant group', now);
        continue;
      }
      // Deltas keep flowing for the lists a stream has while it imports again or waits for its night.
      if (stream.deltaToken) {
        const polled = this.#follow(cache, stream, facts, now);
        more ||= polled === 'more';
        applied ||= polled !== 'nothing';
      }
      if (stream.status === 'importing' && stream.exportId) this.#collect(cache, stream, facts, current, now);
      if (stream.status !== 'importing' && stream.fullImportDue && now >= (stream.notBefore ?? 0)) this.#startImport(cache, stream, facts, now);
      awaitingExport ||= stream.status === 'importing';
      if (stream.status !== 'importing' && stream.fullImportDue) nextImport = Math.min(nextImport, stream.notBefore ?? now);
    }
    const { pollMs, exportPollMs } = this.#d.timing;
    if (more) return 0;
    if (awaitingExport) return Math.min(pollMs, exportPollMs);
    if (applied) return pollMs;
    return Math.max(pollMs, Math.min(IDLE_TURN_MS, nextImport - now));
  }

  /** When a full import of the stream may start, from `at` on: the combined stream waits for its night window. */
  #earliest(streamId: string, facts: InstanceFacts, at: number): number {
    return streamId === COMBINED && this.#d.timing.nightWindow ? nightWindowStart(at, facts.timeZone) : at;
  }

  #startImport(cache: StoredCache, stream: StreamState, facts: InstanceFacts, now: number): void {
    const tenantGroupId = facts.tenantGroupId!;
    const plan = planStreams(facts.lists).get(stream.id);
    if (!plan) return;
    let lists = plan.lists;
    if (stream.id === COMBINED && this.#d.timing.nightWindow) {
      // The window is checked now, in the instance's time zone as it is now (it may have changed since).
      const window = nightWindowStart(now, facts.timeZone);
      if (window > now) {
        stream.notBefore = window;
        stream.reason = nightReason(window);
        cache.streams.changed(stream.id);
        return;
      }
      const cutoff = nightCutoff(now, facts.timeZone);
      lists = lists.filter((l) => (cache.lists.get(l)?.joinedAt ?? now) < cutoff);
      if (lists.length === 0) {
        stream.notBefore = nightWindowStart(now + 3_600_000, facts.timeZone);
        stream.reason = `waits for the night import at ${new Date(stream.notBefore).toISOString()} (lists that join after 01:00 instance time wait a night)`;
        cache.streams.changed(stream.id);
        return;
      }
    }
    try {
      stream.exportId = this.#d.oci.requestExport(tenantGroupId, plan.placeType, lists);
    } catch (error) {
      this.#fail(cache, stream, facts, `the availability export was refused: ${safeMessage(error)}`, now);
      return;
    }
    stream.placeType = plan.placeType;
    stream.importing = lists;
    stream.status = 'importing';
    delete stream.reason;
    // Lists the night's cutoff left out are taken by the next night's import.
    stream.fullImportDue = lists.length < plan.lists.length;
    if (stream.fullImportDue) {
      stream.notBefore = nightWindowStart(now + 3_600_000, facts.timeZone);
      stream.reason = `lists that joined after 01:00 instance time wait for the night import at ${new Date(stream.notBefore).toISOString()}`;
    } else delete stream.notBefore;
    cache.streams.changed(stream.id);
  }

  #collect(cache: StoredCache, stream: StreamState, facts: InstanceFacts, current: () => boolean, now: number): void {
    const key = `${facts.instanceId}\u0000${stream.id}`;
    if (this.#reading.has(key)) return;
    const state = this.#d.oci.exportState(facts.tenantGroupId!, stream.exportId!);
    if (state.status === 'waiting') return;
    if (state.status === 'expired') {
      // The export finished long ago (a restart a day later): a new one, at once where the stream may import.
      stream.reason = `the file of export ${stream.exportId} is no longer offered: a new full import`;
      delete stream.exportId;
      delete stream.importing;
      stream.status = 'pending';
      stream.fullImportDue = true;
      stream.notBefore = this.#earliest(stream.id, facts, now);
      cache.streams.changed(stream.id);
      return;
    }
    if (state.status === 'failed' || !state.path) {
      this.#fail(cache, stream, facts, `the availability export ${stream.exportId} failed: ${state.reason ?? 'no file'}`, now);
      return;
    }
    const exportId = stream.exportId!;
    const read = this.#read(cache, stream, facts, state.path, exportId, current).finally(() => {
      this.#reading.delete(key);
      this.#d.wake(facts.instanceId);
    });
    this.#reading.set(key, read);
  }

  async #read(cache: StoredCache, stream: StreamState, facts: InstanceFacts, path: string, exportId: string, current: () => boolean): Promise<void> {
    const importing = new Set(stream.importing ?? []);
    const maps = new Map<string, Map<string, CachedRecord>>([...importing].map((l) => [l, new Map()]));
    const receivedAt = this.#d.clock.now();
    let result;
    try {
      result = await readAvailabilityExport(path, (place, line) => maps.get(place)?.set(line.sku as string, cachedFrom(line, receivedAt)), this.#d.signal);
    } catch (error) {
      if ((error as Error).name === 'StoppedError' || !current()) return;
      if (stream.exportId === exportId) this.#fail(cache, stream, facts, `reading the availability export failed: ${safeMessage(error)}`, this.#d.clock.now());
      return;
    }
    // Switched off, reset or replaced while reading; or a newer import took over.
    if (!current() || stream.exportId !== exportId || cache.streams.get(stream.id) !== stream) return;
    const now = this.#d.clock.now();
    if (!result.deltaToken) {
      this.#fail(cache, stream, facts, `the availability export ${exportId} ended without a delta token`, now);
      return;
    }
    const imported: { type: string; tenant: string; data: Record<string, unknown> }[] = [];
    for (const [listId, records] of maps) {
      const room = facts.cap - (cache.count - (cache.recordsOf(listId)?.size ?? 0));
      let kept = records;
      if (records.size > room) {
        kept = new Map([...records].slice(0, Math.max(0, room)));
        this.#d.journal.emit({ type: 'b2c.cache.full', tenant: facts.instanceId, data: { listId, cap: facts.cap, refused: records.size - kept.size } });
      }
      cache.replaceList(listId, kept);
      const entry = cache.lists.get(listId);
      const first = entry && entry.lastFullImport === undefined;
      if (entry) cache.lists.set(listId, { ...entry, lastFullImport: now });
      imported.push({ type: first ? 'b2c.cache.complete' : 'b2c.cache.reimported', tenant: facts.instanceId, data: { listId, stream: stream.id, records: kept.size, exportId } });
    }
    // Lists that left the stream while it imported are not taken back (the next turn drops their records).
    stream.lists = [...importing].filter((l) => stream.planned.includes(l));
    stream.deltaToken = result.deltaToken;
    // It follows what it imported; a full import still due (a list left for the next night) comes on its own.
    stream.status = 'complete';
    stream.lastFullImport = now;
    delete stream.exportId;
    delete stream.importing;
    if (!stream.fullImportDue) delete stream.reason;
    cache.streams.changed(stream.id);
    // Told once the stream follows its lists: a reader of the event (the sequence checker) finds them complete.
    for (const event of imported) this.#d.journal.emit(event);
  }

  /** Reads deltas; answers whether more are waiting, some were applied, or nothing changed. */
  #follow(cache: StoredCache, stream: StreamState, facts: InstanceFacts, now: number): 'more' | 'applied' | 'nothing' {
    const follows = new Set(stream.lists);
    let result: 'applied' | 'nothing' = 'nothing';
    for (let page = 0; page < PAGES_PER_TURN; page++) {
      let answer;
      try {
        answer = this.#d.oci.deltas(facts.tenantGroupId!, stream.deltaToken!);
      } catch (error) {
        // OCI down or throttling (an outage): the link still holds; the cache keeps what it has and asks again.
        if (error instanceof AppError && (error.status === 503 || error.status === 429)) {
          stream.reason = `OCI unavailable: ${safeMessage(error)}`;
          cache.streams.changed(stream.id);
          return 'nothing';
        }
        const gone = error instanceof AppError && error.status === 410;
        delete stream.deltaToken;
        if (stream.status !== 'importing') {
          stream.fullImportDue = true;
          stream.notBefore = this.#earliest(stream.id, facts, gone ? now : now + this.#d.timing.retryMs);
          stream.reason = gone ? 'the delta link expired (410): a new full import follows' : `get-deltas failed: ${safeMessage(error)}`;
          stream.status = 'pending';
        }
        cache.streams.changed(stream.id);
        return 'applied';
      }
      const touched = new Set<string>();
      const refused = new Map<string, number>();
      for (const r of answer.records) {
        if (!follows.has(r.id)) continue;
        touched.add(r.id);
        if (r.deltaType === 'Delete') cache.delete(r.id, r.sku);
        else if (!cache.set(r.id, r.sku, cachedFrom(r, now), facts.cap)) refused.set(r.id, (refused.get(r.id) ?? 0) + 1);
      }
      for (const [listId, count] of refused) this.#d.journal.emit({ type: 'b2c.cache.full', tenant: facts.instanceId, data: { listId, cap: facts.cap, refused: count } });
      stream.deltaToken = answer.nextDeltaToken;
      // An empty poll only renews the token: it reaches the disk now and then, not four times a second (a
      // restart that resumes from a slightly older token reads a few empty pages again, nothing more).
      if (touched.size > 0 || now - (stream.tokenSavedAt ?? 0) >= TOKEN_SAVE_MS) {
        stream.tokenSavedAt = now;
        cache.streams.changed(stream.id);
      }
      if (touched.size > 0) {
        result = 'applied';
        stream.lastDelta = now;
        for (const listId of touched) {
          const entry = cache.lists.get(listId);
          if (entry) {
            entry.lastDelta = now;
            cache.lists.changed(listId);
          }
        }
      }
      if (!answer.shouldQueryAgain) {
        stream.caughtUpAt = now;
        return result;
      }
    }
    return 'more';
  }

  #fail(cache: StoredCache, stream: StreamState, facts: InstanceFacts, reason: string, now: number): void {
    if (stream.status === 'error' && stream.reason === reason && stream.fullImportDue) return;
    stream.status = 'error';
    stream.reason = reason;
    stream.fullImportDue = true;
    stream.notBefore = this.#earliest(stream.id, facts, now + this.#d.timing.retryMs);
    delete stream.exportId;
    delete stream.importing;
    cache.streams.changed(stream.id);
  }
}
