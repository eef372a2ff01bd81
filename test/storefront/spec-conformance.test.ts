import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import type { Response } from 'supertest';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { enterOci, fresh, type Bm } from '../b2c/integration-page.js';
import { tokenFor } from '../helpers/emulator.js';
import { ADDRESS, guestToken, ORG, readyBasket, RESERVATION, SITE } from '../helpers/shopper.js';
import { errorsOf, SPECS, specsAvailable, specValidator } from '../helpers/specs.js';

// Salesforce's own SCAPI OpenAPI files (../shared/specs/scapi, never copied in): every shopper answer, in both
// inventory modes, validates against the schema the OAS declares for its operation and status (errors without a
// declared body against ErrorResponse), and the operations' own request examples are accepted. Skipped, with the
// run's one notice, when the specs are absent.

const SCAPI = {
  products: 'scapi/shopper-products-oas-1.11.1/shopper-products-oas-v1-public.yaml',
  availability: 'scapi/shopper-availability-oas-1.3.0/shopper-availability-oas-v1-public.yaml',
  stores: 'scapi/shopper-stores-oas-1.3.0/shopper-stores-oas-v1-public.yaml',
  baskets: 'scapi/shopper-baskets-oas-1.11.0/shopper-baskets-oas-v1-public.yaml',
  orders: 'scapi/shopper-orders-oas-1.17.1/shopper-orders-oas-v1-public.yaml',
} as const;
/** Each OAS's server path: its templates start at /organizations. */
const SERVER = { products: '/product/shopper-products/v1', availability: '/product/shopper-availability/v1', stores: '/store/shopper-stores/v1', baskets: '/checkout/shopper-baskets/v1', orders: '/checkout/shopper-orders/v1' } as const;
type Api = keyof typeof SCAPI;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const have = Object.values(SCAPI).every((relative) => specsAvailable(relative));

interface Oas {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }>>;
  components: { examples: Record<string, { value: unknown }> };
}
const parsed = new Map<string, Oas>();
function oas(api: Api): Oas {
  let doc = parsed.get(api);
  if (!doc) parsed.set(api, (doc = parseYaml(readFileSync(resolve(SPECS, SCAPI[api]), 'utf8')) as Oas));
  return doc;
}

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const ERROR_RESPONSE = '#/components/schemas/ErrorResponse';

/** What the OAS declares for an answer: undefined when the status is not declared, `body: null` when it has none. */
function declared(api: Api, method: Method, template: string, status: number): { mediaType: string; ref?: string; pointer: string } | { body: null } | undefined {
  const operation = oas(api).paths[template]?.[method];
  if (!operation) throw new Error(`${SCAPI[api]} has no operation ${method.toUpperCase()} ${template}`);
  const response = operation.responses[String(status)];
  if (!response) return undefined;
  const mediaType = Object.keys(response.content ?? {}).find((m) => response.content![m]!.schema);
  if (!mediaType) return { body: null };
  return { mediaType, ref: response.content![mediaType]!.schema!.$ref, pointer: `#/paths/${escape(template)}/${method}/responses/${status}/content/${escape(mediaType)}/schema` };
}

/**
 * The answer validates against what the OAS declares for (method, template, status): a success must be declared;
 * an error whose status the OAS leaves undeclared, or declares without a body, is held to ErrorResponse.
 */
function conforms(api: Api, method: Method, template: string, res: Response, schema?: string): void {
  const what = `${method.toUpperCase()} ${template} → ${res.status}`;
  const answer = declared(api, method, template, res.status);
  if (res.status < 400) {
    expect(answer, `${SCAPI[api]} declares no ${what}`).toBeDefined();
    if (answer && 'body' in answer) return void expect(res.text ?? '', what).toBe('');
  }
  const body = answer && !('body' in answer) ? answer : undefined;
  if (schema) expect(body?.ref, `${what}: the declared schema`).toBe(`#/components/schemas/${schema}`);
  expect(res.headers['content-type'], what).toContain(body?.mediaType ?? 'application/problem+json');
  for (const pointer of res.status >= 400 ? [body?.pointer ?? ERROR_RESPONSE, ERROR_RESPONSE] : [body!.pointer]) {
    const validate = specValidator(SCAPI[api], pointer);
    const errors = validate(res.body) ? [] : (validate.errors ?? []).filter((e) => !QUIRKS.some((q) => q(e)));
    expect(errors, `${what}: ${JSON.stringify(errors, null, 2)}\n${res.text.slice(0, 800)}`).toEqual([]);
  }
}

