import { AppError } from '../../core/errors/app-error.js';
import { own } from '../../core/objects.js';
import type { BasketHolds } from '../basket-reservation/service.js';
import type { ReservationOutcome } from '../basket-reservation/model.js';
import { summed, type CheckoutDeps } from '../checkout/deps.js';
import { PAYMENT_METHODS, SHIPPING_METHODS, type Basket, type LineItem, type OrderAddress, type PaymentInstrument } from '../checkout/model.js';
import { basketNotFound, customerInvalid, notAvailable } from '../checkout/errors.js';
import { MAX_LINE_QUANTITY, MAX_LINES, MAX_PAYMENTS, type BasketPrefill, type ItemInput, type Shopper } from './model.js';

// Shopper Baskets v1 as far as a checkout needs it (b2c-storefront-and-imports.md §3.2–§3.3): one open basket per
// shopper and site; items checked against what the basket may take (native: ATS less other baskets' live
// reservations; OCI: the cache); the default shipment `me`; addresses, a shipping method, payment instruments.
// Adding to a basket reserves nothing, unless the site's preference stands in for custom code that reserves on
// every item change (then a reservation that fails undoes the change, as a hook throwing would).

export class BasketService {
  readonly #d: CheckoutDeps;
  readonly #holds: BasketHolds;
  readonly #preference: (instanceId: string, siteId: string) => { onItemChange: boolean; minutes: number };

  constructor(deps: CheckoutDeps, holds: BasketHolds, preference: (instanceId: string, siteId: string) => { onItemChange: boolean; minutes: number }) {
    this.#d = deps;
    this.#holds = holds;
    this.#preference = preference;
  }

  create(instanceId: string, shopper: Shopper, input: BasketPrefill): Basket {
    const checkout = this.#d.checkout(instanceId);
    const open = checkout.basketOf(shopper.siteId, shopper.customerId);
    if (open) {
      throw new AppError(400, 'customer-baskets-quota-exceeded', `The maximum number of baskets per customer was exceeded. Please reuse or delete one of the existing baskets (${open.basketId}).`, {
        details: { basketIds: open.basketId },
      });
    }
    const now = this.#d.clock.iso();
    const basketId = this.#d.newId(instanceId, 26);
    const basket: Basket = { basketId, siteId: shopper.siteId, customerId: shopper.customerId, currency: 'USD', creationDate: now, lastModified: now, items: [], shipments: [{ shipmentId: 'me' }], paymentInstruments: [] };
    if (input.email !== undefined) basket.email = input.email;
    if (input.shippingAddress) basket.shipments[0]!.shippingAddress = input.shippingAddress;
    if (input.shippingMethodId !== undefined) {
      checkShippingMethod(input.shippingMethodId);
      basket.shipments[0]!.shippingMethodId = input.shippingMethodId;
    }
    if (input.billingAddress) basket.billingAddress = input.billingAddress;
    for (const p of input.payments ?? []) {
      checkPaymentMethod(p.paymentMethodId);
      basket.paymentInstruments.push({ paymentInstrumentId: this.#d.newId(instanceId, 26), ...p });
    }
    if (input.items?.length) {
      this.#addItems(instanceId, basket, input.items);
      this.#autoReserve(instanceId, basket);
    }
    checkout.putBasket(basket);
    this.#changed(instanceId, basket, input.items?.length ? 'items' : undefined);
    this.#d.journal.emit({ type: 'b2c.basket.created', tenant: instanceId, data: { basketId, siteId: shopper.siteId } });
    return basket;
  }

  /** The shopper's basket: 404 when unknown, 400 "The customer is invalid." when another shopper's. */
  get(instanceId: string, shopper: Shopper, basketId: string): Basket {
    const basket = this.#d.checkout(instanceId).baskets.get(basketId);
    if (!basket || basket.siteId !== shopper.siteId) throw basketNotFound(basketId);
    if (basket.customerId !== shopper.customerId) throw customerInvalid();
    return basket;
  }

  /** The basket's shipment (404 shipment-not-found); every site offers the same shipping methods. */
  shipment(instanceId: string, shopper: Shopper, basketId: string, shipmentId: string) {
    return shipmentOf(this.get(instanceId, shopper, basketId), shipmentId);
  }

  delete(instanceId: string, shopper: Shopper, basketId: string): void {
    const basket = this.get(instanceId, shopper, basketId);
    this.#holds.release(basket);
    this.#d.checkout(instanceId).deleteBasket(basketId);
    this.#d.touch(instanceId);
  }

  addItems(instanceId: string, shopper: Shopper, basketId: string, items: ItemInput[]): Basket {
    return this.#edit(instanceId, shopper, basketId, (basket) => this.#addItems(instanceId, basket, items));
  }

  /** PATCH an item: quantity 0 removes it. */
  updateItem(instanceId: string, shopper: Shopper, basketId: string, itemId: string, quantity: number): Basket {
    return this.#edit(instanceId, shopper, basketId, (basket) => {
      const item = itemOf(basket, itemId);
      if (quantity === 0) basket.items = basket.items.filter((i) => i !== item);
      else {
        item.quantity = quantity;
        this.#checkStock(instanceId, basket, item.productId);
      }
    });
  }

