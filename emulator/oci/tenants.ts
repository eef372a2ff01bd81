import type { Store } from '../core/store/store.js';
import { ociNamespace, type OciGroup, type OciRecord } from './model.js';
import type { OciTenantState } from './tenant-book.js';
import { recordsAt } from './records/records-at.js';
import { emptyOciState, OciTenantBook } from './tenant-book.js';

// Access to each tenant group's OCI state, with the indexes the hot paths need kept beside it in memory:
// which groups a location belongs to, and which SKUs each group excludes. Indexes are rebuilt lazily after the
// graph or the segmentation changes, or after the store replaced namespaces (reset, snapshot, fixtures: the OCI
// party's rearm).
// Every write to a tenant group's state goes through `touch`, which also moves the tenant's version on: anything
// derived from the state (cached answers) is valid only for the version it was computed at.

interface Indexes {
  groupsOfLocation: Map<string, OciGroup[]>;
  /** Each group's members, least shared first (filled in as groups are asked for). */
  reservationOrder: Map<string, string[]>;
  exclusions: Map<string, Set<string>>;
  ungrouped: string[];
}

export class OciTenants {
  readonly #store: Store;
  readonly #indexes = new Map<string, Indexes>();
  readonly #versions = new Map<string, number>();

  constructor(store: Store) {
    this.#store = store;
  }

  /** The tenant group's state, created empty when nothing was ever published there. */
  state(tenantGroupId: string): OciTenantState {
    const ns = ociNamespace(tenantGroupId);
    const value = this.#store.ensure<OciTenantState>(ns, emptyOciState);
    if (value instanceof OciTenantBook) return value;
    // Plain state: a fixture's, a snapshot's or an earlier version's layout, journaled from now on.
    const book = OciTenantBook.fromPlain(value);
    this.#store.adopt(ns, book);
    return book;
  }

  touch(tenantGroupId: string): void {
    this.#store.touch(ociNamespace(tenantGroupId));
    this.#bump(tenantGroupId);
  }

  /**
   * For bulk writers: the state changed in memory (cached answers are stale) but is not written yet; they call
   * `touch` once when they are done, instead of making the store serialise a million records per batch.
   */
  changed(tenantGroupId: string): void {
    this.#bump(tenantGroupId);
  }

  /** Changes whenever the tenant group's state may have changed. */
  version(tenantGroupId: string): number {
    return this.#versions.get(tenantGroupId) ?? 0;
  }

  record(tenantGroupId: string, locationId: string, sku: string): OciRecord | undefined {
    return recordsAt(this.state(tenantGroupId), locationId)?.get(sku);
  }

  groupsOf(tenantGroupId: string, locationId: string): readonly OciGroup[] {
    return this.#index(tenantGroupId).groupsOfLocation.get(locationId) ?? [];
  }

  /** Locations that belong to no group, in publish order. */
  ungrouped(tenantGroupId: string): readonly string[] {
    return this.#index(tenantGroupId).ungrouped;
  }

  /**
   * The group's members in the order group reservations use them: least shared first (fewest groups), then in
   * the group's own order. Empty for an unknown group.
   */
  reservationOrder(tenantGroupId: string, groupId: string): readonly string[] {
    const index = this.#index(tenantGroupId);
    let order = index.reservationOrder.get(groupId);
    if (!order) {
      const members = this.state(tenantGroupId).groups[groupId]?.locations ?? [];
      const shared = (id: string) => index.groupsOfLocation.get(id)?.length ?? 0;
      order = members
        .map((id, position) => ({ id, position, shared: shared(id) }))
        .sort((a, b) => a.shared - b.shared || a.position - b.position)
        .map((m) => m.id);
      index.reservationOrder.set(groupId, order);
    }
    return order;
  }

  isExcluded(tenantGroupId: string, groupId: string, sku: string): boolean {
    return this.#index(tenantGroupId).exclusions.get(groupId)?.has(sku) ?? false;
  }

  /** Whether the id is a group or a location of the tenant group's graph (own entries only: any id is just an id). */
  placeOf(tenantGroupId: string, id: string): 'group' | 'location' | undefined {
    const state = this.state(tenantGroupId);
    if (Object.hasOwn(state.groups, id)) return 'group';
    if (Object.hasOwn(state.locations, id)) return 'location';
    return undefined;
  }

  /** After the store replaced namespaces (reset, snapshot, an undone write): every index is built again. */
  forgetIndexes(): void {
    this.#indexes.clear();
    // Cached answers are of the old state: every version moves on.
    for (const tenantGroupId of [...this.#versions.keys()]) this.#bump(tenantGroupId);
  }

  /** Call after the graph or the exclusions changed. */
  invalidate(tenantGroupId: string): void {
    this.#indexes.delete(tenantGroupId);
    this.#bump(tenantGroupId);
  }

  #bump(tenantGroupId: string): void {
    this.#versions.set(tenantGroupId, this.version(tenantGroupId) + 1);
  }

  #index(tenantGroupId: string): Indexes {
    let index = this.#indexes.get(tenantGroupId);
    if (!index) {
      const state = this.state(tenantGroupId);
      const groupsOfLocation = new Map<string, OciGroup[]>();
      for (const group of Object.values(state.groups)) {
        for (const loc of group.locations) groupsOfLocation.set(loc, [...(groupsOfLocation.get(loc) ?? []), group]);
      }
      const exclusions = new Map(Object.entries(state.exclusions).map(([g, skus]) => [g, new Set(skus)]));
      const ungrouped = Object.keys(state.locations).filter((l) => !groupsOfLocation.has(l));
      index = { groupsOfLocation, reservationOrder: new Map(), exclusions, ungrouped };
      this.#indexes.set(tenantGroupId, index);
    }
    return index;
  }
}
