import type { Response, Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterOci, fresh, type Bm } from '../b2c/integration-page.js';
import { TENANT_GROUP } from '../helpers/emulator.js';
import { ADDRESS, AVAILABILITY, BASKETS, expectProblem, guestToken, ORDERS, PRODUCTS, readyBasket, RESERVATION, SITE, STORES } from '../helpers/shopper.js';

// Bad parameters and bodies on every shopper route, in Omnichannel Inventory mode (where a basket reservation or an
// order is an OCI document): too many ids, unknown products, lists and baskets, bad quantities, another shopper's
// basket, orders that cannot be placed, reservation minutes out of range, malformed JSON, the wrong content type.
// Each answer is SCAPI's problem+json with its documented type, title and detail and nothing internal, and changes
// nothing: the shoppers' baskets and order read the same, no B2C event is journaled, no OCI document appears.


type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Who = 'a' | 'b' | 'c';

let w: Bm;
/** A: an open basket ready to order; B: an empty basket; C: a placed order. */
const s = { a: '', b: '', c: '', basketA: '', itemA: '', paymentA: '', basketB: '', orderC: '' };
const docs = () => w.run.emulator.services.oci!.domain.reservations.documents(TENANT_GROUP).length;

beforeAll(async () => {
  w = await fresh({});
  await enterOci(w);
  [s.a, s.b, s.c] = [await guestToken(w.run), await guestToken(w.run), await guestToken(w.run)];
  s.basketA = await readyBasket(w.run, s.a, [{ productId: 'SKU-0001', quantity: 1 }, { productId: 'SKU-0002', quantity: 1 }]);
  const basket = (await send('get', `${BASKETS}/${s.basketA}`, 'a')).body;
  [s.itemA, s.paymentA] = [basket.productItems[1].itemId, basket.paymentInstruments[0].paymentInstrumentId];
  s.basketB = (await send('post', BASKETS, 'b', {})).body.basketId;
  const order = await send('post', ORDERS, 'c', { basketId: await readyBasket(w.run, s.c, [{ productId: 'SKU-0003', quantity: 1 }]) });
  expect(order.status, order.text).toBe(200);
  s.orderC = order.body.orderNo;
});
afterAll(() => w?.run.close());

/** `path` with siteId, as shopper `who`; a string body goes as it is, with `type` as its content type. */
function send(method: Method, path: string, who: Who, body?: unknown, type = 'application/json'): Test {
  const req = w.run.http[method](`${path}${path.includes('?') ? '&' : '?'}siteId=${SITE}`).set('Authorization', `Bearer ${s[who]}`);
  if (body === undefined) return req;
  return typeof body === 'string' ? req.set('Content-Type', type).send(body) : req.send(body as object);
}

async function state() {
  const reads = [await send('get', `${BASKETS}/${s.basketA}`, 'a'), await send('get', `${BASKETS}/${s.basketB}`, 'b'), await send('get', `${ORDERS}/${s.orderC}`, 'c')];
  expect(reads.map((r) => r.status)).toEqual([200, 200, 200]);
  return { reads: reads.map((r) => r.body), docs: docs() };
}

/** [case, method, path, who, body, status, slug, content type]. */
type Case = [string, Method, () => string, Who, unknown, number, string | undefined, string?];

const ids = (n: number) => Array.from({ length: n }, (_, i) => `SKU-${String(i + 1).padStart(4, '0')}`).join(',');
const lists = 'US-ONLINE,STORE-BOS,STORE-DEN,L4,L5,L6';
const itemsA = () => `${BASKETS}/${s.basketA}/items`;

