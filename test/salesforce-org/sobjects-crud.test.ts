import { describe, expect, it } from 'vitest';
import { orgNamespace, type OrgState } from '../../emulator/salesforce-org/model.js';
import { API, INTEGRATION, ORG, orgWorld } from './helpers.js';

// The location graph through the sObject REST API: create, read, update, delete of the three objects, the
// read-only formula fields of assignments, shared locations, cascading deletes and describe.

const org = orgWorld();
const { sobjects } = org;

const US_ONLINE = '0gh000000000005AAA';
const US_STORES = '0gh000000000009AAA';
const create = (type: string, body: Record<string, unknown>) => sobjects('post', `/${type}`).send(body);
const read = (type: string, id: string, query = '') => sobjects('get', `/${type}/${id}${query}`);
const assignmentsOf = (locationId: string) =>
  Object.values(org.run.emulator.store.get<OrgState>(orgNamespace(ORG.orgId))!.sobjects.LocationGroupAssignment).filter((a) => a.LocationId === locationId);

describe('Location', () => {
  let id: string;

  it('POST creates: 201 {id, success, errors} with an 18-character id of key prefix 131', async () => {
    const res = await create('Location', { Name: 'Warehouse North', LocationType: 'Warehouse', ExternalReference: 'WH-NORTH', ShouldSyncWithOci: true });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^131[0-9A-Za-z]{15}$/), success: true, errors: [] });
    id = res.body.id;
  });

  it('GET reads the record with attributes, defaults and audit fields', async () => {
    const res = await read('Location', id);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).slice(0, 2)).toEqual(['attributes', 'Id']);
    expect(res.body).toMatchObject({
      attributes: { type: 'Location', url: `${API}/sobjects/Location/${id}` },
      Id: id,
      Name: 'Warehouse North',
      ExternalReference: 'WH-NORTH',
      IsInventoryLocation: false,
      ShouldSyncWithOci: true,
      Description: null,
      IsDeleted: false,
      CreatedById: INTEGRATION.id,
      CreatedDate: '2026-03-02T09:00:00.000+0000',
    });
  });

  it('the 15-character id works too, and ?fields= narrows the record', async () => {
    const res = await read('Location', id.slice(0, 15), '?fields=Name,externalreference');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ attributes: expect.any(Object), Id: id, Name: 'Warehouse North', ExternalReference: 'WH-NORTH' });
  });

  it('PATCH updates: 204, then the new values and a new LastModifiedDate', async () => {
    await org.run.emulator.clock.advance(60_000);
    const res = await sobjects('patch', `/Location/${id}`).send({ Description: 'North DC', IsInventoryLocation: true });
    expect(res.status).toBe(204);
    const after = await read('Location', id);
    expect(after.body).toMatchObject({ Description: 'North DC', IsInventoryLocation: true, LastModifiedDate: '2026-03-02T09:01:00.000+0000' });
    expect(after.body.CreatedDate).toBe('2026-03-02T09:00:00.000+0000');
  });

  it('a location may sit in several groups; the assignment shows both sides by formula', async () => {
    const a = await create('LocationGroupAssignment', { LocationId: id, LocationGroupId: US_ONLINE });
    const b = await create('LocationGroupAssignment', { LocationId: id, LocationGroupId: US_STORES });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toMatch(/^0gx/);
    const res = await read('LocationGroupAssignment', a.body.id);
    expect(res.body).toMatchObject({
      LocationId: id,
      LocationGroupId: US_ONLINE,
      LocationExternalReference: 'WH-NORTH',
      LocationName: 'Warehouse North',
      LocationGroupExternalReference: 'US-ONLINE',
      LocationGroupName: 'US-ONLINE',
    });
  });

  it('DELETE removes the location and its assignments: 204, then 404', async () => {
    expect(assignmentsOf(id)).toHaveLength(2);
    expect((await sobjects('delete', `/Location/${id}`)).status).toBe(204);
    const gone = await read('Location', id);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    expect(assignmentsOf(id)).toHaveLength(0);
  });
});

describe('LocationGroup', () => {
  it('creates with IsEnabled on and Sync with OCI off by default; type names are case-insensitive', async () => {
    const res = await create('locationgroup', { LocationGroupName: 'EU Online', ExternalReference: 'EU-ONLINE' });
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^0gh/);
    const group = await read('LocationGroup', res.body.id);
    expect(group.body).toMatchObject({ LocationGroupName: 'EU Online', IsEnabled: true, ShouldSyncWithOci: false });
  });

  it('deleting a group takes its assignments along', async () => {
    const g = await create('LocationGroup', { LocationGroupName: 'Temp', ExternalReference: 'TEMP-GROUP' });
    const a = await create('LocationGroupAssignment', { LocationId: '131000000000001AAA', LocationGroupId: g.body.id });
    expect((await sobjects('delete', `/LocationGroup/${g.body.id}`)).status).toBe(204);
    expect((await read('LocationGroupAssignment', a.body.id)).status).toBe(404);
  });
});

describe('describe and lists', () => {
  it('describe names the fields, their types and whether they can be set', async () => {
    const res = await sobjects('get', '/LocationGroupAssignment/describe');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'LocationGroupAssignment', keyPrefix: '0gx', createable: true });
    expect(res.body.fields).toContainEqual(expect.objectContaining({ name: 'LocationId', type: 'reference', createable: true, updateable: false, referenceTo: ['Location'] }));
    expect(res.body.fields).toContainEqual(expect.objectContaining({ name: 'LocationExternalReference', calculated: true, createable: false }));
  });

  it('the global describe lists the three objects; an object has its basic info', async () => {
    const global = await sobjects('get', '');
    expect(global.body.sobjects.map((s: { name: string }) => s.name)).toEqual(['Location', 'LocationGroup', 'LocationGroupAssignment']);
    const basic = await sobjects('get', '/Location');
    expect(basic.body).toMatchObject({ objectDescribe: { name: 'Location', keyPrefix: '131' }, recentItems: [] });
  });
});
