import { DEMO } from '../../fixtures/well-known.js';
import { OciCacheClient, type StreamPlaces } from '../consumers/b2c-commerce/oci-cache-client.js';
import { send } from '../consumers/http.js';
import { OciAvailabilityClient } from '../consumers/inventory-integration/oci-availability-client.js';
import { ociRefusal } from '../consumers/oci-dialect.js';
import { integrationToken } from './contract-halves.js';
import { controlPlane, pause } from './control-plane.js';
import type { ProviderEmulator } from './provider-suite.js';
import type { StateParams, StateSetup, StateValues } from './verify-provider.js';

// The fixed parts of the OCI cache's contracts (b2c-commerce-oci-cache.contract.test.ts): the streams of the demo
// instance, the provider states and how each is built, the examples the pacts hold. States build their world over
// HTTP only: a reset through the control plane, the full import through the cache's own client, stock changes
// through the inventory integration's, and the clock moved on through the control plane.

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

const stream = (params: StateParams): StreamPlaces => ({
  placeType: params.placeType === 'group' ? 'group' : 'location',
  places: Array.isArray(params.places) ? params.places.map(String) : COMBINED.places,
});
const text = (params: StateParams, name: string, fallback: string) => (typeof params[name] === 'string' ? params[name] : fallback);

/** The states, each from a fresh demo world (the instance linked to the tenant group by the fixture). */
export function ociCacheStates(emulator: ProviderEmulator): Record<string, StateSetup> {
  const url = () => emulator.url;
  const control = () => controlPlane(url());
  const token = () => integrationToken(url());
  const cache = async () => new OciCacheClient({ baseUrl: url(), accessToken: await token(), tenantGroupId: TG });
  /** A fresh world, then `then`. */
  const world =
    (then?: (params: StateParams) => Promise<StateValues | void>): StateSetup =>
    async (params) => {
      await control().reset();
      return then?.(params);
    };
  /** The export a state asks for, run to its end by the cache's own polling. */
  const completedExport = async (params: StateParams) => {
    const client = await cache();
    const { exportId } = await client.requestExport(stream(params));
    const { status } = await client.exportEnded(exportId, () => pause());
    if (status !== 'COMPLETED') throw new Error(`the state's export ${exportId} ended ${status}`);
    return exportId;
  };
  /** The stream's full import, read as the cache reads it: the delta token it would follow from. */
  const fullImport = async (params: StateParams) => (await (await cache()).fullImport(stream(params), () => pause())).deltaToken;
  const stock = async () => new OciAvailabilityClient({ baseUrl: url(), accessToken: await token(), tenantGroupId: TG });

  return {
    [STATE.linked]: world(),
    [STATE.exportCompleted]: world(async (params) => ({ exportId: await completedExport(params) })),
    [STATE.exportExpired]: world(async (params) => {
      const exportId = await completedExport(params);
      // Export files are offered for a day.
      await control().advanceClock('P1DT1S');
      return { exportId };
    }),
    [STATE.fileRead]: world(async (params) => ({ deltaToken: await fullImport(params) })),
    [STATE.changedAfter]: world(async (params) => {
      const deltaToken = await fullImport(params);
      const location = text(params, 'location', CHANGE.location);
      const sku = text(params, 'sku', CHANGE.sku);
      const onHand = typeof params.onHand === 'number' ? params.onHand : CHANGE.onHand;
      const errors = await (await stock()).batchUpdate([{ id: `state-change-${location}-${sku}`, location, sku, onHand }]);
      if (errors.length > 0) throw new Error(`the state's batch-update was refused: ${JSON.stringify(errors)}`);
      return { deltaToken };
    }),
    [STATE.deletedAfter]: world(async (params) => {
      const deltaToken = await fullImport(params);
      const location = text(params, 'location', DELETED.location);
      const sku = text(params, 'sku', DELETED.sku);
      const path = `/inventory/availability/v1/organizations/${TG}/locations/${encodeURIComponent(location)}/availability-records/skus/${encodeURIComponent(sku)}/state-delete-1`;
      await send(url(), { method: 'DELETE', path, bearer: await token() }, ociRefusal);
      return { deltaToken };
    }),
    [STATE.linkExpired]: world(async (params) => {
      const deltaToken = await fullImport(params);
      // Delta links are valid for 23.5 hours.
      await control().advanceClock('PT24H');
      return { deltaToken };
    }),
  };
}
