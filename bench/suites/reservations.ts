import type { Emulator } from '../../emulator/index.js';
import { heldOn } from '../../emulator/oci/reservations/holdings.js';
import { DEMO } from '../../fixtures/well-known.js';
import { compareWithBaseline } from '../support/compare.js';
import { ID_PLACEHOLDER, type CapturedResponse } from '../support/http.js';
import { integrationToken } from '../support/tokens.js';
import type { CaseResult, Suite } from '../support/types.js';

// Reservation documents per second, each under a new id (as every basket makes its own): one SKU at one
// location, then ten SKUs across a group. After the load, the state must not have drifted: every unit reserved
// or held is one some open document holds, and no stock was lost or made.

const TG = DEMO.salesforce.tenantGroupId;
const BASE = `/inventory/reservation/v1/organizations/${TG}/reservation-documents/${ID_PLACEHOLDER}`;
const STOCK = 1e9;
const GROUP = 'US-ONLINE';
const TEN_SKUS = Array.from({ length: 10 }, (_, i) => `SKU-${String(i + 1).padStart(4, '0')}`);

export const reservationsSuite: Suite = {
  name: 'reservations',
  description: 'OCI reservation documents per second (1 SKU × 1 location; 10 SKUs across a group), invariants checked after, vs bare Express',
  async run() {
    const single = await documents('PUT …/reservation-documents/{id} (1 SKU × 1 location)', {
      allowPartialReservations: false,
      locations: [{ id: 'WH-EAST', reservations: [{ sku: 'SKU-0001', quantity: 1 }] }],
    });
    const group = await documents(`PUT …/reservation-documents/{id} (10 SKUs at group ${GROUP})`, {
      allowPartialReservations: false,
      groups: [{ id: GROUP, reservations: TEN_SKUS.map((sku) => ({ sku, quantity: 1 })) }],
    });
    return { suite: 'reservations', cases: [single, group] };
  },
};

function documents(name: string, body: unknown): Promise<CaseResult> {
  return compareWithBaseline({
    name,
    connections: 32,
    targets: { minRate: 3_000 },
    prepare: (emulator) => stock(emulator),
    request: async (url) => ({
      method: 'PUT',
      path: BASE,
      uniqueIds: true,
      headers: { authorization: `Bearer ${await integrationToken(url, ['sfcc.inventory.reservations.rw'])}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    verify,
    afterRun: (emulator) => drift(emulator),
  });
}

/** Plenty of every SKU at every location, so no reservation is short and each one creates a document. */
function stock(emulator: Emulator): void {
  const oci = emulator.services.oci!.domain;
  for (const location of DEMO.locations) {
    for (const sku of TEN_SKUS) oci.updates.write(TG, location, sku, { onHand: STOCK, safetyStockCount: 0, futures: [] }, true, 'location_replace');
  }
}

function verify(response: CapturedResponse): void {
  const text = response.body.toString('utf8');
  if (response.status !== 200) throw new Error(`reservation answered ${response.status}: ${text}`);
  const body = JSON.parse(text) as { success?: boolean };
  if (body.success !== true) throw new Error(`reservation not granted in full: ${text}`);
}

/** Reserved and held quantities against what the open documents hold, and onHand against the stock put in. */
function drift(emulator: Emulator): CaseResult['checks'] {
  const oci = emulator.services.oci!.domain;
  const docs = oci.reservations.documents(TG).filter((d) => d.state === 'OPEN');
  const byDocs = new Map<string, number>();
  const add = (key: string, q: number) => byDocs.set(key, (byDocs.get(key) ?? 0) + q);
  for (const d of docs) {
    for (const line of d.lines) {
      if (line.type === 'location') add(`${line.place}|${line.sku}|reserved`, line.quantity);
      else for (const [location, held] of Object.entries(line.allocations ?? {})) add(`${location}|${line.sku}|held`, held);
    }
  }
  let drifted = 0;
  let units = 0;
  for (const location of DEMO.locations) {
    for (const sku of TEN_SKUS) {
      const r = oci.tenants.record(TG, location, sku)!;
      units += r.reserved + heldOn(r);
      if (Math.abs(r.reserved - (byDocs.get(`${location}|${sku}|reserved`) ?? 0)) > 1e-6) drifted++;
      if (Math.abs(heldOn(r) - (byDocs.get(`${location}|${sku}|held`) ?? 0)) > 1e-6) drifted++;
      if (r.onHand !== STOCK) drifted++;
    }
  }
  return [
    { label: 'open documents after the run', value: docs.length.toLocaleString('en-US'), met: docs.length > 0 },
    { label: 'units reserved or held', value: Math.round(units).toLocaleString('en-US'), met: units > 0 },
    { label: 'records drifting from the documents', value: String(drifted), met: drifted === 0 },
  ];
}
