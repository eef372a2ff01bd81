import { AppError } from '../../core/errors/app-error.js';
import type { Shopper } from '../baskets/model.js';
import type { CheckoutDeps } from '../checkout/deps.js';
import { basketNotFound, customerInvalid, orderNotFound, statusTransition } from '../checkout/errors.js';
import type { Basket, Order, OrderStatus } from '../checkout/model.js';
import type { OrderBooking } from './booking.js';

// Shopper Orders (create from a basket, get, fail) and the admin status changes of Orders Admin and OCAPI Data
// (b2c-storefront-and-imports.md §3.6, §5): fail (CREATED → FAILED, inventory back, the basket reopened with
// failed_with_reopen when its shopper has no other), undo fail (FAILED → CREATED, takes the stock again), place
// (CREATED → NEW/OPEN/COMPLETED), cancel (CREATED/NEW/OPEN/COMPLETED → CANCELLED, inventory back), undo cancel
// (back to NEW/OPEN/COMPLETED, takes the stock again). Everything else is a 409 order-status-transition.

export type StatusTarget = OrderStatus | 'failed_with_reopen';

const PLACED = new Set<OrderStatus>(['new', 'open', 'completed']);

export class OrderService {
  readonly #d: CheckoutDeps;
  readonly #booking: OrderBooking;
  /** Called when an order is taken without its OCI reservation (the capture job arms itself). */
  onMissing: (instanceId: string) => void = () => {};

  constructor(deps: CheckoutDeps, booking: OrderBooking) {
    this.#d = deps;
    this.#booking = booking;
  }

