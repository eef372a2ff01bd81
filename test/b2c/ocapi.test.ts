import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { startEmulator, tokenFor, type Running } from '../helpers/emulator.js';
import { schemaCheck } from '../helpers/specs.js';
import { catchUp } from '../helpers/oci-cache.js';

// OCAPI Data on the B2C instance: inventory lists, product inventory records, sites and stores, with OCAPI's
// documents, paging and faults; who may call it; and every answer against the Data API 25.6 spec's schemas.

const DATA = '/s/-/dw/data/v25_6';
const SPEC = 'ocapi/data-api-25.6.json';
let run: Running;
let token: string;
beforeAll(async () => {
  run = await startEmulator();
  token = await tokenFor(run.http, 'mail', DEMO.accountManager.ocapiClient);
});
afterAll(() => run.close());

const call = (method: 'get' | 'put' | 'patch' | 'delete', path: string, body?: unknown, t = token) => {
  const req = run.http[method](`${DATA}${path}`).set('Authorization', `Bearer ${t}`);
  return body === undefined ? req : req.send(body as object);
};
const validates = schemaCheck(SPEC);

describe('inventory lists', () => {
  it('lists the fixture lists with their assigned sites, paged, in OCAPI’s envelope', async () => {
    const res = await call('get', '/inventory_lists?count=2');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ _v: '25.6', _type: 'inventory_lists', count: 2, start: 0, total: 3 });
    expect(res.body.next).toMatch(/\/inventory_lists\?count=2&start=2$|start=2&count=2$/);
    const online = (await call('get', '/inventory_lists/US-ONLINE')).body;
    expect(online).toMatchObject({ _type: 'inventory_list', id: 'US-ONLINE', assigned_sites: ['RefArch'], default_in_stock: false });
    validates('inventory_lists', res.body);
    validates('inventory_list', online);
  });

  it('creates, replaces, patches and deletes a list; an id matching no OCI place is accepted', async () => {
    const created = await call('put', '/inventory_lists/WH-NOWHERE', { description: 'Unpaired', default_in_stock: true });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ id: 'WH-NOWHERE', description: 'Unpaired', default_in_stock: true, creation_date: '2026-03-02T09:00:00.000Z' });
    validates('inventory_list', created.body);
    expect((await call('patch', '/inventory_lists/WH-NOWHERE', { description: 'Renamed' })).body.description).toBe('Renamed');
    expect((await call('delete', '/inventory_lists/WH-NOWHERE')).status).toBe(204);
    expect((await call('get', '/inventory_lists/WH-NOWHERE')).status).toBe(404);
  });

  it('refuses bad ids, conflicting ids and wrong types with OCAPI faults', async () => {
    const cases: [string, unknown, number, string][] = [
      ['/inventory_lists/a', {}, 400, 'InvalidInventoryListIdException'],
      ['/inventory_lists/bad%20id', {}, 400, 'InvalidInventoryListIdException'],
      ['/inventory_lists/LIST-1', { id: 'LIST-2' }, 400, 'IdConflictException'],
      ['/inventory_lists/LIST-1', { default_in_stock: 'yes' }, 400, 'MalformedParameterException'],
    ];
    for (const [path, body, status, type] of cases) {
      const res = await call('put', path, body);
      expect(res.status, path).toBe(status);
      expect(res.body).toMatchObject({ _v: '25.6', fault: { type } });
      validates('fault', res.body);
    }
    const missing = await call('get', '/inventory_lists/NOPE');
    expect(missing.body).toMatchObject({ fault: { type: 'InventoryListNotFoundException', message: "No inventory list with id 'NOPE' exists." } });
  });
});

describe('product inventory records', () => {
  it('PUT, GET, PATCH, DELETE a record; ats and stock_level follow allocation, pre-order and turnover', async () => {
    const put = await call('put', '/inventory_lists/STORE-BOS/product_inventory_records/SKU-0001', {
      allocation: { amount: 12, reset_date: '2026-03-02T08:00:00Z' },
      pre_order_back_order_handling: 'backorder',
      pre_order_back_order_allocation: 5,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ _type: 'product_inventory_record', product_id: 'SKU-0001', inventory_list_id: 'STORE-BOS', allocation: { amount: 12 }, ats: 17, stock_level: 12 });
    validates('product_inventory_record', put.body);
    const perpetual = await call('patch', '/inventory_lists/STORE-BOS/product_inventory_records/SKU-0001', { perpetual_flag: true });
    expect(perpetual.body).toMatchObject({ perpetual_flag: true, ats: 999999, stock_level: 999999 });
    expect((await call('delete', '/inventory_lists/STORE-BOS/product_inventory_records/SKU-0001')).status).toBe(204);
    expect((await call('get', '/inventory_lists/STORE-BOS/product_inventory_records/SKU-0001')).body.fault.type).toBe('ProductInventoryRecordNotFoundException');
    expect((await call('get', '/inventory_lists/NOPE/product_inventory_records/SKU-0001')).body.fault.type).toBe('InventoryListNotFoundException');
  });

  it('pages through many records with start and count', async () => {
    for (let i = 0; i < 30; i++) await call('put', `/inventory_lists/STORE-DEN/product_inventory_records/P-${String(i).padStart(2, '0')}`, { allocation: { amount: i } });
    const first = await call('get', '/inventory_lists/STORE-DEN/product_inventory_records?count=10');
    expect(first.body).toMatchObject({ count: 10, start: 0, total: 30 });
    expect(first.body.data[0].product_id).toBe('P-00');
    const last = await call('get', '/inventory_lists/STORE-DEN/product_inventory_records?start=25&count=10');
    expect(last.body).toMatchObject({ count: 5, start: 25, total: 30 });
    expect(last.body.next).toBeUndefined();
    validates('product_inventory_records', first.body);
    expect((await call('get', '/inventory_lists/STORE-DEN/product_inventory_records?count=0')).status).toBe(400);
    expect((await call('put', '/inventory_lists/STORE-DEN/product_inventory_records/P-99', { allocation: { amount: -1 } })).status).toBe(400);
  });
});

