import { to18, typeOfId } from '../ids.js';
import { sobjectErrors } from './errors.js';
import { fieldOf, type FieldDef, type SObjectDef } from './schema.js';

// What a create or update body may say, checked against the object's schema (its fields are data, so the check
// walks them rather than a fixed zod schema), in the order Salesforce reports problems: the body's shape and
// field names, then values. The rules of a whole record come after (record-rules.ts).

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

/** `?fields=Name,ExternalReference`: the fields a read returns (Id always). */
export function fieldsParam(raw: unknown): string[] | undefined {
  if (typeof raw !== 'string') return undefined;
  return raw.split(',').map((f) => f.trim()).filter(Boolean);
}
