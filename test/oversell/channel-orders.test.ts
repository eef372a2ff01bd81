import { describe, expect, it } from 'vitest';
import { OVERSELL_NAMESPACE, orderKey } from '../../emulator/oversell/accounting/model.js';
import type { StoredOversell } from '../../emulator/oversell/accounting/stored.js';
import { tokenFor } from '../helpers/emulator.js';
import { fresh, physicalWorld, RESERVE } from './support.js';

// Other channels' orders against OCI: an order OCI never learnt of is 'stale-oci-data' for the next, one reserved
// in OCI first (all or part of it) is path 'oci', a reservation names only the order right after it, one OCI
// refuses names none, one made after the order clears its unknown units, at a location or at a group.

describe('the physical world over HTTP', () => {
  const { run, ok, cell, oversell, ociOnHand, reserve } = physicalWorld();

  describe('other channels’ orders against OCI', () => {
    const stored = () => run.emulator.store.get<StoredOversell>(OVERSELL_NAMESPACE)!;

    it("an order oversold because of earlier channel orders OCI never learnt of is 'stale-oci-data'", async () => {
      const sku = fresh();
      const [first, second] = [fresh('ch'), fresh('ch')];
      await ociOnHand('WH-WEST', sku, 5);
      await ok('orders', { orderRef: first, place: 'WH-WEST', lines: [{ sku, quantity: 3 }] });
      expect(await cell('WH-WEST', sku)).toMatchObject({ onHand: 5, claimed: 3, anchor: 'oci', oci: { onHand: 5, aheadBy: 3, stock: {}, unknownOrders: { 'stale-oci-data': 3 } } });
      await run.emulator.clock.advance(60_000);
      // OCI still shows 5 free: the channel sells 4 of them again.
      await ok('orders', { orderRef: second, place: 'WH-WEST', lines: [{ sku, quantity: 4 }] });
      const page = await oversell({ sku });
      expect(page.timeline).toEqual([expect.objectContaining({ orderRef: second, path: 'channel', quantity: 4, oversold: 2, causes: { 'stale-oci-data': 2 } })]);
      expect(await cell('WH-WEST', sku)).toMatchObject({ onHand: 5, claimed: 7, free: -2, oci: { unknownOrders: { 'stale-oci-data': 7 } } });
      expect(stored().orders.get(orderKey('channel:other', first))!.path).toBe('channel');
    });

    it("one reserved in OCI first is path 'oci' and leaves no unknown order on the cell", async () => {
      const sku = fresh();
      const ref = fresh('oci');
      await ociOnHand('WH-WEST', sku, 5);
      // The shelf holds 3: OCI is 2 ahead of it (a count it was not told of).
      await ok('counts', { location: 'WH-WEST', sku, onHand: 3 });
      expect((await reserve(ref, { location: 'WH-WEST' }, [{ sku, quantity: 4 }])).success).toBe(true);
      await ok('orders', { orderRef: ref, place: 'WH-WEST', lines: [{ sku, quantity: 4 }] });
      expect(stored().orders.get(orderKey('channel:other', ref))!.path).toBe('oci');
      expect(await cell('WH-WEST', sku)).toMatchObject({ onHand: 3, claimed: 4, free: -1, oci: { onHand: 5, aheadBy: 2, stock: { 'stale-oci-data': 2 }, unknownOrders: {} } });
      expect((await oversell({ sku })).timeline).toEqual([expect.objectContaining({ orderRef: ref, path: 'oci', oversold: 1, causes: { 'stale-oci-data': 1 } })]);
    });

    it('reserved first for part of its units: OCI decided, and lacks only the units it did not grant', async () => {
      const sku = fresh();
      const ref = fresh('part');
      await ociOnHand('WH-WEST', sku, 10);
      const res = await run.http
        .put(`${RESERVE}/${fresh('res')}`)
        .set('Authorization', `Bearer ${await tokenFor(run.http)}`)
        .send({ externalRefId: ref, allowPartialReservations: true, locations: [{ id: 'WH-WEST', reservations: [{ sku, quantity: 2 }] }] });
      expect(res.status, res.text).toBeLessThan(300);
      await ok('orders', { orderRef: ref, place: 'WH-WEST', lines: [{ sku, quantity: 5 }] });
      expect(stored().orders.get(orderKey('channel:other', ref))!.path).toBe('oci');
      expect((await cell('WH-WEST', sku))!.oci).toMatchObject({ aheadBy: 3, unknownOrders: { 'stale-oci-data': 3 } });
    });

    it('a reservation only counts for the order right after it: a later order with another ref is a channel order', async () => {
      const sku = fresh();
      const [reserved, other] = [fresh('oci'), fresh('ch')];
      await ociOnHand('WH-EAST', sku, 5);
      expect((await reserve(reserved, { location: 'WH-EAST' }, [{ sku, quantity: 1 }])).success).toBe(true);
      await ok('orders', { orderRef: other, place: 'WH-EAST', lines: [{ sku, quantity: 1 }] });
      expect(stored().orders.get(orderKey('channel:other', other))!.path).toBe('channel');
      await ok('orders', { orderRef: reserved, place: 'WH-EAST', lines: [{ sku, quantity: 1 }] });
      expect(stored().orders.get(orderKey('channel:other', reserved))!.path).toBe('oci');
      expect((await cell('WH-EAST', sku))!.oci.unknownOrders).toEqual({ 'stale-oci-data': 1 });
    });

    it('a reservation OCI refuses names no order: the order after it is still unknown to OCI', async () => {
      const sku = fresh();
      const ref = fresh('refused');
      await ociOnHand('WH-EAST', sku, 1);
      const res = await run.http
        .put(`${RESERVE}/${fresh('res')}`)
        .set('Authorization', `Bearer ${await tokenFor(run.http)}`)
        .send({ externalRefId: ref, allowPartialReservations: false, locations: [{ id: 'WH-EAST', reservations: [{ sku, quantity: 3 }] }] });
      expect(res.body.success, res.text).toBe(false);
      await ok('orders', { orderRef: ref, place: 'WH-EAST', lines: [{ sku, quantity: 3 }] });
      expect(stored().orders.get(orderKey('channel:other', ref))!.path).toBe('channel');
      expect((await cell('WH-EAST', sku))!.oci.unknownOrders).toEqual({ 'stale-oci-data': 3 });
    });

    it('a reservation made after the channel order clears its unknown units (part of them when it reserves part)', async () => {
      const sku = fresh();
      const ref = fresh('late');
      await ociOnHand('WH-WEST', sku, 10);
      await ok('orders', { orderRef: ref, place: 'WH-WEST', lines: [{ sku, quantity: 4 }] });
      expect((await cell('WH-WEST', sku))!.oci).toMatchObject({ aheadBy: 4, unknownOrders: { 'stale-oci-data': 4 } });
      expect((await reserve(ref, { location: 'WH-WEST' }, [{ sku, quantity: 1 }])).success).toBe(true);
      expect((await cell('WH-WEST', sku))!.oci).toMatchObject({ aheadBy: 3, unknownOrders: { 'stale-oci-data': 3 } });
      expect((await reserve(ref, { location: 'WH-WEST' }, [{ sku, quantity: 3 }])).success).toBe(true);
      expect((await cell('WH-WEST', sku))!.oci).toMatchObject({ aheadBy: 0, unknownOrders: {} });
      // The order stays a channel order: OCI learnt of it late.
      expect(stored().orders.get(orderKey('channel:other', ref))!.path).toBe('channel');
    });

    it('a group order reserved at the group in OCI afterwards is known too', async () => {
      const sku = fresh();
      const ref = fresh('group');
      await ociOnHand('WH-EAST', sku, 3);
      await ociOnHand('WH-WEST', sku, 3);
      await ok('orders', { orderRef: ref, place: 'US-ONLINE', lines: [{ sku, quantity: 5 }] });
      const before = [(await cell('WH-EAST', sku))!, (await cell('WH-WEST', sku))!];
      expect(before.map((c) => c.claimed).reduce((a, b) => a + b)).toBe(5);
      expect(before.map((c) => c.oci.unknownOrders['stale-oci-data'] ?? 0).reduce((a, b) => a + b)).toBe(5);
      expect((await reserve(ref, { group: 'US-ONLINE' }, [{ sku, quantity: 5 }])).success).toBe(true);
      for (const location of ['WH-EAST', 'WH-WEST']) expect((await cell(location, sku))!.oci.unknownOrders).toEqual({});
      expect((await oversell({ sku })).totals.oversoldUnits).toBe(0);
    });
  });
});