  create(instanceId: string, shopper: Shopper, basketId: string): Order {
    const checkout = this.#d.checkout(instanceId);
    const basket = checkout.baskets.get(basketId);
    if (!basket || basket.siteId !== shopper.siteId) throw basketNotFound(basketId);
    if (basket.customerId !== shopper.customerId) throw customerInvalid();
    checkReady(basket);
    const orderNo = checkout.nextOrderNo();
    let booking;
    try {
      booking = this.#booking.book(instanceId, basket, orderNo);
    } finally {
      checkout.changedBasket(basket);
      this.#d.touch(instanceId);
    }
    const now = this.#d.clock.iso();
    const order: Order = {
      orderNo,
      orderToken: this.#d.newId(instanceId, 32),
      siteId: basket.siteId,
      basketId,
      customerId: basket.customerId,
      status: 'created',
      exportStatus: 'not_exported',
      paymentStatus: 'not_paid',
      confirmationStatus: 'not_confirmed',
      shippingStatus: 'not_shipped',
      currency: basket.currency,
      creationDate: now,
      lastModified: now,
      items: basket.items,
      ...(basket.email !== undefined ? { email: basket.email } : {}),
      shipments: basket.shipments,
      ...(basket.billingAddress ? { billingAddress: basket.billingAddress } : {}),
      paymentInstruments: basket.paymentInstruments,
      booked: true,
      booking,
      history: [{ at: now, status: 'created', by: 'storefront' }],
    };
    checkout.putOrder(order);
    // After createOrder the basket is gone (OrderMgr marks it for removal).
    checkout.deleteBasket(basketId);
    this.#d.touch(instanceId);
    const reservation = booking.kind === 'oci' ? booking.status : undefined;
    this.#d.journal.emit({
      type: 'b2c.order.created',
      tenant: instanceId,
      data: { orderNo, siteId: order.siteId, mode: this.#d.mode(instanceId), lines: order.items.map((i) => ({ productId: i.productId, quantity: i.quantity, listId: i.listId })), ...(reservation ? { reservation } : {}) },
    });
    if (reservation === 'RESERVATION_MISSING') this.onMissing(instanceId);
    return order;
  }

  /**
   * Native orders still holding their units and not exported: what OCI cannot know at the switch (the guide:
   * export every order that already has reserved inventory before activating).
   */
  openNative(instanceId: string): { orders: number; units: number } {
    let orders = 0;
    let units = 0;
    for (const o of this.#d.checkout(instanceId).orders.values()) {
      if (o.booking.kind !== 'native' || !o.booked || o.exportStatus === 'exported' || o.status === 'failed' || o.status === 'cancelled') continue;
      orders++;
      for (const l of o.booking.lines) units += l.quantity;
    }
    return { orders, units };
  }

  /** The order of a site (an order of another site is unknown there). */
  siteOrder(instanceId: string, siteId: string, orderNo: string): Order {
    const order = this.#d.checkout(instanceId).orders.get(orderNo);
    if (!order || order.siteId !== siteId) throw orderNotFound(orderNo);
    return order;
  }

  /** The shopper's own order on their site (another shopper's is unknown to them). */
  shopperOrder(instanceId: string, shopper: Shopper, orderNo: string): Order {
    const order = this.#d.checkout(instanceId).orders.get(orderNo);
    if (!order || order.siteId !== shopper.siteId || order.customerId !== shopper.customerId) throw orderNotFound(orderNo);
    return order;
  }

  /** A status change; answers the reopened basket's id when failed_with_reopen reopened one. */
  changeStatus(instanceId: string, order: Order, target: StatusTarget, by: string): { order: Order; reopened?: string } {
    const from = order.status;
    const to: OrderStatus = target === 'failed_with_reopen' ? 'failed' : target;
    if (from === to && PLACED.has(to)) return { order };
    let reopened: string | undefined;
    if (to === 'failed') {
      if (from !== 'created') throw statusTransition(order.orderNo, from, to);
      this.#rollBack(instanceId, order);
      if (target === 'failed_with_reopen') reopened = this.#reopen(instanceId, order);
    } else if (to === 'cancelled') {
      if (from !== 'created' && !PLACED.has(from)) throw statusTransition(order.orderNo, from, to);
      this.#rollBack(instanceId, order);
    } else if (to === 'created') {
      if (from !== 'failed') throw statusTransition(order.orderNo, from, to);
      order.booking = this.#booking.rebook(instanceId, order, new AppError(409, 'undo-fail-order', `The failed order with number '${order.orderNo}' cannot be reopened.`));
      order.booked = true;
    } else if (PLACED.has(to)) {
      if (from === 'cancelled') {
        order.booking = this.#booking.rebook(instanceId, order, new AppError(409, 'undo-cancel-order', `The cancelled order with number '${order.orderNo}' cannot be reopened: its inventory is no longer available.`));
        order.booked = true;
      } else if (from !== 'created' && !PLACED.has(from)) throw statusTransition(order.orderNo, from, to);
    } else throw statusTransition(order.orderNo, from, to);
    order.status = to;
    order.lastModified = this.#d.clock.iso();
    order.history.push({ at: order.lastModified, status: to, by });
    this.#d.checkout(instanceId).putOrder(order);
    this.#d.touch(instanceId);
    this.#d.journal.emit({ type: 'b2c.order.status', tenant: instanceId, data: { orderNo: order.orderNo, from, to, by, booked: order.booked } });
    return { order, ...(reopened ? { reopened } : {}) };
  }

  /** OCAPI Data export_status; exporting moves on-order units into turnover. */
  setExportStatus(instanceId: string, order: Order, status: Order['exportStatus']): void {
    if (status === 'exported' && order.exportStatus !== 'exported' && order.booked && order.booking.kind === 'native') {
      for (const l of order.booking.lines) {
        if (!l.onOrder) continue;
        this.#d.inventory.book(instanceId, l.listId, l.productId, -l.quantity, true);
        this.#d.inventory.book(instanceId, l.listId, l.productId, l.quantity, false);
        l.onOrder = false;
      }
    }
    order.exportStatus = status;
    order.lastModified = this.#d.clock.iso();
    this.#d.checkout(instanceId).putOrder(order);
    this.#d.touch(instanceId);
    this.#d.journal.emit({ type: 'b2c.order.export-status', tenant: instanceId, data: { orderNo: order.orderNo, status } });
  }

  #rollBack(instanceId: string, order: Order): void {
    if (!order.booked) return;
    this.#booking.unbook(instanceId, order);
    order.booked = false;
  }

  /** failed_with_reopen: the order's basket comes back when its shopper has no other open basket. */
  #reopen(instanceId: string, order: Order): string | undefined {
    const checkout = this.#d.checkout(instanceId);
    if (checkout.basketOf(order.siteId, order.customerId) || checkout.baskets.has(order.basketId)) return undefined;
    const now = this.#d.clock.iso();
    const basket: Basket = {
      basketId: order.basketId,
      siteId: order.siteId,
      customerId: order.customerId,
      currency: order.currency,
      creationDate: now,
      lastModified: now,
      items: structuredClone(order.items),
      shipments: structuredClone(order.shipments),
      paymentInstruments: structuredClone(order.paymentInstruments),
      ...(order.email !== undefined ? { email: order.email } : {}),
      ...(order.billingAddress ? { billingAddress: structuredClone(order.billingAddress) } : {}),
    };
    checkout.putBasket(basket);
    return basket.basketId;
  }
}

/** createOrder needs items, a shipping address and method, a billing address and a payment instrument. */
function checkReady(basket: Basket): void {
  const missing: string[] = [];
  if (basket.items.length === 0) missing.push('product items');
  const me = basket.shipments[0];
  if (!me?.shippingAddress) missing.push('a shipping address');
  if (!me?.shippingMethodId) missing.push('a shipping method');
  if (!basket.billingAddress) missing.push('a billing address');
  if (basket.paymentInstruments.length === 0) missing.push('a payment instrument');
  if (missing.length > 0) throw new AppError(400, 'bad-request', `The basket with ID '${basket.basketId}' cannot become an order: it has no ${missing.join(', ')}.`);
}
