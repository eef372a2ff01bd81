import { createRequire } from 'node:module';
import {
  ShopperAvailability,
  ShopperBaskets,
  ShopperLogin,
  ShopperOrders,
  ShopperProducts,
  ShopperStores,
  slasHelpers,
  type ShopperBasketsTypes,
} from 'commerce-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { fresh, setMode, type Bm } from '../b2c/integration-page.js';
import { TENANT, TENANT_GROUP, tokenFor } from '../helpers/emulator.js';
import { catchUp } from '../helpers/oci-cache.js';
import { ADDRESS, ORG, SITE } from '../helpers/shopper.js';

// A real client written by others: Salesforce's own Node SDK (commerce-sdk), unchanged, pointed at the emulator by
// its base URLs alone. A guest shops SKU-0001 through to an order in each inventory mode: login (SLAS public client
// with PKCE, and the private client), product and availability, stores, the basket's checkout steps, the order.
// The SDK keeps one GET cache (make-fetch-happen) for all its clients; it is switched off (fetchOptions cache
// no-store) so a re-read always reaches the emulator (which sends no Cache-Control or ETag, so little is cached).

// The SDK's ResponseError is the one of @commerce-apps/core as commerce-sdk itself loads it.
const core = createRequire(createRequire(import.meta.url).resolve('commerce-sdk'))('@commerce-apps/core') as { ResponseError: new (r: unknown) => Error };
type SdkError = Error & { response: { status: number; json(): Promise<{ type: string; detail?: string }> } };

const { publicClient, privateClient } = DEMO.b2c.slas;
const SKU = 'SKU-0001';
const CARD = { cardType: 'Visa', number: '4111111111111111', expirationMonth: 12, expirationYear: 2030, holder: 'Ada Lovelace' };

/** The SDK's clients for the emulator at `url`, as the shopper with `token` (none: the login client). */
function clients(url: string, token?: string, clientId: string = publicClient.id) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const config = (path: string) => ({
    baseUri: `${url}${path}`,
    parameters: { clientId, organizationId: ORG, shortCode: 'emulator', siteId: SITE },
    headers,
    fetchOptions: { cache: 'no-store' as const },
  });
  return {
    login: new ShopperLogin(config('/shopper/auth/v1')),
    products: new ShopperProducts(config('/product/shopper-products/v1')),
    availability: new ShopperAvailability(config('/product/shopper-availability/v1')),
    stores: new ShopperStores(config('/store/shopper-stores/v1')),
    baskets: new ShopperBaskets(config('/checkout/shopper-baskets/v1')),
    orders: new ShopperOrders(config('/checkout/shopper-orders/v1')),
  };
}
type Sdk = ReturnType<typeof clients>;

// The helpers' ISlasClient wants body.channel_id required where ShopperLogin has it optional: under strict types a
// ShopperLogin (what the SDK's README passes) needs a cast.
type SlasClient = Parameters<typeof slasHelpers.loginGuestUser>[0]['slasClient'];
type Token = Awaited<ReturnType<typeof slasHelpers.loginGuestUser>>;

/** A guest through the public client's PKCE flow (authorize with hint=guest, then the token). */
async function guest(url: string): Promise<{ sdk: Sdk; token: Token }> {
  const slasClient = clients(url).login as unknown as SlasClient;
  const token = await slasHelpers.loginGuestUser({ slasClient, parameters: { redirectURI: publicClient.redirectUri } });
  return { sdk: clients(url, token.access_token), token };
}

/** A guest through the private client (client_credentials with channel_id). */
async function privateGuest(url: string): Promise<{ sdk: Sdk; token: Token }> {
  const slasClient = clients(url, undefined, privateClient.id).login as unknown as SlasClient;
  const token = await slasHelpers.loginGuestUserPrivate({ slasClient, credentials: { clientSecret: privateClient.secret } });
  return { sdk: clients(url, token.access_token), token };
}

/** What the shopper sees of the product in the site's list, through Shopper Products and Shopper Availability. */
async function seen(sdk: Sdk, productId = SKU) {
  const product = await sdk.products.getProduct({ parameters: { id: productId, expand: ['availability', 'prices'] } });
  const avail = await sdk.availability.getAvailability({ parameters: { productIds: [productId, 'SKU-0002'] } });
  const row = avail.data.find((d) => d.id === productId);
  expect(row?.inventories?.[0]?.ats, 'availability agrees with the product').toBe(product.inventory?.ats);
  return product;
}

