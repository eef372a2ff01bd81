import type { PublishedGraph } from '../../oci/places/graph.js';
import type { OrgState, SObjectRecord } from '../model.js';

// What a publish sends to OCI: locations with Sync with OCI, groups that are Enabled and Sync with OCI, and the
// assignments between the two, all by External Reference. Anything OCI could not accept is a problem that fails
// the upload's validation, said in words a person fixing the org understands.

export interface GraphSnapshot {
  graph: PublishedGraph;
  problems: string[];
  recordsRead: number;
  recordsProcessed: number;
}

export function publishedGraph(state: OrgState): GraphSnapshot {
  const problems: string[] = [];
  const { Location: locations, LocationGroup: groups, LocationGroupAssignment: assignments } = state.sobjects;
  const refOf = new Map<string, string>();
  const graph: PublishedGraph = { locations: [], groups: [] };
  for (const loc of Object.values(locations)) {
    if (loc.ShouldSyncWithOci !== true) continue;
    const ref = externalReference(loc);
    if (!ref) {
      problems.push(`Location ${label(loc.Name, loc.Id)} has Sync with OCI selected but no External Reference.`);
      continue;
    }
    refOf.set(loc.Id, ref);
    graph.locations.push({ id: ref, name: String(loc.Name ?? ref) });
  }
  let assignmentsUsed = 0;
  for (const group of Object.values(groups)) {
    if (group.IsEnabled !== true || group.ShouldSyncWithOci !== true) continue;
    const ref = externalReference(group);
    if (!ref) {
      problems.push(`Location group ${label(group.LocationGroupName, group.Id)} is enabled and synced but has no External Reference.`);
      continue;
    }
    const members = Object.values(assignments)
      .filter((a) => a.LocationGroupId === group.Id && refOf.has(String(a.LocationId)))
      .map((a) => refOf.get(String(a.LocationId))!);
    if (members.length === 0) {
      problems.push(`Location group ${ref} has no published location: assign at least one location with Sync with OCI selected.`);
      continue;
    }
    assignmentsUsed += members.length;
    graph.groups.push({ id: ref, name: String(group.LocationGroupName ?? ref), locations: members });
  }
  const recordsRead = Object.keys(locations).length + Object.keys(groups).length + Object.keys(assignments).length;
  return { graph, problems, recordsRead, recordsProcessed: graph.locations.length + graph.groups.length + assignmentsUsed };
}

function externalReference(record: SObjectRecord): string | undefined {
  return typeof record.ExternalReference === 'string' && record.ExternalReference.length > 0 ? record.ExternalReference : undefined;
}

function label(name: unknown, id: string): string {
  return typeof name === 'string' ? `${name} (${id})` : id;
}
