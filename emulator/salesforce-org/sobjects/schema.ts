import { KEY_PREFIX } from '../ids.js';
import type { GraphSObjectType, OrgState, SObjectRecord } from '../model.js';

// The three objects of the location graph as the org's REST API describes them: the fields the emulator keeps,
// their types, lengths, defaults and whether a client may set them on create or update. Read-only formula
// fields of LocationGroupAssignment are computed from the records they point to.

export type FieldType = 'id' | 'string' | 'textarea' | 'picklist' | 'boolean' | 'reference' | 'datetime';

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length?: number;
  required?: boolean;
  createable: boolean;
  updateable: boolean;
  defaultValue?: boolean | null;
  referenceTo?: GraphSObjectType;
  /** Formula fields: computed on read, never stored. */
  compute?: (record: SObjectRecord, state: OrgState) => unknown;
}

export interface SObjectDef {
  name: GraphSObjectType;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: FieldDef[];
}

const ro = { createable: false, updateable: false } as const;
const rw = { createable: true, updateable: true } as const;

const HEAD: FieldDef[] = [{ name: 'Id', label: 'Record ID', type: 'id', ...ro }];
const AUDIT: FieldDef[] = [
  { name: 'IsDeleted', label: 'Deleted', type: 'boolean', ...ro, compute: () => false },
  { name: 'CreatedDate', label: 'Created Date', type: 'datetime', ...ro },
  { name: 'CreatedById', label: 'Created By ID', type: 'reference', ...ro },
  { name: 'LastModifiedDate', label: 'Last Modified Date', type: 'datetime', ...ro },
  { name: 'LastModifiedById', label: 'Last Modified By ID', type: 'reference', ...ro },
  { name: 'SystemModstamp', label: 'System Modstamp', type: 'datetime', ...ro, compute: (r) => r.LastModifiedDate },
];

const related = (state: OrgState, type: GraphSObjectType, id: unknown, field: string) =>
  typeof id === 'string' ? (state.sobjects[type][id]?.[field] ?? null) : null;

export const SOBJECTS: Record<GraphSObjectType, SObjectDef> = {
  Location: {
    name: 'Location',
    label: 'Location',
    labelPlural: 'Locations',
    keyPrefix: KEY_PREFIX.Location,
    fields: [
      ...HEAD,
      { name: 'Name', label: 'Location Name', type: 'string', length: 255, required: true, ...rw },
      { name: 'LocationType', label: 'Location Type', type: 'picklist', length: 40, required: true, ...rw },
      { name: 'ExternalReference', label: 'External Reference', type: 'string', length: 255, ...rw },
      { name: 'IsInventoryLocation', label: 'Inventory Location', type: 'boolean', defaultValue: false, ...rw },
      { name: 'IsMobile', label: 'Mobile Location', type: 'boolean', defaultValue: false, ...rw },
      { name: 'ShouldSyncWithOci', label: 'Sync with OCI', type: 'boolean', defaultValue: false, ...rw },
      { name: 'Description', label: 'Description', type: 'textarea', length: 32000, ...rw },
      ...AUDIT,
    ],
  },
  LocationGroup: {
    name: 'LocationGroup',
    label: 'Location Group',
    labelPlural: 'Location Groups',
    keyPrefix: KEY_PREFIX.LocationGroup,
    fields: [
      ...HEAD,
      { name: 'LocationGroupName', label: 'Location Group Name', type: 'string', length: 255, required: true, ...rw },
      { name: 'ExternalReference', label: 'External Reference', type: 'string', length: 255, ...rw },
      { name: 'IsEnabled', label: 'Enabled', type: 'boolean', defaultValue: true, ...rw },
      { name: 'ShouldSyncWithOci', label: 'Sync with OCI', type: 'boolean', defaultValue: false, ...rw },
      { name: 'Description', label: 'Description', type: 'textarea', length: 32000, ...rw },
      ...AUDIT,
    ],
  },
  LocationGroupAssignment: {
    name: 'LocationGroupAssignment',
    label: 'Location Group Assignment',
    labelPlural: 'Location Group Assignments',
    keyPrefix: KEY_PREFIX.LocationGroupAssignment,
    fields: [
      ...HEAD,
      { name: 'LocationId', label: 'Location ID', type: 'reference', referenceTo: 'Location', required: true, createable: true, updateable: false },
      { name: 'LocationGroupId', label: 'Location Group ID', type: 'reference', referenceTo: 'LocationGroup', required: true, createable: true, updateable: false },
      { name: 'LocationExternalReference', label: 'External Reference', type: 'string', ...ro, compute: (r, s) => related(s, 'Location', r.LocationId, 'ExternalReference') },
      { name: 'LocationName', label: 'Location Name', type: 'string', ...ro, compute: (r, s) => related(s, 'Location', r.LocationId, 'Name') },
      {
        name: 'LocationGroupExternalReference',
        label: 'External Reference',
        type: 'string',
        ...ro,
        compute: (r, s) => related(s, 'LocationGroup', r.LocationGroupId, 'ExternalReference'),
      },
      { name: 'LocationGroupName', label: 'Location Group Name', type: 'string', ...ro, compute: (r, s) => related(s, 'LocationGroup', r.LocationGroupId, 'LocationGroupName') },
      ...AUDIT,
    ],
  },
};

/** Field names are case-insensitive in Salesforce; this finds the canonical one. */
export function fieldOf(def: SObjectDef, name: string): FieldDef | undefined {
  const lower = name.toLowerCase();
  return def.fields.find((f) => f.name.toLowerCase() === lower);
}

/** Type names in URLs are case-insensitive too. */
export function sobjectOf(name: string): SObjectDef | undefined {
  const lower = name.toLowerCase();
  return Object.values(SOBJECTS).find((d) => d.name.toLowerCase() === lower);
}
