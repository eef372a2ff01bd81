import { describe, expect, it } from 'vitest';
import { b2cWorld } from '../b2c/helpers.js';
import { AVAILABILITY, BASKETS, guestToken, ORDERS, PRODUCTS, readyBasket, SITE } from '../helpers/shopper.js';

// A guest checkout in Commerce Platform Inventory mode: what the shopper sees comes from the native record, an
// order books turnover, failing it gives the units back.

const w = b2cWorld();
const q = `?siteId=${SITE}`;

describe('native checkout', () => {
  it('shows ATS from the native record, orders book turnover, a fail gives it back', async () => {
    expect((await w.data('put', '/inventory_lists/US-ONLINE/product_inventory_records/SKU-0001', { allocation: { amount: 5 } })).status).toBeLessThan(300);
    const token = await guestToken(w.run);
    const auth = `Bearer ${token}`;
    const product = await w.run.http.get(`${PRODUCTS}/products/SKU-0001${q}`).set('Authorization', auth);
    expect(product.status, product.text).toBe(200);
    expect(product.body.inventory).toMatchObject({ id: 'US-ONLINE', ats: 5, stockLevel: 5, orderable: true });
    const avail = await w.run.http.get(`${AVAILABILITY}${q}&productIds=SKU-0001,SKU-0002`).set('Authorization', auth);
    expect(avail.status, avail.text).toBe(200);
    expect(avail.body.data[0].inventories[0]).toMatchObject({ ats: 5 });
    const basketId = await readyBasket(w.run, token, [{ productId: 'SKU-0001', quantity: 3 }]);
    const order = await w.run.http.post(`${ORDERS}${q}`).set('Authorization', auth).send({ basketId });
    expect(order.status, order.text).toBe(200);
    expect(order.body).toMatchObject({ status: 'created', productItems: [{ productId: 'SKU-0001', quantity: 3 }] });
    const record = await w.data('get', '/inventory_lists/US-ONLINE/product_inventory_records/SKU-0001');
    expect(record.body).toMatchObject({ inventory_turnover: 3, ats: 2 });
    expect((await w.run.http.get(`${BASKETS}/${basketId}${q}`).set('Authorization', auth)).status).toBe(404);
    const tooMany = await readyBasket(w.run, await guestToken(w.run), [{ productId: 'SKU-0001', quantity: 3 }]).catch((e) => e.response);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.type).toMatch(/product-item-not-available$/);
    const fail = await w.run.http.post(`${ORDERS}/${order.body.orderNo}/actions/fail${q}`).set('Authorization', auth).send({ reasonCode: 'payment_auth_failure' });
    expect(fail.status, fail.text).toBe(204);
    expect((await w.data('get', '/inventory_lists/US-ONLINE/product_inventory_records/SKU-0001')).body.inventory_turnover).toBe(0);
  });
});
