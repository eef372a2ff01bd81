import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { startEmulator, tokenFor, type Running } from '../helpers/emulator.js';
import { AVAILABILITY, BASKETS, guestToken, ORDERS, PRODUCTS, readyBasket, SITE, STORES } from '../helpers/shopper.js';

// The shopper routes are served by the fast lane as well as by Express: the same request gets the same status,
// content type and bytes either way, for answers and for refusals; a write through either changes the same things.

let run: Running;
let shopper: string;
let basketId: string;
let orderNo: string;

beforeAll(async () => {
  run = await startEmulator();
  const ocapi = await tokenFor(run.http, 'mail', DEMO.accountManager.ocapiClient);
  await run.http.put('/s/-/dw/data/v25_6/inventory_lists/US-ONLINE/product_inventory_records/SKU-0001').set('Authorization', `Bearer ${ocapi}`).send({ allocation: { amount: 50 } });
  shopper = await guestToken(run);
  const id = await readyBasket(run, shopper, [{ productId: 'SKU-0001', quantity: 1 }]);
  orderNo = (await run.http.post(`${ORDERS}?siteId=${SITE}`).set('Authorization', `Bearer ${shopper}`).send({ basketId: id })).body.orderNo;
  basketId = (await run.http.post(`${BASKETS}?siteId=${SITE}`).set('Authorization', `Bearer ${shopper}`).send({ productItems: [{ productId: 'SKU-0002', quantity: 1 }] })).body.basketId;
});
afterAll(() => run.close());

const q = `siteId=${SITE}`;
const cases: [string, () => string, (t: string) => Record<string, string>][] = [
  ['a product', () => `${PRODUCTS}/products/SKU-0001?${q}`, (t) => ({ Authorization: `Bearer ${t}` })],
  ['a master with its variants', () => `${PRODUCTS}/products/TEE-MASTER?${q}&expand=availability,variations`, (t) => ({ Authorization: `Bearer ${t}` })],
  ['products by ids', () => `${PRODUCTS}/products?ids=SKU-0001,SKU-0002,NOPE&${q}`, (t) => ({ Authorization: `Bearer ${t}` })],
  ['availability in two lists', () => `${AVAILABILITY}?productIds=SKU-0001&inventoryIds=STORE-BOS,STORE-DEN&${q}`, (t) => ({ Authorization: `Bearer ${t}` })],
  ['stores', () => `${STORES}/stores?ids=store-bos,store-den&${q}`, (t) => ({ Authorization: `Bearer ${t}` })],
  ['store search', () => `${STORES}/store-search?countryCode=US&postalCode=02108&distanceUnit=mi&${q}`, (t) => ({ Authorization: `Bearer ${t}` })],
  ['a basket', () => `${BASKETS}/${basketId}?${q}`, (t) => ({ Authorization: `Bearer ${t}` })],
  ['an order', () => `${ORDERS}/${orderNo}?${q}`, (t) => ({ Authorization: `Bearer ${t}` })],
  ['an unknown product', () => `${PRODUCTS}/products/NOPE?${q}`, (t) => ({ Authorization: `Bearer ${t}` })],
  ['25 ids', () => `${AVAILABILITY}?productIds=${Array.from({ length: 25 }, (_, i) => `P${i}`).join(',')}&${q}`, (t) => ({ Authorization: `Bearer ${t}` })],
  ['no siteId', () => `${PRODUCTS}/products/SKU-0001`, (t) => ({ Authorization: `Bearer ${t}` })],
  ['another site', () => `${PRODUCTS}/products/SKU-0001?siteId=Other`, (t) => ({ Authorization: `Bearer ${t}` })],
  ['no token', () => `${PRODUCTS}/products/SKU-0001?${q}`, () => ({})],
  ['a bad token', () => `${PRODUCTS}/products/SKU-0001?${q}`, () => ({ Authorization: 'Bearer not-a-token' })],
  ['an unknown basket', () => `${BASKETS}/nope?${q}`, (t) => ({ Authorization: `Bearer ${t}` })],
];

describe('shopper routes on the fast lane and on Express', () => {
  it.each(cases)('%s: the same answer', async (_name, path, headers) => {
    const before = run.emulator.lane.counts.served;
    const viaLane = await run.http.get(path()).set(headers(shopper));
    const viaExpress = await supertest(run.emulator.app).get(path()).set(headers(shopper));
    expect(viaLane.status).toBe(viaExpress.status);
    expect(viaLane.headers['content-type']).toBe(viaExpress.headers['content-type']);
    expect(viaLane.text).toBe(viaExpress.text);
    expect(run.emulator.lane.counts.served).toBe(before + 1);
  });

  it('a checkout through Express alone books what one through the lane does', async () => {
    const express = supertest(run.emulator.app);
    const steps = async (http: ReturnType<typeof supertest>) => {
      const token = await guestToken(run);
      const auth = { Authorization: `Bearer ${token}` };
      const created = await http.post(`${BASKETS}?${q}`).set(auth).send({});
      const id = created.body.basketId as string;
      const added = await http.post(`${BASKETS}/${id}/items?${q}`).set(auth).send([{ productId: 'SKU-0001', quantity: 3 }]);
      const tooMany = await http.patch(`${BASKETS}/${id}/items/${added.body.productItems[0].itemId}?${q}`).set(auth).send({ quantity: 999 });
      return [created.status, added.status, added.body.productTotal, tooMany.status, tooMany.body.type];
    };
    const before = run.emulator.lane.counts.served;
    const viaLane = await steps(run.http);
    expect(run.emulator.lane.counts.served).toBeGreaterThan(before);
    expect(await steps(express)).toEqual(viaLane);
  });
});
