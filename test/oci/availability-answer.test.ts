import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../emulator/index.js';
import { availabilityAnswer } from '../../emulator/oci/availability/answer.js';
import { groupRecordView, locationRecordView } from '../../emulator/oci/availability/views.js';
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
    const { tenants, query } = emulator.services.oci!.domain;
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
          expect(availabilityAnswer(tenants, query, TENANT_GROUP, places).toString('utf8')).toBe(viaViews(skus, locations, groups));
        },
      ),
      { numRuns: 300 },
    );
  });
});
