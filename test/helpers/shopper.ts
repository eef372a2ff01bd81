import type { Response } from 'supertest';
import { expect } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { basic, tokenFor, TENANT, type Running } from './emulator.js';

// A storefront in tests: a guest shopper's token (the private SLAS client, client_credentials), the shopper API
// paths of the demo instance, a full guest checkout, and the modes the storefront is tried in.

export const ORG = `f_ecom_${DEMO.b2c.instanceId}`;
export const SITE = DEMO.b2c.siteId;
export const PRODUCTS = `/product/shopper-products/v1/organizations/${ORG}`;
export const AVAILABILITY = `/product/shopper-availability/v1/organizations/${ORG}/availability`;
export const STORES = `/store/shopper-stores/v1/organizations/${ORG}`;
export const BASKETS = `/checkout/shopper-baskets/v1/organizations/${ORG}/baskets`;
export const ORDERS = `/checkout/shopper-orders/v1/organizations/${ORG}/orders`;
export const RESERVATION = (basketId: string) => `/custom/basket-reservation/v1/organizations/${ORG}/baskets/${basketId}/reservation`;
export const BM = '/on/demandware.store/Sites-Site/default';

/** A new guest shopper (each call a new usid, so a new customer with their own basket). */
export async function guestToken(run: Running, siteId = SITE): Promise<string> {
  const { privateClient } = DEMO.b2c.slas;
  const res = await run.http
    .post(`/shopper/auth/v1/organizations/${ORG}/oauth2/token`)
    .set('Authorization', basic(privateClient.id, privateClient.secret))
    .type('form')
    .send({ grant_type: 'client_credentials', channel_id: siteId });
  if (res.status !== 200) throw new Error(`guest login failed: ${res.status} ${res.text}`);
  return res.body.access_token as string;
}

export const ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', address1: '1 Main St', city: 'Boston', postalCode: '02108', stateCode: 'MA', countryCode: 'US' };

/** A basket with the items, ready to order (address, shipping method, billing, payment); answers its id. */
export async function readyBasket(run: Running, token: string, items: { productId: string; quantity: number; inventoryId?: string }[]): Promise<string> {
  const auth = `Bearer ${token}`;
  const q = `?siteId=${SITE}`;
  const created = await run.http.post(`${BASKETS}${q}`).set('Authorization', auth).send({});
  if (created.status !== 200) throw new Error(`basket: ${created.status} ${created.text}`);
  const id = created.body.basketId as string;
  const steps: [string, string, unknown][] = [
    ['post', `${BASKETS}/${id}/items${q}`, items],
    ['put', `${BASKETS}/${id}/customer${q}`, { email: 'ada@example.com' }],
    ['put', `${BASKETS}/${id}/shipments/me/shipping-address${q}`, ADDRESS],
    ['put', `${BASKETS}/${id}/shipments/me/shipping-method${q}`, { id: 'standard' }],
    ['put', `${BASKETS}/${id}/billing-address${q}`, ADDRESS],
    ['post', `${BASKETS}/${id}/payment-instruments${q}`, { paymentMethodId: 'CREDIT_CARD', amount: 1, paymentCard: { cardType: 'Visa', number: '4111111111111111', expirationMonth: 12, expirationYear: 2030, holder: 'Ada' } }],
  ];
  for (const [method, path, body] of steps) {
    const res = await (method === 'post' ? run.http.post(path) : run.http.put(path)).set('Authorization', auth).send(body as object);
    if (res.status !== 200) throw Object.assign(new Error(`${method} ${path}: ${res.status} ${res.text}`), { response: res });
  }
  return id;
}

/** An OCAPI/Business Manager token of the demo integration client for the demo instance. */
export function instanceToken(run: Running, extra = ''): Promise<string> {
  return tokenFor(run.http, `SALESFORCE_COMMERCE_API:${TENANT}${extra ? ` ${extra}` : ''}`);
}

export const ERRORS = 'https://api.commercecloud.salesforce.com/documentation/error/v1/errors/';
const LEAK = /<html|<pre>|\bat \S+ \(|\.[cm]?[jt]s:\d+|node_modules|\/work\/|Error:|TypeError|RangeError/i;

/** SCAPI's problem+json: status, type (and slug when given), title, detail, nothing internal. */
export function expectProblem(res: Response, status: number, slug: string | undefined, what: string): void {
  const say = `${what} → ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, say).toBe(status);
  expect(res.headers['content-type'], say).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  expect(String(body.type).startsWith(ERRORS), say).toBe(true);
  if (slug) expect(body.type, say).toBe(`${ERRORS}${slug}`);
  expect(body.title, say).toEqual(expect.stringMatching(/\S/));
  expect(body.detail, say).toEqual(expect.stringMatching(/\S/));
  expect(res.text, say).not.toMatch(LEAK);
}
