import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { startEmulator, tokenFor, type Running } from '../helpers/emulator.js';
import { catchUp } from '../helpers/oci-cache.js';

// A record's General tab is served by the fast lane as well as by Express: the same request must get the same
// status, content type and bytes either way, for answers and for every kind of refusal.

const PAGE = '/on/demandware.store/Sites-Site/default/InventoryRecord-Show';
let run: Running;
let token: string;
let ocapi: string;

beforeAll(async () => {
  run = await startEmulator();
  token = await tokenFor(run.http);
  ocapi = await tokenFor(run.http, 'mail', DEMO.accountManager.ocapiClient);
  await run.http.put('/s/-/dw/data/v25_6/inventory_lists/STORE-BOS/product_inventory_records/SKU-0003').set('Authorization', `Bearer ${ocapi}`).send({ allocation: { amount: 7 } });
  await run.http.post('/on/demandware.store/Sites-Site/default/OCIIntegration-SetMode').set('Authorization', `Bearer ${token}`).send({ mode: 'OCI_CACHE' });
  await catchUp(run.emulator);
});
afterAll(() => run.close());

const cases: [string, string, (t: string) => Record<string, string>][] = [
  ['a record beside its cached OCI data', '?listId=STORE-BOS&productId=SKU-0003', (t) => ({ Authorization: `Bearer ${t}` })],
  ['cached only', '?listId=US-ONLINE&productId=SKU-0007', (t) => ({ Authorization: `Bearer ${t}` })],
  ['no such record', '?listId=STORE-BOS&productId=NOPE', (t) => ({ Authorization: `Bearer ${t}` })],
  ['no such list', '?listId=NOPE&productId=SKU-0003', (t) => ({ Authorization: `Bearer ${t}` })],
  ['a parameter missing', '?listId=STORE-BOS', (t) => ({ Authorization: `Bearer ${t}` })],
  ['a parameter given twice', '?listId=STORE-BOS&listId=X&productId=SKU-0003', (t) => ({ Authorization: `Bearer ${t}` })],
  ['nested too deep', `?listId${'[a]'.repeat(12)}=1&productId=SKU-0003`, (t) => ({ Authorization: `Bearer ${t}` })],
  ['no token', '?listId=STORE-BOS&productId=SKU-0003', () => ({})],
  ['a bad token', '?listId=STORE-BOS&productId=SKU-0003', () => ({ Authorization: 'Bearer not-a-token' })],
  ['another instance’s host', '?listId=STORE-BOS&productId=SKU-0003', (t) => ({ Authorization: `Bearer ${t}`, Host: 'yyyy-001.dx.commercecloud.salesforce.com' })],
];

describe('InventoryRecord-Show on the fast lane and on Express', () => {
  it.each(cases)('%s: the same answer', async (_name, query, headers) => {
    const before = run.emulator.lane.counts.served;
    const viaLane = await run.http.get(`${PAGE}${query}`).set(headers(token));
    const viaExpress = await supertest(run.emulator.app).get(`${PAGE}${query}`).set(headers(token));
    expect(viaLane.status).toBe(viaExpress.status);
    expect(viaLane.headers['content-type']).toBe(viaExpress.headers['content-type']);
    expect(viaLane.text).toBe(viaExpress.text);
    expect(run.emulator.lane.counts.served).toBe(before + 1);
  });

  it('answers the page itself', async () => {
    const res = await run.http.get(`${PAGE}?listId=STORE-BOS&productId=SKU-0003`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ inventoryListId: 'STORE-BOS', productId: 'SKU-0003', mode: 'OCI_CACHE', native: { allocation: 7 }, oci: expect.objectContaining({ ats: expect.any(Number) }) });
  });
});
