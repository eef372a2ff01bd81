import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { enterOci, fresh, type Bm } from '../b2c/integration-page.js';
import { TENANT, TENANT_GROUP, tokenFor } from '../helpers/emulator.js';
import { catchUp } from '../helpers/oci-cache.js';
import { AVAILABILITY, BASKETS, guestToken, ORDERS, ORG, readyBasket, RESERVATION, SITE } from '../helpers/shopper.js';

// The corners where a storefront could oversell or lock itself out: an order taken during an outage from a basket
// that holds a reservation, ids used again (a reopened basket, order numbers after a tenant reset), removing items
// while OCI is down with reserve-on-change on, quantities below 0.01, undoing a cancel of an exported order.

const q = `?siteId=${SITE}`;
const DATA = '/s/-/dw/data/v25_6';
const OCI = `/inventory/availability/v1/organizations/${TENANT_GROUP}`;
const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const oci = (w: Bm) => w.run.emulator.services.oci!.domain;

async function stock(w: Bm, am: string, sku: string, units: number) {
  const records = ['WH-EAST', 'WH-WEST', 'STORE-BOS'].map((location, i) => ({ id: `${sku}-${location}-${units}-${Date.now()}`, location, sku, onHand: i === 0 ? units : 0, safetyStockCount: 0, futureStock: [] }));
  expect((await w.run.http.post(`${OCI}/availability-records/actions/batch-update`).set(as(am)).send({ records })).status).toBe(204);
  await catchUp(w.run.emulator);
}
const ats = async (w: Bm, sku: string) => (await w.run.http.get(`${AVAILABILITY}${q}&productIds=${sku}`).set(as(await guestToken(w.run)))).body.data[0].inventories[0].ats as number;

describe('Omnichannel Inventory mode', () => {
  let w: Bm;
  let am: string;
  beforeAll(async () => {
    w = await fresh({});
    am = await tokenFor(w.run.http);
    await enterOci(w);
  });
  afterAll(() => w.run.close());

  it('an order taken during an outage from a reserved basket: shown once, then the basket document gives way to the order', async () => {
    await stock(w, am, 'SKU-0020', 10);
    const token = await guestToken(w.run);
    const basketId = await readyBasket(w.run, token, [{ productId: 'SKU-0020', quantity: 4 }]);
    expect((await w.run.http.post(`${RESERVATION(basketId)}${q}`).set(as(token)).send({ minutes: 240 })).status).toBe(200);
    await catchUp(w.run.emulator);
    expect(await ats(w, 'SKU-0020')).toBe(6);
    expect((await w.run.http.post('/__emulator/faults/oci').send({ kind: 'down' })).status).toBe(201);
    const order = await w.run.http.post(`${ORDERS}${q}`).set(as(token)).send({ basketId });
    expect(order.body.c_ociReservationStatus).toBe('RESERVATION_MISSING');
    // The basket's document still holds the 4 in OCI: B2C does not lower them a second time.
    expect(await ats(w, 'SKU-0020')).toBe(6);
    expect((await w.run.http.delete('/__emulator/faults/oci')).status).toBe(200);
    await w.run.emulator.clock.advance(30_000);
    const seen = await w.run.http.get(`${ORDERS}/${order.body.orderNo}${q}`).set(as(token));
    expect(seen.body.c_ociReservationStatus).toBe('COMPLETELY_RESERVED');
    expect(oci(w).reservations.document(TENANT_GROUP, `b2c-${TENANT}-basket-${basketId}-1`)).toMatchObject({ state: 'CLOSED', closedBy: 'CANCELLED' });
    expect(oci(w).query.group(TENANT_GROUP, 'US-ONLINE', 'SKU-0020')).toMatchObject({ reserved: 4, ato: 6 });
    await catchUp(w.run.emulator);
    expect(await ats(w, 'SKU-0020')).toBe(6);
  });

  it('a reopened basket reserves again at once (its next document id is a free one)', async () => {
    const token = await guestToken(w.run);
    const basketId = await readyBasket(w.run, token, [{ productId: 'SKU-0019', quantity: 1 }]);
    expect((await w.run.http.post(`${RESERVATION(basketId)}${q}`).set(as(token)).send({})).status).toBe(200);
    const order = await w.run.http.post(`${ORDERS}${q}`).set(as(token)).send({ basketId });
    expect((await w.run.http.post(`${ORDERS}/${order.body.orderNo}/actions/fail${q}&reopenBasket=true`).set(as(token)).send({ reasonCode: 'payment_auth_failure' })).status).toBe(201);
    const again = await w.run.http.post(`${RESERVATION(basketId)}${q}`).set(as(token)).send({});
    expect(again.status, again.text).toBe(200);
  });

  it('with reserve-on-change on, items can still be removed or lowered while OCI is down; adding is refused', async () => {
    expect((await w.action('CustomSitePreferences-Save', { siteId: SITE, basketReservation: { onItemChange: true, minutes: 10 } })).status).toBe(200);
    const token = await guestToken(w.run);
    const basket = (await w.run.http.post(`${BASKETS}${q}`).set(as(token)).send({ productItems: [{ productId: 'SKU-0018', quantity: 2 }, { productId: 'SKU-0017', quantity: 1 }] })).body;
    expect(basket.inventoryReservationExpiry).toBeDefined();
    expect((await w.run.http.post('/__emulator/faults/oci').send({ kind: 'down' })).status).toBe(201);
    const [first, second] = basket.productItems;
    expect((await w.run.http.patch(`${BASKETS}/${basket.basketId}/items/${first.itemId}${q}`).set(as(token)).send({ quantity: 1 })).status).toBe(200);
    expect((await w.run.http.delete(`${BASKETS}/${basket.basketId}/items/${second.itemId}${q}`).set(as(token))).status).toBe(200);
    const more = await w.run.http.patch(`${BASKETS}/${basket.basketId}/items/${first.itemId}${q}`).set(as(token)).send({ quantity: 3 });
    expect(more.status).toBe(400);
    expect(more.body).toMatchObject({ productId: 'SKU-0018' });
    expect((await w.run.http.delete('/__emulator/faults/oci')).status).toBe(200);
    expect((await w.action('CustomSitePreferences-Save', { siteId: SITE, basketReservation: { onItemChange: false } })).status).toBe(200);
  });

  it('a tenant reset gives order numbers again: the new order gets its own document and really holds stock', async () => {
    await stock(w, am, 'SKU-0016', 5);
    const place = async () => {
      const token = await guestToken(w.run);
      const basketId = await readyBasket(w.run, token, [{ productId: 'SKU-0016', quantity: 1 }]);
      return (await w.run.http.post(`${ORDERS}${q}`).set(as(token)).send({ basketId })).body;
    };
    await place();
    const before = oci(w).query.group(TENANT_GROUP, 'US-ONLINE', 'SKU-0016')!.reserved;
    expect((await w.run.http.post('/__emulator/reset').send({ tenant: TENANT })).status).toBe(200);
    await enterOci(w);
    const second = await place();
    expect(second.orderNo).toBe('00000001');
    expect(second.c_ociReservationStatus).toBe('RESERVED');
    const ids = oci(w).reservations.documents(TENANT_GROUP).filter((d) => d.externalRefId === '00000001' && d.state === 'OPEN').map((d) => d.id);
    expect(ids).toEqual(expect.arrayContaining([`b2c-${TENANT}-order-00000001`, `b2c-${TENANT}-order-00000001-r2`]));
    expect(oci(w).query.group(TENANT_GROUP, 'US-ONLINE', 'SKU-0016')).toMatchObject({ reserved: before + 1 });
  });
});

