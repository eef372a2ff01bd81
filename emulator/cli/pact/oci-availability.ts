import { DEMO } from '../../../fixtures/well-known.js';
import { fullImport } from './oci-streams.js';
import { expectFixture, fromFixtureWorld, textParam, type StateContext, type StateParams, type StateSetup } from './state-kit.js';

// Provider states of OCI's availability API: for the inventory integration, the demo world as the world document
// and get-availability show it, and a change made through the API after a delta token the API minted; for B2C's
// OCI cache, a stream's full import read through the impex API (its delta token handed over), then changes to it.

const TG = DEMO.salesforce.tenantGroupId;
const SKUS = ['SKU-0001', 'SKU-0002'];
const CHANGED = { location: 'WH-EAST', sku: 'SKU-0001', onHand: 42 } as const;
/** What the cache's states change when the pact names nothing: the combined stream's record. */
const CACHE_CHANGE = { location: 'STORE-BOS', sku: 'SKU-0001', onHand: 42 } as const;
const CACHE_DELETE = { location: 'STORE-DEN', sku: 'SKU-0002' } as const;

const availability = (params: StateParams) => `/inventory/availability/v1/organizations/${encodeURIComponent(textParam(params, 'tenantGroupId', TG))}/availability-records`;

/** The demo graph (its locations, its groups and their members) and the SKUs the pact asks for at WH-EAST. */
async function expectDemoInventory(ctx: StateContext, params: StateParams): Promise<void> {
  const tenantGroupId = textParam(params, 'tenantGroupId', TG);
  const group = (await ctx.world()).tenantGroups.find((g) => g.id === tenantGroupId);
  expectFixture(group !== undefined, `the tenant group ${tenantGroupId}`);
  expectFixture(group.locations.join() === DEMO.locations.join(), `exactly the locations ${DEMO.locations.join(', ')}`);
  for (const [id, members] of Object.entries(DEMO.groups)) {
    expectFixture(group.groups.find((g) => g.id === id)?.locations.join() === members.join(), `group ${id} of ${members.join(', ')}`);
  }
  const answer = await ctx.asCommerceApi('POST', `${availability(params)}/actions/get-availability`, { json: { skus: SKUS, locations: ['WH-EAST'] } });
  const records = (answer.json as { locations?: { records?: { sku: string }[] }[] }).locations?.[0]?.records ?? [];
  for (const sku of SKUS) expectFixture(records.some((r) => r.sku === sku), `${sku} at WH-EAST`);
}

export const OCI_AVAILABILITY_STATES: Record<string, StateSetup> = {
  'the demo inventory world': fromFixtureWorld(expectDemoInventory),
  [`${CHANGED.sku} changed at ${CHANGED.location} after a delta token for ${CHANGED.location} was minted`]: fromFixtureWorld(async (ctx, params) => {
    // The two calls in the order the state names: the token first, then the change it must report.
    const minted = await ctx.asCommerceApi('POST', `${availability(params)}/delta-token`, { json: { placeType: 'location', places: [CHANGED.location] } });
    const deltaToken = (minted.json as { deltaToken?: unknown }).deltaToken;
    expectFixture(typeof deltaToken === 'string', `a delta token for ${CHANGED.location}`);
    // 204 is every record applied; a 200 carries per-record errors.
    await ctx.asCommerceApi('POST', `${availability(params)}/actions/batch-update`, { json: { records: [{ id: 'state-change-1', ...CHANGED }] }, expect: [204] });
    return { deltaToken };
  }),
  // B2C's OCI cache: every state reads the stream its parameters name (placeType, places) first.
  "a stream's full import was read": fromFixtureWorld(async (ctx, params) => ({ deltaToken: await fullImport(ctx, params) })),
  "a stream's full import was read, then the stock of one of its places changed": fromFixtureWorld(async (ctx, params) => {
    const deltaToken = await fullImport(ctx, params);
    const location = textParam(params, 'location', CACHE_CHANGE.location);
    const sku = textParam(params, 'sku', CACHE_CHANGE.sku);
    const onHand = typeof params.onHand === 'number' ? params.onHand : CACHE_CHANGE.onHand;
    await ctx.asCommerceApi('POST', `${availability(params)}/actions/batch-update`, { json: { records: [{ id: `state-change-${location}-${sku}`, location, sku, onHand }] }, expect: [204] });
    return { deltaToken };
  }),
  "a stream's full import was read, then a record of one of its places was deleted": fromFixtureWorld(async (ctx, params) => {
    const deltaToken = await fullImport(ctx, params);
    const location = encodeURIComponent(textParam(params, 'location', CACHE_DELETE.location));
    const sku = encodeURIComponent(textParam(params, 'sku', CACHE_DELETE.sku));
    const base = `/inventory/availability/v1/organizations/${encodeURIComponent(textParam(params, 'tenantGroupId', TG))}`;
    await ctx.asCommerceApi('DELETE', `${base}/locations/${location}/availability-records/skus/${sku}/state-delete-1`);
    return { deltaToken };
  }),
  "a stream's full import was read more than 23.5 hours ago": fromFixtureWorld(async (ctx, params) => {
    const deltaToken = await fullImport(ctx, params);
    // Delta links are valid for 23.5 hours.
    await ctx.http.control('POST', '/clock/advance', { by: 'PT24H' });
    return { deltaToken };
  }),
};
