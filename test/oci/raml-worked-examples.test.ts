import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPECS, specsAvailable } from '../helpers/specs.js';
import { startOci, type OciRun } from './helpers.js';

// The RAML's worked example (surprise + wickenburg = arizona), number for number, against the raml-examples world.

let run: OciRun;
beforeAll(async () => {
  run = await startOci('raml-examples');
});
afterAll(() => run.close());

describe('RAML worked examples', () => {
  it('sku123 in group arizona: surprise 17 / 27.25, wickenburg 30 / 40.25, arizona 47 / 67.5', async () => {
    const res = await run.available({ sku: 'sku123', group: 'arizona' });
    expect(res.status).toBe(200);
    const byId = (list: { id: string; records: Record<string, unknown>[] }[], id: string) => list.find((p) => p.id === id)!.records[0];
    expect(byId(res.body.locations, 'surprise')).toMatchObject({ sku: 'sku123', onHand: 27, safetyStockCount: 10, reserved: 0, atf: 17, ato: 27.25 });
    expect(byId(res.body.locations, 'wickenburg')).toMatchObject({ onHand: 50, safetyStockCount: 20, atf: 30, ato: 40.25 });
    expect(byId(res.body.groups, 'arizona')).toMatchObject({
      onHand: 77,
      safetyStockCount: 30,
      reserved: 0,
      groupReserved: 0,
      sharedGroupReserved: 0,
      atf: 47,
      ato: 67.5,
      futures: [{ expectedDate: '2019-08-24T21:13:00Z', quantity: 20.5 }],
    });
  });

  it.runIf(specsAvailable('oci-examples.json'))('equals the RAML GetAllLocationsResponse example, field for field', async () => {
    const examples = JSON.parse(readFileSync(resolve(SPECS, 'oci-examples.json'), 'utf8')) as { name: string | null; body: unknown }[];
    const expected = examples.find((e) => e.name === 'GetAllLocationsResponse')!.body;
    const res = await run.available({ sku: 'sku123', group: 'arizona' });
    expect(res.body).toEqual(expected);
  });
});
