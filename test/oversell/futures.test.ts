import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, TENANT_GROUP, tokenFor, type Running } from '../helpers/emulator.js';

// OCI's future stock is sold on purpose (B2C shows it as backorderable): an order beyond the shelf that OCI's
// futures still cover is backordered, not oversold; past the futures, it is oversold again.

const OCI = `/inventory/availability/v1/organizations/${TENANT_GROUP}`;
let run: Running;
beforeAll(async () => {
  run = await startEmulator();
});
afterAll(() => run.close());

const order = (orderRef: string, quantity: number) =>
  run.http.post('/__emulator/physical/orders').send({ orderRef, place: 'WH-WEST', lines: [{ sku: 'SKU-0020', quantity }] });
const line = async (orderRef: string) => {
  const res = await run.http.get('/__emulator/oversell?sku=SKU-0020&limit=100');
  return { timeline: res.body.timeline.find((t: { orderRef: string }) => t.orderRef === orderRef), totals: res.body.totals };
};

describe('futures', () => {
  it('covers units beyond the shelf as backorders until the futures are promised', async () => {
    const records = [{ id: 'fut-1', location: 'WH-WEST', sku: 'SKU-0020', onHand: 2, safetyStockCount: 0, futureStock: [{ quantity: 5, expectedDate: '2026-03-20T00:00:00.000Z' }] }];
    const res = await run.http.post(`${OCI}/availability-records/actions/batch-update`).set('Authorization', `Bearer ${await tokenFor(run.http)}`).send({ records });
    expect(res.status, res.text).toBe(204);
    expect((await order('pre-1', 6)).status).toBe(200);
    expect((await line('pre-1')).timeline).toBeUndefined();
    expect((await line('pre-1')).totals).toMatchObject({ orders: 1, oversoldUnits: 0 });
    // 1 of the 5 future units is left: 3 more are 1 backordered and 2 oversold.
    expect((await order('pre-2', 3)).status).toBe(200);
    expect((await line('pre-2')).timeline).toMatchObject({ quantity: 3, oversold: 2, causes: { 'stale-oci-data': 2 } });
    const cell = (await run.http.get('/__emulator/physical?location=WH-WEST&sku=SKU-0020')).body.cells[0];
    expect(cell).toMatchObject({ onHand: 2, claimed: 9, free: -7 });
  });
  it('comes after what OCI only thought was on the shelf: a stale on-hand sells first, and that is oversold', async () => {
    const records = [{ id: 'fut-2', location: 'WH-WEST', sku: 'SKU-0021', onHand: 5, safetyStockCount: 0, futureStock: [{ quantity: 4, expectedDate: '2026-03-20T00:00:00.000Z' }] }];
    expect((await run.http.post(`${OCI}/availability-records/actions/batch-update`).set('Authorization', `Bearer ${await tokenFor(run.http)}`).send({ records })).status).toBe(204);
    // The shelf is empty: OCI's 5 on hand are a stale figure.
    expect((await run.http.post('/__emulator/physical/counts').send({ location: 'WH-WEST', sku: 'SKU-0021', onHand: 0 })).status).toBe(200);
    expect((await run.http.post('/__emulator/physical/orders').send({ orderRef: 'stale-1', place: 'WH-WEST', lines: [{ sku: 'SKU-0021', quantity: 7 }] })).status).toBe(200);
    const page = await run.http.get('/__emulator/oversell?sku=SKU-0021');
    expect(page.body.timeline).toEqual([expect.objectContaining({ orderRef: 'stale-1', quantity: 7, backordered: 2, oversold: 5, causes: { 'stale-oci-data': 5 } })]);
    expect(page.body.totals).toMatchObject({ oversoldUnits: 5, backorderedUnits: 2 });
  });
});
