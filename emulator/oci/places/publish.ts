import type { ChangeFeed } from '../change-feed/feed.js';
import { dictFrom } from '../../core/objects.js';
import { ociError } from '../errors.js';
import type { OciGroup } from '../model.js';
import type { OciTenants } from '../tenants.js';
import { recordsAt } from '../records/records-at.js';
import type { PublishedGraph, PublishResult } from './graph.js';

// OCI sees the location graph only when the org publishes it. Publishing replaces the places wholesale:
// locations that disappear take their availability records with them, and every group whose members changed
// has its SKUs marked changed in the feed, so group delta streams see the new aggregates.

export function publishGraph(tenants: OciTenants, feed: ChangeFeed, tenantGroupId: string, graph: PublishedGraph): PublishResult {
  const locationIds = new Set(graph.locations.map((l) => l.id));
  for (const group of graph.groups) {
    if (group.locations.length === 0) throw ociError(400, 'GroupMustNotBeEmpty', `Group ${group.id} has no location.`, { group: group.id });
    for (const loc of group.locations) {
      if (!locationIds.has(loc)) throw ociError(400, 'LocationDoesNotExist', `Group ${group.id} names location ${loc}, which is not published.`, { location: loc });
    }
  }
  const state = tenants.state(tenantGroupId);
  const skusAt = (loc: string) => recordsAt(state, loc)?.skus() ?? [];

  const changedGroups = new Map<string, Set<string>>();
  const before = state.groups;
  const after = dictFrom(graph.groups.map((g) => [g.id, { id: g.id, name: g.name, locations: [...new Set(g.locations)] } satisfies OciGroup] as const));
  for (const id of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = new Set(before[id]?.locations ?? []);
    const is = new Set(after[id]?.locations ?? []);
    const moved = [...was].filter((l) => !is.has(l)).concat([...is].filter((l) => !was.has(l)));
    if (moved.length > 0) changedGroups.set(id, new Set(moved.flatMap(skusAt)));
  }

  const removedLocations = Object.keys(state.locations).filter((l) => !locationIds.has(l));
  for (const loc of removedLocations) {
    for (const sku of [...skusAt(loc)]) feed.append(tenantGroupId, 'location', loc, sku);
    state.records.delete(loc);
  }
  const removedGroups = Object.keys(before).filter((g) => !after[g]);
  for (const g of removedGroups) delete state.exclusions[g];

  state.locations = dictFrom(graph.locations.map((l) => [l.id, { id: l.id, name: l.name }] as const));
  state.groups = after;
  for (const [groupId, skus] of changedGroups) for (const sku of skus) feed.append(tenantGroupId, 'group', groupId, sku);
  tenants.invalidate(tenantGroupId);
  tenants.touch(tenantGroupId);
  return { tenantGroupId, locations: graph.locations.length, groups: graph.groups.length, removedLocations, removedGroups };
}
