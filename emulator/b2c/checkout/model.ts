// Baskets and orders of an instance's storefront (namespace `b2c-checkout.<instanceId>`, journaled by basket and
// by order). Shopper Baskets and Shopper Orders change them; the inventory each one holds or booked is kept on it,
// so cancelling an order or dropping a basket gives back exactly what it took, whatever the mode is by then.

export const CHECKOUT_JOURNAL = 'b2c-checkout';
export const checkoutNamespace = (instanceId: string) => `${CHECKOUT_JOURNAL}.${instanceId}`;

export interface OrderAddress {
  firstName?: string;
  lastName?: string;
  fullName?: string;
  address1?: string;
  address2?: string;
  city?: string;
  postalCode?: string;
  stateCode?: string;
  countryCode?: string;
  phone?: string;
  companyName?: string;
}

export interface LineItem {
  itemId: string;
  productId: string;
  productName: string;
  quantity: number;
  price: number;
  /** The inventory list the item takes its stock from: the one the shopper named, else the site's. */
  listId: string | null;
  /** Whether the shopper named the list (`inventoryId`), as Shopper Baskets echoes it. */
  namedList: boolean;
  shipmentId: string;
}

export interface Shipment {
  shipmentId: string;
  shippingAddress?: OrderAddress;
  shippingMethodId?: string;
}

export interface PaymentInstrument {
  paymentInstrumentId: string;
  paymentMethodId: string;
  amount: number;
  paymentCard?: { cardType?: string; maskedNumber?: string; expirationMonth?: number; expirationYear?: number; holder?: string };
}

/** What a basket holds: per list and product, until `expiresAt` (virtual clock, epoch ms). */
export interface HeldLine {
  listId: string;
  productId: string;
  quantity: number;
}

/**
 * A basket reservation (Basket.reserveInventory): in native modes B2C keeps it itself (it caps what other baskets
 * may take); in OCI mode it is an OCI reservation document at the list's place, which OCI expires.
 */
export type BasketHold =
  | { kind: 'native'; expiresAt: number; lines: HeldLine[] }
  | { kind: 'oci'; expiresAt: number; lines: HeldLine[]; tenantGroupId: string; documentId: string };

/** What a basket holds and its order keeps: the shopper, the items, the shipment, the addresses, the payments. */
export interface CheckoutContents {
  siteId: string;
  /** The shopper (SLAS customer id) who owns it; only their tokens may touch it. */
  customerId: string;
  currency: string;
  creationDate: string;
  lastModified: string;
  items: LineItem[];
  email?: string;
  shipments: Shipment[];
  billingAddress?: OrderAddress;
  paymentInstruments: PaymentInstrument[];
}

export interface Basket extends CheckoutContents {
  basketId: string;
  hold?: BasketHold;
  /** Basket reservation documents made so far (each new one replaces the last under a new id). */
  holdCount?: number;
}

export type OrderStatus = 'created' | 'new' | 'open' | 'completed' | 'cancelled' | 'replaced' | 'failed';
export type ExportStatus = 'not_exported' | 'exported' | 'ready' | 'failed';

/** Continuous order capture: an order taken while OCI was unreachable, and what re-reserving it later gave. */
export type OciReservationStatus = 'RESERVED' | 'RESERVATION_MISSING' | 'COMPLETELY_RESERVED' | 'PARTIALLY_RESERVED' | 'NOTHING_RESERVED';

/** What the order took from inventory, so a fail or cancel gives back exactly that. */
export type Booking =
  | { kind: 'native'; lines: (HeldLine & { onOrder: boolean })[] }
  | {
      kind: 'oci';
      tenantGroupId: string;
      documentId?: string;
      lines: HeldLine[];
      reserved: HeldLine[];
      status: OciReservationStatus;
      attempts?: number;
      /** Taken during an outage from a basket whose reservation document still holds these lines in OCI. */
      basketDocumentId?: string;
      heldByBasket?: HeldLine[];
    }
  | { kind: 'none' };

export interface Order extends CheckoutContents {
  orderNo: string;
  orderToken: string;
  basketId: string;
  status: OrderStatus;
  exportStatus: ExportStatus;
  paymentStatus: 'not_paid' | 'part_paid' | 'paid';
  confirmationStatus: 'not_confirmed' | 'confirmed';
  shippingStatus: 'not_shipped' | 'part_shipped' | 'shipped';
  /** Whether the inventory is booked (false once failed or cancelled). */
  booked: boolean;
  booking: Booking;
  history: { at: string; status: OrderStatus; by: string }[];
}

/** The shipping methods every site offers (Shopper Baskets lists them per shipment). */
export const SHIPPING_METHODS = [
  { id: 'standard', name: 'Ground', description: 'Order received within 7-10 business days', price: 5.99 },
  { id: 'express', name: 'Express', description: 'Order received within 2 business days', price: 15.99 },
] as const;

/** The payment methods a basket may use. */
export const PAYMENT_METHODS = [
  { id: 'CREDIT_CARD', name: 'Credit Card' },
  { id: 'GIFT_CERTIFICATE', name: 'Gift Certificate' },
] as const;