describe('sites and stores', () => {
  it('reads sites and manages a site’s stores with their inventory_id', async () => {
    const sites = await call('get', '/sites');
    expect(sites.body).toMatchObject({ _type: 'sites', total: 1, data: [{ id: 'RefArch', storefront_status: 'online' }] });
    validates('sites', sites.body);
    const store = await call('put', '/sites/RefArch/stores/store-sea', { name: 'Seattle', city: 'Seattle', country_code: 'US', inventory_id: 'STORE-SEA' });
    expect(store.body).toMatchObject({ _type: 'store', id: 'store-sea', inventory_id: 'STORE-SEA' });
    validates('store', store.body);
    expect((await call('get', '/sites/RefArch/stores')).body.total).toBeGreaterThanOrEqual(3);
    expect((await call('patch', '/sites/RefArch/stores/store-sea', { inventory_id: 'STORE-BOS' })).body.inventory_id).toBe('STORE-BOS');
    expect((await call('delete', '/sites/RefArch/stores/store-sea')).status).toBe(204);
    expect((await call('get', '/sites/Nope/stores')).body.fault.type).toBe('SiteNotFoundException');
    expect((await call('put', '/sites/Nope/stores/s1', { name: 'x' })).body.fault.type).toBe('SiteNotFoundException');
    const nameless = await call('put', '/sites/RefArch/stores/s2', { city: 'Boston' });
    expect(nameless.status).toBe(400);
    expect(nameless.body.fault).toMatchObject({ type: 'MalformedParameterException', message: "Property 'name' is required for a store." });
    expect((await call('put', '/sites/RefArch/stores/s3', { id: 's4', name: 'x' })).body.fault.type).toBe('IdConflictException');
    expect((await call('get', '/sites/RefArch/stores/store-sea')).body.fault.type).toBe('StoreNotFoundException');
  });
});

describe('who may call OCAPI', () => {
  it('refuses no token, a Commerce API client, a client not in the OCAPI settings, and a bad version segment', async () => {
    const none = await run.http.get(`${DATA}/inventory_lists`);
    expect(none.status).toBe(401);
    expect(none.body.fault.type).toBe('AuthorizationHeaderMissingException');
    const scapi = await call('get', '/inventory_lists', undefined, await tokenFor(run.http));
    expect(scapi.status).toBe(403);
    expect(scapi.body.fault).toMatchObject({ type: 'ClientAccessForbiddenException' });
    expect(scapi.body.fault.message).toMatch(/Salesforce Commerce API role/);
    const admin = await call('get', '/inventory_lists', undefined, await tokenFor(run.http, 'mail', DEMO.accountManager.adminClient));
    expect(admin.status).toBe(403);
    expect(admin.body.fault.message).toMatch(/not configured in the Open Commerce API Settings/);
    expect((await run.http.get('/s/-/dw/data/v99_1/inventory_lists').set('Authorization', `Bearer ${token}`)).body.fault.type).toBe('UnsupportedVersionException');
    expect((await run.http.get('/s/-/dw/data/latest/inventory_lists').set('Authorization', `Bearer ${token}`)).status).toBe(404);
    expect((await run.http.post(`${DATA}/inventory_lists`).set('Authorization', `Bearer ${token}`).send({})).status).toBe(405);
  });
});

// Last, as it switches the shared instance: in Omnichannel Inventory mode the records come from the OCI cache, in
// the same documents, and they too must match the spec.
describe('product inventory records in Omnichannel Inventory mode', () => {
  it('answers the cached OCI figures in documents the spec accepts, a page of them too', async () => {
    const bm = await tokenFor(run.http);
    for (const mode of ['OCI_CACHE', 'OCI']) {
      if (mode === 'OCI') await catchUp(run.emulator);
      const res = await run.http.post('/on/demandware.store/Sites-Site/default/OCIIntegration-SetMode').set('Authorization', `Bearer ${bm}`).send({ mode });
      expect(res.status, res.text).toBe(200);
    }
    const one = await call('get', '/inventory_lists/US-ONLINE/product_inventory_records/SKU-0005');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ _type: 'product_inventory_record', product_id: 'SKU-0005', inventory_list_id: 'US-ONLINE', perpetual_flag: false, quantity_on_order: 0 });
    validates('product_inventory_record', one.body);
    const page = await call('get', '/inventory_lists/US-ONLINE/product_inventory_records?count=5');
    expect(page.body).toMatchObject({ _type: 'product_inventory_records', count: 5, total: DEMO.skus });
    validates('product_inventory_records', page.body);
  });
});
