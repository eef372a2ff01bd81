import { COMBINED, type StreamKind } from './model.js';

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
