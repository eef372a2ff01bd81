import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, BASE, recordPath, startOci, type OciRun } from './helpers.js';

let run: OciRun;
beforeAll(async () => {
  run = await startOci('demo');
});
afterAll(() => run.close());

const at = async (location: string, sku: string) =>
  (await run.available({ skus: [sku], locations: [location] })).body.locations[0].records[0] as Record<string, unknown> | undefined;
const batch = (records: unknown[]) => run.post(`${ACTIONS}/batch-update`, { records });
const auth = () => ({ Authorization: `Bearer ${run.token}` });

describe('batch-update', () => {
  it('applies every record (204), creating new SKUs and changing only the given fields of existing ones', async () => {
    const before = await at('WH-EAST', 'SKU-0003');
    const res = await batch([
      { id: 'b-1', location: 'WH-EAST', sku: 'SKU-0003', onHand: 40.125 },
      { id: 'b-2', location: 'WH-WEST', sku: 'NEW-SKU-1', onHand: 9, safetyStockCount: 2, effectiveDate: '2026-03-02T08:00:00Z', futureStock: [{ quantity: 5, expectedDate: '2026-04-01T00:00:00Z' }] },
    ]);
    expect(res.status).toBe(204);
    expect(await at('WH-EAST', 'SKU-0003')).toMatchObject({ onHand: 40.125, safetyStockCount: before!.safetyStockCount });
    expect(await at('WH-WEST', 'NEW-SKU-1')).toMatchObject({ onHand: 9, safetyStockCount: 2, atf: 7, ato: 12, effectiveDate: '2026-03-02T08:00:00Z' });
  });

  it('the same id and SKU again is not applied twice; with other values it is reported (200) and the rest applied', async () => {
    await batch([{ id: 'idem-1', location: 'WH-EAST', sku: 'SKU-0004', onHand: 10 }]);
    await batch([{ id: 'other', location: 'WH-EAST', sku: 'SKU-0004', onHand: 11 }]);
    expect((await batch([{ id: 'idem-1', location: 'WH-EAST', sku: 'SKU-0004', onHand: 10 }])).status).toBe(204);
    expect(await at('WH-EAST', 'SKU-0004')).toMatchObject({ onHand: 11 });
    const res = await batch([
      { id: 'idem-1', location: 'WH-EAST', sku: 'SKU-0004', onHand: 99, externalRefId: 'ext-9' },
      { id: 'idem-2', location: 'WH-EAST', sku: 'SKU-0005', onHand: 12 },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      errors: [
        { details: { externalRefId: 'ext-9', locationId: 'WH-EAST', sku: 'SKU-0004', id: 'idem-1' }, message: expect.stringContaining('already used'), errorCode: 'DuplicateEventId' },
      ],
    });
    expect(await at('WH-EAST', 'SKU-0005')).toMatchObject({ onHand: 12 });
  });

  it('an unknown location refuses the whole batch; nothing is applied', async () => {
    const res = await batch([
      { id: 'x-1', location: 'WH-EAST', sku: 'SKU-0006', onHand: 777 },
      { id: 'x-2', location: 'NOWHERE', sku: 'SKU-0006', onHand: 1 },
    ]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorCode: 'LocationDoesNotExist', location: 'NOWHERE' });
    expect((await at('WH-EAST', 'SKU-0006'))!.onHand).not.toBe(777);
  });

  it.each([
    [{ records: [] }, 'records'],
    [{ records: Array.from({ length: 101 }, (_, i) => ({ id: `r${i}`, location: 'WH-EAST', sku: 'SKU-0001', onHand: 1 })) }, 'records'],
    [{ records: [{ location: 'WH-EAST', sku: 'SKU-0001' }] }, 'records[0].id'],
    [{ records: [{ id: 'a', location: 'WH-EAST', sku: 'SKU-0001', onHand: -1 }] }, 'records[0].onHand'],
    [{ records: [{ id: 'a', location: 'WH-EAST', sku: 'SKU-0001', onHand: 1.0001 }] }, 'records[0].onHand'],
    [{ records: [{ id: 'a', location: 'WH-EAST', sku: 'SKU-0001', onHand: '5' }] }, 'records[0].onHand'],
    [{ records: [{ id: 'a', location: 'WH-EAST', sku: 'SKU-0001', futureStock: [{ quantity: 5 }] }] }, 'records[0].futureStock[0].expectedDate'],
    [{ records: [{ id: 'a', location: 'WH-EAST', sku: 'SKU-0001', futureStock: [{ quantity: 0, expectedDate: '2026-05-01T00:00:00Z' }] }] }, 'records[0].futureStock[0].quantity'],
    [{ records: [{ id: 'a', location: 'WH-EAST', sku: 'SKU-0001', effectiveDate: 'yesterday' }] }, 'records[0].effectiveDate'],
    [{ nothing: true }, 'records'],
  ])('refuses %j with InvalidRequestParameter on %s', async (body, parameterName) => {
    const res = await run.post(`${ACTIONS}/batch-update`, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorCode: 'InvalidRequestParameter', parameterName });
  });
});

