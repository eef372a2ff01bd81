import { describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { cacheStep, catchUp } from '../helpers/oci-cache.js';
import { b2cWorld } from './helpers.js';
import { DEC_1, DEC_10, DEC_15, EFFECTIVE, futuresOf, RESERVATION, ways, type Future } from './record-view-ways.js';

// Phase 4 as a merchant meets it: OCI figures reach B2C's record view through the real paths (OCI batch-update and
// reservations over HTTP, the OCI Integration page's mode switch, the cache's streams on the frozen clock), and
// what the Records tab, the General tab, OCAPI and the native import do in each integration mode.

describe('record view through the integration modes', () => {
  const world = b2cWorld();
  const w = ways(world);
  const { show, data, record, setMode } = w;
  const save = (body: Record<string, unknown>) => w.action('InventoryRecord-Save', { listId: 'STORE-DEN', productId: 'SKU-0001', ...body });
  const available = async (body: unknown) => (await w.oci('/availability-records/actions/get-availability', body)).body;

  it('B2C: the General tab shows the native record alone; Apply edits it', async () => {
    expect((await data('put', record('STORE-DEN', 'SKU-0001'), { allocation: { amount: 5 } })).status).toBe(200);
    expect((await data('put', record('STORE-DEN', 'NATIVE-ONLY-1'), { allocation: { amount: 4 } })).status).toBe(200);
    const res = await show('STORE-DEN', 'SKU-0001');
    expect(res.body).toMatchObject({ mode: 'B2C', servedFrom: 'native', editable: true, native: { allocation: 5, ats: 5 }, oci: null });
    expect((await save({ allocation: 6 })).body.native.allocation).toBe(6);
  });

  // As the XML import does: a new allocation resets the allocation date (to now unless given) and the turnover.
  it('B2C: Apply with a new allocation resets the allocation date to now', async () => {
    await data('put', record('STORE-BOS', 'RESET-1'), { allocation: { amount: 5, reset_date: '2026-03-01T00:00:00.000Z' } });
    const saved = await w.action('InventoryRecord-Save', { listId: 'STORE-BOS', productId: 'RESET-1', allocation: 2 });
    expect(saved.body.native).toMatchObject({ allocation: 2, allocationResetDate: world.run.emulator.clock.iso(), turnover: 0 });
  });

  it('B2C: Apply never moves the allocation reset date back, with or without a new allocation', async () => {
    const later = world.run.emulator.clock.iso();
    for (const body of [{ allocationResetDate: '2020-01-01T00:00:00Z' }, { allocation: 3, allocationResetDate: '2020-01-01T00:00:00Z' }]) {
      const res = await w.action('InventoryRecord-Save', { listId: 'STORE-BOS', productId: 'RESET-1', ...body });
      expect([res.status, res.body.error]).toEqual([400, 'RESET_DATE_IN_PAST']);
    }
    expect((await w.show('STORE-BOS', 'RESET-1')).body.native.allocationResetDate).toBe(later);
  });

  it("OCI_CACHE: the guide's worked numbers arrive through the cache, beside the native record", async () => {
    // The guide's example at a location: onHand 10, safety stock 2, futures 3 and 5 → ATF 8, ATO 16, allocation 8.
    await w.batch([
      { id: 'rv-guide', location: 'STORE-DEN', sku: 'SKU-0001', onHand: 10, safetyStockCount: 2, effectiveDate: EFFECTIVE, futureStock: [{ quantity: 3, expectedDate: DEC_1 }, { quantity: 5, expectedDate: DEC_15 }] },
      // A group SKU whose members' futures share a date: the group's futures merge by date (4 + 2 on Dec 1).
      { id: 'rv-g-east', location: 'WH-EAST', sku: 'SKU-0002', futureStock: [{ quantity: 4, expectedDate: DEC_1 }] },
      { id: 'rv-g-west', location: 'WH-WEST', sku: 'SKU-0002', futureStock: [{ quantity: 2, expectedDate: DEC_1 }, { quantity: 6, expectedDate: DEC_10 }] },
      { id: 'rv-g-bos', location: 'STORE-BOS', sku: 'SKU-0002', futureStock: [] },
      { id: 'rv-res', location: 'STORE-DEN', sku: 'SKU-0003', onHand: 20, safetyStockCount: 0, futureStock: [] },
    ]);
    // Something reserved at STORE-DEN, so the turnover (= OCI's reserved) is not 0.
    const reserved = await world.run.http.put(`${RESERVATION}/reservation-documents/rv-doc-1`).set('Authorization', `Bearer ${world.am}`).send({ locations: [{ id: 'STORE-DEN', reservations: [{ sku: 'SKU-0003', quantity: 2 }] }] });
    expect(reserved.status, reserved.text).toBeLessThan(300);

    expect((await setMode('OCI_CACHE')).mode.value).toBe('OCI_CACHE');
    const status = await catchUp(world.run.emulator);
    expect(status.map((s) => [s.listId, s.status])).toEqual([['STORE-BOS', 'complete'], ['STORE-DEN', 'complete'], ['US-ONLINE', 'complete']]);

    const res = await show('STORE-DEN', 'SKU-0001');
    expect(res.body).toMatchObject({
      ...{ mode: 'OCI_CACHE', servedFrom: 'native', editable: true, native: { allocation: 6 } },
      oci: { stockLevel: 8, allocation: 8, ats: 16, ociFutureQuantity: 8, ociFutureDate: expect.stringMatching(/^2026-12-01T00:00:00/), backorderable: true, perpetual: false, reserved: 0, onOrder: 0 },
    });
    expect(Date.parse(res.body.oci.allocationResetDate)).toBe(Date.parse(EFFECTIVE));
  });

  it('OCI_CACHE: the group list holds the members summed, futures merged by date, as OCI answers for the group', async () => {
    const members = DEMO.groups['US-ONLINE'];
    const skus = ['SKU-0002', 'SKU-0005', 'SKU-0017'];
    const answer = await available({ skus, groups: ['US-ONLINE'], locations: [...members] });
    for (const sku of skus) {
      const group = answer.groups[0].records.find((r: { sku: string }) => r.sku === sku);
      const at = answer.locations.map((l: { records: { sku: string; onHand: number }[] }) => l.records.find((r) => r.sku === sku)!);
      expect(group.onHand, sku).toBe(at.reduce((n: number, r: { onHand: number }) => n + r.onHand, 0));
      const { oci } = (await show('US-ONLINE', sku)).body;
      expect(oci, sku).toMatchObject({ ats: group.ato, stockLevel: group.atf, allocation: Math.max(0, group.onHand - group.safetyStockCount), oci: { onHand: group.onHand } });
      expect(futuresOf(oci.oci.futures), sku).toEqual(futuresOf(group.futures ?? []));
      expect(oci.ociFutureQuantity).toBe((group.futures ?? []).reduce((n: number, f: Future) => n + f.quantity, 0));
    }
    const sku2 = (await show('US-ONLINE', 'SKU-0002')).body.oci;
    expect(futuresOf(sku2.oci.futures)).toEqual([{ quantity: 6, at: Date.parse(DEC_1) }, { quantity: 6, at: Date.parse(DEC_10) }]);
  });

  it('OCI_CACHE: OCAPI and Apply still read and write the native record', async () => {
    expect((await save({ allocation: 7 })).body.native.allocation).toBe(7);
    expect((await data('get', record('STORE-DEN', 'SKU-0001'))).body.allocation.amount).toBe(7);
    expect((await data('patch', record('STORE-DEN', 'SKU-0001'), { allocation: { amount: 9 } })).status).toBe(200);
    expect((await show('STORE-DEN', 'SKU-0001')).body.native.allocation).toBe(9);
  });

  describe('the Records tab', () => {
    const find = (q: Record<string, string>) => w.page('InventoryRecords-Find', { listId: 'STORE-DEN', ...q });
    const ids = (body: { records: { productId: string }[] }) => body.records.map((r) => r.productId);
    const skus = (...n: number[]) => n.map((i) => `SKU-${String(i).padStart(4, '0')}`);
    // STORE-DEN now holds OCI's 24 SKUs in the cache and one native-only record: the tab lists their union.
    const ALL = ['NATIVE-ONLY-1', ...skus(...Array.from({ length: 24 }, (_, i) => i + 1))];

    it('an empty search lists every record, native beside cached, paged by start and count', async () => {
      const all = await find({ search: '', count: '200' });
      expect(all.body).toMatchObject({ inventoryListId: 'STORE-DEN', mode: 'OCI_CACHE', servedFrom: 'native', total: 25, count: 25 });
      expect(ids(all.body)).toEqual(ALL);
      expect(all.body.records[0]).toMatchObject({ productId: 'NATIVE-ONLY-1', native: { allocation: 4 }, oci: null });
      expect(all.body.records[1]).toMatchObject({ productId: 'SKU-0001', native: { allocation: 9 }, oci: { ats: 16, stockLevel: 8, allocation: 8, ociFutureQuantity: 8 } });
      // Pages of 10 (and the default page of 25) cover the same ids once each, in order, each telling the total.
      const pages = await Promise.all([0, 10, 20].map((start) => find({ start: String(start), count: '10' })));
      expect(pages.map((p) => [p.body.start, p.body.count, p.body.total])).toEqual([[0, 10, 25], [10, 10, 25], [20, 5, 25]]);
      expect(pages.flatMap((p) => ids(p.body))).toEqual(ALL);
      expect((await find({})).body).toMatchObject({ start: 0, count: 25, total: 25 });
    });

    it.each([
      ['*', ALL],
      ['sku-001', skus(10, 11, 12, 13, 14, 15, 16, 17, 18, 19)], // contains, case-insensitive
      ['  Native  ', ['NATIVE-ONLY-1']], // surrounding blanks are not part of the search
      ['SKU*4', skus(4, 14, 24)], // anchored at both ends around the *
      ['sku-00*1', skus(1, 11, 21)],
      ['*only*', ['NATIVE-ONLY-1']],
      ['*-002*', skus(20, 21, 22, 23, 24)],
      ['nothing-like-it', []],
    ])('search %j finds %j', async (search, expected) => {
      const res = await find({ search, count: '200' });
      expect(ids(res.body)).toEqual(expected);
      expect(res.body.total).toBe(expected.length);
    });

    it.each<Record<string, string>>([{ count: '0' }, { count: '201' }, { start: '-1' }, { start: 'x' }, { count: '2.5' }, { count: '' }])('bad paging %j is 400 and changes nothing', async (q) => {
      const before = (await find({ count: '200' })).body;
      const res = await find(q);
      expect([res.status, res.body.message]).toEqual([400, expect.stringMatching(/whole number/)]);
      expect((await find({ count: '200' })).body).toEqual(before);
    });

    it('an unknown list is 404 on both tabs; a product in neither form is 404', async () => {
      expect((await w.page('InventoryRecords-Find', { listId: 'NO-SUCH-LIST' })).status).toBe(404);
      expect((await show('NO-SUCH-LIST', 'SKU-0001')).status).toBe(404);
      expect((await show('STORE-DEN', 'NOT-A-SKU')).status).toBe(404);
    });

    it('a search of many wildcards over many long ids answers at once (no backtracking)', async () => {
      expect((await data('put', '/inventory_lists/BULK', { description: 'many long ids' })).status).toBe(200);
      const a = 'a'.repeat(90); // product ids are at most 100 characters in the import
      await w.importXml('BULK', Array.from({ length: 2000 }, (_, i) => `<record product-id="${a}-${i}"><allocation>1</allocation></record>`).join(''));
      const started = performance.now();
      const res = await w.page('InventoryRecords-Find', { listId: 'BULK', search: '*a*a*a*a*a*a*a*a*b' });
      // A backtracking matcher spends minutes on C(90, 8) ways to place the a's; a scan is linear in the ids.
      expect(performance.now() - started).toBeLessThan(2000);
      expect(res.body.total).toBe(0);
      expect((await w.page('InventoryRecords-Find', { listId: 'BULK', search: '*a*a*a*a*a*a*a*a*0' })).body.total).toBe(200);
    });
  });

  it('OCI: the General tab is read-only and served from the cache; Apply is refused, changing nothing', async () => {
    expect((await setMode('OCI')).mode.value).toBe('OCI');
    const res = await show('STORE-DEN', 'SKU-0001');
    expect(res.body).toMatchObject({ mode: 'OCI', servedFrom: 'oci-cache', editable: false, native: { allocation: 9 }, oci: { ats: 16, allocation: 8 } });
    const refused = await save({ allocation: 1 });
    expect([refused.status, refused.body.error]).toEqual([403, 'RECORDS_READ_ONLY']);
    expect((await show('STORE-DEN', 'SKU-0001')).body).toEqual(res.body);
  });

  it('OCI: OCAPI reads the cached figures in its own document; a SKU OCI lacks is not found', async () => {
    const doc = (await data('get', record('STORE-DEN', 'SKU-0001'))).body;
    expect(doc).toMatchObject({
      ...{ _type: 'product_inventory_record', product_id: 'SKU-0001', inventory_list_id: 'STORE-DEN', ats: 16, stock_level: 8, allocation: { amount: 8 } },
      ...{ pre_order_back_order_allocation: 8, pre_order_back_order_handling: 'backorder', in_stock_date: expect.stringMatching(/^2026-12-01T00:00:00/) },
      ...{ inventory_turnover: 0, perpetual_flag: false, quantity_on_order: 0 },
    });
    expect(Date.parse(doc.allocation.reset_date)).toBe(Date.parse(EFFECTIVE));
    // inventory_turnover is what OCI holds reserved (2 units at STORE-DEN for SKU-0003).
    expect((await data('get', record('STORE-DEN', 'SKU-0003'))).body).toMatchObject({ inventory_turnover: 2, pre_order_back_order_handling: 'none' });
    const list = await data('get', '/inventory_lists/STORE-DEN/product_inventory_records?count=200');
    expect(list.body.total).toBe(24);
    expect(list.body.data.find((r: { product_id: string }) => r.product_id === 'SKU-0001')).toEqual(doc);
    // NATIVE-ONLY-1 has a native record, but OCI mode reads only the cache.
    const missing = await data('get', record('STORE-DEN', 'NATIVE-ONLY-1'));
    expect([missing.status, missing.body.fault.type]).toEqual([404, 'ProductInventoryRecordNotFoundException']);
  });

  // A write to a record a client can read (the cached one) is refused read-only; PATCH or DELETE of one it cannot
  // read (only native) is a 404, as its GET is; PUT creates, so any product of the list is refused read-only.
  const READ_ONLY = [403, 'ProductInventoryRecordReadOnlyException'];
  const NOT_FOUND = [404, 'ProductInventoryRecordNotFoundException'];
  it.each([
    ['put', 'SKU-0001', { allocation: { amount: 1 } }, READ_ONLY],
    ['patch', 'SKU-0001', { allocation: { amount: 1 } }, READ_ONLY],
    ['delete', 'SKU-0001', undefined, READ_ONLY],
    ['put', 'NATIVE-ONLY-1', { allocation: { amount: 1 } }, READ_ONLY],
    ['patch', 'NATIVE-ONLY-1', { allocation: { amount: 1 } }, NOT_FOUND],
    ['delete', 'NATIVE-ONLY-1', undefined, NOT_FOUND],
    ['put', 'BRAND-NEW-1', { allocation: { amount: 1 } }, READ_ONLY],
  ] as const)('OCI: OCAPI %s of %s is refused, the native record unchanged', async (method, sku, body, expected) => {
    const before = (await show('STORE-DEN', sku)).body.native ?? null;
    const res = await data(method, record('STORE-DEN', sku), body);
    expect([res.status, res.body.fault.type]).toEqual(expected);
    const after = await show('STORE-DEN', sku);
    expect(after.status === 404 ? null : after.body.native).toEqual(before);
  });

  it('OCI: inventory lists themselves are still read and changed', async () => {
    expect((await data('patch', '/inventory_lists/STORE-DEN', { description: 'Denver, read from OCI' })).status).toBe(200);
    expect((await data('get', '/inventory_lists/STORE-DEN')).body.description).toBe('Denver, read from OCI');
  });

  it('OCI: the native XML import still writes native records, shown in the General tab beside the cache', async () => {
    await w.importXml('STORE-DEN', '<record product-id="SKU-0001"><allocation>42</allocation></record><record product-id="IMPORTED-1"><allocation>3</allocation></record>');
    expect((await show('STORE-DEN', 'SKU-0001')).body).toMatchObject({ native: { allocation: 42 }, oci: { allocation: 8 } });
    expect((await show('STORE-DEN', 'IMPORTED-1')).body).toMatchObject({ native: { allocation: 3 }, oci: null });
    expect((await data('get', record('STORE-DEN', 'SKU-0001'))).body.allocation.amount).toBe(8);
  });

  it('OCI: a later OCI write reaches OCAPI through the cache (get-deltas)', async () => {
    await w.batch([{ id: 'rv-later', location: 'STORE-DEN', sku: 'SKU-0001', onHand: 12 }]);
    for (let i = 0; i < 4; i++) await cacheStep(world.run.emulator);
    expect((await data('get', record('STORE-DEN', 'SKU-0001'))).body).toMatchObject({ stock_level: 10, ats: 18, allocation: { amount: 10 } });
  });

  it('OCI → B2C: the native record is served and writable again; the cache is gone', async () => {
    expect((await setMode('B2C')).mode.value).toBe('B2C');
    expect((await data('get', record('STORE-DEN', 'SKU-0001'))).body).toMatchObject({ allocation: { amount: 42 }, ats: 42, pre_order_back_order_handling: 'none' });
    expect((await data('put', record('STORE-DEN', 'SKU-0001'), { allocation: { amount: 43 } })).status).toBe(200);
    expect((await save({ allocation: 44 })).body).toMatchObject({ mode: 'B2C', servedFrom: 'native', editable: true, native: { allocation: 44 }, oci: null });
    expect((await data('get', record('STORE-DEN', 'NATIVE-ONLY-1'))).body.allocation.amount).toBe(4);
  });
});
