import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT, TENANT_GROUP } from '../helpers/emulator.js';
import { catchUp } from '../helpers/oci-cache.js';
import { enterOci, fresh, type Bm } from '../b2c/integration-page.js';
import { AVAILABILITY, guestToken, ORDERS, readyBasket, SITE } from '../helpers/shopper.js';

// A guest checkout in Omnichannel Inventory mode: the shopper sees the cached ATO, an order is an OCI reservation
// document, and once the delta reaches the cache the next shopper sees less; failing the order cancels it.

let w: Bm;
beforeAll(async () => {
  w = await fresh({});
  await enterOci(w);
});
afterAll(() => w.run.close());
const q = `?siteId=${SITE}`;
const oci = () => w.run.emulator.services.oci!.domain.reservations;

describe('OCI checkout', () => {
  it('orders reserve in OCI; the cache shows it; a fail cancels the document', async () => {
    const token = await guestToken(w.run);
    const auth = `Bearer ${token}`;
    const ats = async () => (await w.run.http.get(`${AVAILABILITY}${q}&productIds=SKU-0001`).set('Authorization', auth)).body.data[0].inventories[0].ats as number;
    const before = await ats();
    expect(before).toBeGreaterThan(2);
    const basketId = await readyBasket(w.run, token, [{ productId: 'SKU-0001', quantity: 2 }]);
    const order = await w.run.http.post(`${ORDERS}${q}`).set('Authorization', auth).send({ basketId });
    expect(order.status, order.text).toBe(200);
    expect(order.body.c_ociReservationStatus).toBe('RESERVED');
    const doc = oci().document(TENANT_GROUP, `b2c-${TENANT}-order-${order.body.orderNo}`);
    expect(doc).toMatchObject({ state: 'OPEN', externalRefId: order.body.orderNo });
    await catchUp(w.run.emulator);
    expect(await ats()).toBe(before - 2);
    const fail = await w.run.http.post(`${ORDERS}/${order.body.orderNo}/actions/fail${q}&reopenBasket=true`).set('Authorization', auth).send({ reasonCode: 'payment_auth_failure' });
    expect(fail.status, fail.text).toBe(201);
    expect(oci().document(TENANT_GROUP, `b2c-${TENANT}-order-${order.body.orderNo}`)).toMatchObject({ state: 'CLOSED', closedBy: 'CANCELLED' });
    await catchUp(w.run.emulator);
    expect(await ats()).toBe(before);
  });
});
