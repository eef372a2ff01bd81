import { describe, expect, it } from 'vitest';
import { tokenFor } from '../helpers/emulator.js';
import { API, orgWorld } from './helpers.js';

// Every refusal of the sObject API, with Salesforce's error code, message and `fields`.

const org = orgWorld();
const { sobjects } = org;

const WH_EAST = '131000000000001AAA';
const US_ONLINE = '0gh000000000005AAA';
const create = (type: string, body: unknown) => sobjects('post', `/${type}`).send(body as object);
const patch = (type: string, id: string, body: unknown) => sobjects('patch', `/${type}/${id}`).send(body as object);
const location = (extra: Record<string, unknown>) => create('Location', { Name: 'X', LocationType: 'Store', ...extra });
const refused = (res: { status: number; body: unknown }, status: number, error: Record<string, unknown>) => {
  expect(res.status).toBe(status);
  expect(res.body).toEqual([error]);
};

describe('required fields and values', () => {
  it('missing required fields → REQUIRED_FIELD_MISSING naming them', async () => {
    refused(await create('Location', { ExternalReference: 'NEW-1' }), 400, {
      message: 'Required fields are missing: [Name, LocationType]',
      errorCode: 'REQUIRED_FIELD_MISSING',
      fields: ['Name', 'LocationType'],
    });
    refused(await patch('Location', WH_EAST, { Name: '' }), 400, { message: 'Required fields are missing: [Name]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] });
  });

  it('a field the object does not have → INVALID_FIELD', async () => {
    refused(await location({ Foo: 1 }), 400, { message: "No such column 'Foo' on sobject of type Location", errorCode: 'INVALID_FIELD' });
  });

  it('read-only fields → INVALID_FIELD_FOR_INSERT_UPDATE, also for an assignment’s create-only references', async () => {
    const res = await location({ Id: WH_EAST, CreatedDate: '2020-01-01T00:00:00Z' });
    expect(res.status).toBe(400);
    expect(res.body[0]).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['Id', 'CreatedDate'] });
    expect(res.body[0].message).toMatch(/^Unable to create\/update fields: Id, CreatedDate\./);
    const move = await patch('LocationGroupAssignment', '0gx000000000006AAA', { LocationId: WH_EAST });
    expect(move.body[0]).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['LocationId'] });
  });

  it('a value of the wrong JSON type → JSON_PARSER_ERROR; too long → STRING_TOO_LONG', async () => {
    const bool = await location({ ShouldSyncWithOci: 'yes' });
    expect(bool.status).toBe(400);
    expect(bool.body[0].errorCode).toBe('JSON_PARSER_ERROR');
    expect(bool.body[0].message).toContain('Cannot deserialize instance of boolean from VALUE_STRING value "yes"');
    const long = await location({ Name: 'n'.repeat(256) });
    expect(long.body[0]).toMatchObject({ errorCode: 'STRING_TOO_LONG', fields: ['Name'] });
    expect(long.body[0].message).toMatch(/^Location Name: data value too large: n+ \(max length=255\)$/);
  });
});

describe('External References', () => {
  it.each(['x', 'has space', 'ümlaut', 'a'.repeat(129)])('%s is refused with FIELD_INTEGRITY_EXCEPTION', async (ref) => {
    const res = await location({ ExternalReference: ref });
    expect(res.status).toBe(400);
    expect(res.body[0]).toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['ExternalReference'] });
  });

  it.each(['ab', 'A_b-9', 'z'.repeat(128)])('%s is accepted', async (ref) => {
    expect((await location({ ExternalReference: ref })).status).toBe(201);
  });

  it('unique across locations and groups, regardless of case → DUPLICATE_VALUE naming the holder', async () => {
    refused(await location({ ExternalReference: 'WH-EAST' }), 400, {
      message: `duplicate value found: ExternalReference duplicates value on record with id: ${WH_EAST}`,
      errorCode: 'DUPLICATE_VALUE',
      fields: [],
    });
    const group = await location({ ExternalReference: 'us-online' });
    expect(group.body[0]).toMatchObject({ errorCode: 'DUPLICATE_VALUE', message: expect.stringContaining(US_ONLINE) });
    const renamed = await patch('LocationGroup', US_ONLINE, { ExternalReference: 'STORE-BOS' });
    expect(renamed.body[0].errorCode).toBe('DUPLICATE_VALUE');
    expect((await patch('Location', WH_EAST, { ExternalReference: 'WH-EAST', Name: 'Same ref, new name' })).status).toBe(204);
  });
});