describe('one location and SKU: PUT, PATCH, DELETE', () => {
  it('PUT replaces the whole record (omitted fields cleared) and creates it when absent', async () => {
    await batch([{ id: 'p-0', location: 'STORE-BOS', sku: 'SKU-0007', onHand: 5, safetyStockCount: 3, futureStock: [{ quantity: 1, expectedDate: '2026-05-01T00:00:00Z' }] }]);
    const put = await run.http.put(recordPath('STORE-BOS', 'SKU-0007', 'put-1')).set(auth()).send({ onHand: 8 });
    expect(put.status).toBe(204);
    expect(await at('STORE-BOS', 'SKU-0007')).toMatchObject({ onHand: 8, safetyStockCount: 0, futures: [] });
    expect((await run.http.put(recordPath('STORE-BOS', 'BRAND-NEW', 'put-2')).set(auth()).send({ onHand: 2 })).status).toBe(204);
    expect(await at('STORE-BOS', 'BRAND-NEW')).toMatchObject({ onHand: 2 });
    expect((await run.http.put(recordPath('STORE-BOS', 'EMPTY', 'put-3')).set(auth()).send()).status).toBe(204);
    expect(await at('STORE-BOS', 'EMPTY')).toMatchObject({ onHand: 0, safetyStockCount: 0 });
  });

  it('a request id is applied once: the same body again is a no-op, another body is refused', async () => {
    expect((await run.http.put(recordPath('STORE-DEN', 'SKU-0008', 'once')).set(auth()).send({ onHand: 3 })).status).toBe(204);
    await batch([{ id: 'later', location: 'STORE-DEN', sku: 'SKU-0008', onHand: 4 }]);
    expect((await run.http.put(recordPath('STORE-DEN', 'SKU-0008', 'once')).set(auth()).send({ onHand: 3 })).status).toBe(204);
    expect(await at('STORE-DEN', 'SKU-0008')).toMatchObject({ onHand: 4 });
    const other = await run.http.put(recordPath('STORE-DEN', 'SKU-0008', 'once')).set(auth()).send({ onHand: 5 });
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject({ errorCode: 'EntityAlreadyExists', parameterName: 'requestId' });
  });

  it('PATCH changes only the given fields and needs the record', async () => {
    await batch([{ id: 'pa-0', location: 'WH-WEST', sku: 'SKU-0009', onHand: 5, safetyStockCount: 1 }]);
    expect((await run.http.patch(recordPath('WH-WEST', 'SKU-0009', 'patch-1')).set(auth()).send({ safetyStockCount: 2 })).status).toBe(204);
    expect(await at('WH-WEST', 'SKU-0009')).toMatchObject({ onHand: 5, safetyStockCount: 2, atf: 3 });
    const missing = await run.http.patch(recordPath('WH-WEST', 'NO-SUCH-SKU', 'patch-2')).set(auth()).send({ onHand: 1 });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ type: 'about:blank', errorCode: 'EntityNotFound', message: 'An invalid entity was provided.' });
  });

  it('DELETE removes the record and its share of the group; twice with the same request id is fine, a new one is 404', async () => {
    const groupBefore = (await run.available({ skus: ['SKU-0010'], groups: ['US-STORES'] })).body.groups[0].records[0];
    const store = await at('STORE-DEN', 'SKU-0010');
    expect((await run.http.delete(recordPath('STORE-DEN', 'SKU-0010', 'del-1')).set(auth())).status).toBe(204);
    expect(await at('STORE-DEN', 'SKU-0010')).toBeUndefined();
    const groupAfter = (await run.available({ skus: ['SKU-0010'], groups: ['US-STORES'] })).body.groups[0].records[0];
    expect(groupAfter.onHand).toBe(groupBefore.onHand - (store!.onHand as number));
    expect((await run.http.delete(recordPath('STORE-DEN', 'SKU-0010', 'del-1')).set(auth())).status).toBe(204);
    const again = await run.http.delete(recordPath('STORE-DEN', 'SKU-0010', 'del-2')).set(auth());
    expect(again.status).toBe(404);
    expect(again.body.message).toBe('The Location SKU provided was not found in the system.');
  });

  it.each([
    ['put', 'NOWHERE', 'SKU-0001', { onHand: 1 }, 400, 'LocationDoesNotExist'],
    ['put', 'bad!loc', 'SKU-0001', { onHand: 1 }, 400, 'InvalidRequestParameter'],
    ['put', 'WH-EAST', 'SKU-0001', { onHand: -2 }, 400, 'InvalidRequestParameter'],
    ['put', 'WH-EAST', 'SKU-0001', { futureStock: 'soon' }, 400, 'InvalidRequestParameter'],
    ['patch', 'WH-EAST', 'SKU-0001', { safetyStockCount: 'many' }, 400, 'InvalidRequestParameter'],
    ['patch', 'NOWHERE', 'SKU-0001', { onHand: 1 }, 400, 'LocationDoesNotExist'],
    ['delete', 'WH-EAST', 'NO-SUCH', undefined, 404, 'EntityNotFound'],
  ])('%s %s/%s %j → %d %s', async (method, location, sku, body, status, errorCode) => {
    const req = run.http[method as 'put'](recordPath(location, sku, `bad-${method}-${location}`)).set(auth());
    const res = await (body === undefined ? req : req.send(body));
    expect(res.status).toBe(status);
    expect(res.body.errorCode).toBe(errorCode);
  });

  it('answers other methods with 405', async () => {
    const res = await run.http.get(recordPath('WH-EAST', 'SKU-0001', 'get')).set(auth());
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('PUT, PATCH, DELETE');
  });
});

