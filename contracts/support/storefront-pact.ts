import { DEMO } from '../../fixtures/well-known.js';
import { guestToken, ScapiCheckoutClient, type OrderAddress, type PaymentInstrumentInput } from '../consumers/storefront/scapi-checkout-client.js';
import { fromSettledFixtureWorld } from './provider-states.js';
import type { ProviderEmulator } from './provider-suite.js';
import { accountManagerToken, DEMO_TOKEN_RULES, type StateSetup, type StateValues, type TokenRule } from './verify-provider.js';

// The fixed parts of the storefront's checkout contract (storefront.contract.test.ts): what the storefront sends,
// the provider states it names, and how the emulator is brought into each. States build their world only through
// the emulator's own HTTP endpoints, as a merchant and a shopper would: OCAPI Data puts the native inventory record,
// and the storefront's own client (with a real SLAS guest token) makes the basket or the order.
//
// Shopper APIs verify the SLAS token and its shopper: a basket answers only the guest who made it. So the guest a
// state signs in is the guest whose token the verifier's request filter puts in place of the pact's placeholder; a
// state that signs nobody in leaves a new guest to be signed in on the first shopper call.

export const ORG = `f_ecom_${DEMO.b2c.instanceId}`;
export const SITE = DEMO.b2c.siteId;
export const SKU = 'SKU-0001';
/** RefArch's default inventory list (native mode: the shopper sees its records). */
export const LIST = 'US-ONLINE';
export const STOCK = 5;
export const QUANTITY = 2;
export const EMAIL = 'ada@example.com';
export const ADDRESS: OrderAddress = { firstName: 'Ada', lastName: 'Lovelace', address1: '1 Main St', city: 'Boston', postalCode: '02108', stateCode: 'MA', countryCode: 'US' };
export const SHIPPING_METHOD = 'standard';
export const PAYMENT: PaymentInstrumentInput = {
  paymentMethodId: 'CREDIT_CARD',
  amount: 411.49,
  paymentCard: { cardType: 'Visa', number: '4111111111111111', expirationMonth: 12, expirationYear: 2030, holder: 'Ada Lovelace' },
};
export const FAIL_REASON = 'payment_auth_failure';

export const STATE = {
  storefront: `the ${SITE} storefront is online and ${LIST} holds ${STOCK} of ${SKU}`,
  emptyBasket: 'a guest shopper has an empty basket',
  basketWithItems: `a guest shopper's basket holds ${QUANTITY} of ${SKU}`,
  readyBasket: "a guest shopper's basket is ready to order",
  orderPlaced: 'a guest shopper placed an order',
} as const;

/** The shopper APIs: their requests carry the guest's SLAS token, every other request the demo rules' token. */
const SHOPPER_PREFIXES = ['/product/shopper-products/', '/product/shopper-availability/', '/checkout/shopper-baskets/', '/checkout/shopper-orders/'];

const connection = (baseUrl: string) => ({ baseUrl, organizationId: ORG, siteId: SITE });

/** A new guest's access token from the emulator's SLAS, through the private client. */
export async function signInGuest(baseUrl: string): Promise<string> {
  const { privateClient } = DEMO.b2c.slas;
  return (await guestToken({ ...connection(baseUrl), clientId: privateClient.id, clientSecret: privateClient.secret })).accessToken;
}

/** The guest of the interaction being verified: signed in by its state, or on the first shopper call. */
class GuestSession {
  #token: Promise<string> | undefined;

  forget(): void {
    this.#token = undefined;
  }

  token(baseUrl: string): Promise<string> {
    return (this.#token ??= signInGuest(baseUrl));
  }
}

/** A native inventory record, put over OCAPI Data with the OCAPI client's token. */
async function putNativeRecord(baseUrl: string, listId: string, productId: string, allocation: number): Promise<void> {
  const token = await accountManagerToken(DEMO.accountManager.ocapiClient, 'mail')(baseUrl);
  const url = new URL(`/s/-/dw/data/v25_6/inventory_lists/${listId}/product_inventory_records/${productId}`, baseUrl);
  const res = await fetch(url, { method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ allocation: { amount: allocation } }) });
  if (!res.ok) throw new Error(`OCAPI PUT of the ${listId} record of ${productId} answered ${res.status}: ${await res.text()}`);
}

/** The provider half's states and token rules, sharing one guest session. */
export function storefrontProvider(): { states(emulator: ProviderEmulator): Record<string, StateSetup>; tokens(): readonly TokenRule[] } {
  const session = new GuestSession();
  return {
    tokens: () => [...SHOPPER_PREFIXES.map((prefix) => ({ prefix, issue: (baseUrl: string) => session.token(baseUrl) })), ...DEMO_TOKEN_RULES],
    states: (emulator) => {
      /** The fixture world, the record the storefront state promises, then (with `then`) a guest's own steps. */
      const world = (then?: (shopper: ScapiCheckoutClient) => Promise<StateValues>) =>
        fromSettledFixtureWorld(emulator, async () => {
          session.forget();
          await putNativeRecord(emulator.url, LIST, SKU, STOCK);
          if (!then) return;
          return then(new ScapiCheckoutClient({ ...connection(emulator.url), accessToken: await session.token(emulator.url) }));
        });
      const basketWithItems = async (shopper: ScapiCheckoutClient) => String((await shopper.createBasket({ productItems: [{ productId: SKU, quantity: QUANTITY }] })).basketId);
      const readyBasket = async (shopper: ScapiCheckoutClient) => {
        const basketId = await basketWithItems(shopper);
        await shopper.setCustomer(basketId, EMAIL);
        await shopper.setShippingAddress(basketId, ADDRESS);
        await shopper.setShippingMethod(basketId, SHIPPING_METHOD);
        await shopper.setBillingAddress(basketId, ADDRESS);
        await shopper.addPaymentInstrument(basketId, PAYMENT);
        return basketId;
      };
      return {
        [STATE.storefront]: world(),
        [STATE.emptyBasket]: world(async (shopper) => ({ basketId: String((await shopper.createBasket()).basketId) })),
        [STATE.basketWithItems]: world(async (shopper) => ({ basketId: await basketWithItems(shopper) })),
        [STATE.readyBasket]: world(async (shopper) => ({ basketId: await readyBasket(shopper) })),
        [STATE.orderPlaced]: world(async (shopper) => ({ orderNo: String((await shopper.createOrder(await readyBasket(shopper))).orderNo) })),
      };
    },
  };
}
