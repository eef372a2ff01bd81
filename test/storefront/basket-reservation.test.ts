import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { TENANT, TENANT_GROUP, tokenFor } from '../helpers/emulator.js';
import { catchUp } from '../helpers/oci-cache.js';
import { enterOci, fresh, type Bm } from '../b2c/integration-page.js';
import { AVAILABILITY, BASKETS, BM, guestToken, ORDERS, readyBasket, RESERVATION, SITE } from '../helpers/shopper.js';

// Basket reservations, the two stand-ins for reserveInventory code (b2c-storefront-and-imports.md §3.5):
// native modes keep the hold in B2C (ATS seen by everyone unchanged, what other baskets may take capped), OCI mode
// makes an OCI reservation document that expires with it and lowers ATO for everyone; each call replaces the last.

const q = `?siteId=${SITE}`;
const DATA = '/s/-/dw/data/v25_6';
let w: Bm;
let ocapi: string;

beforeAll(async () => {
  w = await fresh({});
  ocapi = await tokenFor(w.run.http, 'mail', DEMO.accountManager.ocapiClient);
});
afterAll(() => w.run.close());

const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const reserve = (token: string, basketId: string, body: object) => w.run.http.post(`${RESERVATION(basketId)}${q}`).set(as(token)).send(body);
const ats = async (sku: string) => (await w.run.http.get(`${AVAILABILITY}${q}&productIds=${sku}`).set(as(await guestToken(w.run)))).body.data[0].inventories[0].ats as number;
const record = (sku: string, allocation: number) => w.run.http.put(`${DATA}/inventory_lists/US-ONLINE/product_inventory_records/${sku}`).set(as(ocapi)).send({ allocation: { amount: allocation } });
const basketOf = async (token: string, items: object[]) => {
  const res = await w.run.http.post(`${BASKETS}${q}`).set(as(token)).send({ productItems: items });
  expect(res.status, res.text).toBe(200);
  return res.body;
};

describe('native modes (Commerce Platform Inventory)', () => {
  it('a reservation caps what other baskets may take but not what anyone sees; it expires on the clock', async () => {
    expect((await record('SKU-0010', 5)).status).toBe(200);
    const a = await guestToken(w.run);
    const basket = await basketOf(a, [{ productId: 'SKU-0010', quantity: 4 }]);
    const res = await reserve(a, basket.basketId, { minutes: 15 });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: 'OK', items: [] });
    expect(Date.parse(res.body.basket.inventoryReservationExpiry)).toBe(w.run.emulator.clock.now() + 15 * 60_000);
    expect(await ats('SKU-0010')).toBe(5);
    const b = await guestToken(w.run);
    const other = await basketOf(b, [{ productId: 'SKU-0010', quantity: 1 }]);
    const two = await w.run.http.patch(`${BASKETS}/${other.basketId}/items/${other.productItems[0].itemId}${q}`).set(as(b)).send({ quantity: 2 });
    expect(two.status).toBe(400);
    expect(two.body.type).toMatch(/product-item-not-available$/);
    await w.run.emulator.clock.advance(15 * 60_000 + 1);
    expect((await w.run.http.get(`${BASKETS}/${basket.basketId}${q}`).set(as(a))).body.inventoryReservationExpiry).toBeUndefined();
    expect((await w.run.http.patch(`${BASKETS}/${other.basketId}/items/${other.productItems[0].itemId}${q}`).set(as(b)).send({ quantity: 2 })).status).toBe(200);
  });

  it('ERROR leaves the previous reservation; removeIfNotAvailable cuts and removes items with status items', async () => {
    expect((await record('SKU-0011', 3)).status).toBe(200);
    expect((await record('SKU-0012', 2)).status).toBe(200);
    const a = await guestToken(w.run);
    const b = await guestToken(w.run);
    const basket = await basketOf(a, [{ productId: 'SKU-0011', quantity: 3 }, { productId: 'SKU-0012', quantity: 2 }]);
    const other = await basketOf(b, [{ productId: 'SKU-0011', quantity: 2 }]);
    expect((await reserve(a, basket.basketId, {})).status).toBe(200);
    const refused = await reserve(b, other.basketId, { minutes: 5 });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ status: 'ERROR', code: 'INVENTORY_RESERVATION_FAILED', items: [] });
    expect(refused.body.basket.inventoryReservationExpiry).toBeUndefined();
    // The first basket needs one unit less and reserves again (replacing its hold), then SKU-0012 runs out.
    expect((await w.run.http.patch(`${BASKETS}/${basket.basketId}/items/${basket.productItems[0].itemId}${q}`).set(as(a)).send({ quantity: 2 })).status).toBe(200);
    expect((await reserve(a, basket.basketId, { minutes: 30 })).status).toBe(200);
    expect((await record('SKU-0012', 0)).status).toBe(200);
    const failed = await reserve(a, basket.basketId, { minutes: 10 });
    expect(failed.status).toBe(409);
    expect(Date.parse(failed.body.basket.inventoryReservationExpiry)).toBe(w.run.emulator.clock.now() + 30 * 60_000);
    const removed = await reserve(a, basket.basketId, { minutes: 10, removeIfNotAvailable: true });
    expect(removed.status).toBe(200);
    expect(removed.body.items).toEqual([{ code: 'ITEM_REMOVED', itemId: basket.productItems[1].itemId, productId: 'SKU-0012', quantity: 0 }]);
    expect(removed.body.basket.productItems.map((i: { productId: string }) => i.productId)).toEqual(['SKU-0011']);
    const reduced = await reserve(b, other.basketId, { removeIfNotAvailable: true });
    expect(reduced.status).toBe(200);
    expect(reduced.body.items).toEqual([{ code: 'ITEM_QUANTITY_REDUCED', itemId: other.productItems[0].itemId, productId: 'SKU-0011', quantity: 1 }]);
    expect(reduced.body.basket.productItems[0].quantity).toBe(1);
  });

  it('the site preference reserves on every item change; a change it cannot reserve is refused and undone', async () => {
    expect((await record('SKU-0013', 2)).status).toBe(200);
    const save = await w.action('CustomSitePreferences-Save', { siteId: SITE, basketReservation: { onItemChange: true, minutes: 20 } });
    expect(save.status, save.text).toBe(200);
    expect((await w.page(`CustomSitePreferences-Show?siteId=${SITE}`)).body.basketReservation).toMatchObject({ onItemChange: true, minutes: 20 });
    const a = await guestToken(w.run);
    const basket = await basketOf(a, [{ productId: 'SKU-0013', quantity: 2 }]);
    expect(Date.parse(basket.inventoryReservationExpiry)).toBe(w.run.emulator.clock.now() + 20 * 60_000);
    const b = await guestToken(w.run);
    const refused = await w.run.http.post(`${BASKETS}${q}`).set(as(b)).send({ productItems: [{ productId: 'SKU-0013', quantity: 1 }] });
    expect(refused.status).toBe(400);
    expect((await w.action('CustomSitePreferences-Save', { siteId: SITE, basketReservation: { onItemChange: false } })).status).toBe(200);
    expect((await w.action('CustomSitePreferences-Save', { siteId: SITE, basketReservation: { onItemChange: true, minutes: 241 } })).status).toBe(400);
  });

  it('ordering counts what the basket itself holds; the order drops the hold and books turnover', async () => {
    expect((await record('SKU-0014', 2)).status).toBe(200);
    const a = await guestToken(w.run);
    const basketId = await readyBasket(w.run, a, [{ productId: 'SKU-0014', quantity: 2 }]);
    expect((await reserve(a, basketId, {})).status).toBe(200);
    const order = await w.run.http.post(`${ORDERS}${q}`).set(as(a)).send({ basketId });
    expect(order.status, order.text).toBe(200);
    expect((await w.run.http.get(`${DATA}/inventory_lists/US-ONLINE/product_inventory_records/SKU-0014`).set(as(ocapi))).body).toMatchObject({ inventory_turnover: 2, ats: 0 });
  });
});