  removeItem(instanceId: string, shopper: Shopper, basketId: string, itemId: string): Basket {
    return this.#edit(instanceId, shopper, basketId, (basket) => {
      const item = itemOf(basket, itemId);
      basket.items = basket.items.filter((i) => i !== item);
    });
  }

  setCustomer(instanceId: string, shopper: Shopper, basketId: string, email: string): Basket {
    return this.#edit(instanceId, shopper, basketId, (b) => void (b.email = email), false);
  }

  setShippingAddress(instanceId: string, shopper: Shopper, basketId: string, shipmentId: string, address: OrderAddress): Basket {
    return this.#edit(instanceId, shopper, basketId, (b) => void (shipmentOf(b, shipmentId).shippingAddress = address), false);
  }

  setShippingMethod(instanceId: string, shopper: Shopper, basketId: string, shipmentId: string, methodId: string): Basket {
    return this.#edit(
      instanceId,
      shopper,
      basketId,
      (b) => {
        const shipment = shipmentOf(b, shipmentId);
        checkShippingMethod(methodId);
        shipment.shippingMethodId = methodId;
      },
      false,
    );
  }

  setBillingAddress(instanceId: string, shopper: Shopper, basketId: string, address: OrderAddress): Basket {
    return this.#edit(instanceId, shopper, basketId, (b) => void (b.billingAddress = address), false);
  }

  addPayment(instanceId: string, shopper: Shopper, basketId: string, payment: Omit<PaymentInstrument, 'paymentInstrumentId'>): Basket {
    return this.#edit(
      instanceId,
      shopper,
      basketId,
      (b) => {
        checkPaymentMethod(payment.paymentMethodId);
        if (b.paymentInstruments.length >= MAX_PAYMENTS) throw new AppError(400, 'bad-request', `A basket holds at most ${MAX_PAYMENTS} payment instruments.`);
        b.paymentInstruments.push({ paymentInstrumentId: this.#d.newId(instanceId, 26), ...payment });
      },
      false,
    );
  }

  removePayment(instanceId: string, shopper: Shopper, basketId: string, paymentInstrumentId: string): Basket {
    return this.#edit(
      instanceId,
      shopper,
      basketId,
      (b) => {
        if (!b.paymentInstruments.some((p) => p.paymentInstrumentId === paymentInstrumentId)) {
          throw new AppError(404, 'payment-instrument-not-found', `No payment instrument with ID '${paymentInstrumentId}' could be found.`);
        }
        b.paymentInstruments = b.paymentInstruments.filter((p) => p.paymentInstrumentId !== paymentInstrumentId);
      },
      false,
    );
  }

  /** The custom API: reserve for `minutes` (replacing the last reservation), or release. */
  reserve(instanceId: string, shopper: Shopper, basketId: string, minutes: number, removeIfNotAvailable: boolean): { outcome: ReservationOutcome; basket: Basket } {
    const basket = this.get(instanceId, shopper, basketId);
    const outcome = this.#holds.reserve(instanceId, basket, minutes, removeIfNotAvailable);
    this.#changed(instanceId, basket, undefined);
    this.#d.journal.emit({ type: 'b2c.basket.reserved', tenant: instanceId, data: { basketId, status: outcome.status, minutes, mode: this.#d.mode(instanceId), lines: basket.hold?.lines.length ?? 0 } });
    return { outcome, basket };
  }

  release(instanceId: string, shopper: Shopper, basketId: string): Basket {
    const basket = this.get(instanceId, shopper, basketId);
    this.#holds.release(basket);
    this.#changed(instanceId, basket, undefined);
    return basket;
  }

  /**
   * Runs a change; item changes are checked, and reserved when the site says so: a reservation that fails undoes a
   * change that asks for more, and leaves one that only asks for less (the previous reservation still covers it).
   */
  #edit(instanceId: string, shopper: Shopper, basketId: string, change: (basket: Basket) => void, items = true): Basket {
    const basket = this.get(instanceId, shopper, basketId);
    // Only the items are put back on failure: a reservation that failed already left the basket's hold as it was.
    const before = structuredClone(basket.items);
    try {
      change(basket);
      if (items) this.#autoReserve(instanceId, basket, before);
    } catch (error) {
      basket.items = before;
      // The hold may have moved all the same (a reservation given up and put back under a new document).
      this.#d.checkout(instanceId).changedBasket(basket);
      this.#d.touch(instanceId);
      throw error;
    }
    this.#changed(instanceId, basket, items ? 'items' : undefined);
    return basket;
  }

  #autoReserve(instanceId: string, basket: Basket, before: readonly LineItem[] = []): void {
    const pref = this.#preference(instanceId, basket.siteId);
    if (!pref.onItemChange) return;
    const outcome = this.#holds.reserve(instanceId, basket, pref.minutes, false);
    if (outcome.status === 'OK') return;
    const was = new Map(summed(before).map((l) => [`${l.listId}\u0000${l.productId}`, l.quantity]));
    const grown = summed(basket.items).find((l) => l.quantity > (was.get(`${l.listId}\u0000${l.productId}`) ?? 0));
    if (grown) throw notAvailable(grown.productId, outcome.message);
  }

  #addItems(instanceId: string, basket: Basket, items: ItemInput[]): void {
    const siteList = this.#d.siteList(instanceId, basket.siteId);
    for (const input of items) {
      const product = this.#d.catalog.find(instanceId, input.productId);
      if (!product || !product.online) throw new AppError(400, 'product-not-found', `No product with ID '${input.productId}' is online in the site catalog.`);
      if (product.kind === 'master') throw new AppError(400, 'invalid-product-item', `Product '${input.productId}' is a master product: add one of its variants.`);
      if (input.shipmentId !== undefined && input.shipmentId !== 'me') throw new AppError(400, 'shipment-not-found', `No shipment with ID '${input.shipmentId}' could be found.`);
      if (input.inventoryId !== undefined && !own(this.#d.inventory.state(instanceId).inventoryLists, input.inventoryId)) {
        throw new AppError(400, 'invalid-inventory-id', `The inventory list '${input.inventoryId}' does not exist.`);
      }
      const listId = input.inventoryId ?? siteList;
      // Add Product Behavior: a product already in the basket (same list) gets the quantity added.
      const same = basket.items.find((i) => i.productId === input.productId && i.listId === listId);
      if (same) same.quantity += input.quantity;
      else if (basket.items.length >= MAX_LINES) throw new AppError(400, 'bad-request', `A basket holds at most ${MAX_LINES} product items.`);
      else basket.items.push({ itemId: this.#d.newId(instanceId, 26), productId: product.id, productName: product.name, quantity: input.quantity, price: product.price, listId, namedList: input.inventoryId !== undefined, shipmentId: 'me' });
      if ((same?.quantity ?? input.quantity) > MAX_LINE_QUANTITY) throw new AppError(400, 'bad-request', `A product item holds at most ${MAX_LINE_QUANTITY} units.`);
      this.#checkStock(instanceId, basket, product.id);
    }
  }

  /** The basket may hold no more of the product (per list) than it may take. */
  #checkStock(instanceId: string, basket: Basket, productId: string): void {
    const lines = basket.items.filter((i) => i.productId === productId);
    if (lines.some((i) => i.listId === null)) throw notAvailable(productId, 'the site has no inventory list');
    for (const line of summed(lines)) {
      const available = this.#d.stock.available(instanceId, line.listId, productId, basket.basketId);
      if (line.quantity > available) throw notAvailable(productId, `requested quantity ${line.quantity}`);
    }
  }

  #changed(instanceId: string, basket: Basket, what: 'items' | undefined): void {
    basket.lastModified = this.#d.clock.iso();
    this.#d.checkout(instanceId).changedBasket(basket);
    this.#d.touch(instanceId);
    if (what) this.#d.journal.emit({ type: 'b2c.basket.items', tenant: instanceId, data: { basketId: basket.basketId, items: basket.items.map((i) => ({ productId: i.productId, quantity: i.quantity, listId: i.listId })) } });
  }
}

function checkShippingMethod(methodId: string): void {
  if (!SHIPPING_METHODS.some((m) => m.id === methodId)) throw new AppError(400, 'invalid-shipping-method', `The shipping method with ID '${methodId}' is unknown or can't be applied to the basket.`);
}

function checkPaymentMethod(methodId: string): void {
  if (!PAYMENT_METHODS.some((m) => m.id === methodId)) throw new AppError(400, 'invalid-payment-method', `The payment method with ID '${methodId}' is unknown.`);
}

function itemOf(basket: Basket, itemId: string): LineItem {
  const item = basket.items.find((i) => i.itemId === itemId);
  if (!item) throw new AppError(404, 'product-item-not-found', `No product item with ID '${itemId}' could be found in basket '${basket.basketId}'.`);
  return item;
}

function shipmentOf(basket: Basket, shipmentId: string) {
  const shipment = basket.shipments.find((s) => s.shipmentId === shipmentId);
  if (!shipment) throw new AppError(404, 'shipment-not-found', `No shipment with ID '${shipmentId}' could be found.`);
  return shipment;
}
