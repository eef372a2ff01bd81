import { writeFileSync } from 'node:fs';
import { request as httpRequest, type Agent } from 'node:http';
import { join } from 'node:path';
import type { StoredCheckout } from '../../emulator/b2c/checkout/stored-checkout.js';
import { checkoutNamespace, type Order } from '../../emulator/b2c/checkout/model.js';
import type { Emulator } from '../../emulator/index.js';
import { DEMO } from '../../fixtures/well-known.js';
import { BATCH_UPDATE, GET_AVAILABILITY } from './availability-world.js';
import { basicAuth, header, type CapturedResponse } from './http.js';
import { cacheCaughtUp } from './cache-caught-up.js';
import { json } from './json-client.js';
import { progress } from './rounds.js';
import storefrontRequests from './storefront-requests.cjs';

// The storefront bench's world (bench/suites/storefront.ts): the demo instance with SKUS generated SKUs, stocked
// through OCI, switched to Omnichannel Inventory mode the documented way, guest shoppers and baskets ready to order,
// and the drift check of B2C's orders against OCI.

export const SKUS = Number(process.env.BENCH_STOREFRONT_SKUS ?? 10_000);
export const ORDERS = Number(process.env.BENCH_STOREFRONT_ORDERS ?? 8_000);
export const SKU_WIDTH = Math.max(4, String(SKUS).length);
/** onHand at every member location of the group, and the range the mixed-in writes draw from: orders never run short. */
export const STOCK = 100_000;
export const WRITE_ON_HAND: [number, number] = [50_000, 150_000];
export const PREPARE_CONCURRENCY = 16;
/** Items per prepared basket: 1–3 distinct SKUs, 1–3 units each. */
export const MAX_LINES = 3;

export const TENANT = DEMO.b2c.instanceId;
export const TG = DEMO.salesforce.tenantGroupId;
export const SITE = DEMO.b2c.siteId;
export const ORG = `f_ecom_${TENANT}`;
export const GROUP = 'US-ONLINE';
export const MEMBERS = [...DEMO.groups[GROUP]];
export const BM = '/on/demandware.store/Sites-Site/default';
export const PRODUCTS = `/product/shopper-products/v1/organizations/${ORG}/products`;
export const AVAILABILITY = `/product/shopper-availability/v1/organizations/${ORG}/availability`;
export const BASKETS = `/checkout/shopper-baskets/v1/organizations/${ORG}/baskets`;
export const ORDERS_PATH = `/checkout/shopper-orders/v1/organizations/${ORG}/orders`;
export const SLAS_TOKEN = `/shopper/auth/v1/organizations/${ORG}/oauth2/token`;
export const REQUESTS = new URL('./storefront-requests.cts', import.meta.url).pathname;
export const SCOPES = ['sfcc.inventory.availability', 'sfcc.inventory.availability.rw'];
export const ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', address1: '1 Main St', city: 'Boston', postalCode: '02108', stateCode: 'MA', countryCode: 'US' };
export const CARD = { cardType: 'Visa', number: '4111111111111111', expirationMonth: 12, expirationYear: 2030, holder: 'Ada Lovelace' };

export type Context = Parameters<typeof storefrontRequests>[1];
export interface Basket {
  token: string;
  basketId: string;
}
export interface Ctx {
  emulator: Emulator;
  url: string;
  dir: string;
  agent: Agent;
  /** An Account Manager token naming the instance, with OCI's availability scopes (Business Manager and OCI). */
  oci: Record<string, string>;
  tokens: string[];
  context: Omit<Context, 'dataFile'>;
}

// ── the world ───────────────────────────────────────────────────────────────────────────────────────────────────

/** STOCK on hand for every SKU at every member location of the group, through OCI's batch-update, 100 records a request. */
export async function stockUp(ctx: Ctx): Promise<void> {
  const started = performance.now();
  const records = MEMBERS.flatMap((location) => Array.from({ length: SKUS }, (_, i) => ({ sku: sku(i), location })));
  for (let i = 0; i < records.length; i += 100) {
    const batch = records.slice(i, i + 100).map((r, j) => ({ id: `bench-stock-${i + j}`, ...r, onHand: STOCK, safetyStockCount: 0 }));
    const answer = await call(ctx, 'POST', BATCH_UPDATE, ctx.oci, { records: batch });
    if (answer.status !== 204) throw new Error(`batch-update answered ${answer.status}: ${answer.text}`);
  }
  console.log(`  ${records.length.toLocaleString('en-US')} records of ${GROUP}'s members set to ${STOCK.toLocaleString('en-US')} on hand in ${Math.round(performance.now() - started)} ms`);
}

