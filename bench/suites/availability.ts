import { DEMO } from '../../fixtures/well-known.js';
import { compareWithBaseline } from '../support/compare.js';
import { header, type CapturedResponse } from '../support/http.js';
import { integrationToken } from '../support/tokens.js';
import type { Suite } from '../support/types.js';

// The OCI read every storefront and order flow makes: get-availability of 10 SKUs × 10 locations (100
// combinations, OCI's maximum per request) in a world sized like a real catalogue, 100 000 SKUs at 20
// locations, so record lookups run against full-size maps rather than the 24-SKU demo.

const SKUS = 100_000;
const LOCATIONS = 20;
// Generated worlds name SKUs SKU-000001… (six digits at this size) and locations WH-0001…WH-0010, then
// STORE-0011…STORE-0020 (fixtures/graph.ts). SKUs spread over the catalogue; warehouses and stores mixed.
const skus = Array.from({ length: 10 }, (_, i) => `SKU-${String(1 + i * 10_000).padStart(6, '0')}`);
const locations = [1, 2, 3, 4, 5, 11, 12, 13, 14, 15].map((n) => `${n <= LOCATIONS / 2 ? 'WH' : 'STORE'}-${String(n).padStart(4, '0')}`);
const path = `/inventory/availability/v1/organizations/${DEMO.salesforce.tenantGroupId}/availability-records/actions/get-availability`;

export const availabilitySuite: Suite = {
  name: 'availability',
  description: `OCI get-availability, 10 SKUs × 10 locations in a ${SKUS.toLocaleString('en-US')}-SKU × ${LOCATIONS}-location world, vs bare Express`,
  async run() {
    const result = await compareWithBaseline({
      name: 'POST …/availability-records/actions/get-availability',
      fixtures: { name: 'demo', skus: SKUS, locations: LOCATIONS },
      connections: 64,
      targets: { minRateRatio: 0.7, maxP99Ratio: 1.5 },
      request: async (url) => ({
        method: 'POST',
        path,
        headers: {
          authorization: `Bearer ${await integrationToken(url, ['sfcc.inventory.availability'])}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ skus, locations }),
      }),
      verify,
    });
    return { suite: 'availability', cases: [result] };
  },
};

/** A full answer: every location asked for, in order, each with a record for every SKU. */
function verify(response: CapturedResponse): void {
  const text = response.body.toString('utf8');
  if (response.status !== 200) throw new Error(`get-availability answered ${response.status}: ${text}`);
  if (!header(response, 'content-type')?.startsWith('application/json')) throw new Error('get-availability response is not JSON');
  const body = JSON.parse(text) as { locations?: { id: string; records: { sku: string }[] }[] };
  const ids = body.locations?.map((l) => l.id);
  if (ids?.join() !== locations.join()) throw new Error(`expected locations ${locations.join()}, got ${String(ids)}`);
  for (const l of body.locations!) {
    if (l.records.map((r) => r.sku).join() !== skus.join()) throw new Error(`${l.id}: expected a record for each of ${skus.join()}`);
  }
}
