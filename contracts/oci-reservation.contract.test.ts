import { describe, expect, it } from 'vitest';
import { MatchersV3 } from '@pact-foundation/pact';
import { DEMO } from '../fixtures/well-known.js';
import { OciReservationClient, ReservationError } from './consumers/b2c-commerce/oci-reservation-client.js';
import { describeProviderVerification, ISO_INSTANT, JSON_TYPE, PLACEHOLDER_TOKEN, PROBLEM_TYPE, REQUEST_HEADERS, useConsumerPact } from './support/contract-halves.js';

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

const basket = (quantity: number) => ({
  expirationSeconds: 600,
  allowPartialReservations: false,
  locations: [{ id: WAREHOUSE, reservations: [{ sku: SKU, quantity }] }],
});

describe(`consumer ${CONSUMER} of ${PROVIDER}`, { timeout: TIMEOUT }, () => {
  const pact = useConsumerPact(CONSUMER, PROVIDER);
  const client = (url: string) => new OciReservationClient({ baseUrl: url, accessToken: PLACEHOLDER_TOKEN, tenantGroupId: TG });
  /** A JSON request to the reservation API, in the given provider state. */
  const request = (given: string, description: string, method: 'PUT' | 'PATCH' | 'POST', path: string, body: unknown) =>
    pact()
      .addInteraction()
      .given(given)
      .uponReceiving(description)
      .withRequest(method, `${BASE}/${path}`, (b) => b.headers(REQUEST_HEADERS).jsonBody(body));

  it('reserves a basket at a location under its own document id', async () => {
    await request(IN_STOCK, 'a basket reservation that fits', 'PUT', 'reservation-documents/basket-1', basket(2))
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
    await request(IN_STOCK, 'a basket reservation larger than the stock, partial not allowed', 'PUT', 'reservation-documents/basket-2', basket(41))
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
    await request(BASKET_HELD, 'a cancel of a held reservation', 'PATCH', 'reservation-documents/basket-1', { status: 'CANCELLED' })
      .willRespondWith(204)
      .executeTest(async (mock) => {
        await expect(client(mock.url).cancel('basket-1')).resolves.toBeUndefined();
      });
  });

  it('is told a reservation it cancels does not exist', async () => {
    await request(IN_STOCK, 'a cancel of an unknown reservation', 'PATCH', 'reservation-documents/never-made', { status: 'CANCELLED' })
      .willRespondWith(404, (b) => b.headers({ 'Content-Type': PROBLEM_TYPE }).jsonBody({ type: 'about:blank', errorCode: 'EntityNotFound', message: string('Reservation ID does not exist.') }))
      .executeTest(async (mock) => {
        await expect(client(mock.url).cancel('never-made')).rejects.toMatchObject({ status: 404, errorCode: 'EntityNotFound' });
        await expect(client(mock.url).cancel('never-made')).rejects.toBeInstanceOf(ReservationError);
      });
  });

  // Record-level actions answer 204 when every record applied.
  const recordAction = (name: string, given: string, description: string, path: string, records: object[], send: (c: OciReservationClient) => Promise<unknown[]>) =>
    it(name, async () => {
      await request(given, description, 'POST', path, { records })
        .willRespondWith(204)
        .executeTest(async (mock) => {
          expect(await send(client(mock.url))).toEqual([]);
        });
    });
  const releases = [{ id: 'release-1', location: WAREHOUSE, sku: SKU, quantity: 2 }];
  recordAction('releases reserved stock by record', BASKET_HELD, 'a release of reserved stock', 'releases', releases, (c) => c.release(releases));
  const transfers = [{ id: 'allocate-1', from: { group: GROUP }, to: { location: WAREHOUSE }, sku: SKU, quantity: 3 }];
  recordAction('allocates a group reservation to a location', ORDER_AT_GROUP, 'a transfer from the group to a location', 'transfers', transfers, (c) => c.transfer(transfers));
  const fulfillments = [{ id: 'ship-1', location: WAREHOUSE, sku: SKU, quantity: 2 }];
  recordAction('ships reserved stock', BASKET_HELD, 'a fulfillment of reserved stock', 'fulfillments', fulfillments, (c) => c.fulfill(fulfillments));
});

describeProviderVerification({ consumer: CONSUMER, provider: PROVIDER, interactions: 7, timeout: TIMEOUT });