const PARAMS: Case[] = [
  ['unknown product', 'get', () => `${PRODUCTS}/products/NO-SUCH`, 'a', undefined, 404, 'product-not-found'],
  ['25 product ids', 'get', () => `${PRODUCTS}/products?ids=${ids(25)}`, 'a', undefined, 400, 'validation'],
  ['no product ids', 'get', () => `${PRODUCTS}/products`, 'a', undefined, 400, 'validation'],
  ['6 inventoryIds (product)', 'get', () => `${PRODUCTS}/products/SKU-0001?inventoryIds=${lists}`, 'a', undefined, 400, 'validation'],
  ['6 inventoryIds (products)', 'get', () => `${PRODUCTS}/products?ids=SKU-0001&inventoryIds=${lists}`, 'a', undefined, 400, 'validation'],
  ['an unknown expand', 'get', () => `${PRODUCTS}/products/SKU-0001?expand=everything`, 'a', undefined, 400, 'validation'],
  ['25 product ids (availability)', 'get', () => `${AVAILABILITY}?productIds=${ids(25)}`, 'a', undefined, 400, 'validation'],
  ['6 inventoryIds (availability)', 'get', () => `${AVAILABILITY}?productIds=SKU-0001&inventoryIds=${lists}`, 'a', undefined, 400, 'validation'],
  ['no productIds (availability)', 'get', () => AVAILABILITY, 'a', undefined, 400, 'validation'],
  ['an unknown inventory list (availability)', 'get', () => `${AVAILABILITY}?productIds=SKU-0001&inventoryIds=NO-SUCH`, 'a', undefined, 400, 'inventory-list-not-found'],
  ['no store ids', 'get', () => `${STORES}/stores`, 'a', undefined, 400, 'validation'],
  ['store search without a country', 'get', () => `${STORES}/store-search?postalCode=02108`, 'a', undefined, 400, undefined],
  ['store search without a place', 'get', () => `${STORES}/store-search?countryCode=US`, 'a', undefined, 400, undefined],
  ['store search in yards', 'get', () => `${STORES}/store-search?countryCode=US&postalCode=02108&distanceUnit=yd`, 'a', undefined, 400, 'validation'],
];

const BODIES: Case[] = [
  ['quantity 0', 'post', itemsA, 'a', [{ productId: 'SKU-0001', quantity: 0 }], 400, 'validation'],
  ['quantity -1', 'post', itemsA, 'a', [{ productId: 'SKU-0001', quantity: -1 }], 400, 'validation'],
  ['quantity 1000', 'post', itemsA, 'a', [{ productId: 'SKU-0001', quantity: 1000 }], 400, 'validation'],
  ["quantity '2' (a string)", 'post', itemsA, 'a', [{ productId: 'SKU-0001', quantity: '2' }], 400, 'validation'],
  ['items as an object, not an array', 'post', itemsA, 'a', { productId: 'SKU-0001', quantity: 1 }, 400, 'validation'],
  ['an item without productId', 'post', itemsA, 'a', [{ quantity: 1 }], 400, 'validation'],
  ['a productId that is a number', 'post', itemsA, 'a', [{ productId: 1, quantity: 1 }], 400, 'validation'],
  ['items: JSON null', 'post', itemsA, 'a', 'null', 400, 'validation'],
  ['items: [null]', 'post', itemsA, 'a', '[null]', 400, 'validation'],
  ['items: an empty array', 'post', itemsA, 'a', [], 400, 'validation'],
  ['items over the body limit', 'post', itemsA, 'a', [{ productId: 'SKU-0001', quantity: 1, c_note: 'x'.repeat(1_100_000) }], 413, 'payload-too-large'],
  ['an unknown product', 'post', itemsA, 'a', [{ productId: 'NO-SUCH', quantity: 1 }], 400, 'product-not-found'],
  ['a master product', 'post', itemsA, 'a', [{ productId: 'TEE-MASTER', quantity: 1 }], 400, 'invalid-product-item'],
  ['more than is available', 'post', itemsA, 'a', [{ productId: 'SKU-0001', quantity: 900 }], 400, 'product-item-not-available'],
  ['malformed JSON (items)', 'post', itemsA, 'a', '[{"productId": "SKU-0001", "quantity": 1', 400, 'bad-request'],
  ['text/plain (items)', 'post', itemsA, 'a', '[{"productId":"SKU-0001","quantity":1}]', 415, 'unsupported-media-type', 'text/plain'],
  ['update to quantity -1', 'patch', () => `${itemsA()}/${s.itemA}`, 'a', { quantity: -1 }, 400, 'validation'],
  ['update to quantity 1000', 'patch', () => `${itemsA()}/${s.itemA}`, 'a', { quantity: 1000 }, 400, 'validation'],
  ["update to quantity 'three'", 'patch', () => `${itemsA()}/${s.itemA}`, 'a', { quantity: 'three' }, 400, 'validation'],
  ['an update that is an array', 'patch', () => `${itemsA()}/${s.itemA}`, 'a', [{ quantity: 2 }], 400, 'validation'],
  ['update an unknown item', 'patch', () => `${itemsA()}/no-such-item`, 'a', { quantity: 1 }, 404, 'product-item-not-found'],
  ['remove an unknown item', 'delete', () => `${itemsA()}/no-such-item`, 'a', undefined, 404, 'product-item-not-found'],
  ['a customer without an e-mail address', 'put', () => `${BASKETS}/${s.basketA}/customer`, 'a', { email: 'not-an-address' }, 400, 'validation'],
  ['a country that is no ISO code', 'put', () => `${BASKETS}/${s.basketA}/billing-address`, 'a', { ...ADDRESS, countryCode: 'USA' }, 400, 'validation'],
  ['an unknown shipping method', 'put', () => `${BASKETS}/${s.basketA}/shipments/me/shipping-method`, 'a', { id: 'teleport' }, 400, 'invalid-shipping-method'],
  ['an unknown payment method', 'post', () => `${BASKETS}/${s.basketA}/payment-instruments`, 'a', { paymentMethodId: 'BITCOIN', amount: 1 }, 400, 'invalid-payment-method'],
  ['a negative payment amount', 'post', () => `${BASKETS}/${s.basketA}/payment-instruments`, 'a', { paymentMethodId: 'CREDIT_CARD', amount: -1 }, 400, 'validation'],
  ['remove an unknown payment instrument', 'delete', () => `${BASKETS}/${s.basketA}/payment-instruments/no-such`, 'a', undefined, 404, 'payment-instrument-not-found'],
  ['a second basket', 'post', () => BASKETS, 'a', {}, 400, 'customer-baskets-quota-exceeded'],
  ['malformed JSON (new basket)', 'post', () => BASKETS, 'c', '{"productItems": [', 400, 'bad-request'],
  ['text/plain (new basket)', 'post', () => BASKETS, 'c', '{}', 415, 'unsupported-media-type', 'text/plain'],
  ['form data (new basket)', 'post', () => BASKETS, 'c', 'productId=SKU-0001', 415, 'unsupported-media-type', 'application/x-www-form-urlencoded'],
];

