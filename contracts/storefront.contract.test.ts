import { describe, expect, it } from 'vitest';
import { MatchersV3 } from '@pact-foundation/pact';
import { DEMO } from '../fixtures/well-known.js';
import { guestToken, ScapiCheckoutClient, ScapiError, slasBasicAuthorization } from './consumers/storefront/scapi-checkout-client.js';
import { describeProviderVerification, JSON_TYPE, PROBLEM_TYPE, useConsumerPact } from './support/contract-halves.js';
import { formBody, providerStatePath, UUID } from './support/pacts.js';
import { ADDRESS, EMAIL, FAIL_REASON, LIST, ORG, PAYMENT, QUANTITY, SHIPPING_METHOD, SITE, SKU, STATE, STOCK } from './support/storefront-pact.js';

// A headless storefront (consumer) checks a guest out through B2C Commerce's shopper APIs (provider): a SLAS guest
// token, the product and its availability, a basket filled step by step, the order, read back and failed.
// Consumer and provider halves in one file, so the provider always verifies the pact this very run wrote.

const { eachLike, fromProviderState, integer, number, regex, string } = MatchersV3;

const CONSUMER = 'storefront';
const PROVIDER = 'b2c-commerce';
const TIMEOUT = 60_000;
const BASKETS = `/checkout/shopper-baskets/v1/organizations/${ORG}/baskets`;
const ORDERS = `/checkout/shopper-orders/v1/organizations/${ORG}/orders`;
const ERRORS = 'https://api.commercecloud.salesforce.com/documentation/error/v1/errors/';

/** A pact cannot hold a SLAS token: the verifier's request filter puts the state's guest's real one in its place. */
const PLACEHOLDER_TOKEN = 'placeholder-slas-shopper-token';
const SHOPPER_AUTH = { Authorization: regex('^Bearer \\S+$', `Bearer ${PLACEHOLDER_TOKEN}`) };

// Examples only, fixed so the pact file is byte-stable; the provider's real ids and tokens are matched by shape.
const ID = '[A-Za-z0-9_-]+';
const EXAMPLES = { basketId: 'bcZq3fR7tK2mWx9pLd4vNs8hYe', orderNo: '00000001' };
const EXAMPLE_ITEM_ID = 'a1b2c3d4e5f6a7b8c9d0e1f2a3';
const EXAMPLE_CUSTOMER = 'abVgTPamMS62HGeA8ty7ZozyGN';
const JWT_PATTERN = '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$';
const EXAMPLE_JWT = [{ alg: 'ES256', typ: 'jwt' }, { isb: `uido:slas::upn:Guest::chid:${SITE}` }, 'signature']
  .map((part) => Buffer.from(typeof part === 'string' ? part : JSON.stringify(part)).toString('base64url'))
  .join('.');

const { privateClient } = DEMO.b2c.slas;
const TOKEN_PATH = `/shopper/auth/v1/organizations/${ORG}/oauth2/token`;
const TOKEN_FORM = formBody({ grant_type: 'client_credentials', channel_id: SITE });

// What the storefront reads back: the line it added, the basket's and order's ids and totals.
const ITEM = { itemId: regex(`^${ID}$`, EXAMPLE_ITEM_ID), productId: SKU, quantity: QUANTITY, basePrice: number(202.75), price: number(405.5) };
const INVENTORY = { id: LIST, ats: STOCK, stockLevel: STOCK, orderable: true };
const basket = (fields: Record<string, unknown> = {}) => ({
  basketId: fromProviderState('${basketId}', EXAMPLES.basketId),
  currency: 'USD',
  customerInfo: { customerId: string(EXAMPLE_CUSTOMER) },
  productItems: eachLike(ITEM),
  ...fields,
});
const order = (orderNo: unknown) => ({
  orderNo,
  status: 'created',
  currency: 'USD',
  customerInfo: { customerId: string(EXAMPLE_CUSTOMER), email: EMAIL },
  productItems: eachLike(ITEM),
  shipments: [{ shipmentId: 'me', shippingAddress: ADDRESS, shippingMethod: { id: SHIPPING_METHOD, price: number(5.99) } }],
  billingAddress: ADDRESS,
  orderTotal: number(411.49),
});
const problem = (slug: string, title: string, detail: string) => ({ type: `${ERRORS}${slug}`, title, detail: string(detail) });