describe('Omnichannel Inventory mode', () => {
  beforeAll(async () => {
    await enterOci(w);
  });
  const docs = () => w.run.emulator.services.oci!.domain.reservations.documents(TENANT_GROUP).filter((d) => d.id.startsWith(`b2c-${TENANT}-basket-`));

  it('a reservation is an OCI document that lowers ATO once the delta arrives; each replaces the last; OCI expires it', async () => {
    const before = await ats('SKU-0002');
    const a = await guestToken(w.run);
    const basket = await basketOf(a, [{ productId: 'SKU-0002', quantity: 2 }]);
    expect((await reserve(a, basket.basketId, { minutes: 10 })).status).toBe(200);
    const first = docs().find((d) => d.externalRefId === basket.basketId && d.state === 'OPEN')!;
    expect(first).toMatchObject({ id: `b2c-${TENANT}-basket-${basket.basketId}-1`, expiresAt: w.run.emulator.clock.now() + 600_000 });
    await catchUp(w.run.emulator);
    expect(await ats('SKU-0002')).toBe(before - 2);
    expect((await reserve(a, basket.basketId, { minutes: 1 })).status).toBe(200);
    expect(docs().filter((d) => d.externalRefId === basket.basketId).map((d) => [d.id.slice(-2), d.state])).toEqual([
      ['-1', 'CLOSED'],
      ['-2', 'OPEN'],
    ]);
    // OCI releases an expired reservation a little after its time (emulator-behaviour: seconds, fast profile 2 s).
    await w.run.emulator.clock.advance(63_000);
    await catchUp(w.run.emulator);
    expect(docs().find((d) => d.id.endsWith(`${basket.basketId}-2`))).toMatchObject({ state: 'CLOSED', closedBy: 'EXPIRED' });
    expect(await ats('SKU-0002')).toBe(before);
  });

  it('an order takes over the basket reservation: ATO does not drop a second time', async () => {
    const before = await ats('SKU-0003');
    const a = await guestToken(w.run);
    const basketId = await readyBasket(w.run, a, [{ productId: 'SKU-0003', quantity: 1 }]);
    expect((await reserve(a, basketId, {})).status).toBe(200);
    await catchUp(w.run.emulator);
    expect(await ats('SKU-0003')).toBe(before - 1);
    const order = await w.run.http.post(`${ORDERS}${q}`).set(as(a)).send({ basketId });
    expect(order.status, order.text).toBe(200);
    expect(docs().filter((d) => d.externalRefId === basketId).every((d) => d.state === 'CLOSED')).toBe(true);
    await catchUp(w.run.emulator);
    expect(await ats('SKU-0003')).toBe(before - 1);
    const viaBm = await w.run.http.get(`${BM}/OCIIntegration-Show`).set(as(await tokenFor(w.run.http)));
    expect(viaBm.body.mode.value).toBe('OCI');
  });
});
