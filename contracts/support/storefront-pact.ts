import { DEMO } from '../../fixtures/well-known.js';
import type { OrderAddress, PaymentInstrumentInput } from '../consumers/storefront/scapi-checkout-client.js';

// The fixed parts of the storefront's checkout contract (storefront.contract.test.ts): what the storefront sends
// and the provider states it names. The provider builds each state as a merchant and a shopper would, through its
// own HTTP endpoints (emulator/cli/pact/b2c-commerce.ts); a basket answers only the guest who made it, so the guest
// a state signs in is the guest whose SLAS token the verifier's request filter puts in place of the placeholder.

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
