import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { TENANT_GROUP, tokenFor } from '../helpers/emulator.js';
import { catchUp } from '../helpers/oci-cache.js';
import { fresh, type Bm } from '../b2c/integration-page.js';
import { BM, guestToken, ORDERS, readyBasket, SITE } from '../helpers/shopper.js';

// The oversell accounting watching a real storefront over HTTP, through one integration's life: native orders
// before the switch, the switch with the storefront online, POS lag in Omnichannel Inventory mode, an OCI outage
// and throttling (Continuous Order Capture), and turning the integration off. Each story has its own SKU; the
// site's list US-ONLINE pairs with the group of WH-EAST, WH-WEST and STORE-BOS.

const q = `?siteId=${SITE}`;
const DATA = '/s/-/dw/data/v25_6';
const OCI = `/inventory/availability/v1/organizations/${TENANT_GROUP}`;
const RESERVE = `/inventory/reservation/v1/organizations/${TENANT_GROUP}/reservation-documents`;
let w: Bm;

beforeAll(async () => {
  w = await fresh({});
});
afterAll(() => w.run.close());

const as = (token: string) => ({ Authorization: `Bearer ${token}` });
// Tokens are asked for at each call: the stories move the clock on by hours.
const am = () => tokenFor(w.run.http);
const ocapi = () => tokenFor(w.run.http, 'mail', DEMO.accountManager.ocapiClient);
const setMode = async (_w: Bm, mode: string) => w.run.http.post(`${BM}/OCIIntegration-SetMode`).set(as(await am())).send({ mode });
/** OCI's on-hand at WH-EAST (the group's other members hold none), as an integration's import would set it. */
const ociOnHand = async (sku: string, onHand: number, safetyStockCount = 0) => {
  const records = ['WH-EAST', 'WH-WEST', 'STORE-BOS'].map((location) => ({ id: `${sku}-${location}-${onHand}`, location, sku, onHand: location === 'WH-EAST' ? onHand : 0, safetyStockCount, futureStock: [] }));
  expect((await w.run.http.post(`${OCI}/availability-records/actions/batch-update`).set(as(await am())).send({ records })).status).toBe(204);
};
const nativeRecord = async (sku: string, amount: number) => {
  const res = await w.run.http.put(`${DATA}/inventory_lists/US-ONLINE/product_inventory_records/${sku}`).set(as(await ocapi())).send({ allocation: { amount } });
  expect(res.status, res.text).toBe(200);
};
const order = async (sku: string, quantity: number) => {
  const token = await guestToken(w.run);
  const basketId = await readyBasket(w.run, token, [{ productId: sku, quantity }]);
  const res = await w.run.http.post(`${ORDERS}${q}`).set(as(token)).send({ basketId });
  expect(res.status, res.text).toBe(200);
  return res.body as { orderNo: string; c_ociReservationStatus?: string };
};
const posSale = (sku: string, quantity: number) => w.run.http.post('/__emulator/physical/pos-sales').send({ location: 'WH-EAST', sku, quantity });
const oversell = async (sku: string) => {
  const res = await w.run.http.get(`/__emulator/oversell?sku=${sku}`);
  expect(res.status, res.text).toBe(200);
  return res.body as { totals: { oversoldUnits: number; orders: number }; byCause: { cause: string; units: number; orders: number }[]; timeline: { orderRef: string; oversold: number; causes: Record<string, number> }[] };
};
const cell = async (sku: string) => (await w.run.http.get(`/__emulator/physical?location=WH-EAST&sku=${sku}`)).body.cells[0];
const minutes = (n: number) => w.run.emulator.clock.advance(n * 60_000);

