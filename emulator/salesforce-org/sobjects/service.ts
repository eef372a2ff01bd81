import type { VirtualClock } from '../../core/clock.js';
import { OCI_API_SINCE } from '../api-versions.js';
import { newId, to18, typeOfId } from '../ids.js';
import type { OrgState, SObjectRecord } from '../model.js';
import type { SalesforceRepository } from '../repository.js';
import { sobjectErrors } from './errors.js';
import { fieldOf, sobjectOf, type SObjectDef } from './schema.js';
import { checkRecord } from './record-rules.js';

// The sObject REST API for the location graph: create, read, update, delete of Location, LocationGroup and
// LocationGroupAssignment in the caller's org, with Salesforce's validation. Deleting a location or a group
// takes its assignments with it.

export interface Caller {
  orgId: string;
  userId: string;
}

export class SObjectService {
  readonly #d: { repo: SalesforceRepository; clock: VirtualClock };

  constructor(deps: { repo: SalesforceRepository; clock: VirtualClock }) {
    this.#d = deps;
  }

  /** The object definition, if the type exists at this API version. */
  type(name: string, version: number): SObjectDef {
    const def = sobjectOf(name);
    if (!def || version < OCI_API_SINCE) throw sobjectErrors.unknownType(name);
    return def;
  }

  /** `values`: the body's fields, already checked against the object (requests.ts `bodyFields`). */
  create(caller: Caller, def: SObjectDef, values: Record<string, unknown>): { id: string; success: true; errors: [] } {
    const state = this.#d.repo.orgState(caller.orgId);
    const now = this.#d.clock.iso();
    const record: SObjectRecord = { Id: '', CreatedDate: now, CreatedById: caller.userId, LastModifiedDate: now, LastModifiedById: caller.userId };
    for (const field of def.fields) {
      if (field.createable) record[field.name] = values[field.name] ?? field.defaultValue ?? null;
    }
    checkRecord(def, record, state);
    record.Id = newId(def.keyPrefix, state.nextId++);
    state.sobjects[def.name][record.Id] = record;
    this.#d.repo.touchOrg(caller.orgId);
    return { id: record.Id, success: true, errors: [] };
  }

  read(caller: Caller, def: SObjectDef, id: string, version: number, only?: string[]): Record<string, unknown> {
    const state = this.#d.repo.orgState(caller.orgId);
    const record = this.#find(state, def, id);
    const wanted = only?.map((name) => fieldOf(def, name)?.name ?? raise(sobjectErrors.noSuchColumn(name, def.name)));
    const out: Record<string, unknown> = { attributes: { type: def.name, url: recordUrl(version, def.name, record.Id) } };
    for (const field of def.fields) {
      if (wanted && field.name !== 'Id' && !wanted.includes(field.name)) continue;
      const value = field.compute ? field.compute(record, state) : (record[field.name] ?? null);
      out[field.name] = field.type === 'datetime' && typeof value === 'string' ? salesforceDateTime(value) : value;
    }
    return out;
  }

  update(caller: Caller, def: SObjectDef, id: string, values: Record<string, unknown>): void {
    const state = this.#d.repo.orgState(caller.orgId);
    const record = this.#find(state, def, id);
    const next: SObjectRecord = { ...record, ...values, LastModifiedDate: this.#d.clock.iso(), LastModifiedById: caller.userId };
    checkRecord(def, next, state);
    state.sobjects[def.name][record.Id] = next;
    this.#d.repo.touchOrg(caller.orgId);
  }

  delete(caller: Caller, def: SObjectDef, id: string): void {
    const state = this.#d.repo.orgState(caller.orgId);
    const record = this.#find(state, def, id);
    delete state.sobjects[def.name][record.Id];
    const link = def.name === 'Location' ? 'LocationId' : def.name === 'LocationGroup' ? 'LocationGroupId' : undefined;
    if (link) {
      for (const a of Object.values(state.sobjects.LocationGroupAssignment)) {
        if (a[link] === record.Id) delete state.sobjects.LocationGroupAssignment[a.Id];
      }
    }
    this.#d.repo.touchOrg(caller.orgId);
  }

  #find(state: OrgState, def: SObjectDef, id: string): SObjectRecord {
    const full = to18(id);
    if (!full) throw sobjectErrors.notAnId(id);
    const record = typeOfId(full) === def.name ? state.sobjects[def.name][full] : undefined;
    if (!record) throw sobjectErrors.recordNotFound(full);
    return record;
  }
}

export function recordUrl(version: number, type: string, id: string): string {
  return `/services/data/v${version}.0/sobjects/${type}/${id}`;
}

/** Salesforce writes datetimes as `2026-03-02T09:00:00.000+0000`. */
function salesforceDateTime(iso: string): string {
  return iso.replace(/Z$/, '+0000');
}

function raise(error: Error): never {
  throw error;
}