/** Every checkout step of Shopper Baskets, then Shopper Orders createOrder and getOrder. */
async function checkout(sdk: Sdk, quantity: number) {
  const { baskets, orders } = sdk;
  const created = await baskets.createBasket({ body: {} });
  const basketId = created.basketId!;
  const parameters = { basketId };
  const filled = await baskets.addItemToBasket({ parameters, body: [{ productId: SKU, quantity }] });
  expect(filled.productItems).toMatchObject([{ productId: SKU, quantity }]);
  await baskets.updateCustomerForBasket({ parameters, body: { email: 'ada@example.com' } });
  await baskets.updateShippingAddressForShipment({ parameters: { basketId, shipmentId: 'me' }, body: ADDRESS });
  await baskets.updateShippingMethodForShipment({ parameters: { basketId, shipmentId: 'me' }, body: { id: 'standard' } });
  const billed: ShopperBasketsTypes.Basket = await baskets.updateBillingAddressForBasket({ parameters, body: ADDRESS });
  const paid = await baskets.addPaymentInstrumentToBasket({ parameters, body: { paymentMethodId: 'CREDIT_CARD', amount: billed.orderTotal ?? 0, paymentCard: CARD } });
  expect(paid).toMatchObject({ customerInfo: { email: 'ada@example.com' }, billingAddress: { city: 'Boston' }, shipments: [{ shippingMethod: { id: 'standard' } }] });
  expect(paid.paymentInstruments).toHaveLength(1);
  const order = await orders.createOrder({ body: { basketId } });
  expect(order).toMatchObject({ status: 'created', productItems: [{ productId: SKU, quantity }], customerInfo: { email: 'ada@example.com' } });
  const again = await orders.getOrder({ parameters: { orderNo: order.orderNo! } });
  expect(again).toMatchObject({ orderNo: order.orderNo, status: 'created', orderTotal: order.orderTotal });
  return { basketId, order };
}

/** Adding more than is available throws the SDK's ResponseError: 400 product-item-not-available. */
async function outOfStock(sdk: Sdk, quantity: number) {
  const { basketId } = await sdk.baskets.createBasket({ body: {} });
  const error = (await sdk.baskets.addItemToBasket({ parameters: { basketId: basketId! }, body: [{ productId: SKU, quantity }] }).then(
    () => undefined,
    (e: unknown) => e,
  )) as SdkError | undefined;
  expect(error).toBeInstanceOf(core.ResponseError);
  expect(error!.response.status).toBe(400);
  expect((await error!.response.json()).type).toMatch(/\/product-item-not-available$/);
}