describe('the oversell accounting over one integration’s life', () => {
  it('native orders OCI never learns of oversell after the switch: unexported ones, and those taken during it', async () => {
    for (const sku of ['SKU-0011', 'SKU-0012']) {
      await ociOnHand(sku, 4);
      await nativeRecord(sku, 4);
    }
    // Native orders the day before; one of SKU-0012's is exported and its OMS reserves it in OCI.
    await order('SKU-0011', 2);
    const exported = await order('SKU-0012', 2);
    expect((await w.run.http.put(`${DATA}/sites/${SITE}/orders/${exported.orderNo}/export_status`).set(as(await ocapi())).send({ status: 'exported' })).status).toBeLessThan(300);
    const oms = await w.run.http.put(`${RESERVE}/oms-${exported.orderNo}`).set(as(await am())).send({ externalRefId: exported.orderNo, groups: [{ id: 'US-ONLINE', reservations: [{ sku: 'SKU-0012', quantity: 2 }] }] });
    expect(oms.body.success, oms.text).toBe(true);
    expect((await cell('SKU-0012')).oci.unknownOrders).toEqual({});
    await minutes(12 * 60);

    expect((await setMode(w, 'OCI_CACHE')).status).toBe(200);
    await catchUp(w.run.emulator);
    // At peak, with the storefront online, one more native order minutes before the switch.
    await order('SKU-0011', 1);
    await minutes(5);
    expect((await setMode(w, 'OCI')).status).toBe(200);
    await catchUp(w.run.emulator);

    // OCI still counts 4 of SKU-0011 on the shelf that holds 1 for nobody.
    const first = await order('SKU-0011', 3);
    expect(first.c_ociReservationStatus).toBe('RESERVED');
    const report = await oversell('SKU-0011');
    expect(report.totals.oversoldUnits).toBe(2);
    expect(report.timeline).toEqual([expect.objectContaining({ orderRef: first.orderNo, oversold: 2, causes: { 'unexported-native-reservations': 2 } })]);
    const next = await order('SKU-0011', 1);
    expect((await oversell('SKU-0011')).timeline.at(-1)).toMatchObject({ orderRef: next.orderNo, oversold: 1, causes: { 'storefront-online-during-switch': 1 } });
    // The exported and reserved order was known to OCI: SKU-0012 oversells nothing.
    await order('SKU-0012', 2);
    expect((await oversell('SKU-0012')).totals.oversoldUnits).toBe(0);
  });

  it('POS sales OCI has not been told of oversell, without safety stock; an import of the shelf closes the gap', async () => {
    await ociOnHand('SKU-0013', 5);
    expect((await posSale('SKU-0013', 3)).status).toBe(200);
    expect((await posSale('SKU-0013', 3)).status).toBe(409);
    const taken = await order('SKU-0013', 4);
    expect(taken.c_ociReservationStatus).toBe('RESERVED');
    const report = await oversell('SKU-0013');
    expect(report.totals).toMatchObject({ oversoldUnits: 2, orders: 1 });
    expect(report.byCause).toEqual([expect.objectContaining({ cause: 'pos-lag-no-safety-stock', units: 2, orders: 1 })]);
    expect(await cell('SKU-0013')).toMatchObject({ onHand: 2, claimed: 4, free: -2, oci: { onHand: 5, stock: { 'pos-lag-no-safety-stock': 3 } } });
    // The next import states the shelf: OCI is behind no more.
    await ociOnHand('SKU-0013', 2);
    expect(await cell('SKU-0013')).toMatchObject({ oci: { onHand: 2, aheadBy: 0, stock: {} } });
  });

  it('with safety stock at least the POS lag, the same sales oversell nothing', async () => {
    await ociOnHand('SKU-0014', 5, 3);
    expect((await posSale('SKU-0014', 3)).status).toBe(200);
    await order('SKU-0014', 2);
    expect((await oversell('SKU-0014')).totals.oversoldUnits).toBe(0);
  });

  it('orders captured while OCI is down or throttled oversell what the shelf lost meanwhile; re-reserving clears them', async () => {
    await ociOnHand('SKU-0015', 5);
    await ociOnHand('SKU-0016', 5);
    await catchUp(w.run.emulator);
    expect((await w.run.http.post('/__emulator/faults/oci').send({ kind: 'down' })).status).toBe(201);
    expect((await posSale('SKU-0015', 3)).status).toBe(200);
    const down = await order('SKU-0015', 4);
    expect(down.c_ociReservationStatus).toBe('RESERVATION_MISSING');
    expect((await w.run.http.delete('/__emulator/faults/oci')).status).toBe(200);
    expect((await w.run.http.post('/__emulator/faults/oci').send({ kind: 'throttle' })).status).toBe(201);
    expect((await posSale('SKU-0016', 3)).status).toBe(200);
    const throttled = await order('SKU-0016', 4);
    expect(throttled.c_ociReservationStatus).toBe('RESERVATION_MISSING');
    expect((await oversell('SKU-0015')).timeline).toEqual([expect.objectContaining({ orderRef: down.orderNo, oversold: 2, causes: { 'oci-outage-capture': 2 } })]);
    expect((await oversell('SKU-0016')).timeline).toEqual([expect.objectContaining({ orderRef: throttled.orderNo, oversold: 2, causes: { 'cache-lag': 2 } })]);
    expect((await cell('SKU-0015')).oci.unknownOrders).toEqual({ 'oci-outage-capture': 4 });

    // Recovery: the capture job reserves what OCI has (OCI still counts 5), and OCI knows those orders now.
    expect((await w.run.http.delete('/__emulator/faults/oci')).status).toBe(200);
    await minutes(1);
    expect((await cell('SKU-0015')).oci.unknownOrders).toEqual({});
    expect((await cell('SKU-0016')).oci.unknownOrders).toEqual({});
  });

  it('turned off after the native records went stale, native sales oversell what OCI-mode orders took', async () => {
    // SKU-0017's native record was written before the switch (SKU-0011's story switched the instance already,
    // so this one is written now: records are read-only in OCI mode, the import path still runs).
    expect((await setMode(w, 'B2C')).status).toBe(200);
    await nativeRecord('SKU-0017', 5);
    await ociOnHand('SKU-0017', 5);
    expect((await setMode(w, 'OCI_CACHE')).status).toBe(200);
    await catchUp(w.run.emulator);
    expect((await setMode(w, 'OCI')).status).toBe(200);
    await order('SKU-0017', 3);
    expect((await setMode(w, 'B2C')).status).toBe(200);
    const stale = await order('SKU-0017', 4);
    expect((await oversell('SKU-0017')).timeline).toEqual([expect.objectContaining({ orderRef: stale.orderNo, oversold: 2, causes: { 'turned-off-stale-native': 2 } })]);
  });

  it('a cancelled order gives its units back to the shelf', async () => {
    await nativeRecord('SKU-0018', 5);
    await ociOnHand('SKU-0018', 5);
    const placed = await order('SKU-0018', 2);
    expect((await cell('SKU-0018')).claimed).toBe(2);
    const admin = await tokenFor(w.run.http, `SALESFORCE_COMMERCE_API:${DEMO.b2c.instanceId} sfcc.orders.rw`);
    const res = await w.run.http.put(`/checkout/orders/v1/organizations/f_ecom_${DEMO.b2c.instanceId}/orders/${placed.orderNo}/status${q}`).set(as(admin)).send({ status: 'cancelled' });
    expect(res.status, res.text).toBe(204);
    expect(await cell('SKU-0018')).toMatchObject({ claimed: 0, free: 5, oci: { unknownOrders: {} } });
  });
});