describe('native modes', () => {
  let w: Bm;
  let ocapi: string;
  beforeAll(async () => {
    w = await fresh({});
    ocapi = await tokenFor(w.run.http, 'mail', DEMO.accountManager.ocapiClient);
  });
  afterAll(() => w.run.close());
  const record = async (sku: string) => (await w.run.http.get(`${DATA}/inventory_lists/US-ONLINE/product_inventory_records/${sku}`).set(as(ocapi))).body;

  it('quantities below 0.01 are refused (they would book nothing)', async () => {
    expect((await w.run.http.put(`${DATA}/inventory_lists/US-ONLINE/product_inventory_records/SKU-0010`).set(as(ocapi)).send({ allocation: { amount: 1 } })).status).toBe(200);
    const token = await guestToken(w.run);
    const res = await w.run.http.post(`${BASKETS}${q}`).set(as(token)).send({ productItems: [{ productId: 'SKU-0010', quantity: 0.0004 }] });
    expect(res.status).toBe(400);
    expect((await w.run.http.post(`${BASKETS}${q}`).set(as(token)).send({ productItems: [{ productId: 'SKU-0010', quantity: 0.5 }] })).status).toBe(200);
  });

  it('undoing the cancel of an exported order books turnover, not on order', async () => {
    expect((await w.run.http.patch(`${DATA}/inventory_lists/US-ONLINE`).set(as(ocapi)).send({ on_order_inventory_enabled: true })).status).toBe(200);
    expect((await w.run.http.put(`${DATA}/inventory_lists/US-ONLINE/product_inventory_records/SKU-0011`).set(as(ocapi)).send({ allocation: { amount: 5 } })).status).toBe(200);
    const token = await guestToken(w.run);
    const basketId = await readyBasket(w.run, token, [{ productId: 'SKU-0011', quantity: 2 }]);
    const { orderNo } = (await w.run.http.post(`${ORDERS}${q}`).set(as(token)).send({ basketId })).body;
    const status = (what: string, value: string) => w.run.http.put(`${DATA}/sites/${SITE}/orders/${orderNo}/${what}`).set(as(ocapi)).send({ status: value });
    expect((await status('export_status', 'exported')).status).toBe(204);
    expect((await status('status', 'new')).status).toBe(204);
    expect((await status('status', 'cancelled')).status).toBe(204);
    expect(await record('SKU-0011')).toMatchObject({ inventory_turnover: 0, quantity_on_order: 0 });
    expect((await status('status', 'new')).status).toBe(204);
    expect(await record('SKU-0011')).toMatchObject({ inventory_turnover: 2, quantity_on_order: 0, ats: 3 });
    // OCAPI's `open` shows as `new` in the Commerce API, whose status enum has no open.
    expect((await status('status', 'open')).status).toBe(204);
    expect((await w.run.http.get(`${ORDERS}/${orderNo}${q}`).set(as(token))).body.status).toBe('new');
    expect((await w.run.http.put(`/checkout/orders/v1/organizations/${ORG}/orders/${orderNo}/status${q}`).set(as(await tokenFor(w.run.http, `SALESFORCE_COMMERCE_API:${TENANT} sfcc.orders.rw`))).send({ status: 'open' })).status).toBe(400);
  });
});
