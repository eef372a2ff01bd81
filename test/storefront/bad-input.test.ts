import type { Response, Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { fresh, type Bm } from '../b2c/integration-page.js';
import { basic, tokenFor } from '../helpers/emulator.js';
import { ADDRESS, AVAILABILITY, BASKETS, expectProblem, ORDERS, ORG, PRODUCTS, readyBasket, RESERVATION, SITE, STORES } from '../helpers/shopper.js';

// Who may call the shopper APIs, over every shopper route: no token, a malformed one, an Account Manager token, a
// token for another site, no siteId, an expired token, a site in maintenance. Each answer is SCAPI's problem+json
// (status, documented type, title and detail, no stack trace or file path) and changes nothing: the shopper's
// basket and order read the same and the journal has no new B2C event.


type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

let w: Bm;
/** Shopper A's tokens, their open basket (with an item and a payment instrument) and their placed order. */
const s = { token: '', refresh: '', basketId: '', itemId: '', paymentId: '', orderNo: '', other: '', am: '' };

async function login(channel: string): Promise<{ access_token: string; refresh_token: string }> {
  const { privateClient } = DEMO.b2c.slas;
  const res = await w.run.http
    .post(`/shopper/auth/v1/organizations/${ORG}/oauth2/token`)
    .set('Authorization', basic(privateClient.id, privateClient.secret))
    .type('form')
    .send({ grant_type: 'client_credentials', channel_id: channel });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

beforeAll(async () => {
  w = await fresh({});
  const ocapi = await tokenFor(w.run.http, 'mail', DEMO.accountManager.ocapiClient);
  for (const sku of ['SKU-0001', 'SKU-0002']) {
    expect((await w.run.http.put(`/s/-/dw/data/v25_6/inventory_lists/US-ONLINE/product_inventory_records/${sku}`).set('Authorization', `Bearer ${ocapi}`).send({ allocation: { amount: 50 } })).status).toBeLessThan(300);
  }
  expect((await w.action('SiteManagement-Create', { id: 'Other', name: 'Other', status: 'online' })).status).toBe(201);
  const a = await login(SITE);
  Object.assign(s, { token: a.access_token, refresh: a.refresh_token, other: (await login('Other')).access_token, am: await tokenFor(w.run.http) });
  const ordered = await readyBasket(w.run, s.token, [{ productId: 'SKU-0001', quantity: 1 }]);
  const order = await w.run.http.post(`${ORDERS}?siteId=${SITE}`).set('Authorization', `Bearer ${s.token}`).send({ basketId: ordered });
  expect(order.status, order.text).toBe(200);
  s.orderNo = order.body.orderNo;
  s.basketId = await readyBasket(w.run, s.token, [{ productId: 'SKU-0001', quantity: 1 }, { productId: 'SKU-0002', quantity: 1 }]);
  const basket = (await w.run.http.get(`${BASKETS}/${s.basketId}?siteId=${SITE}`).set('Authorization', `Bearer ${s.token}`)).body;
  s.itemId = basket.productItems[1].itemId;
  s.paymentId = basket.paymentInstruments[0].paymentInstrumentId;
});
afterAll(() => w?.run.close());

const CARD = { paymentMethodId: 'CREDIT_CARD', amount: 5, paymentCard: { cardType: 'Visa', number: '4111111111111111', expirationMonth: 12, expirationYear: 2030 } };

/** Every shopper route, with a body that would have worked. */
const ROUTES: [string, Method, () => string, unknown?][] = [
  ['Shopper Products: product', 'get', () => `${PRODUCTS}/products/SKU-0001`],
  ['Shopper Products: products', 'get', () => `${PRODUCTS}/products?ids=SKU-0001,SKU-0002`],
  ['Shopper Availability', 'get', () => `${AVAILABILITY}?productIds=SKU-0001`],
  ['Shopper Stores: stores', 'get', () => `${STORES}/stores?ids=store-bos`],
  ['Shopper Stores: store-search', 'get', () => `${STORES}/store-search?countryCode=US&postalCode=02108`],
  ['create basket', 'post', () => BASKETS, {}],
  ['get basket', 'get', () => `${BASKETS}/${s.basketId}`],
  ['delete basket', 'delete', () => `${BASKETS}/${s.basketId}`],
  ['add items', 'post', () => `${BASKETS}/${s.basketId}/items`, [{ productId: 'SKU-0001', quantity: 1 }]],
  ['update item', 'patch', () => `${BASKETS}/${s.basketId}/items/${s.itemId}`, { quantity: 2 }],
  ['remove item', 'delete', () => `${BASKETS}/${s.basketId}/items/${s.itemId}`],
  ['set customer', 'put', () => `${BASKETS}/${s.basketId}/customer`, { email: 'other@example.com' }],
  ['set shipping address', 'put', () => `${BASKETS}/${s.basketId}/shipments/me/shipping-address`, { ...ADDRESS, city: 'Denver' }],
  ['set shipping method', 'put', () => `${BASKETS}/${s.basketId}/shipments/me/shipping-method`, { id: 'express' }],
  ['shipping methods', 'get', () => `${BASKETS}/${s.basketId}/shipments/me/shipping-methods`],
  ['set billing address', 'put', () => `${BASKETS}/${s.basketId}/billing-address`, { ...ADDRESS, city: 'Denver' }],
  ['add payment instrument', 'post', () => `${BASKETS}/${s.basketId}/payment-instruments`, CARD],
  ['remove payment instrument', 'delete', () => `${BASKETS}/${s.basketId}/payment-instruments/${s.paymentId}`],
  ['payment methods', 'get', () => `${BASKETS}/${s.basketId}/payment-methods`],
  ['create order', 'post', () => ORDERS, { get basketId() { return s.basketId; } }],
  ['get order', 'get', () => `${ORDERS}/${s.orderNo}`],
  ['fail order', 'post', () => `${ORDERS}/${s.orderNo}/actions/fail`, { reasonCode: 'payment_auth_failure' }],
  ['reserve basket (custom API)', 'post', () => RESERVATION(s.basketId), { minutes: 10 }],
  ['release basket (custom API)', 'delete', () => RESERVATION(s.basketId)],
];

/** `path` with `siteId` (none when null), with the Authorization header given (none when null). */
function send(method: Method, path: string, auth: string | null, siteId: string | null, body?: unknown): Test {
  const url = siteId === null ? path : `${path}${path.includes('?') ? '&' : '?'}siteId=${siteId}`;
  const req = w.run.http[method](url);
  if (auth !== null) req.set('Authorization', auth);
  return body === undefined ? req : req.send(JSON.parse(JSON.stringify(body)) as object);
}

/** What the refused calls must leave as it was: A's basket and order. */
async function state(token = s.token) {
  const basket = await send('get', `${BASKETS}/${s.basketId}`, `Bearer ${token}`, SITE);
  const order = await send('get', `${ORDERS}/${s.orderNo}`, `Bearer ${token}`, SITE);
  expect([basket.status, order.status]).toEqual([200, 200]);
  return { basket: basket.body, order: order.body };
}

/** B2C events journaled after `seq` (a site's status change aside). */
const eventsSince = (seq: number) =>
  w.run.emulator.journal.query({ afterSeq: seq, kind: 'event', type: 'b2c.*', limit: 1000 }).filter((e) => !('type' in e && e.type.startsWith('b2c.site')));

async function refusedWithoutChange(route: (typeof ROUTES)[number], auth: string | null, siteId: string | null, status: number, slug: string, token?: string) {
  const [name, method, path, body] = route;
  const before = await state(token);
  const seq = w.run.emulator.journal.lastSeq;
  const res = await send(method, path(), auth, siteId, body);
  expectProblem(res, status, slug, `${name}: ${method.toUpperCase()} ${path()}`);
  expect(eventsSince(seq), `${name}: no B2C event`).toEqual([]);
  expect(await state(token), `${name}: nothing changed`).toEqual(before);
  return res;
}

const CASES: [string, () => string | null, () => string | null, number, string][] = [
  ['no token', () => null, () => SITE, 401, 'unauthorized'],
  ['a malformed token', () => 'Bearer not.a-jwt', () => SITE, 401, 'unauthorized'],
  ['a token of another scheme', () => basic('shopper', 'secret'), () => SITE, 401, 'unauthorized'],
  ['an Account Manager token', () => `Bearer ${s.am}`, () => SITE, 401, 'unauthorized'],
  ["a shopper token for site Other, siteId=RefArch", () => `Bearer ${s.other}`, () => SITE, 401, 'unauthorized'],
  ['no siteId', () => `Bearer ${s.token}`, () => null, 400, 'validation'],
  ['an empty siteId', () => `Bearer ${s.token}`, () => '', 400, 'validation'],
];

describe.each(CASES)('%s', (_case, auth, siteId, status, slug) => {
  it.each(ROUTES)(`%s → ${status} ${slug}, nothing changed`, async (...route) => {
    const res = await refusedWithoutChange(route, auth(), siteId(), status, slug);
    if (status === 401) expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
  });
});

it('the checks above would see a change: the same kind of call with the shopper token is journaled', async () => {
  const seq = w.run.emulator.journal.lastSeq;
  const res = await send('post', `${BASKETS}/${s.basketId}/items`, `Bearer ${s.token}`, SITE, [{ productId: 'SKU-0002', quantity: 1 }]);
  expect(res.status, res.text).toBe(200);
  expect(eventsSince(seq).length).toBeGreaterThan(0);
});

it('a token for the other site works there (the refusals above are about the site, not the token)', async () => {
  const res = await send('get', `${PRODUCTS}/products/SKU-0001`, `Bearer ${s.other}`, 'Other');
  expect(res.status, res.text).not.toBe(401);
});

describe('a site in maintenance', () => {
  it.each(ROUTES)('%s → 503 site-under-maintenance with sfdc_maintenance: site, nothing changed', async (...route) => {
    const before = await state();
    expect((await w.action('SiteManagement-SetStatus', { siteId: SITE, status: 'maintenance' })).status).toBe(200);
    const [name, method, path, body] = route;
    const seq = w.run.emulator.journal.lastSeq;
    const res = await send(method, path(), `Bearer ${s.token}`, SITE, body);
    expectProblem(res, 503, 'site-under-maintenance', name);
    expect(res.headers.sfdc_maintenance).toBe('site');
    expect(eventsSince(seq)).toEqual([]);
    await w.action('SiteManagement-SetStatus', { siteId: SITE, status: 'online' });
    expect(await state()).toEqual(before);
  });
  it('back online, the shopper routes answer again', async () => {
    expect((await w.action('SiteManagement-SetStatus', { siteId: SITE, status: 'online' })).status).toBe(200);
    for (const [name, method, path] of ROUTES.filter((r) => r[1] === 'get')) {
      const res = await send(method, path(), `Bearer ${s.token}`, SITE);
      expect(res.status, `${name}: ${res.text}`).toBe(200);
      expect(res.headers.sfdc_maintenance).toBeUndefined();
    }
  });
  it('a site set offline answers as in maintenance', async () => {
    expect((await w.action('SiteManagement-SetStatus', { siteId: SITE, status: 'offline' })).status).toBe(200);
    const res = await send('get', `${BASKETS}/${s.basketId}`, `Bearer ${s.token}`, SITE);
    expect((await w.action('SiteManagement-SetStatus', { siteId: SITE, status: 'online' })).status).toBe(200);
    expectProblem(res, 503, 'site-under-maintenance', 'offline site');
    expect(res.headers.sfdc_maintenance).toBe('site');
  });
});

describe('an expired token (the virtual clock past the 30 minutes)', () => {
  let expired = '';
  let fresh = '';
  beforeAll(async () => {
    expired = s.token;
    await w.run.emulator.clock.advance(31 * 60_000);
    // The same shopper again (refresh keeps the customer): their basket and order are read with it.
    const { privateClient } = DEMO.b2c.slas;
    const res = await w.run.http
      .post(`/shopper/auth/v1/organizations/${ORG}/oauth2/token`)
      .set('Authorization', basic(privateClient.id, privateClient.secret))
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: s.refresh, channel_id: SITE });
    expect(res.status, res.text).toBe(200);
    fresh = res.body.access_token;
  });
  it.each(ROUTES)('%s → 401 unauthorized, nothing changed', async (...route) => {
    await refusedWithoutChange(route, `Bearer ${expired}`, SITE, 401, 'unauthorized', fresh);
  });
});
