import { COMBINED, type StreamKind, type StreamState } from './model.js';
import type { StoredCache } from './stored-cache.js';

// Which streams fill the cache (Salesforce, "Data synchronization"): a list paired with a location group gets a
// dedicated stream, so does a list assigned to a site; every other list paired with a location shares the one
// combined stream. A list that pairs with nothing gets no stream (the page warns about it).

export interface ListFacts {
  id: string;
  /** The OCI place of the same External Reference, if any. */
  place: 'group' | 'location' | undefined;
  assignedToSite: boolean;
}

export interface PlannedStream {
  id: string;
  kind: StreamKind;
  placeType: 'group' | 'location';
  lists: string[];
}

export function planStreams(lists: readonly ListFacts[]): Map<string, PlannedStream> {
  const plan = new Map<string, PlannedStream>();
  const combined: string[] = [];
  for (const list of lists) {
    if (!list.place) continue;
    if (list.place === 'group' || list.assignedToSite) {
      plan.set(streamIdOf(list.id), { id: streamIdOf(list.id), kind: 'dedicated', placeType: list.place, lists: [list.id] });
    } else combined.push(list.id);
  }
  if (combined.length > 0) plan.set(COMBINED, { id: COMBINED, kind: 'combined', placeType: 'location', lists: combined.sort() });
  return plan;
}

/** A dedicated stream is named after its list (`list:<id>`), so no list id can be mistaken for the combined one. */
export const streamIdOf = (listId: string) => `list:${listId}`;

/**
 * Brings the cache's streams in line with the lists as they are now: a new stream waits for its first full import;
 * a list joining or leaving one asks it for a new full import (not before `earliest`: the combined stream's
 * night), while it keeps following the lists it had that are still in it; a list in no stream loses its records.
 */
export function syncStreams(cache: StoredCache, lists: readonly ListFacts[], now: number, earliest: (streamId: string, at: number) => number): void {
  const plan = planStreams(lists);
  const listed = new Set<string>();
  for (const planned of plan.values()) {
    for (const listId of planned.lists) {
      listed.add(listId);
      const entry = cache.lists.get(listId);
      if (!entry || entry.stream !== planned.id) cache.lists.set(listId, { listId, stream: planned.id, joinedAt: now });
    }
    const stream = cache.streams.get(planned.id);
    const notBefore = earliest(planned.id, now);
    if (!stream) {
      const fresh: StreamState = { id: planned.id, kind: planned.kind, placeType: planned.placeType, planned: planned.lists, lists: [], status: 'pending', fullImportDue: true, notBefore };
      cache.streams.set(planned.id, Object.assign(fresh, waiting(notBefore, now)));
    } else if (!sameLists(stream.planned, planned.lists) || stream.placeType !== planned.placeType) {
      stream.planned = planned.lists;
      stream.lists = stream.lists.filter((l) => planned.lists.includes(l));
      if (!awaitsThese(stream, planned)) {
        stream.fullImportDue = true;
        stream.notBefore = notBefore;
        if (stream.status !== 'importing' && stream.status !== 'error') Object.assign(stream, waiting(notBefore, now));
      }
      stream.placeType = planned.placeType;
      cache.streams.changed(stream.id);
    }
  }
  for (const stream of [...cache.streams.values()]) if (!plan.has(stream.id)) cache.streams.delete(stream.id);
  for (const listId of cache.lists.keys()) if (!listed.has(listId)) cache.lists.delete(listId);
  for (const listId of cache.listIds()) {
    const entry = cache.lists.get(listId);
    const stream = entry && cache.streams.get(entry.stream);
    if (!stream || (!stream.lists.includes(listId) && !stream.importing?.includes(listId))) cache.dropList(listId);
  }
}

/** A stream already importing exactly the planned lists needs no new request. */
function awaitsThese(stream: StreamState, planned: PlannedStream): boolean {
  return stream.status === 'importing' && stream.importing !== undefined && stream.placeType === planned.placeType && sameLists(stream.importing, planned.lists);
}

/** Why a stream whose import may not start yet waits (the combined stream's night window). */
function waiting(notBefore: number, now: number): { reason?: string } {
  return notBefore > now ? { reason: nightReason(notBefore) } : {};
}

export const nightReason = (at: number) => `waits for the night import at ${new Date(at).toISOString()} (the combined stream imports 02:00–03:00 instance time)`;

export function sameLists(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((x) => set.has(x));
}
