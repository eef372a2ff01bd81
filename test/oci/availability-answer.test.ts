import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../emulator/index.js';
import { groupRecordView, locationRecordView } from '../../emulator/oci/availability/views.js';
import { LocationRecords } from '../../emulator/oci/records/location-records.js';
import { TENANT_GROUP } from '../helpers/emulator.js';

// get-availability's answer is written straight from the columns (answer.ts, records/record-json.ts): for any
// query it must be the very bytes the views give when stringified, whatever the records hold (futures, no
// effective date, reservations, group holds, a SKU a location lacks, an unknown SKU).

let emulator: Emulator;
beforeAll(async () => {
  emulator = await createEmulator({ clock: 'frozen', fixtures: { name: 'demo', skus: 60, locations: 8 } });
  const { updates, reservations } = emulator.services.oci!.domain;
  const state = emulator.services.oci!.domain.tenants.state(TENANT_GROUP);
  const locations = Object.keys(state.locations);
  updates.batchUpdate(TENANT_GROUP, {
    records: [
      { id: 'a', location: locations[0]!, sku: 'ODD"SKU\\', onHand: 3.5 },
      { id: 'b', location: locations[1]!, sku: 'SKU-0002', onHand: 7, futureStock: [{ quantity: 2.25, expectedDate: '2027-01-01T00:00:00Z' }, { quantity: 1, expectedDate: '2026-12-24T00:00:00Z' }] },
    ],
  });
  updates.replace(TENANT_GROUP, locations[2]!, 'SKU-0003', 'r1', { onHand: 4 });
  const group = Object.keys(state.groups)[0]!;
  reservations.create(TENANT_GROUP, 'hold-1', { groups: [{ id: group, reservations: [{ sku: 'SKU-0004', quantity: 2 }] }], locations: [], allowPartialReservations: true } as never);
  reservations.create(TENANT_GROUP, 'hold-2', { groups: [], locations: [{ id: locations[3]!, reservations: [{ sku: 'SKU-0005', quantity: 1 }], allOrNothing: [] }], allowPartialReservations: true } as never);
});
afterAll(() => emulator.close());

function viaViews(skus: string[], locations: string[], groups: string[] | undefined): string {
  const { query } = emulator.services.oci!.domain;
  const result = query.run(TENANT_GROUP, { skus, locations, groups });
  const out: { locations: unknown[]; groups?: unknown[] } = {
    locations: result.locations.map((l) => ({ id: l.id, records: l.records.map((r) => locationRecordView(r.sku, r.availability)) })),
  };
  if (result.groups) out.groups = result.groups.map((g) => ({ id: g.id, records: g.records.map((r) => groupRecordView(r.sku, r.availability)) }));
  return JSON.stringify(out);
}

