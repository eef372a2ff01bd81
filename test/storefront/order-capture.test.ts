import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEntry } from '../../emulator/core/journal.js';
import { TENANT, TENANT_GROUP, tokenFor } from '../helpers/emulator.js';
import { catchUp } from '../helpers/oci-cache.js';
import { enterOci, fresh, type Bm } from '../b2c/integration-page.js';
import { AVAILABILITY, guestToken, ORDERS, readyBasket, SITE } from '../helpers/shopper.js';

// Continuous Order Capture: while OCI is down (an injected outage) orders are taken on the cached figures, marked
// Reservation Missing, and lower what the next shopper sees at once; after recovery a job on the clock reserves
// them, oldest first, and reports each as Completely, Partially or Nothing Reserved.

const OCI = `/inventory/availability/v1/organizations/${TENANT_GROUP}`;
const RESERVE = `/inventory/reservation/v1/organizations/${TENANT_GROUP}/reservation-documents`;
const q = `?siteId=${SITE}`;
let w: Bm;
let am: string;

beforeAll(async () => {
  w = await fresh({});
  am = await tokenFor(w.run.http);
  const records = ['SKU-0021', 'SKU-0022'].flatMap((sku) =>
    ['WH-EAST', 'WH-WEST', 'STORE-BOS'].map((location, i) => ({ id: `${sku}-${location}`, location, sku, onHand: i === 0 ? (sku === 'SKU-0022' ? 10 : 2) : 0, safetyStockCount: 0, futureStock: [] })),
  );
  expect((await w.run.http.post(`${OCI}/availability-records/actions/batch-update`).set('Authorization', `Bearer ${am}`).send({ records })).status).toBe(204);
  await enterOci(w);
});
afterAll(() => w.run.close());

const order = async (sku: string, quantity: number) => {
  const token = await guestToken(w.run);
  const basketId = await readyBasket(w.run, token, [{ productId: sku, quantity }]);
  const res = await w.run.http.post(`${ORDERS}${q}`).set('Authorization', `Bearer ${token}`).send({ basketId });
  return { res, token };
};
const ats = async (sku: string) => (await w.run.http.get(`${AVAILABILITY}${q}&productIds=${sku}`).set('Authorization', `Bearer ${await guestToken(w.run)}`)).body.data[0].inventories[0].ats;
const reconciled = () => (w.run.emulator.journal.query({ kind: 'event', type: 'b2c.order.reservation-reconciled', limit: 100 }) as EventEntry[]).map((e) => e.data);
const doc = (orderNo: string) => w.run.emulator.services.oci!.domain.reservations.document(TENANT_GROUP, `b2c-${TENANT}-order-${orderNo}`);

describe('an OCI outage in Omnichannel Inventory mode', () => {
  it('takes orders on cached data, marks them Reservation Missing, and reserves them after recovery', async () => {
    expect((await w.run.http.post('/__emulator/faults/oci').send({ kind: 'down' })).status).toBe(201);
    const a = await order('SKU-0022', 4);
    expect(a.res.status, a.res.text).toBe(200);
    expect(a.res.body.c_ociReservationStatus).toBe('RESERVATION_MISSING');
    expect(doc(a.res.body.orderNo)).toBeUndefined();
    // B2C lowers what shoppers see at once, on its own.
    expect(await ats('SKU-0022')).toBe(6);
    const b = await order('SKU-0022', 5);
    expect(b.res.body.c_ociReservationStatus).toBe('RESERVATION_MISSING');
    const c = await order('SKU-0021', 2);
    expect(c.res.body.c_ociReservationStatus).toBe('RESERVATION_MISSING');
    // Nothing more than the last known figures allow.
    await expect(order('SKU-0022', 2)).rejects.toMatchObject({ response: { status: 400 } });
    // While OCI stays down the job retries and leaves them marked.
    await w.run.emulator.clock.advance(60_000);
    expect(reconciled()).toHaveLength(0);

    // Recovery; before the job runs, another channel takes 3 of SKU-0022 and both of SKU-0021 in OCI.
    expect((await w.run.http.delete('/__emulator/faults/oci')).status).toBe(200);
    const other = (id: string, sku: string, quantity: number) =>
      w.run.http.put(`${RESERVE}/${id}`).set('Authorization', `Bearer ${am}`).send({ groups: [{ id: 'US-ONLINE', reservations: [{ sku, quantity }] }] });
    expect((await other('pos-1', 'SKU-0022', 3)).body.success).toBe(true);
    expect((await other('pos-2', 'SKU-0021', 2)).body.success).toBe(true);
    await w.run.emulator.clock.advance(30_000);
    const byOrder = new Map(reconciled().map((d) => [d.orderNo, d]));
    expect(byOrder.get(a.res.body.orderNo)).toMatchObject({ status: 'COMPLETELY_RESERVED', wanted: 4, reserved: 4 });
    expect(byOrder.get(b.res.body.orderNo)).toMatchObject({ status: 'PARTIALLY_RESERVED', wanted: 5, reserved: 3 });
    expect(byOrder.get(c.res.body.orderNo)).toMatchObject({ status: 'NOTHING_RESERVED', wanted: 2, reserved: 0 });
    expect(doc(a.res.body.orderNo)).toMatchObject({ state: 'OPEN', externalRefId: a.res.body.orderNo });
    const seen = await w.run.http.get(`${ORDERS}/${b.res.body.orderNo}${q}`).set('Authorization', `Bearer ${b.token}`);
    expect(seen.body.c_ociReservationStatus).toBe('PARTIALLY_RESERVED');
    // Nothing is missing any more: the local decrement is gone, OCI decides again.
    await catchUp(w.run.emulator);
    expect(await ats('SKU-0022')).toBe(0);
  });
});