describe('product segmentation', () => {
  const seg = (groups: unknown) => run.post(`${BASE}/product-segmentation/actions/batch-update`, { groups });
  const inGroup = async (group: string, sku: string) => (await run.available({ skus: [sku], groups: [group] })).body.groups[0].records.length === 1;

  it('an excluded SKU leaves the group’s results but stays at the locations; DELETE brings it back; * means every group', async () => {
    expect((await seg([{ groupId: 'US-ONLINE', mode: 'APPEND', skus: ['SKU-0011'] }])).status).toBe(204);
    expect(await inGroup('US-ONLINE', 'SKU-0011')).toBe(false);
    expect(await inGroup('US-STORES', 'SKU-0011')).toBe(true);
    expect(await at('WH-EAST', 'SKU-0011')).toBeDefined();
    expect((await seg([{ groupId: 'US-ONLINE', mode: 'DELETE', skus: ['SKU-0011'] }])).status).toBe(204);
    expect(await inGroup('US-ONLINE', 'SKU-0011')).toBe(true);
    await seg([{ groupId: '*', mode: 'APPEND', skus: ['SKU-0012'] }]);
    expect(await inGroup('US-ONLINE', 'SKU-0012')).toBe(false);
    expect(await inGroup('US-STORES', 'SKU-0012')).toBe(false);
  });

  it('an unknown group is reported per SKU (200) while the rest applies', async () => {
    const res = await seg([
      { groupId: 'NOGROUP', mode: 'APPEND', skus: ['SKU-0013'] },
      { groupId: 'US-STORES', mode: 'APPEND', skus: ['SKU-0013'] },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ errors: [{ error: 'Failed to create product segmentation for group id NOGROUP and sku SKU-0013' }] });
    expect(await inGroup('US-STORES', 'SKU-0013')).toBe(false);
  });

  it('a wrong mode → 400 with parameterName mode', async () => {
    const res = await seg([{ groupId: 'US-STORES', mode: 'MERGE', skus: ['SKU-0013'] }]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorCode: 'InvalidRequestParameter', parameterName: 'groups[0].mode' });
  });

  it('needs the impex-inventory.rw scope', async () => {
    const { tokenFor } = await import('../helpers/emulator.js');
    const t = await tokenFor(run.http, 'SALESFORCE_COMMERCE_API:zzzz_001 sfcc.inventory.availability.rw');
    const res = await run.post(`${BASE}/product-segmentation/actions/batch-update`, { groups: [{ groupId: 'US-STORES', mode: 'APPEND', skus: ['SKU-0014'] }] }, t);
    expect(res.status).toBe(403);
  });
});
