import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MatchersV3, type PactV4 } from '@pact-foundation/pact';
import type { Emulator } from '../emulator/index.js';
import type { OciDomain } from '../emulator/oci/party.js';
import { DEMO } from '../fixtures/well-known.js';
import { OciReservationClient, ReservationError } from './consumers/b2c-commerce/oci-reservation-client.js';
import { freshConsumerPact, pactFile, readPact } from './support/pacts.js';
import { expectFixture, fromFixtureWorld } from './support/provider-states.js';
import { startProviderEmulator } from './support/provider-emulator.js';
import { verifyProvider } from './support/verify-provider.js';

// B2C Commerce (consumer) and OCI's reservation API (provider): reserve, cancel, release, allocate, ship.
// Consumer and provider halves in one file, so the provider always verifies the pact this very run wrote.

const { regex, string } = MatchersV3;

const CONSUMER = 'b2c-commerce';
const PROVIDER = 'oci-reservation';
const TG = DEMO.salesforce.tenantGroupId;
const BASE = `/inventory/reservation/v1/organizations/${TG}`;
const TIMEOUT = 60_000;
const SKU = 'SKU-0001';
const WAREHOUSE = 'WH-EAST';
const GROUP = 'US-ONLINE';

const IN_STOCK = `${SKU} has 40 on hand at ${WAREHOUSE}`;
const BASKET_HELD = `reservation basket-1 holds 2 of ${SKU} at ${WAREHOUSE}`;
const ORDER_AT_GROUP = `reservation order-1 holds 3 of ${SKU} at group ${GROUP}`;

const PLACEHOLDER_TOKEN = 'placeholder-account-manager-token';
const REQUEST_HEADERS = { Authorization: regex('^Bearer \\S+$', `Bearer ${PLACEHOLDER_TOKEN}`), 'Content-Type': 'application/json' };
const JSON_TYPE = regex('^application/json(;.*)?$', 'application/json; charset=utf-8');
const PROBLEM_TYPE = regex('^application/problem\\+json(;.*)?$', 'application/problem+json');
const ISO_INSTANT = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';

const basket = (quantity: number) => ({
  expirationSeconds: 600,
  allowPartialReservations: false,
  locations: [{ id: WAREHOUSE, reservations: [{ sku: SKU, quantity }] }],
});

