import { beforeAll, describe, expect, it } from 'vitest';
import { CAUSES, CAUSE_IDS } from '../../emulator/oversell/causes.js';
import { fresh, OVERSELL, physicalWorld, TG } from './support.js';

// GET /__emulator/oversell over the orders of two SKUs: totals, by cause, by place and the timeline; the filters
// (SKU, place, tenant group), limit, the text a trainer reads, one order of two lines counted once, and /causes.

describe('the physical world over HTTP', () => {
  const { run, ok, oversell } = physicalWorld();

  describe('GET /__emulator/oversell', () => {
    // SKU A: counted 2 at WH-EAST, then three orders there (1, 1 and 2 oversold) and one at the group US-ONLINE
    // (its only member with a cell is WH-EAST); SKU B: counted 0 at WH-WEST, one order oversold by 1.
    const A = fresh('PAGE-A');
    const B = fresh('PAGE-B');
    const refs = ['A1', 'A2', 'A3', 'G1', 'B1'].map((r) => fresh(r));
    beforeAll(async () => {
      await ok('counts', { location: 'WH-EAST', sku: A, onHand: 2 });
      await ok('counts', { location: 'WH-WEST', sku: B, onHand: 0 });
      await ok('orders', { orderRef: refs[0], place: 'WH-EAST', lines: [{ sku: A, quantity: 3 }] });
      await run.emulator.clock.advance(60_000);
      await ok('orders', { orderRef: refs[1], channel: 'marketplace', place: 'WH-EAST', lines: [{ sku: A, quantity: 1 }] });
      await run.emulator.clock.advance(60_000);
      await ok('orders', { orderRef: refs[2], place: 'WH-EAST', lines: [{ sku: A, quantity: 2 }] });
      await run.emulator.clock.advance(60_000);
      await ok('orders', { orderRef: refs[3], place: 'US-ONLINE', lines: [{ sku: A, quantity: 1 }] });
      await ok('orders', { orderRef: refs[4], place: 'WH-WEST', lines: [{ sku: B, quantity: 1 }] });
    });

    it('by SKU: totals, by cause, by place and the timeline in order', async () => {
      const page = await oversell({ sku: A });
      expect(page.totals).toEqual({ orders: 4, units: 7, oversoldOrders: 4, oversoldUnits: 5, backorderedUnits: 0 });
      expect(page.byCause).toEqual([{ cause: 'stale-oci-data', label: CAUSES['stale-oci-data'].label, lesson: CAUSES['stale-oci-data'].lesson, units: 5, orders: 4 }]);
      expect(page.bySkuAndPlace).toEqual([
        { tenantGroupId: TG, place: 'WH-EAST', sku: A, orders: 3, units: 6, oversoldOrders: 3, oversoldUnits: 4, byCause: { 'stale-oci-data': 4 } },
        { tenantGroupId: TG, place: 'US-ONLINE', sku: A, orders: 1, units: 1, oversoldOrders: 1, oversoldUnits: 1, byCause: { 'stale-oci-data': 1 } },
      ]);
      expect(page.timeline.map((t) => [t.orderRef, t.source, t.path, t.place, t.quantity, t.oversold])).toEqual([
        [refs[0], 'channel:other', 'channel', 'WH-EAST', 3, 1],
        [refs[1], 'channel:marketplace', 'channel', 'WH-EAST', 1, 1],
        [refs[2], 'channel:other', 'channel', 'WH-EAST', 2, 2],
        [refs[3], 'channel:other', 'channel', 'US-ONLINE', 1, 1],
      ]);
      expect([...page.timeline.map((t) => t.at)].sort()).toEqual(page.timeline.map((t) => t.at));
      expect(page.truncated).toBe(false);
    });

    it('by place, by tenant group, and both with a SKU', async () => {
      expect((await oversell({ sku: A, place: 'WH-EAST' })).timeline.map((t) => t.orderRef)).toEqual(refs.slice(0, 3));
      expect((await oversell({ sku: A, place: 'US-ONLINE' })).timeline.map((t) => t.orderRef)).toEqual([refs[3]]);
      expect((await oversell({ place: 'WH-WEST', sku: B })).totals).toEqual({ orders: 1, units: 1, oversoldOrders: 1, oversoldUnits: 1, backorderedUnits: 0 });
      expect(await oversell({ sku: A, tenantGroupId: TG })).toEqual(await oversell({ sku: A }));
      // A tenant group the emulator does not have is a 404, as on GET /__emulator/physical.
      const unknown = await run.http.get('/__emulator/oversell?tenantGroupId=another-group');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ error: 'UNKNOWN_TENANT_GROUP' });
      // Unfiltered, both SKUs are in.
      const all = await oversell();
      expect(all.timeline.map((t) => t.orderRef)).toEqual(expect.arrayContaining(refs));
    });

    it('limit keeps the newest lines of the timeline and says it cut (totals still count everything)', async () => {
      const cut = await oversell({ sku: A, limit: 2 });
      expect(cut.timeline.map((t) => t.orderRef)).toEqual([refs[2], refs[3]]);
      expect(cut.truncated).toBe(true);
      expect(cut.totals.oversoldUnits).toBe(5);
      expect((await oversell({ sku: A, limit: 4 })).truncated).toBe(false);
      expect((await oversell({ sku: A, limit: 1 })).timeline.map((t) => t.orderRef)).toEqual([refs[3]]);
      // The rows per place are cut too, the most oversold kept (SKU A has rows at WH-EAST and US-ONLINE).
      const rows = await oversell({ sku: A, limit: 1 });
      expect(rows.bySkuAndPlace).toEqual([expect.objectContaining({ place: 'WH-EAST' })]);
      expect(rows.truncated).toBe(true);
    });

    it('format=text is the table a trainer reads', async () => {
      const res = await run.http.get(OVERSELL).query({ sku: A, format: 'text' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      const lines = res.text.trimEnd().split('\n');
      expect(lines[0]).toBe('Oversold: 5 units in 4 of 4 orders (7 units ordered)');
      expect(lines[1]).toMatch(/^\s+5 {2}Stale OCI data \(4 orders\)$/);
      expect(res.text).toContain('Timeline (oversold lines):');
      expect(res.text).toContain(`channel:marketplace ${refs[1]}  ${A} @ WH-EAST: 1 of 1 oversold (1 stale-oci-data)`);
      expect(res.text).toContain(`channel:other ${refs[2]}  ${A} @ WH-EAST: 2 of 2 oversold (2 stale-oci-data)`);
      const cut = await run.http.get(OVERSELL).query({ sku: A, format: 'text', limit: 1 });
      expect(cut.text).not.toContain(refs[0]);
      expect(cut.text).toContain(refs[3]);
      const none = await run.http.get(OVERSELL).query({ sku: fresh(), format: 'text' });
      expect(none.text).toBe('Oversold: 0 units in 0 of 0 orders (0 units ordered)\n');
    });

    // An order with two lines of one SKU at one place is one order, in the per-place row as in the totals.
    it('an order with two lines of one SKU counts as one order in its place row as in the totals', async () => {
      const sku = fresh();
      await ok('counts', { location: 'STORE-BOS', sku, onHand: 1 });
      await ok('orders', { orderRef: fresh('two-lines'), place: 'STORE-BOS', lines: [{ sku, quantity: 2 }, { sku, quantity: 3 }] });
      const page = await oversell({ sku });
      expect(page.totals).toEqual({ orders: 1, units: 5, oversoldOrders: 1, oversoldUnits: 4, backorderedUnits: 0 });
      expect(page.timeline.map((t) => t.oversold)).toEqual([1, 3]);
      expect(page.bySkuAndPlace).toEqual([expect.objectContaining({ place: 'STORE-BOS', units: 5, oversoldUnits: 4, orders: 1, oversoldOrders: 1 })]);
    });

    it('/causes lists every cause with its label and lesson', async () => {
      const res = await run.http.get(`${OVERSELL}/causes`);
      expect(res.status).toBe(200);
      expect(res.body.causes).toEqual(CAUSE_IDS.map((cause) => ({ cause, label: CAUSES[cause].label, lesson: CAUSES[cause].lesson })));
      expect(res.body.causes).toHaveLength(8);
      for (const c of res.body.causes as { label: string; lesson: string }[]) {
        expect(c.label).toMatch(/\S/);
        expect(c.lesson).toMatch(/\S/);
      }
    });
  });
});
