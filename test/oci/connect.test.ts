import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_GROUP, tokenFor } from '../helpers/emulator.js';
import { orgToken } from '../salesforce-org/helpers.js';
import { ACTIONS, startOci, type OciRun } from './helpers.js';

// The org's Connect REST face of OCI availability, and org sessions on the Commerce API itself.

let run: OciRun;
let org: string;
beforeAll(async () => {
  run = await startOci('demo');
  org = await orgToken(run);
});
afterAll(() => run.close());

const connect = (version: string, path: string, body: unknown, token = org) =>
  run.http.post(`/services/data/${version}/commerce/oci/${path}`).set('Authorization', `Bearer ${token}`).send(body as object);
const getAvailability = (body: unknown, version = 'v58.0', token?: string) => connect(version, 'availability/availability-records/actions/get-availability', body, token);
const batchUpdate = (body: unknown, version = 'v62.0') => connect(version, 'availability-records/actions/batch-update', body);

describe('Connect get-availability', () => {
  it('by groups: 201, Salesforce field names, the same figures as the Commerce API', async () => {
    const res = await getAvailability({ locationGroupIdentifiers: ['US-ONLINE'], stockKeepingUnits: ['SKU-0001', 'SKU-0002'], useCache: 'false' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ success: true, errors: [], locations: [] });
    const [group] = res.body.locationGroups;
    expect(group.locationGroupIdentifier).toBe('US-ONLINE');
    const commerce = await run.available({ skus: ['SKU-0001', 'SKU-0002'], groups: ['US-ONLINE'] });
    const want = commerce.body.groups[0].records[0];
    expect(group.inventoryRecords[0]).toEqual({
      availableToFulfill: want.atf,
      availableToOrder: want.ato,
      effectiveDate: want.effectiveDate,
      futures: want.futures,
      onHand: want.onHand,
      reserved: want.reserved,
      safetyStockCount: want.safetyStockCount,
      stockKeepingUnit: 'SKU-0001',
    });
  });

  it('by locations, and a single group; a SKU with no place answers at ungrouped locations', async () => {
    const byLocation = await getAvailability({ locationIdentifiers: ['WH-EAST', 'STORE-BOS'], stockKeepingUnits: ['SKU-0001'] });
    expect(byLocation.body.locations.map((l: { locationIdentifier: string }) => l.locationIdentifier)).toEqual(['WH-EAST', 'STORE-BOS']);
    expect(byLocation.body.locationGroups).toEqual([]);
    const single = await getAvailability({ locationGroupIdentifier: 'US-STORES', stockKeepingUnit: 'SKU-0003' });
    expect(single.body.locationGroups[0].inventoryRecords[0].stockKeepingUnit).toBe('SKU-0003');
    expect((await getAvailability({ stockKeepingUnit: 'SKU-0003' })).body).toMatchObject({ success: true, locations: [] });
  });

  it('from API 62.0 every requested SKU is listed with `exists`', async () => {
    const res = await getAvailability({ locationIdentifiers: ['WH-EAST'], stockKeepingUnits: ['SKU-0001', 'NOT-STOCKED'] }, 'v62.0');
    expect(res.body.locations[0].inventoryRecords.map((r: { stockKeepingUnit: string; exists: boolean }) => [r.stockKeepingUnit, r.exists])).toEqual([
      ['SKU-0001', true],
      ['NOT-STOCKED', false],
    ]);
    const older = await getAvailability({ locationIdentifiers: ['WH-EAST'], stockKeepingUnits: ['SKU-0001', 'NOT-STOCKED'] }, 'v61.0');
    expect(older.body.locations[0].inventoryRecords).toHaveLength(1);
    expect(older.body.locations[0].inventoryRecords[0].exists).toBeUndefined();
  });

  it.each([
    [{ locationGroupIdentifier: 'US-ONLINE', locationIdentifiers: ['WH-EAST'], stockKeepingUnit: 'SKU-0001' }, 'INVALID_INPUT'],
    [{ locationGroupIdentifiers: ['US-ONLINE'], locationIdentifiers: ['WH-EAST'], stockKeepingUnits: ['SKU-0001'] }, 'INVALID_INPUT'],
    [{ stockKeepingUnit: 'SKU-0001', stockKeepingUnits: ['SKU-0002'] }, 'INVALID_INPUT'],
    [{ locationIdentifiers: ['WH-EAST'] }, 'INVALID_INPUT'],
    [{ locationIdentifiers: Array.from({ length: 101 }, (_, i) => `L${i}`), stockKeepingUnit: 'SKU-0001' }, 'INVALID_INPUT'],
    [{ locationIdentifiers: 'WH-EAST', stockKeepingUnit: 'SKU-0001' }, 'INVALID_INPUT'],
    [{ locationIdentifiers: ['NOWHERE'], stockKeepingUnit: 'SKU-0001' }, 'LocationDoesNotExist'],
    [{ locationGroupIdentifiers: ['NOGROUP'], stockKeepingUnit: 'SKU-0001' }, 'GroupDoesNotExist'],
  ])('%j → 400 %s in the Salesforce REST shape', async (body, errorCode) => {
    const res = await getAvailability(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ message: expect.any(String), errorCode }]);
  });

  it('API versions: before 51.0 the resource does not exist, before 31.0 the version is retired', async () => {
    expect((await getAvailability({ stockKeepingUnit: 'SKU-0001' }, 'v50.0')).status).toBe(404);
    const retired = await getAvailability({ stockKeepingUnit: 'SKU-0001' }, 'v30.0');
    expect(retired.status).toBe(410);
    expect(retired.body[0].errorCode).toBe('GONE');
  });

  it('an Account Manager token is not an org session: 401 INVALID_SESSION_ID', async () => {
    const am = await tokenFor(run.http);
    const res = await getAvailability({ stockKeepingUnit: 'SKU-0001' }, 'v58.0', am);
    expect(res.status).toBe(401);
    expect(res.body).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });

  it('malformed JSON → JSON_PARSER_ERROR', async () => {
    const res = await run.http
      .post('/services/data/v58.0/commerce/oci/availability/availability-records/actions/get-availability')
      .set('Authorization', `Bearer ${org}`)
      .set('Content-Type', 'application/json')
      .send('{"stockKeepingUnit": ');
    expect(res.status).toBe(400);
    expect(res.body[0].errorCode).toBe('JSON_PARSER_ERROR');
  });
});

