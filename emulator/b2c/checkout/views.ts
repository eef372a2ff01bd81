import { SHIPPING_METHODS, type Basket, type LineItem, type Order, type OrderAddress, type PaymentInstrument, type Shipment } from './model.js';

// Baskets and orders as Shopper Baskets v1 and Shopper Orders answer them (camelCase SCAPI documents). Prices are
// net of tax (taxation `net`, no tax configured), so the order total is the items plus shipping.

const money = (n: number) => Math.round(n * 100) / 100;
/** No tax is configured: every tax total of a basket, an order or a shipment is 0. */
const NO_TAX = { merchandizeTotalTax: 0, adjustedMerchandizeTotalTax: 0, shippingTotalTax: 0, adjustedShippingTotalTax: 0, taxTotal: 0 } as const;

function productItem(i: LineItem) {
  const total = money(i.price * i.quantity);
  return {
    itemId: i.itemId,
    productId: i.productId,
    productName: i.productName,
    itemText: i.productName,
    quantity: i.quantity,
    basePrice: i.price,
    price: total,
    priceAfterItemDiscount: total,
    priceAfterOrderDiscount: total,
    taxBasis: total,
    tax: 0,
    adjustedTax: 0,
    taxRate: 0,
    shipmentId: i.shipmentId,
    gift: false,
    bonusProductLineItem: false,
    ...(i.namedList && i.listId ? { inventoryId: i.listId } : {}),
  };
}

function shipment(s: Shipment, items: readonly LineItem[]) {
  const method = SHIPPING_METHODS.find((m) => m.id === s.shippingMethodId);
  const subTotal = money(items.filter((i) => i.shipmentId === s.shipmentId).reduce((n, i) => n + i.price * i.quantity, 0));
  const shippingTotal = method && items.length > 0 ? method.price : 0;
  return {
    shipmentId: s.shipmentId,
    ...(s.shippingAddress ? { shippingAddress: address(s.shippingAddress) } : {}),
    ...(method ? { shippingMethod: { id: method.id, name: method.name, description: method.description, price: method.price } } : {}),
    gift: false,
    productSubTotal: subTotal,
    productTotal: subTotal,
    ...NO_TAX,
    shippingTotal,
    shipmentTotal: money(subTotal + shippingTotal),
  };
}

function address(a: OrderAddress) {
  const fullName = a.fullName ?? [a.firstName, a.lastName].filter(Boolean).join(' ');
  return { ...a, ...(fullName ? { fullName } : {}) };
}

function payment(p: PaymentInstrument) {
  return {
    paymentInstrumentId: p.paymentInstrumentId,
    paymentMethodId: p.paymentMethodId,
    amount: p.amount,
    ...(p.paymentCard ? { paymentCard: p.paymentCard } : {}),
  };
}

/** What baskets and orders share: items, shipments, addresses, payments and totals. */
function body(b: Basket | Order) {
  const shipments = b.shipments.map((s) => shipment(s, b.items));
  const productTotal = money(b.items.reduce((n, i) => n + i.price * i.quantity, 0));
  const shippingTotal = money(shipments.reduce((n, s) => n + s.shippingTotal, 0));
  return {
    currency: b.currency,
    customerInfo: { customerId: b.customerId, ...(b.email !== undefined ? { email: b.email } : {}) },
    productItems: b.items.map(productItem),
    shipments,
    ...(b.billingAddress ? { billingAddress: address(b.billingAddress) } : {}),
    paymentInstruments: b.paymentInstruments.map(payment),
    productSubTotal: productTotal,
    productTotal,
    ...NO_TAX,
    shippingTotal,
    orderTotal: money(productTotal + shippingTotal),
    taxation: 'net',
    channelType: 'storefront',
    creationDate: b.creationDate,
    lastModified: b.lastModified,
  };
}

/** `inventoryReservationExpiry` only while the basket's reservation holds (null once it expired). */
export function basketView(b: Basket, now: number) {
  const expiry = b.hold && b.hold.expiresAt > now ? new Date(b.hold.expiresAt).toISOString() : undefined;
  return { basketId: b.basketId, ...body(b), ...(expiry ? { inventoryReservationExpiry: expiry } : {}) };
}

/** The order; `c_ociReservationStatus` says, in Omnichannel Inventory mode, whether OCI holds its stock. */
export function orderView(o: Order) {
  return {
    orderNo: o.orderNo,
    orderToken: o.orderToken,
    siteId: o.siteId,
    // SCAPI's status enum has no `open` (OCAPI Data can set it): the Commerce API shows it as `new`. [decision]
    status: o.status === 'open' ? 'new' : o.status,
    exportStatus: o.exportStatus,
    paymentStatus: o.paymentStatus,
    confirmationStatus: o.confirmationStatus,
    shippingStatus: o.shippingStatus,
    createdBy: 'Customer',
    guest: true,
    ...body(o),
    ...(o.booking.kind === 'oci' ? { c_ociReservationStatus: o.booking.status } : {}),
  };
}
