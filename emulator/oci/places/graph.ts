// The location graph as the org publishes it to OCI: only enabled, synced places, by External Reference.

export interface PublishedGraph {
  locations: { id: string; name: string }[];
  groups: { id: string; name: string; locations: string[] }[];
}

export interface PublishResult {
  tenantGroupId: string;
  locations: number;
  groups: number;
  /** Locations OCI no longer has; their availability records are gone (each a Delete in the change feed). */
  removedLocations: string[];
  removedGroups: string[];
}
