import { DEMO } from '../../fixtures/well-known.js';
import type { StreamPlaces } from '../consumers/b2c-commerce/oci-cache-client.js';

// The fixed parts of the OCI cache's contracts (b2c-commerce-oci-cache.contract.test.ts): the streams of the demo
// instance, the provider states, the examples the pacts hold. The provider builds each state over HTTP
// (emulator/cli/pact/oci-impex.ts and oci-availability.ts).

export const TG = DEMO.salesforce.tenantGroupId;

/** The demo instance's streams: US-ONLINE (group, site RefArch) has its own; STORE-BOS and STORE-DEN share one. */
export const DEDICATED: StreamPlaces = { placeType: 'group', places: ['US-ONLINE'] };
export const COMBINED: StreamPlaces = { placeType: 'location', places: ['STORE-BOS', 'STORE-DEN'] };

/** What the states change after the full import: the stock at a place a stream follows. */
export const CHANGE = { location: 'STORE-BOS', sku: 'SKU-0001', onHand: 42 } as const;
export const GROUP_CHANGE = { location: 'WH-EAST', sku: 'SKU-0001', onHand: 42 } as const;
export const DELETED = { location: 'STORE-DEN', sku: 'SKU-0002' } as const;

// Every state names the stream it reads as parameters (placeType, places); a change or a delete names its record.
export const STATE = {
  linked: 'the instance is linked to the tenant group whose places its lists pair with',
  exportCompleted: "an availability export of a stream's places completed",
  exportExpired: "an availability export of a stream's places completed more than a day ago",
  fileRead: "a stream's full import was read",
  changedAfter: "a stream's full import was read, then the stock of one of its places changed",
  deletedAfter: "a stream's full import was read, then a record of one of its places was deleted",
  linkExpired: "a stream's full import was read more than 23.5 hours ago",
} as const;

// Examples only, fixed so the pact files are byte-stable; the provider's ids and tokens are matched by shape.
export const EXAMPLE_EXPORT_ID = '7d2e4c1a-3b5f-4a6d-8e9f-0a1b2c3d4e5f';
export const EXAMPLE_DELTA_TOKEN = 'eyJleGFtcGxlIjoiY2FjaGUtZGVsdGEtdG9rZW4ifQ';
export const EXAMPLE_NEXT_TOKEN = 'eyJleGFtcGxlIjoiY2FjaGUtbmV4dC10b2tlbiJ9';
export const DELTA_TOKEN = '^[A-Za-z0-9_-]+$';

const line = (value: unknown) => `${JSON.stringify(value)}\n`;
const record = (sku: string, onHand: number, safetyStockCount: number) => ({ sku, onHand, reserved: 0, atf: onHand - safetyStockCount, ato: onHand - safetyStockCount, safetyStockCount, futures: [] });

/** The combined stream's export file: each location's line, its records, the closing delta token. */
export const LOCATIONS_FILE_EXAMPLE = [{ locationId: 'STORE-BOS' }, record('SKU-0001', 38, 2), { locationId: 'STORE-DEN' }, record('SKU-0001', 12, 0), { deltaToken: EXAMPLE_DELTA_TOKEN }]
  .map(line)
  .join('');
const RECORD_LINE = '(\\{"sku":"[^"\\n]+",[^\\n]*\\}\\n)+';
/** Every location of the stream, in the order asked, each with records; the delta token last. */
export const LOCATIONS_FILE_PATTERN = `^${COMBINED.places.map((id) => `\\{"locationId":"${id}"\\}\\n${RECORD_LINE}`).join('')}\\{"deltaToken":"[A-Za-z0-9_-]+"\\}\\n?$`;