/** SetMode OCI_CACHE, until every list's cache is complete and its stream caught up, then SetMode OCI. */
export async function ociMode(ctx: Ctx): Promise<void> {
  const started = performance.now();
  await json(ctx.agent, ctx.url, 'POST', `${BM}/OCIIntegration-SetMode`, ctx.oci, { mode: 'OCI_CACHE' });
  await caughtUp(ctx, 300_000);
  const filled = performance.now() - started;
  await json(ctx.agent, ctx.url, 'POST', `${BM}/OCIIntegration-SetMode`, ctx.oci, { mode: 'OCI' });
  const mode = ctx.emulator.services.b2c!.mode(TENANT);
  if (mode !== 'OCI') throw new Error(`the instance is in mode ${mode}, not OCI`);
  console.log(`  OCI_CACHE → cache complete (${ctx.emulator.services.b2c!.ociCache.count(TENANT).toLocaleString('en-US')} records) in ${Math.round(filled)} ms → OCI`);
}

/** What was written has reached the cache (bench/support/cache-caught-up.ts). */
export const caughtUp = (ctx: Ctx, maxMs = 30_000) => cacheCaughtUp(ctx.emulator, TENANT, maxMs);

/** A new guest shopper: the private SLAS client's client_credentials (each call a new customer). */
export async function guestToken(ctx: Ctx): Promise<string> {
  const { privateClient } = DEMO.b2c.slas;
  const body = new URLSearchParams({ grant_type: 'client_credentials', channel_id: SITE }).toString();
  const answer = await call(ctx, 'POST', SLAS_TOKEN, { authorization: basicAuth(privateClient.id, privateClient.secret), 'content-type': 'application/x-www-form-urlencoded' }, body);
  if (answer.status !== 200) throw new Error(`SLAS token endpoint answered ${answer.status}: ${answer.text}`);
  return (JSON.parse(answer.text) as { access_token: string }).access_token;
}

/** Baskets ready to order, PREPARE_CONCURRENCY at a time: each its own guest shopper. */
export async function prepare(ctx: Ctx, count: number): Promise<Basket[]> {
  const out: Basket[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      out.push(await readyBasket(ctx));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PREPARE_CONCURRENCY, count) }, worker));
  return out;
}

export async function readyBasket(ctx: Ctx): Promise<Basket> {
  const token = await guestToken(ctx);
  const auth = { authorization: `Bearer ${token}` };
  const q = `?siteId=${SITE}`;
  const lines = 1 + Math.floor(Math.random() * MAX_LINES);
  const productItems = storefrontRequests.randomIds({ ...ctx.context, dataFile: '' }, lines).map((productId) => ({ productId, quantity: 1 + Math.floor(Math.random() * 3) }));
  const created = await call(ctx, 'POST', `${BASKETS}${q}`, auth, { productItems, customerInfo: { email: 'ada@example.com' } });
  if (created.status !== 200) throw new Error(`POST basket answered ${created.status}: ${created.text}`);
  const basketId = (JSON.parse(created.text) as { basketId: string }).basketId;
  const steps: [string, string, unknown][] = [
    ['PUT', `${BASKETS}/${basketId}/shipments/me/shipping-address${q}`, ADDRESS],
    ['PUT', `${BASKETS}/${basketId}/shipments/me/shipping-method${q}`, { id: 'standard' }],
    ['PUT', `${BASKETS}/${basketId}/billing-address${q}`, ADDRESS],
    ['POST', `${BASKETS}/${basketId}/payment-instruments${q}`, { paymentMethodId: 'CREDIT_CARD', amount: 1, paymentCard: CARD }],
  ];
  for (const [method, path, body] of steps) {
    const answer = await call(ctx, method, path, auth, body);
    if (answer.status !== 200) throw new Error(`${method} ${path} answered ${answer.status}: ${answer.text}`);
  }
  return { token, basketId };
}

export interface Drift {
  /** Orders B2C holds, and how many of them are RESERVED in OCI. */
  orders: number;
  reserved: number;
  documents: number;
  missingDocuments: number;
  /** SKUs whose group reserved differs from the orders' sum; units both ways. */
  skus: number;
  units: number;
  ociUnits: number;
}

/**
 * B2C's orders (its checkout store) against OCI: each RESERVED order's document OPEN, no other OPEN order document,
 * and for every SKU the group's reserved (OCI's get-availability over HTTP: groupReserved, and reserved, which holds
 * for no other group here) equal to the sum of the orders' quantities.
 */
