import { to18, typeOfId } from '../ids.js';
import type { OrgState, SObjectRecord } from '../model.js';
import { sobjectErrors } from './errors.js';
import { fieldOf, type FieldDef, type SObjectDef } from './schema.js';

// What a create or update body may say, and what a record must be once it is applied. Checks run in the order
// Salesforce reports them: the body's shape and field names, then values, then the rules of the record.

const EXTERNAL_REFERENCE = /^[A-Za-z0-9_-]{2,128}$/;

/** The body's fields, by canonical name, converted; throws on the first problem. */
export function bodyFields(def: SObjectDef, body: unknown, mode: 'create' | 'update'): Record<string, unknown> {
  if (body === undefined) throw sobjectErrors.noBody();
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw sobjectErrors.notAnObject(def.name, Array.isArray(body) ? 'START_ARRAY' : body === null ? 'VALUE_NULL' : `VALUE_${typeof body}`.toUpperCase());
  }
  const out: Record<string, unknown> = {};
  const readOnly: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (name === 'attributes') continue;
    const field = fieldOf(def, name);
    if (!field) throw sobjectErrors.noSuchColumn(name, def.name);
    if (!(mode === 'create' ? field.createable : field.updateable)) {
      readOnly.push(field.name);
      continue;
    }
    out[field.name] = convert(field, value);
  }
  if (readOnly.length > 0) throw sobjectErrors.notWritable(readOnly);
  return out;
}

function convert(field: FieldDef, value: unknown): unknown {
  if (field.type === 'boolean') {
    if (value === null) return field.defaultValue ?? false;
    if (typeof value !== 'boolean') throw sobjectErrors.wrongValue(field, value);
    return value;
  }
  if (value === null) return null;
  if (typeof value !== 'string') throw sobjectErrors.wrongValue(field, value);
  // Salesforce stores an empty text value as null.
  if (value === '') return null;
  if (field.type === 'reference') {
    const id = to18(value);
    if (!id) throw sobjectErrors.malformedId(field, value);
    if (typeOfId(id) !== field.referenceTo) throw sobjectErrors.wrongIdType(field, value);
    return id;
  }
  if (field.length !== undefined && value.length > field.length) throw sobjectErrors.tooLong(field, value);
  return value;
}

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
