import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { TENANT, TENANT_GROUP, tokenFor } from '../helpers/emulator.js';
import { catchUp } from '../helpers/oci-cache.js';
import { enterOci, fresh, type Bm } from '../b2c/integration-page.js';
import { BASKETS, guestToken, ORDERS, ORG, readyBasket, SITE } from '../helpers/shopper.js';

// The admin status changes and their inventory effects (b2c-storefront-and-imports.md §3.6, §5): fail and cancel
// give the units back, undoing either takes them again and is refused (409) when they are gone; everything else
// the Script API does not allow is a 409 order-status-transition; OCAPI Data answers with its faults.

const q = `?siteId=${SITE}`;
const DATA = '/s/-/dw/data/v25_6';
const ADMIN = `/checkout/orders/v1/organizations/${ORG}/orders`;
let w: Bm;
let ocapi: string;
let admin: string;

beforeAll(async () => {
  w = await fresh({});
  ocapi = await tokenFor(w.run.http, 'mail', DEMO.accountManager.ocapiClient);
  admin = await tokenFor(w.run.http, `SALESFORCE_COMMERCE_API:${TENANT} sfcc.orders.rw`);
});
afterAll(() => w.run.close());

const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const record = (sku: string, body: object) => w.run.http.put(`${DATA}/inventory_lists/US-ONLINE/product_inventory_records/${sku}`).set(as(ocapi)).send(body);
const turnover = async (sku: string) => (await w.run.http.get(`${DATA}/inventory_lists/US-ONLINE/product_inventory_records/${sku}`).set(as(ocapi))).body;
const placeOrder = async (sku: string, quantity: number) => {
  const token = await guestToken(w.run);
  const basketId = await readyBasket(w.run, token, [{ productId: sku, quantity }]);
  const res = await w.run.http.post(`${ORDERS}${q}`).set(as(token)).send({ basketId });
  expect(res.status, res.text).toBe(200);
  return { orderNo: res.body.orderNo as string, token, basketId };
};
const setStatus = (orderNo: string, status: string) => w.run.http.put(`${ADMIN}/${orderNo}/status${q}`).set(as(admin)).send({ status });
const ocapiStatus = (orderNo: string, status: string, what = 'status') => w.run.http.put(`${DATA}/sites/${SITE}/orders/${orderNo}/${what}`).set(as(ocapi)).send({ status });