export async function checkDrift(ctx: Ctx): Promise<Drift> {
  progress('orders: checking drift against OCI');
  const checkout = ctx.emulator.store.get<StoredCheckout>(checkoutNamespace(TENANT));
  const orders: Order[] = checkout ? [...checkout.orders.values()] : [];
  const expected = new Map<string, number>();
  let reserved = 0;
  let units = 0;
  const reservations = ctx.emulator.services.oci!.domain.reservations;
  let missingDocuments = 0;
  for (const o of orders) {
    if (o.booking.kind !== 'oci' || o.booking.status !== 'RESERVED' || !o.booked) continue;
    reserved++;
    if (reservations.document(TG, o.booking.documentId ?? '')?.state !== 'OPEN') missingDocuments++;
    for (const item of o.items) {
      expected.set(item.productId, (expected.get(item.productId) ?? 0) + item.quantity);
      units += item.quantity;
    }
  }
  const prefix = `b2c-${TENANT}-order-`;
  const open = reservations.documents(TG).filter((d) => d.state === 'OPEN' && d.id.startsWith(prefix));
  let skus = 0;
  let ociUnits = 0;
  for (let i = 0; i < SKUS; i += 100) {
    const batch = Array.from({ length: Math.min(100, SKUS - i) }, (_, j) => sku(i + j));
    const answer = (await json(ctx.agent, ctx.url, 'POST', GET_AVAILABILITY, ctx.oci, { skus: batch, groups: [GROUP] })) as { groups?: { id: string; records: { sku: string; reserved: number; groupReserved: number }[] }[] };
    const records = new Map((answer.groups?.[0]?.records ?? []).map((r) => [r.sku, r]));
    for (const s of batch) {
      const r = records.get(s);
      const want = expected.get(s) ?? 0;
      if (!r || r.groupReserved !== want || r.reserved !== want) skus++;
      ociUnits += r?.groupReserved ?? 0;
    }
  }
  return { orders: orders.length, reserved, documents: open.length, missingDocuments, skus, units, ociUnits };
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────────────────────

export function sku(index: number): string {
  return `SKU-${String(index + 1).padStart(SKU_WIDTH, '0')}`;
}

/** The tokens and baskets a load draws from, in a file its worker reads once. */
export function writeData(ctx: Ctx, name: string, baskets: Basket[]): string {
  const file = join(ctx.dir, name);
  writeFileSync(file, JSON.stringify({ tokens: ctx.tokens, ociToken: ctx.oci.authorization!.slice('Bearer '.length), baskets }));
  return file;
}

/** One request over the suite's keep-alive agent; a body that is not a string is sent as JSON. */
export function call(ctx: Ctx, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const all = typeof body === 'string' || body === undefined ? headers : { ...headers, 'content-type': 'application/json' };
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, ctx.url), { method, agent: ctx.agent, headers: all }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}


// ── what the bench checks before it measures ───────────────────────────────────────────────────────────────────

interface InventoryDoc {
  id: string;
  ats: number;
  stockLevel: number;
  orderable: boolean;
}

/** 200, JSON, every SKU asked for in order, each with the site list's figures the OCI cache holds. */
export function verifyAvailability(ctx: Ctx, response: CapturedResponse, ids: readonly string[]): void {
  const text = response.body.toString('utf8');
  if (response.status !== 200 || !header(response, 'content-type')?.startsWith('application/json')) throw new Error(`Shopper Availability answered ${response.status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { data?: { id: string; inventories: InventoryDoc[] }[] };
  if (body.data?.map((d) => d.id).join() !== ids.join()) throw new Error(`Shopper Availability: expected ${ids.join()}, got ${text.slice(0, 300)}`);
  for (const d of body.data) checkInventory(ctx, d.id, d.inventories[0]);
}

export function verifyProduct(ctx: Ctx, response: CapturedResponse, id: string): void {
  const text = response.body.toString('utf8');
  if (response.status !== 200 || !header(response, 'content-type')?.startsWith('application/json')) throw new Error(`Shopper Products answered ${response.status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { id?: string; price?: number; inventory?: InventoryDoc };
  if (body.id !== id || typeof body.price !== 'number') throw new Error(`Shopper Products: expected ${id} with a price, got ${text.slice(0, 300)}`);
  checkInventory(ctx, id, body.inventory);
}

export function checkInventory(ctx: Ctx, id: string, inventory: InventoryDoc | undefined): void {
  const cached = ctx.emulator.services.b2c!.ociCache.record(TENANT, GROUP, id);
  if (!cached) throw new Error(`the OCI cache has no record of ${id} at ${GROUP}`);
  if (inventory?.id !== GROUP || inventory.ats !== Math.min(999_999, cached.ato) || inventory.stockLevel !== Math.min(999_999, cached.atf) || !inventory.orderable) {
    throw new Error(`${id}: the shopper sees ${JSON.stringify(inventory)}, the cache holds ato ${cached.ato}, atf ${cached.atf}`);
  }
}

export function verifyOrder(ctx: Ctx, response: CapturedResponse): void {
  const text = response.body.toString('utf8');
  if (response.status !== 200) throw new Error(`Shopper Orders answered ${response.status}: ${text.slice(0, 300)}`);
  const order = JSON.parse(text) as { orderNo?: string; status?: string; c_ociReservationStatus?: string };
  if (order.status !== 'created' || order.c_ociReservationStatus !== 'RESERVED') throw new Error(`the order is not created and RESERVED: ${text.slice(0, 300)}`);
  const doc = ctx.emulator.services.oci!.domain.reservations.document(TG, `b2c-${TENANT}-order-${order.orderNo}`);
  if (doc?.state !== 'OPEN') throw new Error(`order ${order.orderNo} has no OPEN reservation document in OCI`);
}

