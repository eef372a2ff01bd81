import { DEMO } from '../../../fixtures/well-known.js';
import { SETUP_GUIDE_STATES } from './setup-guide.js';
import { expectFixture, fromFixtureWorld, type StateContext, type StateSetup, type StateValues } from './state-kit.js';

// Provider states of B2C Commerce, for its consumers: an inventory integration on OCAPI Data, a headless storefront
// on the shopper APIs, and an org admin in Business Manager (the setup guide's steps, setup-guide.ts). Merchant
// steps go through OCAPI Data (the OCAPI client's token), a shopper's through the shopper APIs as the interaction's
// guest, whose SLAS token the request filter then uses.

const INSTANCE = DEMO.b2c.instanceId;
const SITE = DEMO.b2c.siteId;
const OCAPI = '/s/-/dw/data/v25_6';
const SKU = 'SKU-0001';
/** RefArch's default inventory list (native mode: the shopper sees its records). */
const LIST = 'US-ONLINE';
const STOCK = 5;
const QUANTITY = 2;
const EMAIL = 'ada@example.com';
const ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', address1: '1 Main St', city: 'Boston', postalCode: '02108', stateCode: 'MA', countryCode: 'US' };
const SHIPPING_METHOD = 'standard';
const PAYMENT = {
  paymentMethodId: 'CREDIT_CARD',
  amount: 411.49,
  paymentCard: { cardType: 'Visa', number: '4111111111111111', expirationMonth: 12, expirationYear: 2030, holder: 'Ada Lovelace' },
};

/** A native inventory record, put over OCAPI Data: a PUT replaces the whole record. */
async function putNativeRecord(ctx: StateContext, listId: string, productId: string, allocation: number): Promise<void> {
  await ctx.asOcapi('PUT', `${OCAPI}/inventory_lists/${listId}/product_inventory_records/${productId}`, { json: { allocation: { amount: allocation } } });
}

/** A shopper call of the interaction's guest; `{org}` in the path is the storefront's organization, the site goes in `siteId`. */
async function shopper(ctx: StateContext, method: string, path: string, json?: unknown): Promise<Record<string, unknown>> {
  const store = (await ctx.world()).shopper;
  if (!store) throw new Error('the emulator\'s world has no storefront (world document, "shopperCredentials")');
  const answer = await ctx.asGuest(method, path.replace('{org}', encodeURIComponent(store.organizationId)), { query: { siteId: store.siteId }, json });
  return answer.json as Record<string, unknown>;
}

const BASKETS = '/checkout/shopper-baskets/v1/organizations/{org}/baskets';
const createBasket = async (ctx: StateContext, body: object) => String((await shopper(ctx, 'POST', BASKETS, body)).basketId);

async function basketWithItems(ctx: StateContext): Promise<string> {
  return createBasket(ctx, { productItems: [{ productId: SKU, quantity: QUANTITY }] });
}

/** A basket with everything an order needs, step by step as the storefront's checkout makes it. */
async function readyBasket(ctx: StateContext): Promise<string> {
  const basketId = await basketWithItems(ctx);
  const basket = `${BASKETS}/${encodeURIComponent(basketId)}`;
  await shopper(ctx, 'PUT', `${basket}/customer`, { email: EMAIL });
  await shopper(ctx, 'PUT', `${basket}/shipments/me/shipping-address`, ADDRESS);
  await shopper(ctx, 'PUT', `${basket}/shipments/me/shipping-method`, { id: SHIPPING_METHOD });
  await shopper(ctx, 'PUT', `${basket}/billing-address`, ADDRESS);
  await shopper(ctx, 'POST', `${basket}/payment-instruments`, PAYMENT);
  return basketId;
}

/** The fixture world, the record the storefront state promises, then (with `then`) a guest's own steps. */
const storefront = (then?: (ctx: StateContext) => Promise<StateValues>): StateSetup =>
  fromFixtureWorld(async (ctx) => {
    await putNativeRecord(ctx, LIST, SKU, STOCK);
    return then?.(ctx);
  });

export const B2C_COMMERCE_STATES: Record<string, StateSetup> = {
  // The inventory integration (OCAPI Data).
  'the demo B2C instance': fromFixtureWorld(async (ctx) => {
    const instance = (await ctx.world()).b2cInstances.find((i) => i.id === INSTANCE);
    expectFixture(instance?.sites.some((s) => s.id === SITE) === true, `site ${SITE}`);
    expectFixture(instance.inventoryLists.includes('STORE-BOS'), 'inventory list STORE-BOS');
  }),
  [`STORE-BOS holds a native record for ${SKU} with allocation 12`]: fromFixtureWorld(async (ctx) => {
    await putNativeRecord(ctx, 'STORE-BOS', SKU, 12);
  }),
  // The headless storefront (SLAS and the shopper APIs).
  [`the ${SITE} storefront is online and ${LIST} holds ${STOCK} of ${SKU}`]: storefront(),
  'a guest shopper has an empty basket': storefront(async (ctx) => ({ basketId: await createBasket(ctx, {}) })),
  [`a guest shopper's basket holds ${QUANTITY} of ${SKU}`]: storefront(async (ctx) => ({ basketId: await basketWithItems(ctx) })),
  "a guest shopper's basket is ready to order": storefront(async (ctx) => ({ basketId: await readyBasket(ctx) })),
  'a guest shopper placed an order': storefront(async (ctx) => {
    const order = await shopper(ctx, 'POST', '/checkout/shopper-orders/v1/organizations/{org}/orders', { basketId: await readyBasket(ctx) });
    return { orderNo: String(order.orderNo) };
  }),
  // The org admin (Business Manager).
  ...SETUP_GUIDE_STATES,
};