const ORDER_CASES: Case[] = [
  ['an order from an empty basket', 'post', () => ORDERS, 'b', { get basketId() { return s.basketB; } }, 400, undefined],
  ['an order for an unknown basket', 'post', () => ORDERS, 'a', { basketId: 'no-such-basket' }, 404, 'basket-not-found'],
  ["an order from another shopper's basket", 'post', () => ORDERS, 'b', { get basketId() { return s.basketA; } }, 400, 'bad-request'],
  ['an order without basketId', 'post', () => ORDERS, 'a', {}, 400, 'validation'],
  ['malformed JSON (order)', 'post', () => ORDERS, 'a', '{"basketId":', 400, 'bad-request'],
  ['text/plain (order)', 'post', () => ORDERS, 'a', '{"basketId":"x"}', 415, 'unsupported-media-type', 'text/plain'],
  ['an unknown order', 'get', () => `${ORDERS}/no-such-order`, 'c', undefined, 404, 'order-not-found'],
  ['fail with a bad reasonCode', 'post', () => `${ORDERS}/${s.orderC}/actions/fail`, 'c', { reasonCode: 'changed_my_mind' }, 400, 'validation'],
  ['fail without a body', 'post', () => `${ORDERS}/${s.orderC}/actions/fail`, 'c', undefined, 400, 'validation'],
  ['fail with reopenBasket=maybe', 'post', () => `${ORDERS}/${s.orderC}/actions/fail?reopenBasket=maybe`, 'c', { reasonCode: 'payment_auth_failure' }, 400, 'validation'],
  ['fail an unknown order', 'post', () => `${ORDERS}/no-such-order/actions/fail`, 'c', { reasonCode: 'payment_auth_failure' }, 404, 'order-not-found'],
  ['malformed JSON (fail)', 'post', () => `${ORDERS}/${s.orderC}/actions/fail`, 'c', '{"reasonCode"', 400, 'bad-request'],
  ['text/plain (fail)', 'post', () => `${ORDERS}/${s.orderC}/actions/fail`, 'c', 'payment_auth_failure', 415, 'unsupported-media-type', 'text/plain'],
  ['reserve for 0 minutes', 'post', () => RESERVATION(s.basketA), 'a', { minutes: 0 }, 400, 'validation'],
  ['reserve for 241 minutes', 'post', () => RESERVATION(s.basketA), 'a', { minutes: 241 }, 400, 'validation'],
  ['reserve for 1.5 minutes', 'post', () => RESERVATION(s.basketA), 'a', { minutes: 1.5 }, 400, 'validation'],
  ["reserve for '10' minutes", 'post', () => RESERVATION(s.basketA), 'a', { minutes: '10' }, 400, 'validation'],
  ['reserve with removeIfNotAvailable: "yes"', 'post', () => RESERVATION(s.basketA), 'a', { removeIfNotAvailable: 'yes' }, 400, 'validation'],
  ['malformed JSON (reserve)', 'post', () => RESERVATION(s.basketA), 'a', '{"minutes": 1O}', 400, 'bad-request'],
  ['text/plain (reserve)', 'post', () => RESERVATION(s.basketA), 'a', '{"minutes":10}', 415, 'unsupported-media-type', 'text/plain'],
];

