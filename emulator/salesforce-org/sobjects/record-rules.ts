import type { OrgState, SObjectRecord } from '../model.js';
import { sobjectErrors } from './errors.js';
import type { SObjectDef } from './schema.js';

// What a record must be once a create or update is applied, within its org: required fields, references that
// exist, External References OCI can take, no duplicates. Checked after the body (requests.ts), as Salesforce does.

const EXTERNAL_REFERENCE = /^[A-Za-z0-9_-]{2,128}$/;

/** The rules a whole record must keep within its org: required fields, references, External References, duplicates. */
export function checkRecord(def: SObjectDef, record: SObjectRecord, state: OrgState): void {
  const missing = def.fields.filter((f) => f.required && (record[f.name] === null || record[f.name] === undefined)).map((f) => f.name);
  if (missing.length > 0) throw sobjectErrors.requiredMissing(missing);
  for (const field of def.fields) {
    if (field.type !== 'reference' || !field.referenceTo || !field.createable) continue;
    const id = record[field.name] as string;
    if (!state.sobjects[field.referenceTo][id]) throw sobjectErrors.crossReference(field, id);
  }
  if (def.name === 'LocationGroupAssignment') {
    const twin = Object.values(state.sobjects.LocationGroupAssignment).find(
      (a) => a.Id !== record.Id && a.LocationId === record.LocationId && a.LocationGroupId === record.LocationGroupId,
    );
    if (twin) throw sobjectErrors.duplicate('<unknown>', twin.Id, 'the location is already assigned to this group');
    return;
  }
  const ref = record.ExternalReference;
  if (typeof ref !== 'string') return;
  if (!EXTERNAL_REFERENCE.test(ref)) throw sobjectErrors.externalReference(ref);
  // Unique across locations and groups alike: OCI and B2C know a place by this value only.
  for (const type of ['Location', 'LocationGroup'] as const) {
    const other = Object.values(state.sobjects[type]).find(
      (r) => r.Id !== record.Id && typeof r.ExternalReference === 'string' && r.ExternalReference.toLowerCase() === ref.toLowerCase(),
    );
    if (other) throw sobjectErrors.duplicate('ExternalReference', other.Id, `${type} ${other.Id} already uses External Reference ${String(other.ExternalReference)}`);
  }
}
