import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEntry } from '../../emulator/core/journal.js';
import { DEMO } from '../../fixtures/index.js';
import { AM_ORG } from '../account-manager/helpers.js';
import { adminToken, startEmulator, TENANT, TENANT_GROUP, tokenFor, type Running } from '../helpers/emulator.js';

// The domain events the documented sequence is recognised from, beside those the setup steps already told: Account
// Manager clients created, activated and deactivated; every write through OCI's availability APIs (with whether it
// set safety stock); a store's inventory list changing; native records written by hand (OCAPI, Business Manager).

let run: Running;
let am: string;
let admin: string;
let ocapi: string;
beforeAll(async () => {
  run = await startEmulator();
  am = await tokenFor(run.http);
  admin = await adminToken(run.http);
  ocapi = await tokenFor(run.http, 'mail', DEMO.accountManager.ocapiClient);
});
afterAll(() => run.close());

const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const AVAILABILITY = `/inventory/availability/v1/organizations/${TENANT_GROUP}`;
const DATA = '/s/-/dw/data/v25_6';
/** The events of `type` an action journaled. */
async function during(type: string, action: () => PromiseLike<{ status: number }>, status: number) {
  const from = (run.emulator.journal.query({ kind: 'event', limit: 1 }) as EventEntry[]).at(-1)?.seq ?? 0;
  expect((await action()).status).toBe(status);
  return (run.emulator.journal.query({ kind: 'event', type, afterSeq: from, limit: 100 }) as EventEntry[]).map((e) => ({ tenant: e.tenant, data: e.data }));
}

describe('domain events', () => {
  it('Account Manager: a client created, activated and deactivated', async () => {
    const body = { name: 'seq-client', organizations: [AM_ORG], password: 'Sequence-Client-2026!', roles: ['SALESFORCE_COMMERCE_API'], roleTenantFilter: `SALESFORCE_COMMERCE_API:${TENANT}` };
    let id = '';
    const created = await during('am.client.*', async () => {
      const res = await run.http.post('/dw/rest/v1/apiclients').set(as(admin)).send(body);
      id = res.body.id;
      return res;
    }, 201);
    expect(created).toEqual([{ tenant: undefined, data: { clientId: id, name: 'seq-client', roles: ['SALESFORCE_COMMERCE_API'], roleTenantFilter: `SALESFORCE_COMMERCE_API:${TENANT}` } }]);
    expect((await during('am.client.activated', () => run.http.put(`/dw/rest/v1/apiclients/${id}`).set(as(admin)).send({ active: true }), 200))).toHaveLength(1);
    expect((await during('am.client.*', () => run.http.put(`/dw/rest/v1/apiclients/${id}`).set(as(admin)).send({ description: 'same state' }), 200))).toHaveLength(0);
    expect((await during('am.client.deactivated', () => run.http.put(`/dw/rest/v1/apiclients/${id}`).set(as(admin)).send({ active: false }), 200))).toHaveLength(1);
  });

  it.each([
    ['batch-update', () => run.http.post(`${AVAILABILITY}/availability-records/actions/batch-update`).set(as(am)).send({ records: [{ id: 'e-1', location: 'WH-EAST', sku: 'SKU-0001', onHand: 5, safetyStockCount: 2 }, { id: 'e-2', location: 'WH-WEST', sku: 'SKU-0001', onHand: 3 }] }), 204, { source: 'batch-update', records: 2, locations: ['WH-EAST', 'WH-WEST'], safetyStock: true }],
    ['record PUT', () => run.http.put(`${AVAILABILITY}/locations/WH-EAST/availability-records/skus/SKU-0002/put-1`).set(as(am)).send({ onHand: 4 }), 204, { source: 'record-replace', records: 1, locations: ['WH-EAST'], safetyStock: false }],
    ['record PATCH', () => run.http.patch(`${AVAILABILITY}/locations/WH-EAST/availability-records/skus/SKU-0002/patch-1`).set(as(am)).send({ safetyStockCount: 1 }), 204, { source: 'record-update', records: 1, locations: ['WH-EAST'], safetyStock: true }],
    ['record DELETE', () => run.http.delete(`${AVAILABILITY}/locations/WH-EAST/availability-records/skus/SKU-0002/delete-1`).set(as(am)), 204, { source: 'record-delete', records: 1, locations: ['WH-EAST'], safetyStock: false }],
  ] as const)('OCI availability: %s', async (_name, action, status, data) => {
    expect(await during('oci.availability.written', action, status)).toEqual([{ tenant: TENANT_GROUP, data }]);
  });

  it('a batch-update whose records were all applied before tells nothing', async () => {
    const body = { records: [{ id: 'once-1', location: 'WH-EAST', sku: 'SKU-0003', onHand: 9 }] };
    expect(await during('oci.availability.written', () => run.http.post(`${AVAILABILITY}/availability-records/actions/batch-update`).set(as(am)).send(body), 204)).toHaveLength(1);
    expect(await during('oci.availability.written', () => run.http.post(`${AVAILABILITY}/availability-records/actions/batch-update`).set(as(am)).send(body), 204)).toHaveLength(0);
  });

  it("B2C: a store's inventory list changing, through PUT and PATCH; the same list again tells nothing", async () => {
    const store = `${DATA}/sites/${DEMO.b2c.siteId}/stores/store-bos`;
    expect(await during('b2c.store.inventory', () => run.http.patch(store).set(as(ocapi)).send({ inventory_id: 'US-ONLINE' }), 200)).toEqual([{ tenant: TENANT, data: { storeId: 'store-bos', inventoryId: 'US-ONLINE', previous: 'STORE-BOS' } }]);
    expect(await during('b2c.store.inventory', () => run.http.put(store).set(as(ocapi)).send({ name: 'Boston', inventory_id: 'STORE-BOS' }), 200)).toEqual([{ tenant: TENANT, data: { storeId: 'store-bos', inventoryId: 'STORE-BOS', previous: 'US-ONLINE' } }]);
    expect(await during('b2c.store.inventory', () => run.http.patch(store).set(as(ocapi)).send({ name: 'Boston Common' }), 200)).toHaveLength(0);
  });

  it('B2C: native records written by hand, through OCAPI and Business Manager', async () => {
    const record = `${DATA}/inventory_lists/STORE-DEN/product_inventory_records/SKU-0004`;
    const written = (by: string, op: string) => [{ tenant: TENANT, data: { listId: 'STORE-DEN', productId: 'SKU-0004', by, op } }];
    expect(await during('b2c.inventory-record.written', () => run.http.put(record).set(as(ocapi)).send({ allocation: { amount: 3 } }), 200)).toEqual(written('ocapi', 'create'));
    expect(await during('b2c.inventory-record.written', () => run.http.patch(record).set(as(ocapi)).send({ allocation: { amount: 4 } }), 200)).toEqual(written('ocapi', 'update'));
    const save = () => run.http.post('/on/demandware.store/Sites-Site/default/InventoryRecord-Save').set(as(am)).send({ listId: 'STORE-DEN', productId: 'SKU-0004', allocation: 6 });
    expect(await during('b2c.inventory-record.written', save, 200)).toEqual(written('business-manager', 'update'));
    expect(await during('b2c.inventory-record.written', () => run.http.delete(record).set(as(ocapi)), 204)).toEqual(written('ocapi', 'delete'));
  });
});