describe('native modes', () => {
  it('cancel gives turnover back, undo cancel books it again, and is refused once the stock is gone', async () => {
    expect((await record('SKU-0015', { allocation: { amount: 3 } })).status).toBe(200);
    const { orderNo } = await placeOrder('SKU-0015', 2);
    expect((await setStatus(orderNo, 'new')).status).toBe(204);
    expect((await setStatus(orderNo, 'cancelled')).status).toBe(204);
    expect((await turnover('SKU-0015')).inventory_turnover).toBe(0);
    expect((await setStatus(orderNo, 'completed')).status).toBe(204);
    expect((await turnover('SKU-0015')).inventory_turnover).toBe(2);
    expect((await setStatus(orderNo, 'cancelled')).status).toBe(204);
    await placeOrder('SKU-0015', 2);
    const refused = await setStatus(orderNo, 'new');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: expect.stringMatching(/undo-cancel-order$/), title: 'Undo Cancel Order' });
    expect((await turnover('SKU-0015')).inventory_turnover).toBe(2);
  });

  it.each([
    ['created', 'failed', 204],
    ['created', 'new', 204],
    ['new', 'failed', 409],
    ['new', 'created', 409],
    ['completed', 'failed', 409],
    ['cancelled', 'failed', 409],
  ])('%s → %s answers %i', async (from, to, status) => {
    expect((await record('SKU-0016', { allocation: { amount: 100 } })).status).toBe(200);
    const { orderNo } = await placeOrder('SKU-0016', 1);
    if (from !== 'created') expect((await setStatus(orderNo, from)).status).toBe(204);
    const res = await setStatus(orderNo, to);
    expect(res.status).toBe(status);
    if (status === 409) expect(res.body.type).toMatch(/order-status-transition$/);
  });

  it('fail, undo fail (409 undo-fail-order when the stock is gone), failed_with_reopen reopens the basket', async () => {
    expect((await record('SKU-0017', { allocation: { amount: 1 } })).status).toBe(200);
    const first = await placeOrder('SKU-0017', 1);
    expect((await setStatus(first.orderNo, 'failed')).status).toBe(204);
    const second = await placeOrder('SKU-0017', 1);
    const refused = await setStatus(first.orderNo, 'created');
    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/undo-fail-order$/);
    const reopened = await setStatus(second.orderNo, 'failed_with_reopen');
    expect(reopened.status).toBe(201);
    expect(reopened.headers.location).toContain(`/baskets/${second.basketId}`);
    const basket = await w.run.http.get(`${BASKETS}/${second.basketId}${q}`).set(as(second.token));
    expect(basket.status).toBe(200);
    expect(basket.body.productItems[0]).toMatchObject({ productId: 'SKU-0017', quantity: 1 });
    expect((await setStatus(first.orderNo, 'created')).status).toBe(204);
  });

  it('OCAPI Data: status and export_status with OCAPI faults; exporting moves on order into turnover', async () => {
    expect((await w.run.http.patch(`${DATA}/inventory_lists/US-ONLINE`).set(as(ocapi)).send({ on_order_inventory_enabled: true })).status).toBe(200);
    expect((await record('SKU-0018', { allocation: { amount: 5 } })).status).toBe(200);
    const { orderNo } = await placeOrder('SKU-0018', 2);
    expect(await turnover('SKU-0018')).toMatchObject({ inventory_turnover: 0, ats: 3 });
    expect((await ocapiStatus(orderNo, 'exported', 'export_status')).status).toBe(204);
    expect(await turnover('SKU-0018')).toMatchObject({ inventory_turnover: 2, ats: 3 });
    const wrong = await ocapiStatus(orderNo, 'created');
    expect(wrong.status).toBe(409);
    expect(wrong.body.fault).toMatchObject({ type: 'OrderStatusTransitionException' });
    expect((await ocapiStatus('99999999', 'cancelled')).body.fault.type).toBe('OrderNotFoundException');
    expect((await w.run.http.put(`${DATA}/sites/Nowhere/orders/${orderNo}/status`).set(as(ocapi)).send({ status: 'new' })).body.fault.type).toBe('SiteNotFoundException');
    expect((await w.run.http.patch(`${DATA}/inventory_lists/US-ONLINE`).set(as(ocapi)).send({ on_order_inventory_enabled: false })).status).toBe(200);
  });

  it('Orders Admin needs an Account Manager token with sfcc.orders.rw for this instance', async () => {
    const { orderNo } = await placeOrder('SKU-0016', 1);
    const shopper = await guestToken(w.run);
    expect((await w.run.http.put(`${ADMIN}/${orderNo}/status${q}`).set(as(shopper)).send({ status: 'new' })).status).toBe(401);
    const noScope = await tokenFor(w.run.http, `SALESFORCE_COMMERCE_API:${TENANT}`);
    expect((await w.run.http.put(`${ADMIN}/${orderNo}/status${q}`).set(as(noScope)).send({ status: 'new' })).status).toBe(403);
    expect((await w.run.http.put(`${ADMIN}/${orderNo}/status`).set(as(admin)).send({ status: 'new' })).status).toBe(400);
    expect((await setStatus(orderNo, 'shipped')).status).toBe(400);
  });
});

describe('Omnichannel Inventory mode', () => {
  beforeAll(async () => {
    await enterOci(w);
  });
  const doc = (id: string) => w.run.emulator.services.oci!.domain.reservations.document(TENANT_GROUP, id);

  it('cancel cancels the OCI document; undo cancel reserves again under a new document', async () => {
    const { orderNo } = await placeOrder('SKU-0004', 1);
    const id = `b2c-${TENANT}-order-${orderNo}`;
    expect(doc(id)).toMatchObject({ state: 'OPEN' });
    expect((await setStatus(orderNo, 'cancelled')).status).toBe(204);
    expect(doc(id)).toMatchObject({ state: 'CLOSED', closedBy: 'CANCELLED' });
    expect((await setStatus(orderNo, 'new')).status).toBe(204);
    expect(doc(`${id}-1`)).toMatchObject({ state: 'OPEN', externalRefId: orderNo });
    await catchUp(w.run.emulator);
  });
});
