import { describe, expect, it } from 'vitest';
import { MatchersV3 } from '@pact-foundation/pact';
import { DEMO } from '../fixtures/well-known.js';
import { OciAvailabilityClient, type UpdateRecord } from './consumers/inventory-integration/oci-availability-client.js';
import { OciError } from './consumers/oci-dialect.js';
import type { StepName } from '../emulator/sequence/steps.js';
import { integrationToken, JSON_TYPE, PLACEHOLDER_TOKEN, PROBLEM_TYPE, REQUEST_HEADERS, stepsDone, useConsumerPact, useProviderEmulator, verifyWrittenPact } from './support/contract-halves.js';

// Consumer and provider halves in one file, so the provider always verifies the pact this very run wrote.

const { atLeastLike, boolean, eachLike, fromProviderState, number, regex, string } = MatchersV3;

const CONSUMER = 'inventory-integration';
const PROVIDER = 'oci-availability';
const TG = DEMO.salesforce.tenantGroupId;
const BASE = `/inventory/availability/v1/organizations/${TG}`;
const TIMEOUT = 60_000;

const DEMO_WORLD = 'the demo inventory world';
const CHANGE_AFTER_TOKEN = 'SKU-0001 changed at WH-EAST after a delta token for WH-EAST was minted';
const CHANGED = { location: 'WH-EAST', sku: 'SKU-0001', onHand: 42 } as const;
/** The integration reads and writes stock once the instance trusts the tenant group (docs/trust.md). */
const AFTER_TRUST: StepName[] = ['trust.established'];

// Delta tokens are opaque: only their alphabet is part of the contract. Examples are fixed for a stable file.
const DELTA_TOKEN = '^[A-Za-z0-9_-]+$';
const EXAMPLE_DELTA_TOKEN = 'eyJleGFtcGxlIjoiZGVsdGEtdG9rZW4ifQ';
const EXAMPLE_NEXT_TOKEN = 'eyJleGFtcGxlIjoibmV4dC1kZWx0YS10b2tlbiJ9';

const figures = { atf: number(37), ato: number(37), onHand: number(42), reserved: number(0), safetyStockCount: number(5) };
// Futures may well be empty; when present each has this shape (one example, so the item rules are written).
const futures = atLeastLike({ expectedDate: string('2026-04-01T00:00:00.000Z'), quantity: number(5) }, 0, 1);
const locationRecord = { sku: string('SKU-0001'), ...figures, futures };
const groupRecord = { ...locationRecord, groupReserved: number(0), sharedGroupReserved: number(0) };

const SKUS = ['SKU-0001', 'SKU-0002'];
const UPDATES: UpdateRecord[] = [
  { id: 'contract-1', location: 'WH-EAST', sku: 'SKU-0001', onHand: 40, safetyStockCount: 2 },
  { id: 'contract-2', location: 'STORE-BOS', sku: 'SKU-0002', onHand: 7.5, futureStock: [{ expectedDate: '2026-04-01T00:00:00Z', quantity: 10 }] },
];

