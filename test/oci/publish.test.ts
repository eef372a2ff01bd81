import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_GROUP } from '../helpers/emulator.js';
import { ACTIONS, BASE, startOci, type OciRun } from './helpers.js';

// What OCI does when the org publishes a new graph, and segmentation as a property over the domain services.

let run: OciRun;
beforeAll(async () => {
  run = await startOci('demo');
});
afterAll(() => run.close());

const oci = () => run.emulator.services.oci!;

describe('publishing the location graph', () => {
  it('replaces places; a removed location takes its records; changed groups show in group delta streams', async () => {
    const { body } = await run.post(`${BASE}/availability-records/delta-token`, { placeType: 'group', places: ['US-STORES'] });
    const result = oci().publishGraph(TENANT_GROUP, {
      locations: [
        { id: 'WH-EAST', name: 'Warehouse Columbus' },
        { id: 'WH-WEST', name: 'Warehouse Reno' },
        { id: 'STORE-BOS', name: 'Store Boston' },
        { id: 'STORE-NYC', name: 'Store New York' },
      ],
      groups: [
        { id: 'US-ONLINE', name: 'US-ONLINE', locations: ['WH-EAST', 'WH-WEST'] },
        { id: 'US-STORES', name: 'US-STORES', locations: ['STORE-BOS', 'STORE-NYC'] },
      ],
    });
    expect(result).toMatchObject({ locations: 4, groups: 2, removedLocations: ['STORE-DEN'], removedGroups: [] });
    const gone = await run.available({ skus: ['SKU-0001'], locations: ['STORE-DEN'] });
    expect(gone.body).toMatchObject({ errorCode: 'LocationDoesNotExist' });
    expect((await run.available({ skus: ['SKU-0001'], locations: ['STORE-NYC'] })).body.locations[0].records).toEqual([]);
    const stores = await run.available({ sku: 'SKU-0001', group: 'US-STORES' });
    expect(stores.body.locations.map((l: { id: string }) => l.id)).toEqual(['STORE-BOS', 'STORE-NYC']);
    const deltas = await run.post(`${ACTIONS}/get-deltas`, { deltaToken: body.deltaToken });
    expect(deltas.body.records.length).toBe(24);
    expect(deltas.body.records[0]).toMatchObject({ id: 'US-STORES', deltaType: 'Change' });
    // the online group lost STORE-BOS: its stream would see every SKU; the ungrouped view is still empty
    expect((await run.available({ sku: 'SKU-0001' })).body.locations).toEqual([]);
  });

  it('refuses an empty group or a member that is not published', () => {
    expect(() => oci().publishGraph(TENANT_GROUP, { locations: [{ id: 'A1', name: 'a' }], groups: [{ id: 'G', name: 'g', locations: [] }] })).toThrow(/no location/);
    expect(() => oci().publishGraph(TENANT_GROUP, { locations: [{ id: 'A1', name: 'a' }], groups: [{ id: 'G', name: 'g', locations: ['B2'] }] })).toThrow(/not published/);
  });
});

describe('segmentation (property-based, on the domain services)', () => {
  it('after any sequence of APPEND/DELETE, a SKU shows in a group exactly when it is not excluded there', async () => {
    await run.http.post('/__emulator/reset');
    const { updates, query } = oci().domain;
    const groups = ['US-ONLINE', 'US-STORES'];
    const skus = ['SKU-0001', 'SKU-0002', 'SKU-0003'];
    const op = fc.record({ groupId: fc.constantFrom('*', ...groups), mode: fc.constantFrom('APPEND' as const, 'DELETE' as const), skus: fc.subarray(skus, { minLength: 1 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const model = new Map(groups.map((g) => [g, new Set<string>()]));
        for (const o of ops) {
          updates.segmentation(TENANT_GROUP, { groups: [o] });
          for (const g of o.groupId === '*' ? groups : [o.groupId]) {
            for (const s of o.skus) o.mode === 'APPEND' ? model.get(g)!.add(s) : model.get(g)!.delete(s);
          }
        }
        for (const g of groups) {
          for (const s of skus) {
            expect(query.group(TENANT_GROUP, g, s) === undefined).toBe(model.get(g)!.has(s));
            expect(query.location(TENANT_GROUP, 'STORE-BOS', s)).toBeDefined();
          }
        }
        updates.segmentation(TENANT_GROUP, { groups: [{ groupId: '*', mode: 'DELETE', skus }] });
      }),
      { numRuns: 60 },
    );
  });
});
