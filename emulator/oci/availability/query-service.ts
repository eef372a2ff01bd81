import { ociErrors } from '../errors.js';
import type { OciRecord } from '../model.js';
import type { OciTenantState } from '../tenant-book.js';
import type { OciTenants } from '../tenants.js';
import { recordsAt } from '../records/records-at.js';
import { groupAvailability, locationAvailability, type Availability, type GroupAvailability } from './arithmetic.js';
import type { GetAvailabilityBody } from './requests.js';

// get-availability: which places and SKUs a request names, the limits on them, and the figures for each.

export const MAX_COMBINATIONS = 100;

export interface PlaceQuery {
  skus: string[];
  locations: string[];
  groups: string[] | undefined;
}

export interface PlaceResult<T> {
  id: string;
  records: { sku: string; availability: T }[];
}

export interface QueryResult {
  locations: PlaceResult<Availability>[];
  groups: PlaceResult<GroupAvailability>[] | undefined;
}

export class AvailabilityQuery {
  readonly #tenants: OciTenants;

  constructor(tenants: OciTenants) {
    this.#tenants = tenants;
  }

  location(tenantGroupId: string, locationId: string, sku: string): Availability | undefined {
    return this.#location(this.#tenants.state(tenantGroupId), locationId, sku);
  }

  /** A group's figures for a SKU; undefined when no member carries it or the SKU is excluded from the group. */
  group(tenantGroupId: string, groupId: string, sku: string): GroupAvailability | undefined {
    return this.#group(tenantGroupId, this.#tenants.state(tenantGroupId), groupId, sku);
  }

  #location(state: OciTenantState, locationId: string, sku: string): Availability | undefined {
    const record = recordsAt(state, locationId)?.get(sku);
    return record ? locationAvailability(record) : undefined;
  }

  #group(tenantGroupId: string, state: OciTenantState, groupId: string, sku: string): GroupAvailability | undefined {
    const group = state.groups[groupId];
    if (!group || this.#tenants.isExcluded(tenantGroupId, groupId, sku)) return undefined;
    const members: OciRecord[] = [];
    for (const loc of group.locations) {
      const record = recordsAt(state, loc)?.get(sku);
      if (record) members.push(record);
    }
    return groupAvailability(groupId, members);
  }

  /** Turns the request's forms into one list of SKUs and places, refusing what OCI refuses. */
  resolve(tenantGroupId: string, body: GetAvailabilityBody): PlaceQuery {
    const state = this.#tenants.state(tenantGroupId);
    if (body.sku !== undefined || body.group !== undefined) {
      if (body.skus !== undefined || body.locations !== undefined || body.groups !== undefined) {
        throw ociErrors.invalidParameter('sku', "'sku' and 'group' cannot be combined with 'skus', 'locations' or 'groups'");
      }
      if (body.sku === undefined) throw ociErrors.invalidParameter('sku', "'sku' is required with 'group'");
      if (body.group === undefined) return { skus: [body.sku], locations: [...this.#tenants.ungrouped(tenantGroupId)], groups: undefined };
      const group = state.groups[body.group];
      if (!group) throw ociErrors.groupDoesNotExist(body.group);
      return { skus: [body.sku], locations: [...group.locations], groups: [group.id] };
    }
    if (body.skus === undefined) throw ociErrors.invalidParameter('skus', "Either 'sku' or 'skus' is required");
    if (body.skus.length === 0) throw ociErrors.invalidParameter('skus', "'skus' must not be empty");
    const duplicate = firstDuplicate(body.skus);
    if (duplicate !== undefined) throw duplicateError('DuplicateSku', 'skus', duplicate);
    const noPlaces = body.locations === undefined && body.groups === undefined;
    const locations = noPlaces ? [...this.#tenants.ungrouped(tenantGroupId)] : (body.locations ?? []);
    const groups = body.groups;
    const dupLocation = firstDuplicate(locations);
    if (dupLocation !== undefined) throw duplicateError('DuplicateLocationId', 'locations', dupLocation);
    const dupGroup = firstDuplicate(groups ?? []);
    if (dupGroup !== undefined) throw duplicateError('DuplicateGroupId', 'groups', dupGroup);
    const combinations = body.skus.length * (locations.length + (groups?.length ?? 0));
    if (combinations > MAX_COMBINATIONS) {
      throw ociErrors.invalidParameter('skus', `The request names ${combinations} SKU and place combinations; at most ${MAX_COMBINATIONS} are allowed`);
    }
    if (!noPlaces && locations.length + (groups?.length ?? 0) === 0) {
      throw ociErrors.invalidParameter('locations', "'locations' or 'groups' must name at least one place");
    }
    for (const loc of locations) if (!state.locations[loc]) throw ociErrors.locationDoesNotExist(loc);
    for (const g of groups ?? []) if (!state.groups[g]) throw ociErrors.groupDoesNotExist(g);
    return { skus: body.skus, locations, groups };
  }

  run(tenantGroupId: string, query: PlaceQuery): QueryResult {
    const state = this.#tenants.state(tenantGroupId);
    const locations = query.locations.map((id) => ({ id, records: this.#collect(query.skus, (sku) => this.#location(state, id, sku)) }));
    const groups = query.groups?.map((id) => ({ id, records: this.#collect(query.skus, (sku) => this.#group(tenantGroupId, state, id, sku)) }));
    return { locations, groups };
  }

  #collect<T>(skus: readonly string[], figure: (sku: string) => T | undefined): { sku: string; availability: T }[] {
    const out: { sku: string; availability: T }[] = [];
    for (const sku of skus) {
      const availability = figure(sku);
      if (availability !== undefined) out.push({ sku, availability });
    }
    return out;
  }
}

function firstDuplicate(values: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) return v;
    seen.add(v);
  }
  return undefined;
}

function duplicateError(code: string, parameterName: string, value: string) {
  return ociErrors.invalid(code, parameterName, `'${value}' appears more than once in '${parameterName}'`);
}