describe('Connect batch-update (62.0)', () => {
  it('applies records, reports the others per record, and sets a record’s group exclusions', async () => {
    const res = await batchUpdate({
      records: [
        { actionRequestId: 'c-1', locationIdentifier: 'WH-EAST', stockKeepingUnit: 'SKU-0020', onHand: 55, attributeSet: { groupEligibilityExclusion: ['US-STORES'] } },
        { actionRequestId: 'c-2', locationIdentifier: 'NOWHERE', stockKeepingUnit: 'SKU-0020', onHand: 1, externalRefId: 'ext-2' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      errors: [{ actionRequestId: 'c-2', errorCode: 'LocationDoesNotExist', externalRefId: 'ext-2', locationIdentifier: 'NOWHERE', message: expect.any(String), stockKeepingUnit: 'SKU-0020' }],
      success: false,
    });
    expect((await run.available({ skus: ['SKU-0020'], locations: ['WH-EAST'] })).body.locations[0].records[0].onHand).toBe(55);
    expect((await run.available({ skus: ['SKU-0020'], groups: ['US-STORES'] })).body.groups[0].records).toEqual([]);
    const ok = await batchUpdate({ records: [{ actionRequestId: 'c-3', locationIdentifier: 'WH-EAST', stockKeepingUnit: 'SKU-0020', attributeSet: { groupEligibilityExclusion: [] } }] });
    expect(ok.body).toEqual({ errors: [], success: true });
    expect((await run.available({ skus: ['SKU-0020'], groups: ['US-STORES'] })).body.groups[0].records).toHaveLength(1);
  });

  it('does not exist before 62.0; refuses bad records', async () => {
    expect((await batchUpdate({ records: [] }, 'v61.0')).status).toBe(404);
    const bad = await batchUpdate({ records: [{ actionRequestId: 'c-4', locationIdentifier: 'WH-EAST', stockKeepingUnit: 'SKU-0001', onHand: -1 }] });
    expect(bad.status).toBe(400);
    expect(bad.body[0].errorCode).toBe('INVALID_INPUT');
  });
});

describe('org sessions on the Commerce API', () => {
  it('an org token with sfcc_inventory_* scopes reads and writes its own tenant group', async () => {
    const read = await run.post(`${ACTIONS}/get-availability`, { skus: ['SKU-0001'], locations: ['WH-EAST'] }, org);
    expect(read.status).toBe(200);
    const write = await run.post(`${ACTIONS}/batch-update`, { records: [{ id: 'org-1', location: 'WH-EAST', sku: 'SKU-0001', onHand: 3 }] }, org);
    expect(write.status).toBe(204);
    const other = await run.post(`/inventory/availability/v1/organizations/not-${TENANT_GROUP}/availability-records/actions/get-availability`, { sku: 'SKU-0001' }, org);
    expect(other.status).toBe(403);
    expect(other.body.errorCode).toBe('TenantNotProvisioned');
  });
});
