import type { Emulator } from '../../emulator/index.js';
import { DEMO } from '../../fixtures/well-known.js';
import { cleanImportFile, completedAvailabilityExport, expectFixture, fromSettledFixtureWorld, openAvailabilityImport, textParam, uploadToImport } from './provider-states.js';
import type { StateParams, StateSetup } from './verify-provider.js';

// The fixed parts of the impex contract (oci-impex.contract.test.ts): the provider states it names and how the
// emulator is brought into each, and what the inventory integration sends and reads (fixed, so the pact file is
// byte-stable).

// Provider states. Every one names its tenant group as a parameter; those that make a job hand its ids back
// for the pact's fromProviderState expressions, so the requests carry ids the provider really issued.
export const STATE = {
  demoWorld: 'the demo inventory world',
  uploadLinkOpen: 'an availability import is waiting for its file at an open upload link',
  fileReceived: 'an availability import already received its file',
  importCompleted: 'an availability import of records completed',
  exportCompleted: 'an availability export of groups completed',
} as const;

export const FILE_NAME = 'inventory.ndjson';
export const LINK_MINUTES = 10;
export const IMPORTED_RECORDS = 2;
export const EXPORT_GROUPS = ['US-ONLINE'];

export const EXAMPLE_DELTA_TOKEN = 'eyJleGFtcGxlIjoiZXhwb3J0LWRlbHRhLXRva2VuIn0';

// The file the integration uploads: the high-performance layout, one self-contained record a line.
export const UPLOAD_NDJSON = [
  { recordId: '6f1d8a52-1c0e-4f7b-9a3d-000000000001', sku: 'SKU-0001', locationId: 'WH-EAST', onHand: 40, safetyStockCount: 2, effectiveDate: '2026-03-02T09:00:00Z', futures: [{ quantity: 10, expectedDate: '2026-04-01T00:00:00Z' }] },
  { recordId: '6f1d8a52-1c0e-4f7b-9a3d-000000000002', sku: 'SKU-0002', locationId: 'STORE-BOS', onHand: 7 },
]
  .map((line) => `${JSON.stringify(line)}\n`)
  .join('');

// The availability export file as the integration reads it: a place line, its records, the closing delta token.
export const EXPORT_FILE_EXAMPLE = [
  { groupId: 'US-ONLINE' },
  { sku: 'SKU-0001', onHand: 42, reserved: 0, groupReserved: 0, sharedGroupReserved: 0, atf: 37, ato: 37, safetyStockCount: 5, futures: [] },
  { deltaToken: EXAMPLE_DELTA_TOKEN },
]
  .map((line) => `${JSON.stringify(line)}\n`)
  .join('');
export const EXPORT_FILE_PATTERN = `^\\{"groupId":"US-ONLINE"\\}\\n(\\{"sku":"[^"\\n]+",[^\\n]*\\}\\n)+\\{"deltaToken":"[A-Za-z0-9_-]+"\\}\\n?$`;


/** How the emulator is brought into each state (every one a fresh, settled fixture world first). */
export function impexStateHandlers(emulator: Emulator): Record<string, StateSetup> {
  const tenantGroup = (params: StateParams) => textParam(params, 'tenantGroupId', DEMO.salesforce.tenantGroupId);
  const openImport = (params: StateParams, linkDuration?: number) =>
    openAvailabilityImport(emulator, tenantGroup(params), { fileName: textParam(params, 'fileName', FILE_NAME), ...(linkDuration !== undefined ? { linkDuration } : {}) });
  return {
    [STATE.demoWorld]: fromSettledFixtureWorld(emulator, (params) => {
      const state = emulator.services.oci!.domain.tenants.state(tenantGroup(params));
      for (const group of EXPORT_GROUPS) expectFixture(state.groups[group] !== undefined, `the location group ${group}`);
    }),
    [STATE.uploadLinkOpen]: fromSettledFixtureWorld(emulator, (params) => {
      const job = openImport(params, LINK_MINUTES);
      return { uploadLinkId: job.uploadLinkId, importId: job.id };
    }),
    [STATE.fileReceived]: fromSettledFixtureWorld(emulator, async (params) => {
      const job = await uploadToImport(emulator, tenantGroup(params), openImport(params), cleanImportFile(1));
      return { uploadLinkId: job.uploadLinkId, importId: job.id };
    }),
    [STATE.importCompleted]: fromSettledFixtureWorld(emulator, async (params) => {
      const records = typeof params.records === 'number' ? params.records : IMPORTED_RECORDS;
      const job = await uploadToImport(emulator, tenantGroup(params), openImport(params), cleanImportFile(records));
      if (job.status !== 'COMPLETED' || job.processed !== records) {
        throw new Error(`the state's import ended ${job.status} with ${job.processed} of ${records} records processed`);
      }
      return { importId: job.id };
    }),
    [STATE.exportCompleted]: fromSettledFixtureWorld(emulator, async (params) => {
      const groups = Array.isArray(params.groups) ? params.groups.map(String) : EXPORT_GROUPS;
      const job = await completedAvailabilityExport(emulator, tenantGroup(params), { groups });
      if (job.status !== 'COMPLETED') throw new Error(`the state's export ended ${job.status}: ${job.failure ?? 'no reason given'}`);
      return { exportId: job.id };
    }),
  };
}