describe(`consumer ${CONSUMER} of ${PROVIDER}`, { timeout: TIMEOUT }, () => {
  const pact = useConsumerPact(CONSUMER, PROVIDER);
  const shopper = (url: string) => new ScapiCheckoutClient({ baseUrl: url, organizationId: ORG, siteId: SITE, accessToken: PLACEHOLDER_TOKEN });
  /** A shopper call in a state; `${basketId}` and `${orderNo}` in the path are the ones the state made. */
  const call = (given: string, description: string, method: 'GET' | 'POST' | 'PUT', template: string, request: { query?: Record<string, string>; body?: unknown } = {}) => {
    const ids = template.includes('${') ? providerStatePath(template, EXAMPLES, ID) : undefined;
    return pact()
      .addInteraction()
      .given(given)
      .uponReceiving(description)
      .withRequest(method, ids?.path ?? template, (b) => {
        b.headers(request.body === undefined ? SHOPPER_AUTH : { ...SHOPPER_AUTH, 'Content-Type': 'application/json' }).query({ siteId: SITE, ...request.query });
        if (request.body !== undefined) b.jsonBody(request.body);
        if (ids) b.matchingRules(ids.rules);
      });
  };
  const json = (status: number, body: unknown) => (b: { headers(h: object): { jsonBody(body: unknown): unknown } }) => b.headers({ 'Content-Type': status < 400 ? JSON_TYPE : PROBLEM_TYPE }).jsonBody(body);

  it('signs a guest in through SLAS with the private client', async () => {
    await pact()
      .addInteraction()
      .given(STATE.storefront)
      .uponReceiving('a SLAS client_credentials token request for the site')
      .withRequest('POST', TOKEN_PATH, (b) =>
        b
          .headers({ Authorization: slasBasicAuthorization(privateClient.id, privateClient.secret), 'Content-Type': TOKEN_FORM.contentType })
          .body(TOKEN_FORM.contentType, TOKEN_FORM.body)
          .matchingRules(TOKEN_FORM.rules),
      )
      .willRespondWith(
        200,
        json(200, {
          access_token: regex(JWT_PATTERN, EXAMPLE_JWT),
          refresh_token: string('oyvj52aswLit0rcav4BUJPEKKEqSVJFi7BEav_1UoBA'),
          expires_in: integer(1800),
          token_type: 'Bearer',
          usid: regex(`^${UUID}$`, '708ab0c0-ab69-4644-bd0e-2e194b2cdd22'),
          customer_id: string(EXAMPLE_CUSTOMER),
        }),
      )
      .executeTest(async (mock) => {
        const token = await guestToken({ baseUrl: mock.url, organizationId: ORG, siteId: SITE, clientId: privateClient.id, clientSecret: privateClient.secret });
        expect(token).toMatchObject({ accessToken: EXAMPLE_JWT, expiresIn: 1800, customerId: EXAMPLE_CUSTOMER });
      });
  });

  it('reads a product with its price and availability', async () => {
    await call(STATE.storefront, 'a GET of a product with availability and prices', 'GET', `/product/shopper-products/v1/organizations/${ORG}/products/${SKU}`, { query: { expand: 'availability,prices' } })
      .willRespondWith(200, json(200, { id: SKU, name: string('Organic Cotton Tee, navy'), currency: 'USD', price: number(202.75), inventory: INVENTORY }))
      .executeTest(async (mock) => {
        expect(await shopper(mock.url).getProduct(SKU)).toMatchObject({ id: SKU, inventory: { ats: STOCK, orderable: true } });
      });
  });

  it('reads the availability of a product', async () => {
    await call(STATE.storefront, 'a GET of the availability of a product', 'GET', `/product/shopper-availability/v1/organizations/${ORG}/availability`, { query: { productIds: SKU } })
      .willRespondWith(200, json(200, { limit: integer(1), total: integer(1), data: [{ id: SKU, inventories: [INVENTORY] }] }))
      .executeTest(async (mock) => {
        expect(await shopper(mock.url).getAvailability([SKU])).toMatchObject({ data: [{ id: SKU, inventories: [{ id: LIST, ats: STOCK }] }] });
      });
  });

  it('creates an empty basket', async () => {
    await call(STATE.storefront, 'a POST of an empty basket', 'POST', BASKETS, { body: {} })
      .willRespondWith(200, json(200, { ...basket({ productItems: [] }), basketId: regex(`^${ID}$`, EXAMPLES.basketId) }))
      .executeTest(async (mock) => {
        expect(await shopper(mock.url).createBasket()).toMatchObject({ basketId: EXAMPLES.basketId, productItems: [] });
      });
  });

  it('adds an item to its basket', async () => {
    await call(STATE.emptyBasket, 'a POST of an item to the basket', 'POST', `${BASKETS}/\${basketId}/items`, { body: [{ productId: SKU, quantity: QUANTITY }] })
      .willRespondWith(200, json(200, basket()))
      .executeTest(async (mock) => {
        expect(await shopper(mock.url).addItems(EXAMPLES.basketId, [{ productId: SKU, quantity: QUANTITY }])).toMatchObject({ productItems: [{ productId: SKU, quantity: QUANTITY }] });
      });
  });

  it('is told there is not enough stock for an item', async () => {
    await call(STATE.emptyBasket, `a POST of more ${SKU} than ${LIST} holds`, 'POST', `${BASKETS}/\${basketId}/items`, { body: [{ productId: SKU, quantity: STOCK + 1 }] })
      .willRespondWith(400, json(400, problem('product-item-not-available', 'Product Item Not Available', `Product '${SKU}' is not available in the requested quantity.`)))
      .executeTest(async (mock) => {
        const refused = shopper(mock.url).addItems(EXAMPLES.basketId, [{ productId: SKU, quantity: STOCK + 1 }]);
        await expect(refused).rejects.toBeInstanceOf(ScapiError);
        await expect(refused).rejects.toMatchObject({ status: 400, code: 'product-item-not-available' });
      });
  });

  it('is told a basket does not exist', async () => {
    await call(STATE.storefront, 'a GET of an unknown basket', 'GET', `${BASKETS}/no-such-basket`)
      .willRespondWith(404, json(404, problem('basket-not-found', 'Basket Not Found', "No basket with ID 'no-such-basket' could be found.")))
      .executeTest(async (mock) => {
        await expect(shopper(mock.url).getBasket('no-such-basket')).rejects.toMatchObject({ name: 'ScapiError', status: 404, code: 'basket-not-found' });
      });
  });

  // The checkout steps on a basket holding the item: each answers the whole basket, the step's part in it.
  const step = (name: string, description: string, method: 'PUT' | 'POST', path: string, body: unknown, answer: Record<string, unknown>, send: (c: ScapiCheckoutClient) => Promise<unknown>) =>
    it(name, async () => {
      await call(STATE.basketWithItems, description, method, `${BASKETS}/\${basketId}${path}`, { body })
        .willRespondWith(200, json(200, basket(answer)))
        .executeTest(async (mock) => {
          expect(await send(shopper(mock.url))).toMatchObject({ basketId: EXAMPLES.basketId });
        });
    });
  const id = EXAMPLES.basketId;
  step('sets the guest’s e-mail', 'a PUT of the basket’s customer', 'PUT', '/customer', { email: EMAIL }, { customerInfo: { customerId: string(EXAMPLE_CUSTOMER), email: EMAIL } }, (c) => c.setCustomer(id, EMAIL));
  step('sets the shipping address', 'a PUT of the shipping address of shipment me', 'PUT', '/shipments/me/shipping-address', ADDRESS, { shipments: [{ shipmentId: 'me', shippingAddress: ADDRESS }] }, (c) => c.setShippingAddress(id, ADDRESS));
  step('sets the shipping method', 'a PUT of the shipping method of shipment me', 'PUT', '/shipments/me/shipping-method', { id: SHIPPING_METHOD }, { shipments: [{ shipmentId: 'me', shippingMethod: { id: SHIPPING_METHOD, price: number(5.99) } }] }, (c) =>
    c.setShippingMethod(id, SHIPPING_METHOD),
  );
  step('sets the billing address', 'a PUT of the billing address', 'PUT', '/billing-address', ADDRESS, { billingAddress: ADDRESS }, (c) => c.setBillingAddress(id, ADDRESS));
  step(
    'adds a credit card payment',
    'a POST of a credit card payment instrument',
    'POST',
    '/payment-instruments',
    PAYMENT,
    { paymentInstruments: eachLike({ paymentInstrumentId: regex(`^${ID}$`, EXAMPLE_ITEM_ID), paymentMethodId: 'CREDIT_CARD', amount: number(PAYMENT.amount!), paymentCard: { cardType: 'Visa', maskedNumber: regex('^\\*+1111$', '************1111') } }) },
    (c) => c.addPaymentInstrument(id, PAYMENT),
  );

  it('places the order of a ready basket', async () => {
    await call(STATE.readyBasket, 'a POST of an order for the basket', 'POST', ORDERS, { body: { basketId: fromProviderState('${basketId}', EXAMPLES.basketId) } })
      .willRespondWith(200, json(200, order(regex(`^${ID}$`, EXAMPLES.orderNo))))
      .executeTest(async (mock) => {
        expect(await shopper(mock.url).createOrder(EXAMPLES.basketId)).toMatchObject({ orderNo: EXAMPLES.orderNo, status: 'created' });
      });
  });

  it('reads its order back', async () => {
    await call(STATE.orderPlaced, 'a GET of the order', 'GET', `${ORDERS}/\${orderNo}`)
      .willRespondWith(200, json(200, order(fromProviderState('${orderNo}', EXAMPLES.orderNo))))
      .executeTest(async (mock) => {
        expect(await shopper(mock.url).getOrder(EXAMPLES.orderNo)).toMatchObject({ orderNo: EXAMPLES.orderNo, customerInfo: { email: EMAIL } });
      });
  });

  it('fails the order when the payment is not authorized', async () => {
    await call(STATE.orderPlaced, 'a POST failing the order without reopening its basket', 'POST', `${ORDERS}/\${orderNo}/actions/fail`, { query: { reopenBasket: 'false' }, body: { reasonCode: FAIL_REASON } })
      .willRespondWith(204)
      .executeTest(async (mock) => {
        expect(await shopper(mock.url).failOrder(EXAMPLES.orderNo, FAIL_REASON, false)).toEqual({ reopenedBasket: null });
      });
  });
});

describeProviderVerification({ consumer: CONSUMER, provider: PROVIDER, interactions: 15, timeout: TIMEOUT });