describe('get-availability answers written from the columns', () => {
  it('are byte for byte what the views give', () => {
    const { tenants, answers } = emulator.services.oci!.domain;
    const state = tenants.state(TENANT_GROUP);
    const allLocations = Object.keys(state.locations);
    const allGroups = Object.keys(state.groups);
    const skuPool = ['ODD"SKU\\', 'SKU-0002', 'SKU-0003', 'SKU-0004', 'SKU-0005', 'SKU-0059', 'SKU-0060', 'NO-SUCH-SKU'];
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...skuPool), { minLength: 1, maxLength: 5 }),
        fc.uniqueArray(fc.constantFrom(...allLocations), { maxLength: 5 }),
        fc.option(fc.uniqueArray(fc.constantFrom(...allGroups), { maxLength: 3 }), { nil: undefined }),
        (skus, locations, groups) => {
          const places = { skus, locations, groups };
          expect(answers.answer(TENANT_GROUP, places).toString('utf8')).toBe(viaViews(skus, locations, groups));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stay so while records change between reads (kept records are forgotten on every write)', () => {
    const { tenants, answers, updates, reservations } = emulator.services.oci!.domain;
    const state = tenants.state(TENANT_GROUP);
    const locations = Object.keys(state.locations).slice(0, 4);
    const skus = ['SKU-0010', 'SKU-0011', 'SKU-0012', 'SKU-0013', 'SKU-0014', 'NEW-SKU-1', 'NEW-SKU-2'];
    const sku = fc.constantFrom(...skus);
    const location = fc.constantFrom(...locations);
    const quantity = fc.integer({ min: 0, max: 40 });
    const op = fc.oneof(
      fc.record({ kind: fc.constant('read' as const), skus: fc.uniqueArray(sku, { minLength: 1, maxLength: 7 }), locations: fc.uniqueArray(location, { minLength: 1, maxLength: 4 }) }),
      fc.record({
        kind: fc.constant('batch' as const),
        sku,
        location,
        onHand: quantity,
        futures: fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 9 }), day: fc.integer({ min: 1, max: 28 }) }), { maxLength: 3 }),
        dated: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('delete' as const), sku, location }),
      fc.record({ kind: fc.constant('reserve' as const), sku, location, quantity: fc.integer({ min: 1, max: 3 }) }),
    );
    let n = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        for (const o of ops) {
          n++;
          if (o.kind === 'read') {
            const places = { skus: o.skus, locations: o.locations, groups: undefined };
            expect(answers.answer(TENANT_GROUP, places).toString('utf8')).toBe(viaViews(o.skus, o.locations, undefined));
          } else if (o.kind === 'batch') {
            const futureStock = o.futures.map((f) => ({ quantity: f.quantity, expectedDate: `2027-02-${String(f.day).padStart(2, '0')}T00:00:00Z` }));
            const effectiveDate = o.dated ? `2026-12-${String((n % 28) + 1).padStart(2, '0')}T00:00:00Z` : undefined;
            updates.batchUpdate(TENANT_GROUP, { records: [{ id: `w${n}`, location: o.location, sku: o.sku, onHand: o.onHand, futureStock, effectiveDate }] } as never);
          } else if (o.kind === 'delete') {
            if (state.records.get(o.location)?.has(o.sku)) updates.remove(TENANT_GROUP, o.location, o.sku, `d${n}`);
          } else {
            reservations.create(TENANT_GROUP, `r${n}`, { groups: [], locations: [{ id: o.location, reservations: [{ sku: o.sku, quantity: o.quantity }], allOrNothing: [] }], allowPartialReservations: true } as never);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('are kept for the whole tenant group in the background after the first read, and stay right', async () => {
    const { answers, tenants } = emulator.services.oci!.domain;
    const state = tenants.state(TENANT_GROUP);
    const locations = Object.keys(state.locations);
    const skus = ['SKU-0040', 'SKU-0041', 'SKU-0042'];
    answers.answer(TENANT_GROUP, { skus, locations: locations.slice(0, 2), groups: undefined });
    await new Promise((done) => setTimeout(done, 100));
    let records = 0;
    for (const table of state.records.values()) records += table.size;
    // Every record of every location, ~100 bytes each at least, not just the six read.
    expect(answers.keptBytes(TENANT_GROUP)).toBeGreaterThan(records * 100);
    expect(answers.answer(TENANT_GROUP, { skus, locations, groups: undefined }).toString('utf8')).toBe(viaViews(skus, locations, undefined));
  });

  it("stay right when a location's table is replaced by another object", () => {
    const { answers, tenants } = emulator.services.oci!.domain;
    const state = tenants.state(TENANT_GROUP);
    const location = Object.keys(state.locations)[5]!;
    const skus = ['SKU-0050', 'SKU-0051'];
    answers.answer(TENANT_GROUP, { skus, locations: [location], groups: undefined });
    const plain = { 'SKU-0050': { onHand: 99, safetyStockCount: 1, futures: [], reserved: 0 } };
    state.records.set(location, LocationRecords.from(plain, state.skuIndex));
    expect(answers.answer(TENANT_GROUP, { skus, locations: [location], groups: undefined }).toString('utf8')).toBe(viaViews(skus, [location], undefined));
  });
});