describe(`consumer ${CONSUMER} of ${PROVIDER}`, { timeout: TIMEOUT }, () => {
  let pact: PactV4;
  beforeAll(() => {
    pact = freshConsumerPact(CONSUMER, PROVIDER);
  });
  const client = (url: string) => new OciReservationClient({ baseUrl: url, accessToken: PLACEHOLDER_TOKEN, tenantGroupId: TG });

  it('reserves a basket at a location under its own document id', async () => {
    await pact
      .addInteraction()
      .given(IN_STOCK)
      .uponReceiving('a basket reservation that fits')
      .withRequest('PUT', `${BASE}/reservation-documents/basket-1`, (b) => b.headers(REQUEST_HEADERS).jsonBody(basket(2)))
      .willRespondWith(200, (b) =>
        b
          .headers({ 'Content-Type': JSON_TYPE, Location: regex('^/inventory/reservation/v1/organizations/[^/]+/reservation-documents/basket-1$', `${BASE}/reservation-documents/basket-1`) })
          .jsonBody({
            reservationTime: regex(ISO_INSTANT, '2026-03-02T09:00:00.000Z'),
            expirationTime: regex(ISO_INSTANT, '2026-03-02T09:10:00.000Z'),
            success: true,
            locations: [{ id: WAREHOUSE, details: [{ sku: SKU, quantity: 2 }] }],
          }),
      )
      .executeTest(async (mock) => {
        const result = await client(mock.url).reserve('basket-1', basket(2));
        expect(result).toMatchObject({ success: true, locations: [{ id: WAREHOUSE, details: [{ sku: SKU, quantity: 2 }] }] });
        expect(result.location).toMatch(/reservation-documents\/basket-1$/);
      });
  });

  it('learns a basket cannot be reserved in full (200, success false, the line in errors)', async () => {
    await pact
      .addInteraction()
      .given(IN_STOCK)
      .uponReceiving('a basket reservation larger than the stock, partial not allowed')
      .withRequest('PUT', `${BASE}/reservation-documents/basket-2`, (b) => b.headers(REQUEST_HEADERS).jsonBody(basket(41)))
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({
          reservationTime: regex(ISO_INSTANT, '2026-03-02T09:00:00.000Z'),
          expirationTime: regex(ISO_INSTANT, '2026-03-02T09:10:00.000Z'),
          success: false,
          locations: [{ id: WAREHOUSE, errors: [{ sku: SKU, errorCode: 'InsufficientQuantity' }] }],
        }),
      )
      .executeTest(async (mock) => {
        const result = await client(mock.url).reserve('basket-2', basket(41));
        expect(result.success).toBe(false);
        expect(result.locations?.[0]?.errors).toEqual([{ sku: SKU, errorCode: 'InsufficientQuantity' }]);
      });
  });

  it('cancels a reservation when the order fails', async () => {
    await pact
      .addInteraction()
      .given(BASKET_HELD)
      .uponReceiving('a cancel of a held reservation')
      .withRequest('PATCH', `${BASE}/reservation-documents/basket-1`, (b) => b.headers(REQUEST_HEADERS).jsonBody({ status: 'CANCELLED' }))
      .willRespondWith(204)
      .executeTest(async (mock) => {
        await expect(client(mock.url).cancel('basket-1')).resolves.toBeUndefined();
      });
  });

  it('is told a reservation it cancels does not exist', async () => {
    await pact
      .addInteraction()
      .given(IN_STOCK)
      .uponReceiving('a cancel of an unknown reservation')
      .withRequest('PATCH', `${BASE}/reservation-documents/never-made`, (b) => b.headers(REQUEST_HEADERS).jsonBody({ status: 'CANCELLED' }))
      .willRespondWith(404, (b) => b.headers({ 'Content-Type': PROBLEM_TYPE }).jsonBody({ type: 'about:blank', errorCode: 'EntityNotFound', message: string('Reservation ID does not exist.') }))
      .executeTest(async (mock) => {
        await expect(client(mock.url).cancel('never-made')).rejects.toMatchObject({ status: 404, errorCode: 'EntityNotFound' });
        await expect(client(mock.url).cancel('never-made')).rejects.toBeInstanceOf(ReservationError);
      });
  });

  it('releases reserved stock by record', async () => {
    const records = [{ id: 'release-1', location: WAREHOUSE, sku: SKU, quantity: 2 }];
    await pact
      .addInteraction()
      .given(BASKET_HELD)
      .uponReceiving('a release of reserved stock')
      .withRequest('POST', `${BASE}/releases`, (b) => b.headers(REQUEST_HEADERS).jsonBody({ records }))
      .willRespondWith(204)
      .executeTest(async (mock) => {
        expect(await client(mock.url).release(records)).toEqual([]);
      });
  });

  it('allocates a group reservation to a location', async () => {
    const records = [{ id: 'allocate-1', from: { group: GROUP }, to: { location: WAREHOUSE }, sku: SKU, quantity: 3 }];
    await pact
      .addInteraction()
      .given(ORDER_AT_GROUP)
      .uponReceiving('a transfer from the group to a location')
      .withRequest('POST', `${BASE}/transfers`, (b) => b.headers(REQUEST_HEADERS).jsonBody({ records }))
      .willRespondWith(204)
      .executeTest(async (mock) => {
        expect(await client(mock.url).transfer(records)).toEqual([]);
      });
  });

  it('ships reserved stock', async () => {
    const records = [{ id: 'ship-1', location: WAREHOUSE, sku: SKU, quantity: 2 }];
    await pact
      .addInteraction()
      .given(BASKET_HELD)
      .uponReceiving('a fulfillment of reserved stock')
      .withRequest('POST', `${BASE}/fulfillments`, (b) => b.headers(REQUEST_HEADERS).jsonBody({ records }))
      .willRespondWith(204)
      .executeTest(async (mock) => {
        expect(await client(mock.url).fulfill(records)).toEqual([]);
      });
  });
});

describe(`provider ${PROVIDER} honours ${CONSUMER}`, { timeout: TIMEOUT }, () => {
  let emulator: Emulator;
  let oci: OciDomain;
  beforeAll(async () => {
    emulator = await startProviderEmulator();
    oci = emulator.services.oci!.domain;
  });
  afterAll(async () => {
    await emulator?.close();
  });

  const inStock = () => {
    oci.updates.write(TG, WAREHOUSE, SKU, { onHand: 40, safetyStockCount: 0, futures: [] }, true, 'location_replace');
    expectFixture(oci.tenants.state(TG).groups[GROUP]?.locations.includes(WAREHOUSE) === true, `${WAREHOUSE} in group ${GROUP}`);
  };
  const reserve = (id: string, request: { groups?: { id: string }[]; locations?: { id: string }[] }, quantity: number) => {
    const outcome = oci.reservations.create(TG, id, {
      allowPartialReservations: false,
      fulfillOnly: false,
      groups: (request.groups ?? []).map((g) => ({ id: g.id, reservations: [{ sku: SKU, quantity }] })),
      locations: (request.locations ?? []).map((l) => ({ id: l.id, reservations: [{ sku: SKU, quantity }], allOrNothing: [] })),
    });
    expectFixture(outcome.success, `stock for reservation ${id}`);
  };

  it('verifies the pact written above', async () => {
    expect(readPact(CONSUMER, PROVIDER).interactions).toHaveLength(7);
    await verifyProvider({
      provider: PROVIDER,
      pactFiles: [pactFile(CONSUMER, PROVIDER)],
      emulator,
      stateHandlers: {
        [IN_STOCK]: fromFixtureWorld(emulator, inStock),
        [BASKET_HELD]: fromFixtureWorld(emulator, () => {
          inStock();
          reserve('basket-1', { locations: [{ id: WAREHOUSE }] }, 2);
        }),
        [ORDER_AT_GROUP]: fromFixtureWorld(emulator, () => {
          inStock();
          reserve('order-1', { groups: [{ id: GROUP }] }, 3);
        }),
      },
    });
  });
});