/** The ids in OCI's Impex export of open reservation documents (initiate, let the job run, download). */
async function openReservations(w: Bm): Promise<{ reservationId: string }[]> {
  const token = await tokenFor(w.run.http);
  const base = `/inventory/impex/v1/organizations/${TENANT_GROUP}/reservations/exports`;
  const started = await w.run.http.post(base).set('Authorization', `Bearer ${token}`).send({ status: 'open', fromDate: '2026-01-01T00:00:00Z' });
  expect(started.status, started.text).toBe(200);
  await w.run.emulator.services.oci!.domain.jobs.idle();
  const file = await fetch(`${w.run.url}${base}/${started.body.exportId}/file-content`, { headers: { authorization: `Bearer ${token}` } });
  const text = await file.text();
  expect(file.status, text).toBe(200);
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

let current: Bm | undefined;
afterEach(() => current?.run.close());

/** A fresh emulator in the mode; in the native modes SKU-0001 gets a record of `allocation` units in US-ONLINE. */
async function world(mode: 'B2C' | 'OCI_CACHE' | 'OCI', allocation?: number) {
  const w = (current = await fresh({}));
  if (mode !== 'B2C') {
    expect((await setMode(w, 'OCI_CACHE')).status).toBe(200);
    await catchUp(w.run.emulator);
  }
  if (mode === 'OCI') expect((await setMode(w, 'OCI')).status).toBe(200);
  if (allocation !== undefined) {
    const ocapi = await tokenFor(w.run.http, 'mail', DEMO.accountManager.ocapiClient);
    const put = await w.run.http
      .put(`/s/-/dw/data/v25_6/inventory_lists/US-ONLINE/product_inventory_records/${SKU}`)
      .set('Authorization', `Bearer ${ocapi}`)
      .send({ allocation: { amount: allocation } });
    expect(put.status, put.text).toBeLessThan(300);
  }
  return w;
}

describe('commerce-sdk (Salesforce Node SDK, unchanged) against the emulator', () => {
  it('logs a guest in with both SLAS helpers; stores by id and by postal code', async () => {
    const { run } = await world('B2C');
    const pub = await guest(run.url);
    expect(pub.token).toMatchObject({ token_type: 'Bearer', usid: expect.any(String), customer_id: expect.any(String), refresh_token: expect.any(String) });
    const priv = await privateGuest(run.url);
    expect(priv.token.usid).not.toBe(pub.token.usid);
    const byId = await pub.sdk.stores.getStores({ parameters: { ids: 'store-bos' } });
    expect(byId.data).toMatchObject([{ id: 'store-bos', inventoryId: 'STORE-BOS' }]);
    const near = await priv.sdk.stores.searchStores({ parameters: { countryCode: 'US', postalCode: '02108', maxDistance: 100, distanceUnit: 'mi' } });
    expect(near.data?.map((s) => s.id)).toContain('store-bos');
  });

  it('B2C (native): ATS from the OCAPI record; the order books turnover; a second shopper cannot take more', async () => {
    const w = await world('B2C', 5);
    const { sdk } = await guest(w.run.url);
    expect((await seen(sdk)).inventory).toMatchObject({ id: 'US-ONLINE', ats: 5, stockLevel: 5, orderable: true });
    const { order, basketId } = await checkout(sdk, 3);
    expect((await seen(sdk)).inventory).toMatchObject({ ats: 2, orderable: true });
    await expect(sdk.baskets.getBasket({ parameters: { basketId } })).rejects.toMatchObject({ response: { status: 404 } });
    await outOfStock((await privateGuest(w.run.url)).sdk, 3);
    await sdk.orders.failOrder({ parameters: { orderNo: order.orderNo!, reopenBasket: false }, body: { reasonCode: 'payment_auth_failure' } });
    expect((await sdk.orders.getOrder({ parameters: { orderNo: order.orderNo! } })).status).toBe('failed');
    expect((await seen(sdk)).inventory?.ats).toBe(5);
  });

  it('OCI_CACHE: still native figures while the cache warms; checkout and the out-of-stock refusal as in B2C', async () => {
    const w = await world('OCI_CACHE', 4);
    const { sdk } = await guest(w.run.url);
    expect((await seen(sdk)).inventory).toMatchObject({ id: 'US-ONLINE', ats: 4, orderable: true });
    const { order } = await checkout(sdk, 4);
    expect((await seen(sdk)).inventory).toMatchObject({ ats: 0, orderable: false });
    await outOfStock((await guest(w.run.url)).sdk, 1);
    expect(order.c_ociReservationStatus).toBeUndefined();
  });

  it('OCI: ATS is OCI’s ATO; the order is an OPEN OCI reservation document; failOrder cancels it', async () => {
    const w = await world('OCI');
    const oci = w.run.emulator.services.oci!.domain;
    const ato = oci.query.group(TENANT_GROUP, 'US-ONLINE', SKU)!.ato;
    expect(ato).toBeGreaterThan(2);
    const { sdk } = await guest(w.run.url);
    expect((await seen(sdk)).inventory).toMatchObject({ id: 'US-ONLINE', ats: ato, orderable: true });
    const { order } = await checkout(sdk, 2);
    expect(order.c_ociReservationStatus).toBe('RESERVED');
    const docId = `b2c-${TENANT}-order-${order.orderNo}`;
    expect(oci.reservations.document(TENANT_GROUP, docId)).toMatchObject({ state: 'OPEN', externalRefId: order.orderNo });
    expect(oci.query.group(TENANT_GROUP, 'US-ONLINE', SKU)!.ato).toBe(ato - 2);
    expect((await openReservations(w)).map((r) => r.reservationId)).toContain(docId);
    await catchUp(w.run.emulator);
    expect((await seen(sdk)).inventory?.ats).toBe(ato - 2);
    await outOfStock((await privateGuest(w.run.url)).sdk, ato - 1);
    await sdk.orders.failOrder({ parameters: { orderNo: order.orderNo!, reopenBasket: true }, body: { reasonCode: 'payment_auth_failure' } });
    expect(oci.reservations.document(TENANT_GROUP, docId)).toMatchObject({ state: 'CLOSED', closedBy: 'CANCELLED' });
    expect((await sdk.orders.getOrder({ parameters: { orderNo: order.orderNo! } })).status).toBe('failed');
    await catchUp(w.run.emulator);
    expect((await seen(sdk)).inventory?.ats).toBe(ato);
  });
});
