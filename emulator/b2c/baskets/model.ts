import type { OrderAddress, PaymentInstrument } from '../checkout/model.js';

// What Shopper Baskets takes: items to add, and what a new basket may come with. The basket itself is in
// checkout/model.ts, beside the order it becomes.

export interface ItemInput {
  productId: string;
  quantity: number;
  inventoryId?: string | undefined;
  shipmentId?: string | undefined;
}

/** What a new basket may come with ("a body is required, and may be empty or pre-filled"). */
export interface BasketPrefill {
  items?: ItemInput[];
  email?: string;
  shippingAddress?: OrderAddress;
  shippingMethodId?: string;
  billingAddress?: OrderAddress;
  payments?: Omit<PaymentInstrument, 'paymentInstrumentId'>[];
}

/** SCAPI refuses "too many items": a basket holds at most this many product lines, each at most 999 units. */
export const MAX_LINES = 50;
export const MAX_LINE_QUANTITY = 999;
export const MAX_PAYMENTS = 10;

/** Who a basket belongs to: the shopper (SLAS customer id) on a site. */
export interface Shopper {
  customerId: string;
  siteId: string;
}