/** Every route naming a basket, with a body that would have worked on the shopper's own. */
const BASKET_ROUTES: [string, Method, string, unknown?][] = [
  ['get basket', 'get', ''],
  ['delete basket', 'delete', ''],
  ['add items', 'post', '/items', [{ productId: 'SKU-0004', quantity: 1 }]],
  ['update item', 'patch', '/items/{item}', { quantity: 2 }],
  ['remove item', 'delete', '/items/{item}'],
  ['set customer', 'put', '/customer', { email: 'b@example.com' }],
  ['set shipping address', 'put', '/shipments/me/shipping-address', ADDRESS],
  ['set shipping method', 'put', '/shipments/me/shipping-method', { id: 'express' }],
  ['shipping methods', 'get', '/shipments/me/shipping-methods'],
  ['set billing address', 'put', '/billing-address', ADDRESS],
  ['add payment instrument', 'post', '/payment-instruments', { paymentMethodId: 'CREDIT_CARD', amount: 1 }],
  ['remove payment instrument', 'delete', '/payment-instruments/{payment}'],
  ['payment methods', 'get', '/payment-methods'],
  ['reserve (custom API)', 'post', '/reservation', { minutes: 10 }],
  ['release (custom API)', 'delete', '/reservation'],
];
const basketPath = (basketId: string, suffix: string) =>
  suffix === '/reservation' ? RESERVATION(basketId) : `${BASKETS}/${basketId}${suffix.replace('{item}', s.itemA).replace('{payment}', s.paymentA)}`;

const UNKNOWN: Case[] = BASKET_ROUTES.map(([name, method, suffix, body]) => [`${name}: unknown basket`, method, () => basketPath('no-such-basket', suffix), 'a', body, 404, 'basket-not-found']);
const THEIRS: Case[] = BASKET_ROUTES.map(([name, method, suffix, body]) => [`${name}: another shopper's basket`, method, () => basketPath(s.basketA, suffix), 'b', body, 400, 'bad-request']);

describe.each([
  ['query parameters', PARAMS],
  ['basket bodies', BODIES],
  ['orders and the reservation API', ORDER_CASES],
  ['an unknown basket', UNKNOWN],
  ["another shopper's basket", THEIRS],
] as const)('%s', (_group, cases) => {
  it.each(cases.map((c) => ({ name: c[0], answer: `${c[5]} ${c[6] ?? ''}`.trim(), c })))('$name → $answer, nothing changed', async ({ c: [name, method, path, who, body, status, slug, type] }) => {
    const before = await state();
    const seq = w.run.emulator.journal.lastSeq;
    const res = await send(method, path(), who, body, type);
    expectProblem(res, status, slug, `${name}: ${method.toUpperCase()} ${path()}`);
    if (name.includes("another shopper's")) expect(res.body.detail).toBe('The customer is invalid.');
    expect(w.run.emulator.journal.query({ afterSeq: seq, kind: 'event', type: 'b2c.*', limit: 100 }), 'no B2C event').toEqual([]);
    expect(await state(), 'nothing changed').toEqual(before);
  });
});

describe('unknown ids in lists are dropped, not refused', () => {
  it('products and availability answer the known ones', async () => {
    const products = await send('get', `${PRODUCTS}/products?ids=NO-SUCH,SKU-0001,ALSO-NOT`, 'a');
    expect(products.status, products.text).toBe(200);
    expect(products.body.data.map((p: { id: string }) => p.id)).toEqual(['SKU-0001']);
    const availability = await send('get', `${AVAILABILITY}?productIds=NO-SUCH,SKU-0001`, 'a');
    expect(availability.status, availability.text).toBe(200);
    expect(availability.body.data.map((p: { id: string }) => p.id)).toEqual(['SKU-0001']);
    const stores = await send('get', `${STORES}/stores?ids=no-such,store-bos`, 'a');
    expect(stores.status, stores.text).toBe(200);
    expect(stores.body.data.map((p: { id: string }) => p.id)).toEqual(['store-bos']);
  });

  it('the checks above would see a change: a reservation that works makes an OCI document and a B2C event', async () => {
    const [documents, seq] = [docs(), w.run.emulator.journal.lastSeq];
    const res = await send('post', RESERVATION(s.basketA), 'a', { minutes: 10 });
    expect(res.status, res.text).toBe(200);
    expect(docs()).toBeGreaterThan(documents);
    expect(w.run.emulator.journal.query({ afterSeq: seq, kind: 'event', type: 'b2c.*', limit: 100 }).length).toBeGreaterThan(0);
  });
});
