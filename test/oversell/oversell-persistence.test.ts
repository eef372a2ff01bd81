import { describe, expect, it } from 'vitest';
import { OVERSELL_NAMESPACE, orderKey } from '../../emulator/oversell/accounting/model.js';
import type { StoredOversell } from '../../emulator/oversell/accounting/stored.js';
import { physicalWorld, TG } from './support.js';

// The oversell accounting across a snapshot and a reset: a restore brings the cells, the orders and the totals
// back as saved, a reset empties them, and neither leaves a reservation OCI no longer has making a later channel
// order known to OCI.

describe('the accounting across a snapshot and a reset', () => {
  const { run, ok, cell, cells, oversell, ociOnHand, reserve } = physicalWorld();

  it('a restore brings the cells, the orders and the totals back as they were saved; a reset empties them', async () => {
    const sku = 'SNAP-1';
    await ociOnHand('WH-WEST', sku, 5);
    await ok('counts', { location: 'WH-WEST', sku, onHand: 3 });
    await ok('orders', { orderRef: 'U1', place: 'WH-WEST', lines: [{ sku, quantity: 4 }] });
    const savedCell = await cell('WH-WEST', sku);
    const savedPage = await oversell({ sku });
    expect(savedPage.totals.oversoldUnits).toBe(1);
    expect(savedCell!.oci.unknownOrders).toEqual({ 'stale-oci-data': 4 });
    expect((await run.http.post('/__emulator/snapshots').send({ name: 'oversell-snap' })).status).toBe(201);

    // Changes after the save: another order, a new count, a new cell.
    await ok('orders', { orderRef: 'U2', place: 'WH-WEST', lines: [{ sku, quantity: 2 }] });
    await ok('counts', { location: 'WH-WEST', sku, onHand: 50 });
    await ok('counts', { location: 'STORE-DEN', sku: 'SNAP-2', onHand: 1 });
    expect((await oversell({ sku })).totals.orders).toBe(2);

    const restored = await run.http.post('/__emulator/snapshots/oversell-snap/restore');
    expect(restored.status, restored.text).toBe(200);
    expect(await cell('WH-WEST', sku)).toEqual(savedCell);
    expect(await oversell({ sku })).toEqual(savedPage);
    expect(await cell('STORE-DEN', 'SNAP-2')).toBeUndefined();
    // U2 is not known any more, so its reference is free again; U1 still is a duplicate.
    await ok('orders', { orderRef: 'U2', place: 'WH-WEST', lines: [{ sku, quantity: 1 }] });
    expect((await run.http.post('/__emulator/physical/orders').send({ orderRef: 'U1', place: 'WH-WEST', lines: [{ sku, quantity: 1 }] })).status).toBe(409);
    // A reservation naming the restored order U1 finds it (the index by reference is rebuilt after the load).
    expect((await reserve('U1', { location: 'WH-WEST' }, [{ sku, quantity: 4 }])).success).toBe(true);
    expect((await cell('WH-WEST', sku))!.oci.unknownOrders).toEqual({ 'stale-oci-data': 1 });

    const reset = await run.http.post('/__emulator/reset');
    expect(reset.status).toBe(200);
    expect(await cells({})).toEqual({ cells: [], truncated: false });
    expect(await oversell()).toEqual({ totals: { orders: 0, units: 0, oversoldOrders: 0, oversoldUnits: 0, backorderedUnits: 0 }, byCause: [], bySkuAndPlace: [], timeline: [], truncated: false });
    // After the reset the references are free again.
    await ok('orders', { orderRef: 'U1', place: 'WH-WEST', lines: [{ sku: 'SKU-0001', quantity: 1 }] });
  });

  // The accounting remembers in memory the reservations that named no order yet (service.ts #recent): a restore
  // or a reset must forget them, or a reservation OCI no longer has would still make the next channel order with
  // its reference one "OCI decided and knows" (path 'oci', no unknown units).
  it.each(['restore', 'reset'] as const)('a reservation the %s took out of OCI no longer makes the channel order after it known to OCI', async (how) => {
    const sku = `GONE-${how}`;
    const ref = `GONE-REF-${how}`;
    await ociOnHand('WH-EAST', sku, 10);
    expect((await run.http.post('/__emulator/snapshots').send({ name: `before-${how}` })).status).toBe(201);
    expect((await reserve(ref, { location: 'WH-EAST' }, [{ sku, quantity: 2 }])).success).toBe(true);
    if (how === 'restore') expect((await run.http.post(`/__emulator/snapshots/before-${how}/restore`)).status).toBe(200);
    else {
      expect((await run.http.post('/__emulator/reset')).status).toBe(200);
      await ociOnHand('WH-EAST', sku, 10);
    }
    // OCI holds nothing for the reference any more.
    expect(run.emulator.services.oci!.domain.reservations.documents(TG).filter((d) => d.externalRefId === ref)).toEqual([]);
    await ok('orders', { orderRef: ref, place: 'WH-EAST', lines: [{ sku, quantity: 2 }] });
    const stored = run.emulator.store.get<StoredOversell>(OVERSELL_NAMESPACE)!;
    expect(stored.orders.get(orderKey('channel:other', ref))!.path).toBe('channel');
    expect((await cell('WH-EAST', sku))!.oci.unknownOrders).toEqual({ 'stale-oci-data': 2 });
  });
});
