import { AppError, GenericCode } from '../../core/errors/app-error.js';
import type { FieldDef } from './schema.js';

// The REST API's refusals in Salesforce's words and codes; `fields` goes into the body where Salesforce puts it.

const fault = (status: number, code: string, message: string, fields?: string[], explain?: string) =>
  new AppError(status, code, message, { ...(fields ? { details: { fields } } : {}), ...(explain ? { explain } : {}) });

export const sobjectErrors = {
  noBody: () => fault(400, 'JSON_PARSER_ERROR', 'The HTTP entity body is required, but this request has no entity body.'),
  notAnObject: (type: string, got: string) =>
    fault(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of ${type} from ${got} value or request may be missing a required field`),
  wrongValue: (field: FieldDef, value: unknown) =>
    fault(
      400,
      'JSON_PARSER_ERROR',
      `Cannot deserialize instance of ${field.type === 'boolean' ? 'boolean' : 'string'} from ${tokenOf(value)} value ${JSON.stringify(value)} or request may be missing a required field`,
      undefined,
      `${field.name} is a ${field.type} field`,
    ),
  noSuchColumn: (name: string, type: string) => fault(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${type}`),
  notWritable: (names: string[]) =>
    fault(
      400,
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${names.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      names,
    ),
  requiredMissing: (names: string[]) => fault(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${names.join(', ')}]`, names),
  tooLong: (field: FieldDef, value: string) =>
    fault(400, 'STRING_TOO_LONG', `${field.label}: data value too large: ${value.slice(0, 80)} (max length=${field.length})`, [field.name]),
  malformedId: (field: FieldDef, value: string) => fault(400, 'MALFORMED_ID', `${field.label}: id value of incorrect type: ${value}`, [field.name]),
  wrongIdType: (field: FieldDef, value: string) =>
    fault(400, 'FIELD_INTEGRITY_EXCEPTION', `${field.label}: id value of incorrect type: ${value}`, [field.name], `${value} is not a ${field.referenceTo} id`),
  crossReference: (field: FieldDef, value: string) =>
    fault(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [], `${field.name} ${value}: no such ${field.referenceTo} in this org`),
  externalReference: (value: string) =>
    fault(
      400,
      'FIELD_INTEGRITY_EXCEPTION',
      'External Reference: use 2 to 128 characters: letters, numbers, hyphens (-) and underscores (_).',
      ['ExternalReference'],
      `${JSON.stringify(value)} does not match [A-Za-z0-9_-]{2,128}, the form OCI and B2C inventory list ids share`,
    ),
  duplicate: (field: string, id: string, explain: string) =>
    fault(400, 'DUPLICATE_VALUE', `duplicate value found: ${field} duplicates value on record with id: ${id}`, [], explain),
  recordNotFound: (id: string) =>
    new AppError(404, GenericCode.NotFound, 'The requested resource does not exist', { explain: `no record ${id} of this type in the org` }),
  notAnId: (value: string) =>
    new AppError(404, GenericCode.NotFound, `Provided external ID field does not exist or is not accessible: ${value}`, { explain: `${value} is not a record id` }),
  unknownType: (type: string) =>
    new AppError(404, GenericCode.RouteNotFound, 'The requested resource does not exist', {
      explain: `the emulator's org holds Location, LocationGroup and LocationGroupAssignment (API 51.0 and later), not ${type}`,
    }),
};

function tokenOf(value: unknown): string {
  if (typeof value === 'string') return 'VALUE_STRING';
  if (typeof value === 'number') return Number.isInteger(value) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT';
  if (typeof value === 'boolean') return value ? 'VALUE_TRUE' : 'VALUE_FALSE';
  return Array.isArray(value) ? 'START_ARRAY' : 'START_OBJECT';
}
