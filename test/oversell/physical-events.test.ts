import { describe, expect, it } from 'vitest';
import { MAX_BATCH } from '../../emulator/oversell/physical/requests.js';
import { expectControlError, fresh, physicalWorld, TG, type CellView, type Kind } from './support.js';

// The physical world's events over HTTP: each kind (counts, receipts, shipments, POS sales, other channels'
// orders) applied one at a time, journaled and shown on its cell; a count below OCI and what closes the gap
// after it; batches, which apply what they can and refuse the rest by index; and the cells GET
// /__emulator/physical lists. Each test works on SKUs of its own (fresh names) so they never meet.

describe('the physical world over HTTP', () => {
  const { run, seq, post, ok, cells, cell, ociOnHand, journaled } = physicalWorld();

  describe('one event of each kind applies, is journaled and shows on its cell', () => {
    // Every SKU starts with OCI counting 10 at WH-EAST and no count: the cell is anchored on OCI's on-hand.
    const cases: { kind: Kind; event: (sku: string, ref: string) => Record<string, unknown>; type: string; data: (sku: string, ref: string) => Record<string, unknown>; cell: Partial<CellView> }[] = [
      {
        kind: 'counts',
        event: (sku) => ({ location: 'WH-EAST', sku, onHand: 7 }),
        type: 'physical.count',
        data: (sku) => ({ location: 'WH-EAST', sku, onHand: 7, before: 10 }),
        cell: { onHand: 7, claimed: 0, free: 7, anchor: 'count', oci: { onHand: 10, aheadBy: 3, stock: { 'stale-oci-data': 3 }, unknownOrders: {} } },
      },
      {
        kind: 'receipts',
        event: (sku) => ({ location: 'WH-EAST', sku, quantity: 4 }),
        type: 'physical.receipt',
        data: (sku) => ({ location: 'WH-EAST', sku, quantity: 4, onHand: 14 }),
        cell: { onHand: 14, claimed: 0, free: 14, anchor: 'oci', oci: { onHand: 10, aheadBy: 0, stock: {}, unknownOrders: {} } },
      },
      {
        kind: 'shipments',
        event: (sku) => ({ location: 'WH-EAST', sku, quantity: 3 }),
        type: 'physical.shipment',
        data: (sku) => ({ location: 'WH-EAST', sku, quantity: 3, onHand: 7 }),
        cell: { onHand: 7, claimed: 0, free: 7, anchor: 'oci', oci: { onHand: 10, aheadBy: 3, stock: { 'stale-oci-data': 3 }, unknownOrders: {} } },
      },
      {
        kind: 'pos-sales',
        event: (sku) => ({ tenantGroupId: TG, location: 'WH-EAST', sku, quantity: 3 }),
        type: 'physical.pos-sale',
        data: (sku) => ({ location: 'WH-EAST', sku, quantity: 3, onHand: 7 }),
        cell: { onHand: 7, claimed: 0, free: 7, anchor: 'oci', oci: { onHand: 10, aheadBy: 3, stock: { 'pos-lag-no-safety-stock': 3 }, unknownOrders: {} } },
      },
      {
        kind: 'orders',
        event: (sku, ref) => ({ orderRef: ref, place: 'WH-EAST', lines: [{ sku, quantity: 4 }] }),
        type: 'physical.order',
        data: (sku, ref) => ({ channel: 'other', orderRef: ref, place: 'WH-EAST', lines: [{ sku, quantity: 4 }] }),
        cell: { onHand: 10, claimed: 4, free: 6, anchor: 'oci', oci: { onHand: 10, aheadBy: 4, stock: {}, unknownOrders: { 'stale-oci-data': 4 } } },
      },
    ];

    it.each(cases)('$kind', async ({ kind, event, type, data, cell: expected }) => {
      const sku = fresh();
      const ref = fresh('order');
      await ociOnHand('WH-EAST', sku, 10);
      const since = seq();
      expect(await ok(kind, event(sku, ref))).toEqual({ applied: 1, refused: [] });
      const events = journaled(since);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ kind: 'event', type, tenant: TG, data: data(sku, ref) });
      expect(await cell('WH-EAST', sku)).toEqual({ tenantGroupId: TG, location: 'WH-EAST', sku, ...expected });
      // Nothing was oversold by one event on 10 units.
      expect(journaled(since, 'oversell.recorded')).toEqual([]);
    });

    it('a count on a SKU OCI has no record of anchors the cell on the count, with nothing ahead', async () => {
      const sku = fresh();
      const since = seq();
      await ok('counts', { location: 'STORE-DEN', sku, onHand: 5 });
      expect(journaled(since)[0]!.data).toEqual({ location: 'STORE-DEN', sku, onHand: 5, before: 0 });
      expect(await cell('STORE-DEN', sku)).toEqual({ tenantGroupId: TG, location: 'STORE-DEN', sku, onHand: 5, claimed: 0, free: 5, anchor: 'count', oci: { onHand: 0, aheadBy: 0, stock: {}, unknownOrders: {} } });
    });

    it('a store sale or a shipment takes only units no order has claimed (409 NOT_ON_SHELF), and changes nothing then', async () => {
      const sku = fresh();
      await ok('counts', { location: 'WH-WEST', sku, onHand: 5 });
      await ok('orders', { orderRef: fresh('order'), place: 'WH-WEST', lines: [{ sku, quantity: 4 }] });
      const since = seq();
      for (const kind of ['pos-sales', 'shipments'] as const) {
        const res = await post(kind, { location: 'WH-WEST', sku, quantity: 2 });
        expectControlError(res, 409, 'NOT_ON_SHELF');
        expect(res.body.message).toContain(sku);
      }
      // Nothing on a shelf never counted: 409 as well.
      expectControlError(await post('pos-sales', { location: 'WH-WEST', sku: fresh(), quantity: 1 }), 409, 'NOT_ON_SHELF');
      expect(journaled(since)).toEqual([]);
      expect(await cell('WH-WEST', sku)).toMatchObject({ onHand: 5, claimed: 4, free: 1 });
      await ok('pos-sales', { location: 'WH-WEST', sku, quantity: 1 });
      expect(await cell('WH-WEST', sku)).toMatchObject({ onHand: 4, claimed: 4, free: 0 });
    });

    it('an order the shelf cannot cover is oversold and journaled as oversell.recorded', async () => {
      const sku = fresh();
      const ref = fresh('order');
      await ok('counts', { location: 'WH-WEST', sku, onHand: 2 });
      const since = seq();
      await ok('orders', { channel: 'marketplace', orderRef: ref, place: 'WH-WEST', lines: [{ sku, quantity: 5 }] });
      expect(journaled(since, 'oversell.recorded')).toEqual([
        expect.objectContaining({
          tenant: TG,
          data: { source: 'channel:marketplace', orderRef: ref, path: 'channel', lines: [{ place: 'WH-WEST', sku, quantity: 5, oversold: 3, causes: { 'stale-oci-data': 3 } }] },
        }),
      ]);
      expect(await cell('WH-WEST', sku)).toMatchObject({ onHand: 2, claimed: 5, free: -3 });
    });
  });

  describe('a count below OCI and the receipts after it', () => {
    it("the gap a count finds is 'stale-oci-data'; receipts close the gap oldest reason first", async () => {
      const sku = fresh();
      await ociOnHand('WH-EAST', sku, 10);
      await ok('counts', { location: 'WH-EAST', sku, onHand: 6 });
      expect((await cell('WH-EAST', sku))!.oci).toEqual({ onHand: 10, aheadBy: 4, stock: { 'stale-oci-data': 4 }, unknownOrders: {} });
      await run.emulator.clock.advance(60_000);
      await ok('pos-sales', { location: 'WH-EAST', sku, quantity: 2 });
      expect((await cell('WH-EAST', sku))!.oci.stock).toEqual({ 'stale-oci-data': 4, 'pos-lag-no-safety-stock': 2 });
      // 3 units arrive: the oldest reason (the count's) goes first.
      await ok('receipts', { location: 'WH-EAST', sku, quantity: 3 });
      expect(await cell('WH-EAST', sku)).toMatchObject({ onHand: 7, oci: { onHand: 10, aheadBy: 3, stock: { 'stale-oci-data': 1, 'pos-lag-no-safety-stock': 2 } } });
      await ok('receipts', { location: 'WH-EAST', sku, quantity: 2 });
      expect((await cell('WH-EAST', sku))!.oci.stock).toEqual({ 'pos-lag-no-safety-stock': 1 });
      await ok('receipts', { location: 'WH-EAST', sku, quantity: 5 });
      expect(await cell('WH-EAST', sku)).toMatchObject({ onHand: 14, oci: { onHand: 10, aheadBy: 0, stock: {} } });
    });

    it('an import telling OCI the shelf closes the gap too; one stating more than the shelf opens it again', async () => {
      const sku = fresh();
      await ociOnHand('WH-WEST', sku, 10);
      await ok('counts', { location: 'WH-WEST', sku, onHand: 6 });
      await ociOnHand('WH-WEST', sku, 6);
      expect((await cell('WH-WEST', sku))!.oci).toEqual({ onHand: 6, aheadBy: 0, stock: {}, unknownOrders: {} });
      await ociOnHand('WH-WEST', sku, 9);
      expect((await cell('WH-WEST', sku))!.oci).toEqual({ onHand: 9, aheadBy: 3, stock: { 'stale-oci-data': 3 }, unknownOrders: {} });
    });
  });

  describe('batches', () => {
    it('applies what it can and refuses the rest by index; the events after a refused one still apply', async () => {
      const sku = fresh();
      await ok('counts', { location: 'STORE-BOS', sku, onHand: 3 });
      const since = seq();
      const outcome = await ok('pos-sales', {
        events: [
          { location: 'STORE-BOS', sku, quantity: 1 },
          { location: 'STORE-BOS', sku, quantity: 99 },
          { location: 'NOWHERE', sku, quantity: 1 },
          { tenantGroupId: 'not-a-tenant-group', location: 'STORE-BOS', sku, quantity: 1 },
          { location: 'STORE-BOS', sku, quantity: 2 },
        ],
      });
      expect(outcome.applied).toBe(2);
      expect(outcome.refused.map((r) => [r.index, r.code])).toEqual([
        [1, 'NOT_ON_SHELF'],
        [2, 'UNKNOWN_LOCATION'],
        [3, 'UNKNOWN_TENANT_GROUP'],
      ]);
      for (const r of outcome.refused) expect(r.message).toMatch(/\S/);
      expect(journaled(since).map((e) => e.data['quantity'])).toEqual([1, 2]);
      expect(await cell('STORE-BOS', sku)).toMatchObject({ onHand: 0, free: 0 });
    });

    it('orders: a duplicate within the batch and an unknown place are refused by index', async () => {
      const sku = fresh();
      const [a, b] = [fresh('order'), fresh('order')];
      await ok('counts', { location: 'STORE-BOS', sku, onHand: 10 });
      const outcome = await ok('orders', {
        events: [
          { orderRef: a, place: 'STORE-BOS', lines: [{ sku, quantity: 1 }] },
          { orderRef: a, place: 'STORE-BOS', lines: [{ sku, quantity: 1 }] },
          { orderRef: b, place: 'NOWHERE', lines: [{ sku, quantity: 1 }] },
          { orderRef: a, channel: 'phone', place: 'STORE-BOS', lines: [{ sku, quantity: 2 }] },
          { orderRef: b, place: 'US-ONLINE', lines: [{ sku, quantity: 3 }] },
        ],
      });
      expect(outcome).toEqual({
        applied: 3,
        refused: [
          { index: 1, code: 'DUPLICATE_ORDER', message: expect.stringContaining(a) },
          { index: 2, code: 'UNKNOWN_PLACE', message: expect.stringContaining('NOWHERE') },
        ],
      });
      expect(await cell('STORE-BOS', sku)).toMatchObject({ onHand: 10, claimed: 6, free: 4 });
    });

    it('an empty batch applies nothing', async () => {
      expect(await ok('receipts', { events: [] })).toEqual({ applied: 0, refused: [] });
    });

    it(`${MAX_BATCH} events in one call, a body far above the control plane's 64 KiB, are all applied`, async () => {
      const sku = fresh();
      const body = { events: Array.from({ length: MAX_BATCH }, () => ({ location: 'WH-WEST', sku, quantity: 1 })) };
      expect(JSON.stringify(body).length).toBeGreaterThan(64 * 1024);
      expect(await ok('receipts', body)).toEqual({ applied: MAX_BATCH, refused: [] });
      expect(await cell('WH-WEST', sku)).toMatchObject({ onHand: MAX_BATCH, anchor: 'count' });

      const over = await post('receipts', { events: [...body.events, { location: 'WH-WEST', sku, quantity: 1 }] });
      expectControlError(over, 400, 'VALIDATION_FAILED');
      expect(over.body.message).toContain(String(MAX_BATCH));
      expect(await cell('WH-WEST', sku)).toMatchObject({ onHand: MAX_BATCH });
    });

    it('one malformed event (index 3) refuses the whole batch with a 400 naming it: nothing is applied', async () => {
      const sku = fresh();
      const since = seq();
      const events: unknown[] = Array.from({ length: 6 }, () => ({ location: 'WH-EAST', sku, onHand: 2 }));
      events[3] = { location: 'WH-EAST', sku, onHand: -1 };
      const res = await post('counts', { events });
      expectControlError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.message).toMatch(/^events\[3\]/);
      expect(res.body.message).toContain('onHand');
      expect(journaled(since)).toEqual([]);
      expect(await cell('WH-EAST', sku)).toBeUndefined();
    });

    it.each([
      ['events is not a list', { events: { location: 'WH-EAST' } }, /events must be a list/],
      ['events is null', { events: null }, /events must be a list/],
      ['a batch with another field', { events: [], dryRun: true }, /only "events"/],
      ['a batch of strings', { events: ['x'] }, /^events\[0\]/],
    ])('%s → 400', async (_label, body, message) => {
      const res = await post('receipts', body);
      expectControlError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.message).toMatch(message);
    });

    it('other /__emulator paths still refuse bodies above 64 KiB with 413; the physical paths above 8 MiB', async () => {
      const pad = 'x'.repeat(70 * 1024);
      for (const [path, body] of [
        ['/__emulator/snapshots', { name: 'big', pad }],
        ['/__emulator/clock/advance', { by: 1, pad }],
        ['/__emulator/reset', { pad }],
      ] as const) {
        expectControlError(await run.http.post(path).send(body), 413);
      }
      expectControlError(await post('receipts', { events: [], pad: 'x'.repeat(9 * 1024 * 1024) }), 413);
    });
  });

  describe('GET /__emulator/physical lists cells', () => {
    it('filters by location and SKU and tenant group; limit cuts the list and says so', async () => {
      const sku = fresh();
      for (const location of ['WH-EAST', 'WH-WEST', 'STORE-BOS']) await ok('counts', { location, sku, onHand: 1 });
      expect((await cells({ sku })).cells.map((c) => c.location)).toEqual(['WH-EAST', 'WH-WEST', 'STORE-BOS']);
      expect((await cells({ sku, tenantGroupId: TG })).cells).toHaveLength(3);
      expect((await cells({ sku, location: 'WH-WEST' })).cells).toEqual([expect.objectContaining({ location: 'WH-WEST', sku })]);
      expect(await cells({ sku, limit: 2 })).toEqual({ cells: [expect.objectContaining({ location: 'WH-EAST' }), expect.objectContaining({ location: 'WH-WEST' })], truncated: true });
      expect((await cells({ sku, limit: 3 })).truncated).toBe(false);
      expect(await cells({ sku: fresh() })).toEqual({ cells: [], truncated: false });
    });
  });
});