/**
 * Where the OAS's schema is stricter than the API it describes. CustomerInfo (the PUT …/customer body, reused in
 * Basket and Order) requires `email`, yet a basket whose shopper has not given one answers `customerInfo:
 * {customerId}` only, as real baskets do.
 */
const QUIRKS: ((e: ErrorObject) => boolean)[] = [(e) => e.keyword === 'required' && e.params.missingProperty === 'email' && /\/customerInfo$/.test(e.instancePath)];

interface Call {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  status?: number;
  schema?: string;
  token?: string;
}

/** The type and title of one of the OAS's error examples. */
function like(api: Api, example: string): { type: string; title: string } {
  const { type, title } = oas(api).components.examples[example]!.value as { type: string; title: string };
  return { type, title };
}

const MODES = ['B2C', 'OCI'] as const;

describe.runIf(have)('SCAPI OpenAPI conformance', () => {
  describe.each(MODES)('%s mode', (mode) => {
    let w: Bm;
    let token: string;
    beforeAll(async () => {
      w = await fresh({});
      if (mode === 'B2C') {
        const ocapi = await tokenFor(w.run.http, 'mail', DEMO.accountManager.ocapiClient);
        for (const sku of ['SKU-0001', 'SKU-0002', 'SKU-0003', 'SKU-0004']) {
          const put = await w.run.http.put(`/s/-/dw/data/v25_6/inventory_lists/US-ONLINE/product_inventory_records/${sku}`).set('Authorization', `Bearer ${ocapi}`).send({ allocation: { amount: 20 } });
          expect(put.status, put.text).toBeLessThan(300);
        }
      } else {
        await enterOci(w);
      }
      token = await guestToken(w.run);
    });
    afterAll(() => w?.run.close());

    /** Sends the operation (the template filled in, siteId added) and holds the answer to the OAS. */
    async function call(api: Api, method: Method, template: string, c: Call = {}): Promise<Response> {
      const path = SERVER[api] + template.replace(/\{(\w+)\}/g, (_m, k: string) => (k === 'organizationId' ? ORG : encodeURIComponent(c.params?.[k] ?? k)));
      const req = w.run.http[method](`${path}?siteId=${SITE}${c.query ? `&${c.query}` : ''}`).set('Authorization', `Bearer ${c.token ?? token}`);
      const res = c.body === undefined ? await req : await req.send(c.body as object);
      if (c.status !== undefined) expect(res.status, `${method.toUpperCase()} ${path}: ${res.text.slice(0, 500)}`).toBe(c.status);
      conforms(api, method, template, res, c.schema);
      return res;
    }

    const PRODUCT = '/organizations/{organizationId}/products/{id}';
    const PRODUCTS = '/organizations/{organizationId}/products';
    const AVAILABILITY = '/organizations/{organizationId}/availability';
    const B = '/organizations/{organizationId}/baskets';
    const O = '/organizations/{organizationId}/orders';

    it('Shopper Products: Product and ProductResult; 400 and 404 as ErrorResponse', async () => {
      const item = await call('products', 'get', PRODUCT, { params: { id: 'SKU-0001' }, status: 200, schema: 'Product' });
      expect(item.body).toMatchObject({ id: 'SKU-0001', inventory: { id: 'US-ONLINE' } });
      await call('products', 'get', PRODUCT, { params: { id: 'SKU-0001' }, query: 'expand=availability,prices,variations&inventoryIds=STORE-BOS,STORE-DEN', status: 200, schema: 'Product' });
      const master = await call('products', 'get', PRODUCT, { params: { id: 'TEE-MASTER' }, query: 'expand=availability,variations', status: 200, schema: 'Product' });
      expect(master.body.type).toMatchObject({ master: true });
      await call('products', 'get', PRODUCT, { params: { id: 'SKU-0002' }, query: 'expand=none', status: 200, schema: 'Product' });
      const list = await call('products', 'get', PRODUCTS, { query: 'ids=SKU-0001,SKU-0002,TEE-MASTER,NO-SUCH', status: 200, schema: 'ProductResult' });
      expect(list.body.data.map((p: { id: string }) => p.id).sort()).toEqual(['SKU-0001', 'SKU-0002', 'TEE-MASTER']);
      await call('products', 'get', PRODUCTS, { query: 'ids=SKU-0003&expand=availability&inventoryIds=STORE-BOS', status: 200, schema: 'ProductResult' });
      await call('products', 'get', PRODUCT, { params: { id: 'NO-SUCH' }, status: 404, schema: 'ErrorResponse' });
      const ids = Array.from({ length: 25 }, (_, i) => `SKU-${String(i + 1).padStart(4, '0')}`).join(',');
      await call('products', 'get', PRODUCTS, { query: `ids=${ids}`, status: 400, schema: 'ErrorResponse' });
      await call('products', 'get', PRODUCT, { params: { id: 'SKU-0001' }, query: 'expand=bogus', status: 400, schema: 'ErrorResponse' });
    });

    it('Shopper Availability: AvailabilityResult; 400 as ErrorResponse', async () => {
      const res = await call('availability', 'get', AVAILABILITY, { query: 'productIds=SKU-0001,SKU-0002', status: 200, schema: 'AvailabilityResult' });
      expect(res.body.data[0]).toMatchObject({ id: 'SKU-0001', inventories: [{ id: 'US-ONLINE' }] });
      await call('availability', 'get', AVAILABILITY, { query: 'productIds=SKU-0001,NO-SUCH&inventoryIds=US-ONLINE,STORE-BOS,STORE-DEN', status: 200, schema: 'AvailabilityResult' });
      await call('availability', 'get', AVAILABILITY, { query: 'productIds=TEE-MASTER&expand=variations', status: 200, schema: 'AvailabilityResult' });
      await call('availability', 'get', AVAILABILITY, { query: 'productIds=SKU-0001&inventoryIds=NO-SUCH-LIST', status: 400, schema: 'ErrorResponse' });
      await call('availability', 'get', AVAILABILITY, { status: 400, schema: 'ErrorResponse' });
    });

    it('Shopper Stores: StoreResult and Stores; 400 as ErrorResponse', async () => {
      const stores = await call('stores', 'get', '/organizations/{organizationId}/stores', { query: 'ids=store-bos,store-den,no-such', status: 200, schema: 'StoreResult' });
      expect(stores.body.data.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['store-bos', 'store-den']));
      const near = await call('stores', 'get', '/organizations/{organizationId}/store-search', { query: 'countryCode=US&postalCode=02108&maxDistance=20000&limit=5', status: 200, schema: 'Stores' });
      expect(near.body.data.length).toBeGreaterThan(0);
      await call('stores', 'get', '/organizations/{organizationId}/store-search', { query: 'countryCode=US&latitude=39.7456&longitude=-104.9916&maxDistance=100&distanceUnit=mi&offset=0&limit=2', status: 200, schema: 'Stores' });
      await call('stores', 'get', '/organizations/{organizationId}/store-search', { query: 'countryCode=US&postalCode=99999&maxDistance=1', status: 200, schema: 'Stores' });
      await call('stores', 'get', '/organizations/{organizationId}/store-search', { query: 'countryCode=US', status: 400, schema: 'ErrorResponse' });
      await call('stores', 'get', '/organizations/{organizationId}/stores', { status: 400, schema: 'ErrorResponse' });
    });

    it('Shopper Baskets and Orders: every answer of a checkout as the OAS declares it', async () => {
      const shopper = await guestToken(w.run);
      const t = { token: shopper };
      const created = await call('baskets', 'post', B, { ...t, body: {}, status: 200, schema: 'Basket' });
      const basketId = created.body.basketId as string;
      const id = { basketId };
      const quota = await call('baskets', 'post', B, { ...t, body: {}, status: 400, schema: 'ErrorResponse' });
      expect(quota.body).toMatchObject({ ...like('baskets', 'CustomerBasketQuotaExceededException'), basketIds: basketId });
      const added = await call('baskets', 'post', `${B}/{basketId}/items`, { ...t, params: id, body: [{ productId: 'SKU-0001', quantity: 2 }, { productId: 'SKU-0002', quantity: 1 }], status: 200, schema: 'Basket' });
      const itemId = added.body.productItems.find((i: { productId: string }) => i.productId === 'SKU-0002').itemId as string;
      await call('baskets', 'patch', `${B}/{basketId}/items/{itemId}`, { ...t, params: { ...id, itemId }, body: { quantity: 3 }, status: 200, schema: 'Basket' });
      await call('baskets', 'delete', `${B}/{basketId}/items/{itemId}`, { ...t, params: { ...id, itemId }, status: 200, schema: 'Basket' });
      await call('baskets', 'post', `${B}/{basketId}/items`, { ...t, params: id, body: [{ productId: 'SKU-0001', quantity: 999 }], status: 400 });
      await call('baskets', 'post', `${B}/{basketId}/items`, { ...t, params: id, body: [{ productId: 'NO-SUCH', quantity: 1 }], status: 400 });
      await call('baskets', 'put', `${B}/{basketId}/customer`, { ...t, params: id, body: { email: 'ada@example.com' }, status: 200, schema: 'Basket' });
      await call('baskets', 'put', `${B}/{basketId}/shipments/{shipmentId}/shipping-address`, { ...t, params: { ...id, shipmentId: 'me' }, body: ADDRESS, status: 200, schema: 'Basket' });
      const methods = await call('baskets', 'get', `${B}/{basketId}/shipments/{shipmentId}/shipping-methods`, { ...t, params: { ...id, shipmentId: 'me' }, status: 200, schema: 'ShippingMethodResult' });
      await call('baskets', 'put', `${B}/{basketId}/shipments/{shipmentId}/shipping-method`, { ...t, params: { ...id, shipmentId: 'me' }, body: { id: methods.body.applicableShippingMethods[0].id }, status: 200, schema: 'Basket' });
      await call('baskets', 'put', `${B}/{basketId}/billing-address`, { ...t, params: id, body: ADDRESS, status: 200, schema: 'Basket' });
      await call('baskets', 'get', `${B}/{basketId}/payment-methods`, { ...t, params: id, status: 200, schema: 'PaymentMethodResult' });
      const card = { paymentMethodId: 'CREDIT_CARD', amount: 10, paymentCard: { cardType: 'Visa', number: '4111111111111111', expirationMonth: 12, expirationYear: 2030, holder: 'Ada' } };
      const paid = await call('baskets', 'post', `${B}/{basketId}/payment-instruments`, { ...t, params: id, body: card, status: 200, schema: 'Basket' });
      const paymentInstrumentId = paid.body.paymentInstruments[0].paymentInstrumentId as string;
      await call('baskets', 'delete', `${B}/{basketId}/payment-instruments/{paymentInstrumentId}`, { ...t, params: { ...id, paymentInstrumentId }, status: 200, schema: 'Basket' });
      await call('baskets', 'post', `${B}/{basketId}/payment-instruments`, { ...t, params: id, body: card, status: 200, schema: 'Basket' });
      await call('baskets', 'get', `${B}/{basketId}`, { ...t, params: id, status: 200, schema: 'Basket' });
      await call('baskets', 'get', `${B}/{basketId}`, { params: id, status: 400, schema: 'ErrorResponse' });
      expect((await call('baskets', 'get', `${B}/{basketId}`, { ...t, params: { basketId: 'no-such-basket' }, status: 404, schema: 'ErrorResponse' })).body).toMatchObject(like('baskets', 'BasketNotFound'));
      const order = await call('orders', 'post', O, { ...t, body: { basketId }, status: 200, schema: 'Order' });
      expect(order.body).toMatchObject({ status: 'created', productItems: [{ productId: 'SKU-0001', quantity: 2 }] });
      const orderNo = { orderNo: order.body.orderNo as string };
      await call('orders', 'get', `${O}/{orderNo}`, { ...t, params: orderNo, status: 200, schema: 'Order' });
      expect((await call('orders', 'get', `${O}/{orderNo}`, { ...t, params: { orderNo: 'no-such-order' }, status: 404, schema: 'ErrorResponse' })).body).toMatchObject(like('orders', 'OrderNotFound'));
      expect((await call('orders', 'post', O, { ...t, body: { basketId: 'no-such-basket' }, status: 404, schema: 'ErrorResponse' })).body).toMatchObject(like('orders', 'BasketNotFound'));
      await call('orders', 'post', `${O}/{orderNo}/actions/fail`, { ...t, params: orderNo, query: 'reopenBasket=true', body: { reasonCode: 'payment_auth_failure' }, status: 201 });
      const again = await call('orders', 'post', `${O}/{orderNo}/actions/fail`, { ...t, params: orderNo, body: { reasonCode: 'payment_auth_failure' }, status: 409, schema: 'ErrorResponse' });
      expect(again.body).toMatchObject(like('orders', 'InvalidStateTransition'));
      await call('orders', 'post', `${O}/{orderNo}/actions/fail`, { ...t, params: orderNo, body: { reasonCode: 'no_such_reason' }, status: 400, schema: 'ErrorResponse' });
      const reopened = await call('baskets', 'post', B, { ...t, body: {}, status: 400, schema: 'ErrorResponse' });
      await call('baskets', 'delete', `${B}/{basketId}`, { ...t, params: { basketId: reopened.body.basketIds }, status: 204 });
      const other = await readyBasket(w.run, await guestToken(w.run), [{ productId: 'SKU-0001', quantity: 1 }]);
      const theirs = await call('baskets', 'get', `${B}/{basketId}`, { ...t, params: { basketId: other }, status: 400, schema: 'ErrorResponse' });
      expect(theirs.body).toEqual(oas('baskets').components.examples.CustomerInfoJwtMismatch!.value);
    });

    it("the OAS request examples are accepted (product ids and the shipping method made the demo world's)", async () => {
      const ex = (api: Api, name: string) => structuredClone(oas(api).components.examples[name]!.value) as Record<string, unknown> & unknown[];
      const shopper = { token: await guestToken(w.run) };
      const methods = ['standard', 'express'];
      const post = ex('baskets', 'BasketPost') as Record<string, Array<Record<string, unknown>>>;
      post.productItems![0]!.productId = 'SKU-0001';
      post.shipments![0]!.shippingMethod = { id: methods[0] };
      const created = await call('baskets', 'post', B, { ...shopper, body: post, status: 200, schema: 'Basket' });
      expect(created.body).toMatchObject({ customerInfo: { email: 'shopper@salesforce-test.com' }, productItems: [{ productId: 'SKU-0001', quantity: 3 }] });
      // A pre-filled basket (b2c-storefront-and-imports.md §3.2) keeps what it was given, not only items and e-mail.
      const [shipment] = post.shipments as [{ shippingAddress: object }];
      expect.soft(created.body, 'BasketPost example: addresses and shipping method kept').toMatchObject({ billingAddress: post.billingAddress, shipments: [{ shipmentId: 'me', shippingAddress: shipment.shippingAddress, shippingMethod: { id: methods[0] } }], paymentInstruments: [{ paymentMethodId: 'CREDIT_CARD', paymentCard: { cardType: 'Visa' } }] });
      const id = { basketId: created.body.basketId as string };
      const items = ex('baskets', 'ItemPost') as Array<Record<string, unknown>>;
      items[0]!.productId = 'SKU-0002';
      const added = await call('baskets', 'post', `${B}/{basketId}/items`, { ...shopper, params: id, body: items, status: 200, schema: 'Basket' });
      const itemId = added.body.productItems.find((i: { productId: string }) => i.productId === 'SKU-0002').itemId as string;
      await call('baskets', 'patch', `${B}/{basketId}/items/{itemId}`, { ...shopper, params: { ...id, itemId }, body: ex('baskets', 'ItemPatch'), status: 200, schema: 'Basket' });
      await call('baskets', 'put', `${B}/{basketId}/customer`, { ...shopper, params: id, body: ex('baskets', 'CustomerPut'), status: 200, schema: 'Basket' });
      await call('baskets', 'put', `${B}/{basketId}/billing-address`, { ...shopper, params: id, body: ex('baskets', 'BillingAddressPut'), status: 200, schema: 'Basket' });
      const me = { ...id, shipmentId: 'me' };
      await call('baskets', 'put', `${B}/{basketId}/shipments/{shipmentId}/shipping-address`, { ...shopper, params: me, body: ex('baskets', 'ShipmentsAddressPut'), status: 200, schema: 'Basket' });
      const method = ex('baskets', 'ShipmentsMethodPut');
      expect(methods).not.toContain(method.id); // '003' names no method of the demo site: ours instead
      method.id = methods[1];
      await call('baskets', 'put', `${B}/{basketId}/shipments/{shipmentId}/shipping-method`, { ...shopper, params: me, body: method, status: 200, schema: 'Basket' });
      // The example's card expired in 1990: SCAPI stores a card, the payment processor judges it.
      const pay = await call('baskets', 'post', `${B}/{basketId}/payment-instruments`, { ...shopper, params: id, body: ex('baskets', 'PaymentInstrumentPost') });
      expect.soft(pay.status, `PaymentInstrumentPost example: ${pay.text}`).toBe(200);
      if (pay.status !== 200) await call('baskets', 'post', `${B}/{basketId}/payment-instruments`, { ...shopper, params: id, body: { ...ex('baskets', 'PaymentInstrumentPost'), paymentCard: { cardType: 'Visa', expirationMonth: 7, expirationYear: 2030 } }, status: 200 });
      const order = ex('orders', 'OrderPost');
      order.basketId = id.basketId;
      const placed = await call('orders', 'post', O, { ...shopper, body: order, status: 200, schema: 'Order' });
      await call('orders', 'post', `${O}/{orderNo}/actions/fail`, { ...shopper, params: { orderNo: placed.body.orderNo }, body: ex('orders', 'FailOrder'), status: 204 });
    });

    it('the custom reservation API answers with a Basket the baskets OAS accepts; its errors are ErrorResponse bodies', async () => {
      const shopper = await guestToken(w.run);
      const basketId = await readyBasket(w.run, shopper, [{ productId: 'SKU-0001', quantity: 1 }]);
      const reserve = (body: unknown) => w.run.http.post(`${RESERVATION(basketId)}?siteId=${SITE}`).set('Authorization', `Bearer ${shopper}`).send(body as object);
      const ok = await reserve({ minutes: 15 });
      expect(ok.status, ok.text).toBe(200);
      const basket = specValidator(SCAPI.baskets, '#/components/schemas/Basket');
      expect(basket(ok.body.basket), errorsOf(basket)).toBe(true);
      expect(ok.body.basket.inventoryReservationExpiry).toEqual(expect.any(String));
      const bad = await reserve({ minutes: 241 });
      expect(bad.status).toBe(400);
      const error = specValidator(SCAPI.baskets, ERROR_RESPONSE);
      expect(error(bad.body), errorsOf(error)).toBe(true);
      await call('baskets', 'get', `${B}/{basketId}`, { token: shopper, params: { basketId }, status: 200, schema: 'Basket' });
    });

    it('401 (no token, wrong site) and 503 (site in maintenance) are ErrorResponse bodies', async () => {
      const res = await w.run.http.get(`${SERVER.products}/organizations/${ORG}/products/SKU-0001?siteId=${SITE}`);
      expect(res.status).toBe(401);
      conforms('products', 'get', PRODUCT, res);
      await call('availability', 'get', AVAILABILITY, { query: 'productIds=SKU-0001', token: await tokenFor(w.run.http), status: 401 });
      expect((await w.action('SiteManagement-SetStatus', { siteId: SITE, status: 'maintenance' })).status).toBe(200);
      try {
        const down = await call('products', 'get', PRODUCT, { params: { id: 'SKU-0001' }, status: 503 });
        expect(down.headers.sfdc_maintenance).toBe('site');
        await call('baskets', 'post', B, { body: {}, status: 503 });
        await call('orders', 'get', `${O}/{orderNo}`, { params: { orderNo: 'x' }, status: 503 });
      } finally {
        expect((await w.action('SiteManagement-SetStatus', { siteId: SITE, status: 'online' })).status).toBe(200);
      }
      await call('products', 'get', PRODUCT, { params: { id: 'SKU-0001' }, status: 200, schema: 'Product' });
    });
  });
});
