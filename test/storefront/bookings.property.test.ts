import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutNamespace } from '../../emulator/b2c/checkout/model.js';
import type { StoredCheckout } from '../../emulator/b2c/checkout/stored-checkout.js';
import { DEMO } from '../../fixtures/index.js';
import { enterOci, fresh, type Bm } from '../b2c/integration-page.js';
import { TENANT, TENANT_GROUP, tokenFor } from '../helpers/emulator.js';
import { catchUp } from '../helpers/oci-cache.js';
import { guestToken, ORDERS, ORG, readyBasket, SITE } from '../helpers/shopper.js';

// Random order lives (place, fail, cancel, undo, export) against a small stock: whatever happens, what is booked is
// exactly the orders that hold stock now, and never more than there is. Native modes: each record's turnover (plus
// on order) is the sum of the held orders' quantities, at most the allocation. OCI mode: OCI's reserved at the group
// is that sum, at most what was on hand, and each held order has its one open document.

const q = `?siteId=${SITE}`;
const DATA = '/s/-/dw/data/v25_6';
const ADMIN = `/checkout/orders/v1/organizations/${ORG}/orders`;
const OCI = `/inventory/availability/v1/organizations/${TENANT_GROUP}`;
const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const HELD = new Set(['created', 'new', 'completed']);

type Step = { kind: 'order'; sku: number; quantity: number } | { kind: 'status'; order: number; status: 'failed' | 'cancelled' | 'new' | 'created' | 'completed' } | { kind: 'export'; order: number };

const steps = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('order' as const), sku: fc.integer({ min: 0, max: 1 }), quantity: fc.integer({ min: 1, max: 3 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('status' as const), order: fc.nat(20), status: fc.constantFrom('failed' as const, 'cancelled' as const, 'new' as const, 'created' as const, 'completed' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('export' as const), order: fc.nat(20) }) },
  ),
  { minLength: 4, maxLength: 16 },
);

/** Plays the steps; answers each order's number, quantity, SKU and its status as the emulator last said it. */
async function play(w: Bm, admin: string, ocapi: string, skus: string[], list: Step[]) {
  const orders: { orderNo: string; sku: string; quantity: number }[] = [];
  for (const s of list) {
    if (s.kind === 'order') {
      const token = await guestToken(w.run);
      const basketId = await readyBasket(w.run, token, [{ productId: skus[s.sku]!, quantity: s.quantity }]).catch((e: { response?: { status: number } }) => {
        expect(e.response?.status).toBe(400);
        return undefined;
      });
      if (!basketId) continue;
      const res = await w.run.http.post(`${ORDERS}${q}`).set(as(token)).send({ basketId });
      expect([200, 400]).toContain(res.status);
      if (res.status === 200) orders.push({ orderNo: res.body.orderNo, sku: skus[s.sku]!, quantity: s.quantity });
      continue;
    }
    const order = orders[s.order % Math.max(1, orders.length)];
    if (!order) continue;
    const res =
      s.kind === 'export'
        ? await w.run.http.put(`${DATA}/sites/${SITE}/orders/${order.orderNo}/export_status`).set(as(ocapi)).send({ status: 'exported' })
        : await w.run.http.put(`${ADMIN}/${order.orderNo}/status${q}`).set(as(admin)).send({ status: s.status });
    expect([201, 204, 409]).toContain(res.status);
  }
  // The status each order ended in, as the instance keeps it.
  const stored = w.run.emulator.store.get<StoredCheckout>(checkoutNamespace(TENANT))!;
  return orders.map((o) => ({ ...o, status: stored.orders.get(o.orderNo)!.status, booked: stored.orders.get(o.orderNo)!.booked }));
}

describe('order lives never book more or less than the orders that hold stock', { timeout: 300_000 }, () => {
  let w: Bm;
  let admin: string;
  let ocapi: string;
  beforeAll(async () => {
    w = await fresh({});
    admin = await tokenFor(w.run.http, `SALESFORCE_COMMERCE_API:${TENANT} sfcc.orders.rw`);
    ocapi = await tokenFor(w.run.http, 'mail', DEMO.accountManager.ocapiClient);
  });
  afterAll(() => w.run.close());

  it('native: turnover + on order = Σ held orders ≤ allocation, per SKU', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 6 }), fc.boolean(), steps, async (allocation, onOrderList, list) => {
        run++;
        const skus = [`SKU-00${String(2 * run - 1).padStart(2, '0')}`, `SKU-00${String(2 * run).padStart(2, '0')}`];
        expect((await w.run.http.patch(`${DATA}/inventory_lists/US-ONLINE`).set(as(ocapi)).send({ on_order_inventory_enabled: onOrderList })).status).toBe(200);
        for (const sku of skus) expect((await w.run.http.put(`${DATA}/inventory_lists/US-ONLINE/product_inventory_records/${sku}`).set(as(ocapi)).send({ allocation: { amount: allocation } })).status).toBe(200);
        const orders = await play(w, admin, ocapi, skus, list);
        for (const o of orders) expect(o.booked, `${o.orderNo} ${o.status}`).toBe(HELD.has(o.status));
        for (const sku of skus) {
          const r = (await w.run.http.get(`${DATA}/inventory_lists/US-ONLINE/product_inventory_records/${sku}`).set(as(ocapi))).body;
          const held = orders.filter((o) => o.sku === sku && o.booked).reduce((n, o) => n + o.quantity, 0);
          expect(r.inventory_turnover + r.quantity_on_order, sku).toBe(held);
          expect(held).toBeLessThanOrEqual(allocation);
        }
      }),
      { numRuns: 12, seed: 20261203 },
    );
  });

  it('OCI: reserved at the group = Σ held orders ≤ on hand, one open document per held order', async () => {
    await enterOci(w);
    const am = await tokenFor(w.run.http);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 6 }), steps, async (onHand, list) => {
        run++;
        const skus = [`SKU-00${String(2 * run - 1).padStart(2, '0')}`, `SKU-00${String(2 * run).padStart(2, '0')}`];
        const records = skus.flatMap((sku) => ['WH-EAST', 'WH-WEST', 'STORE-BOS'].map((location, i) => ({ id: `p-${run}-${sku}-${location}`, location, sku, onHand: i === 0 ? onHand : 0, safetyStockCount: 0, futureStock: [] })));
        expect((await w.run.http.post(`${OCI}/availability-records/actions/batch-update`).set(as(am)).send({ records })).status).toBe(204);
        await catchUp(w.run.emulator);
        const orders = await play(w, admin, ocapi, skus, list);
        const oci = w.run.emulator.services.oci!.domain;
        for (const sku of skus) {
          const held = orders.filter((o) => o.sku === sku && o.booked).reduce((n, o) => n + o.quantity, 0);
          expect(oci.query.group(TENANT_GROUP, 'US-ONLINE', sku)!.reserved, sku).toBe(held);
          expect(held).toBeLessThanOrEqual(onHand);
        }
        const open = oci.reservations.documents(TENANT_GROUP).filter((d) => d.state === 'OPEN' && d.id.includes('-order-'));
        for (const o of orders) expect(open.filter((d) => d.externalRefId === o.orderNo), o.orderNo).toHaveLength(o.booked ? 1 : 0);
        await catchUp(w.run.emulator);
      }),
      { numRuns: 10, seed: 20261203 },
    );
  });
});
