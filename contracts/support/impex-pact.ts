// The fixed parts of the impex contract (oci-impex.contract.test.ts): the provider states it names and what the
// inventory integration sends and reads (fixed, so the pact file is byte-stable). The provider builds each state
// (emulator/cli/pact/oci-impex.ts); those that make a job hand its ids back for the pact's fromProviderState
// expressions, so the requests carry ids the provider really issued.

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