describe(`consumer ${CONSUMER} of ${PROVIDER}`, { timeout: TIMEOUT }, () => {
  const pact = useConsumerPact(CONSUMER, PROVIDER);
  const client = (url: string) => new OciAvailabilityClient({ baseUrl: url, accessToken: PLACEHOLDER_TOKEN, tenantGroupId: TG });
  /** A JSON POST to the availability API, in the demo world, with the steps of the documented sequence it `expects` done. */
  const post = (description: string, path: string, body: unknown, expects: StepName[] = []) => {
    const inDemoWorld = pact().addInteraction().given(DEMO_WORLD);
    return (expects.length > 0 ? inDemoWorld.given(...stepsDone(...expects)) : inDemoWorld)
      .uponReceiving(description)
      .withRequest('POST', `${BASE}/availability-records/${path}`, (b) => b.headers(REQUEST_HEADERS).jsonBody(body));
  };

  it('gets availability of SKUs at locations, places in request order', async () => {
    await post('a get-availability request for SKUs at locations', 'actions/get-availability', { skus: SKUS, locations: ['WH-EAST', 'STORE-BOS'] }, AFTER_TRUST)
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({
          locations: [
            { id: 'WH-EAST', records: eachLike(locationRecord) },
            { id: 'STORE-BOS', records: eachLike(locationRecord) },
          ],
        }),
      )
      .executeTest(async (mock) => {
        const places = await client(mock.url).getAvailabilityByLocations(SKUS, ['WH-EAST', 'STORE-BOS']);
        expect(places.map((p) => p.id)).toEqual(['WH-EAST', 'STORE-BOS']);
        expect(places[0]!.records[0]).toMatchObject({ sku: 'SKU-0001', atf: 37, onHand: 42 });
      });
  });

  it('gets availability of SKUs in groups, with the group reservation figures', async () => {
    await post('a get-availability request for SKUs in groups', 'actions/get-availability', { skus: SKUS, groups: ['US-ONLINE'] }, AFTER_TRUST)
      .willRespondWith(200, (b) => b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({ groups: [{ id: 'US-ONLINE', records: eachLike(groupRecord) }] }))
      .executeTest(async (mock) => {
        const groups = await client(mock.url).getAvailabilityByGroups(SKUS, ['US-ONLINE']);
        expect(groups).toHaveLength(1);
        expect(groups[0]!.records[0]).toMatchObject({ sku: 'SKU-0001', groupReserved: 0, sharedGroupReserved: 0 });
      });
  });

  it('batch-updates records; 204 when every one was applied', async () => {
    await post('a batch-update whose records all apply', 'actions/batch-update', { records: UPDATES }, AFTER_TRUST)
      .willRespondWith(204)
      .executeTest(async (mock) => {
        expect(await client(mock.url).batchUpdate(UPDATES)).toEqual([]);
      });
  });

  it('is refused the whole batch-update when a location does not exist', async () => {
    const records: UpdateRecord[] = [{ id: 'contract-3', location: 'NOWHERE', sku: 'SKU-0001', onHand: 1 }];
    await post('a batch-update naming an unknown location', 'actions/batch-update', { records }, AFTER_TRUST)
      .willRespondWith(400, (b) =>
        b.headers({ 'Content-Type': PROBLEM_TYPE }).jsonBody({
          type: 'about:blank',
          errorCode: 'LocationDoesNotExist',
          message: string('A location provided in the request does not exist.'),
          location: 'NOWHERE',
        }),
      )
      .executeTest(async (mock) => {
        const refused = client(mock.url).batchUpdate(records);
        await expect(refused).rejects.toBeInstanceOf(OciError);
        await expect(refused).rejects.toMatchObject({ status: 400, errorCode: 'LocationDoesNotExist', detail: { location: 'NOWHERE' } });
      });
  });

  it('mints a delta token for locations', async () => {
    await post('a delta-token request for a location', 'delta-token', { placeType: 'location', places: ['WH-EAST'] })
      .willRespondWith(200, (b) => b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({ deltaToken: regex(DELTA_TOKEN, EXAMPLE_DELTA_TOKEN) }))
      .executeTest(async (mock) => {
        expect(await client(mock.url).mintDeltaToken('location', ['WH-EAST'])).toBe(EXAMPLE_DELTA_TOKEN);
      });
  });

  it('gets the changes made after its delta token', async () => {
    await pact()
      .addInteraction()
      .given(CHANGE_AFTER_TOKEN)
      .uponReceiving('a get-deltas request with a token older than a change')
      .withRequest('POST', `${BASE}/availability-records/actions/get-deltas`, (b) =>
        // Only the provider can mint a token that predates its change: the state hands it over.
        b.headers(REQUEST_HEADERS).jsonBody({ deltaToken: fromProviderState('${deltaToken}', EXAMPLE_DELTA_TOKEN) }),
      )
      .willRespondWith(200, (b) =>
        // All three keys are the contract; their order is too, but Pact cannot say so (see the provider half).
        b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({
          nextDeltaToken: regex(DELTA_TOKEN, EXAMPLE_NEXT_TOKEN),
          shouldQueryAgain: boolean(false),
          records: eachLike({ sku: CHANGED.sku, deltaType: regex('^(Change|Delete)$', 'Change'), id: CHANGED.location, ...figures, futures }),
        }),
      )
      .executeTest(async (mock) => {
        const page = await client(mock.url).getDeltas(EXAMPLE_DELTA_TOKEN);
        expect(page).toMatchObject({ nextDeltaToken: EXAMPLE_NEXT_TOKEN, shouldQueryAgain: false });
        expect(page.records[0]).toMatchObject({ sku: CHANGED.sku, id: CHANGED.location, deltaType: 'Change' });
      });
  });
});

describe(`provider ${PROVIDER} honours ${CONSUMER}`, { timeout: TIMEOUT }, () => {
  const emulator = useProviderEmulator();

  it('verifies the pact written above', async () => {
    await verifyWrittenPact({ consumer: CONSUMER, provider: PROVIDER, interactions: 6 }, emulator());
  });

  it('answers get-deltas with nextDeltaToken, shouldQueryAgain, records in that order', async () => {
    // Pact compares JSON objects without regard to key order and its mock server sorts keys, yet integrations
    // stream-parse this page and want the token before the records. So the order is checked here, with the
    // consumer's own clients against the real provider.
    emulator().control.resetAll();
    const client = new OciAvailabilityClient({ baseUrl: emulator().url, accessToken: await integrationToken(emulator().url), tenantGroupId: TG });
    const token = await client.mintDeltaToken('location', [CHANGED.location]);
    expect(await client.batchUpdate([{ id: 'order-1', ...CHANGED }])).toEqual([]);
    const page = await client.getDeltas(token);
    expect(Object.keys(page)).toEqual(['nextDeltaToken', 'shouldQueryAgain', 'records']);
    expect(page.records).toMatchObject([{ sku: CHANGED.sku, id: CHANGED.location, deltaType: 'Change', onHand: CHANGED.onHand }]);
  });
});