describe('assignments', () => {
  const assign = (LocationId: string, LocationGroupId = US_ONLINE) => create('LocationGroupAssignment', { LocationId, LocationGroupId });

  it('a malformed id → MALFORMED_ID; an id of another object → FIELD_INTEGRITY_EXCEPTION; none such → INVALID_CROSS_REFERENCE_KEY', async () => {
    refused(await assign('abc'), 400, { message: 'Location ID: id value of incorrect type: abc', errorCode: 'MALFORMED_ID', fields: ['LocationId'] });
    refused(await assign(US_ONLINE), 400, { message: `Location ID: id value of incorrect type: ${US_ONLINE}`, errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['LocationId'] });
    refused(await assign('131999999999999AAA'), 400, { message: 'invalid cross reference id', errorCode: 'INVALID_CROSS_REFERENCE_KEY', fields: [] });
    refused(await assign(WH_EAST, '0gh999999999999AAA'), 400, { message: 'invalid cross reference id', errorCode: 'INVALID_CROSS_REFERENCE_KEY', fields: [] });
  });

  it('the same location twice in a group → DUPLICATE_VALUE', async () => {
    refused(await assign(WH_EAST), 400, {
      message: 'duplicate value found: <unknown> duplicates value on record with id: 0gx000000000006AAA',
      errorCode: 'DUPLICATE_VALUE',
      fields: [],
    });
  });
});

describe('requests the API cannot take', () => {
  it('malformed JSON → JSON_PARSER_ERROR; no body → entity body required; an array → cannot deserialize', async () => {
    const bad = await sobjects('post', '/Location').set('Content-Type', 'application/json').send('{"Name":');
    expect(bad.status).toBe(400);
    expect(bad.body[0].errorCode).toBe('JSON_PARSER_ERROR');
    refused(await sobjects('post', '/Location'), 400, {
      message: 'The HTTP entity body is required, but this request has no entity body.',
      errorCode: 'JSON_PARSER_ERROR',
    });
    const array = await create('Location', [{ Name: 'X' }]);
    expect(array.body[0]).toMatchObject({ errorCode: 'JSON_PARSER_ERROR', message: expect.stringContaining('START_ARRAY') });
  });

  it('a body that is not JSON → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await sobjects('post', '/Location').set('Content-Type', 'text/plain').send('Name=X');
    refused(res, 415, { message: "MediaType of 'text/plain' is not supported by this resource", errorCode: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('unknown objects and ids → 404 NOT_FOUND', async () => {
    refused(await create('Account', { Name: 'Acme' }), 404, { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' });
    const notAnId = await sobjects('get', '/Location/WH-EAST');
    refused(notAnId, 404, { message: 'Provided external ID field does not exist or is not accessible: WH-EAST', errorCode: 'NOT_FOUND' });
    const otherType = await sobjects('get', `/Location/${US_ONLINE}`);
    refused(otherType, 404, { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' });
    const badSuffix = await sobjects('get', '/Location/131000000000001ZZZ');
    expect(badSuffix.status).toBe(404);
  });

  it('an unsupported method → 405 METHOD_NOT_ALLOWED with Allow', async () => {
    const res = await sobjects('put', `/Location/${WH_EAST}`).send({ Name: 'X' });
    expect(res.status).toBe(405);
    expect(res.body[0].errorCode).toBe('METHOD_NOT_ALLOWED');
    expect(res.headers.allow).toBe('GET, PATCH, DELETE, HEAD');
  });

  it('an Account Manager token → 401 INVALID_SESSION_ID, nothing is created', async () => {
    const am = await tokenFor(org.run.http);
    const res = await org.run.http.post(`${API}/sobjects/Location`).set('Authorization', `Bearer ${am}`).send({ Name: 'X', LocationType: 'Store' });
    refused(res, 401, { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' });
  });
});
