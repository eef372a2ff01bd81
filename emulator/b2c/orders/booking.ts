import type { AppError } from '../../core/errors/app-error.js';
import { own } from '../../core/objects.js';
import type { BasketHolds } from '../basket-reservation/service.js';
import { placed, summed, type CheckoutDeps } from '../checkout/deps.js';
import { notAvailable } from '../checkout/errors.js';
import type { Basket, Booking, HeldLine, Order } from '../checkout/model.js';
import { OciUnavailable } from '../oci-reservations/client.js';

// What an order takes from inventory, per mode (b2c-storefront-and-imports.md §3.4, b2c-account-manager.md §4.5):
// - native (B2C, OCI_CACHE): OrderMgr.createOrder fails when an item is unavailable, counting what this basket
//   already holds, then books turnover (on order when the list keeps On Order Inventory); the basket's hold goes.
// - OCI: the basket's reservation document is given up and one for the order is made, all or nothing, with no
//   expiry; OCI refusing is the same failure (and the basket keeps its reservation). While OCI cannot be reached,
//   Continuous Order Capture takes the order on the cached figures and marks it Reservation Missing; B2C then
//   lowers what shoppers see by it until a later job reserves it (capture.ts).
// Failing or cancelling gives back exactly what was taken; undoing either takes it again and can fail.

export class OrderBooking {
  readonly #d: CheckoutDeps;
  readonly #holds: BasketHolds;

  constructor(deps: CheckoutDeps, holds: BasketHolds) {
    this.#d = deps;
    this.#holds = holds;
  }

  /** Takes the basket's stock for the order, or throws product-item-not-available and changes nothing. */
  book(instanceId: string, basket: Basket, orderNo: string): Booking {
    const unlisted = basket.items.find((i) => i.listId === null);
    if (unlisted) throw notAvailable(unlisted.productId, 'the site has no inventory list');
    const lines = summed(basket.items);
    if (this.#d.mode(instanceId) !== 'OCI') {
      this.#check(instanceId, lines, basket.basketId);
      this.#holds.release(basket);
      return { kind: 'native', lines: this.#bookNative(instanceId, lines, false) };
    }
    const where = placed(this.#d, instanceId, lines);
    if ('unpaired' in where) throw notAvailable(lines.find((l) => l.listId === where.unpaired)!.productId, `the list ${where.unpaired} pairs with no OCI place`);
    try {
      this.#d.oci.reachable();
    } catch (error) {
      if (!(error instanceof OciUnavailable)) throw error;
      // Continuous Order Capture: the last known data decides for what the basket's own reservation document does
      // not already hold in OCI; that document stays until the capture job gives it up for the order's.
      const hold = this.#holds.live(basket);
      const held = hold?.kind === 'oci' ? hold.lines : [];
      for (const l of lines) {
        const covered = held.filter((h) => h.listId === l.listId && h.productId === l.productId).reduce((n, h) => n + h.quantity, 0);
        const need = l.quantity - Math.min(covered, l.quantity);
        if (need > 0 && need > this.#d.stock.figures(instanceId, l.listId, l.productId).ats) throw notAvailable(l.productId, `requested quantity ${l.quantity} during an OCI outage`);
      }
      basket.hold = undefined;
      return {
        kind: 'oci',
        tenantGroupId: where.tenantGroupId,
        lines,
        reserved: [],
        status: 'RESERVATION_MISSING',
        ...(hold?.kind === 'oci' ? { basketDocumentId: hold.documentId, heldByBasket: held } : {}),
      };
    }
    const previous = this.#holds.live(basket);
    this.#holds.release(basket);
    const documentId = this.#d.oci.freeId(where.tenantGroupId, `b2c-${instanceId}-order-${orderNo}`);
    const granted = this.#d.oci.reserve({ tenantGroupId: where.tenantGroupId, documentId, externalRefId: orderNo, lines: where.lines, partial: false });
    if (granted.length === 0) {
      if (previous) this.#holds.restore(instanceId, basket, previous);
      throw notAvailable(lines[0]!.productId, 'Omnichannel Inventory refused the reservation');
    }
    return { kind: 'oci', tenantGroupId: where.tenantGroupId, documentId, lines, reserved: granted, status: 'RESERVED' };
  }

  /** Gives back what the order took (a fail or a cancel). */
  unbook(instanceId: string, order: Order): void {
    const b = order.booking;
    if (b.kind === 'native') for (const l of b.lines) this.#d.inventory.book(instanceId, l.listId, l.productId, -l.quantity, l.onOrder);
    else if (b.kind === 'oci') {
      if (b.documentId) this.#d.oci.cancel(b.tenantGroupId, b.documentId);
      if (b.basketDocumentId) this.#d.oci.cancel(b.tenantGroupId, b.basketDocumentId);
    }
  }

  /** Undo fail or undo cancel: takes the stock again in today's mode, or throws 409 `conflict`. */
  rebook(instanceId: string, order: Order, conflict: AppError): Booking {
    const lines = summed(order.items);
    if (this.#d.mode(instanceId) !== 'OCI') {
      try {
        this.#check(instanceId, lines, undefined);
      } catch {
        throw conflict;
      }
      // An order already exported books turnover again, not on order (exporting moved it there once).
      return { kind: 'native', lines: this.#bookNative(instanceId, lines, order.exportStatus === 'exported') };
    }
    const where = placed(this.#d, instanceId, lines);
    if ('unpaired' in where) throw conflict;
    const attempts = (order.booking.kind === 'oci' ? (order.booking.attempts ?? 0) : 0) + 1;
    let granted: HeldLine[];
    let documentId: string;
    try {
      documentId = this.#d.oci.freeId(where.tenantGroupId, `b2c-${instanceId}-order-${order.orderNo}-${attempts}`);
      granted = this.#d.oci.reserve({ tenantGroupId: where.tenantGroupId, documentId, externalRefId: order.orderNo, lines: where.lines, partial: false });
    } catch (error) {
      if (error instanceof OciUnavailable) throw conflict;
      throw error;
    }
    if (granted.length === 0) throw conflict;
    return { kind: 'oci', tenantGroupId: where.tenantGroupId, documentId, lines, reserved: granted, status: 'RESERVED', attempts };
  }

  #check(instanceId: string, lines: readonly HeldLine[], basketId: string | undefined): void {
    for (const l of lines) {
      if (l.quantity > this.#d.stock.available(instanceId, l.listId, l.productId, basketId)) throw notAvailable(l.productId, `requested quantity ${l.quantity}`);
    }
  }

  #bookNative(instanceId: string, lines: readonly HeldLine[], exported: boolean): (HeldLine & { onOrder: boolean })[] {
    const booked: (HeldLine & { onOrder: boolean })[] = [];
    for (const l of lines) {
      const onOrder = !exported && own(this.#d.inventory.state(instanceId).inventoryLists, l.listId)?.onOrderInventoryEnabled === true;
      if (this.#d.inventory.book(instanceId, l.listId, l.productId, l.quantity, onOrder)) booked.push({ ...l, onOrder });
    }
    return booked;
  }
}
