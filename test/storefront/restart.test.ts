import { afterAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { basic, FROZEN_START, startEmulator, tokenFor, type Running } from '../helpers/emulator.js';
import { tempFolders } from '../helpers/temp.js';
import { BASKETS, ORDERS, ORG, readyBasket, SITE } from '../helpers/shopper.js';

// Baskets, orders, the order counter and SLAS (clients, refresh tokens, revocations) are journaled namespaces:
// a restart on a file store finds them as they were, and the next order number follows the last.

const temp = tempFolders('storefront-restart');
afterAll(temp.cleanup);
const file = temp.file();
const open = (start: string | number) => startEmulator({ store: { file }, clock: { mode: 'frozen', start } });
const q = `?siteId=${SITE}`;
const { privateClient } = DEMO.b2c.slas;
const tokenUrl = `/shopper/auth/v1/organizations/${ORG}/oauth2/token`;

async function login(run: Running) {
  const res = await run.http.post(tokenUrl).set('Authorization', basic(privateClient.id, privateClient.secret)).type('form').send({ grant_type: 'client_credentials', channel_id: SITE });
  expect(res.status).toBe(200);
  return res.body as { access_token: string; refresh_token: string };
}

describe('the storefront over a restart', () => {
  it('keeps baskets, orders and refresh tokens; order numbers carry on', async () => {
    let run = await open(FROZEN_START);
    let saved: { refresh: string; basketId: string; orderNo: string; open: string; at: number };
    try {
      const ocapi = await tokenFor(run.http, 'mail', DEMO.accountManager.ocapiClient);
      expect((await run.http.put('/s/-/dw/data/v25_6/inventory_lists/US-ONLINE/product_inventory_records/SKU-0001').set('Authorization', `Bearer ${ocapi}`).send({ allocation: { amount: 10 } })).status).toBe(200);
      const first = await login(run);
      const basketId = await readyBasket(run, first.access_token, [{ productId: 'SKU-0001', quantity: 2 }]);
      const order = await run.http.post(`${ORDERS}${q}`).set('Authorization', `Bearer ${first.access_token}`).send({ basketId });
      expect(order.status).toBe(200);
      const second = await login(run);
      const open = (await run.http.post(`${BASKETS}${q}`).set('Authorization', `Bearer ${second.access_token}`).send({ productItems: [{ productId: 'SKU-0001', quantity: 1 }] })).body.basketId as string;
      saved = { refresh: second.refresh_token, basketId, orderNo: order.body.orderNo, open, at: run.emulator.clock.now() };
    } finally {
      await run.close();
    }

    run = await open(saved.at);
    try {
      expect(run.emulator.restored).toBe(true);
      const again = await run.http.post(tokenUrl).set('Authorization', basic(privateClient.id, privateClient.secret)).type('form').send({ grant_type: 'refresh_token', refresh_token: saved.refresh, channel_id: SITE });
      expect(again.status, again.text).toBe(200);
      const auth = `Bearer ${again.body.access_token}`;
      expect((await run.http.get(`${BASKETS}/${saved.open}${q}`).set('Authorization', auth)).body.productItems[0]).toMatchObject({ productId: 'SKU-0001', quantity: 1 });
      // The same shopper still has their one open basket.
      expect((await run.http.post(`${BASKETS}${q}`).set('Authorization', auth).send({})).body.basketIds).toBe(saved.open);
      const admin = await tokenFor(run.http, `SALESFORCE_COMMERCE_API:${DEMO.b2c.instanceId} sfcc.orders.rw`);
      expect((await run.http.put(`/checkout/orders/v1/organizations/${ORG}/orders/${saved.orderNo}/status${q}`).set('Authorization', `Bearer ${admin}`).send({ status: 'new' })).status).toBe(204);
      const third = await login(run);
      const id = await readyBasket(run, third.access_token, [{ productId: 'SKU-0001', quantity: 1 }]);
      // Ids are never given twice, restart or not (a seeded stream started over would repeat them).
      expect([saved.basketId, saved.open]).not.toContain(id);
      const order = await run.http.post(`${ORDERS}${q}`).set('Authorization', `Bearer ${third.access_token}`).send({ basketId: id });
      expect(order.body.orderNo).toBe(String(Number(saved.orderNo) + 1).padStart(8, '0'));
    } finally {
      await run.close();
    }
  });
});
