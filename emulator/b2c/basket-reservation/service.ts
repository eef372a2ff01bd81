import { OciUnavailable } from '../oci-reservations/client.js';
import { placed, summed, type CheckoutDeps } from '../checkout/deps.js';
import type { Basket, BasketHold, HeldLine } from '../checkout/model.js';
import type { ReservationOutcome, StatusItem } from './model.js';

// Basket.reserveInventory(minutes, removeIfNotAvailable) and Basket.releaseInventory(), which real storefronts call
// from a hook or a custom API (there is no SCAPI endpoint; b2c-storefront-and-imports.md §3.5):
// - each call replaces the basket's previous reservation; 10 minutes by default, 240 at most;
// - it fails (ERROR) when any item cannot be reserved, leaving the previous reservation as it was, unless
//   removeIfNotAvailable, which cuts quantities (ITEM_QUANTITY_REDUCED) or removes items (ITEM_REMOVED);
// - native modes: B2C keeps the hold itself; it does not lower what shoppers see, only what other baskets may take;
// - OCI mode: the hold is an OCI reservation document at the list's place, expiring with the reservation, so it
//   lowers ATO for everyone (once the delta reaches the cache).

export const DEFAULT_MINUTES = 10;
export const MAX_MINUTES = 240;

export class BasketHolds {
  readonly #d: CheckoutDeps;

  constructor(deps: CheckoutDeps) {
    this.#d = deps;
  }

  /** The basket's reservation if it still holds (an expired one holds nothing). */
  live(basket: Basket): BasketHold | undefined {
    return basket.hold && basket.hold.expiresAt > this.#d.clock.now() ? basket.hold : undefined;
  }

  /** Reserves the basket's items for `minutes`; changes the basket in place (the caller keeps it). */
  reserve(instanceId: string, basket: Basket, minutes: number, removeIfNotAvailable: boolean): ReservationOutcome {
    const wanted = summed(basket.items);
    const unlisted = basket.items.filter((i) => i.listId === null);
    if (this.#d.mode(instanceId) === 'OCI') return this.#reserveInOci(instanceId, basket, wanted, unlisted.map((i) => i.itemId), minutes, removeIfNotAvailable);
    const short = new Map<string, number>();
    for (const l of wanted) {
      const available = this.#d.stock.available(instanceId, l.listId, l.productId, basket.basketId);
      if (l.quantity > available) short.set(key(l), Math.floor(available));
    }
    if ((short.size > 0 || unlisted.length > 0) && !removeIfNotAvailable) return refused('INVENTORY_RESERVATION_FAILED', 'Some product items could not be reserved.');
    const items = cut(basket, short, unlisted.map((i) => i.itemId));
    const expiresAt = this.#d.clock.now() + minutes * 60_000;
    const lines = summed(basket.items);
    // A reservation made in OCI mode before the integration was turned off goes back to OCI now.
    if (basket.hold?.kind === 'oci') this.#d.oci.cancel(basket.hold.tenantGroupId, basket.hold.documentId);
    basket.hold = lines.length > 0 ? { kind: 'native', expiresAt, lines } : undefined;
    return { status: 'OK', items, ...(basket.hold ? { expiry: expiresAt } : {}) };
  }

  /** Gives back what the basket holds. */
  release(basket: Basket): void {
    const hold = basket.hold;
    basket.hold = undefined;
    if (hold?.kind === 'oci') this.#d.oci.cancel(hold.tenantGroupId, hold.documentId);
  }

  #reserveInOci(instanceId: string, basket: Basket, wanted: HeldLine[], unlisted: string[], minutes: number, remove: boolean): ReservationOutcome {
    if (wanted.length === 0 && unlisted.length === 0) {
      this.release(basket);
      return { status: 'OK', items: [] };
    }
    try {
      this.#d.oci.reachable();
    } catch (error) {
      if (error instanceof OciUnavailable) return refused('OCI_UNAVAILABLE', error.message);
      throw error;
    }
    const where = placed(this.#d, instanceId, wanted);
    if ('unpaired' in where || unlisted.length > 0) {
      // A list that pairs with no OCI place has nothing OCI could reserve.
      if (!remove) return refused('INVENTORY_RESERVATION_FAILED', 'unpaired' in where ? `The inventory list '${where.unpaired}' pairs with no Omnichannel Inventory place.` : 'Some product items have no inventory list.');
      const unpaired = new Map<string, number>(wanted.filter((l) => 'unpaired' in where && this.#d.pairing(instanceId, l.listId) === null).map((l) => [key(l), 0]));
      const items = cut(basket, unpaired, unlisted);
      const rest = this.#reserveInOci(instanceId, basket, summed(basket.items), [], minutes, remove);
      return { ...rest, items: [...items, ...rest.items] };
    }
    const previous = this.live(basket);
    if (basket.hold?.kind === 'oci') this.#d.oci.cancel(basket.hold.tenantGroupId, basket.hold.documentId);
    basket.hold = undefined;
    if (wanted.length === 0) return { status: 'OK', items: [] };
    const expiresAt = this.#d.clock.now() + minutes * 60_000;
    const granted = this.#document(instanceId, basket, where.tenantGroupId, where.lines, minutes * 60, remove);
    if (!remove && granted.lines.length === 0) {
      if (previous) this.restore(instanceId, basket, previous);
      return refused('INVENTORY_RESERVATION_FAILED', 'Omnichannel Inventory could not reserve every product item.');
    }
    const short = new Map<string, number>();
    for (const l of wanted) {
      const got = granted.lines.filter((g) => g.listId === l.listId && g.productId === l.productId).reduce((n, g) => n + g.quantity, 0);
      if (got < l.quantity) short.set(key(l), got);
    }
    const items = cut(basket, short, []);
    if (granted.lines.length > 0) basket.hold = { kind: 'oci', expiresAt, lines: granted.lines, tenantGroupId: where.tenantGroupId, documentId: granted.documentId };
    return { status: 'OK', items, ...(basket.hold ? { expiry: expiresAt } : {}) };
  }

  /** A new reservation document for the basket (each replaces the last under the next id). */
  #document(instanceId: string, basket: Basket, tenantGroupId: string, lines: (HeldLine & { placeType: 'group' | 'location' })[], seconds: number, partial: boolean): { documentId: string; lines: HeldLine[] } {
    basket.holdCount = (basket.holdCount ?? 0) + 1;
    const documentId = this.#d.oci.freeId(tenantGroupId, `b2c-${instanceId}-basket-${basket.basketId}-${basket.holdCount}`);
    const granted = this.#d.oci.reserve({ tenantGroupId, documentId, externalRefId: basket.basketId, lines, expirationSeconds: Math.max(1, Math.min(seconds, MAX_MINUTES * 60)), partial });
    return { documentId, lines: granted };
  }

  /** Puts back a reservation this call gave up (the new one failed), for what was left of its time. */
  restore(instanceId: string, basket: Basket, previous: BasketHold): void {
    if (previous.kind !== 'oci') return;
    const where = placed(this.#d, instanceId, previous.lines);
    if ('unpaired' in where) return;
    const seconds = Math.ceil((previous.expiresAt - this.#d.clock.now()) / 1000);
    const granted = this.#document(instanceId, basket, where.tenantGroupId, where.lines, seconds, true);
    if (granted.lines.length > 0) basket.hold = { kind: 'oci', expiresAt: previous.expiresAt, lines: granted.lines, tenantGroupId: where.tenantGroupId, documentId: granted.documentId };
  }
}

const key = (l: { listId: string; productId: string }) => `${l.listId}\u0000${l.productId}`;

function refused(code: string, message: string): ReservationOutcome {
  return { status: 'ERROR', code, message, items: [] };
}

/**
 * removeIfNotAvailable: each product short of stock keeps what could be had (its items cut in order, the last
 * first), and items with no list go; what changed, as status items.
 */
function cut(basket: Basket, short: Map<string, number>, unlisted: string[]): StatusItem[] {
  const out: StatusItem[] = [];
  const remaining = new Map(short);
  for (let i = basket.items.length - 1; i >= 0; i--) {
    const item = basket.items[i]!;
    if (unlisted.includes(item.itemId)) {
      basket.items.splice(i, 1);
      out.push({ code: 'ITEM_REMOVED', itemId: item.itemId, productId: item.productId, quantity: 0 });
      continue;
    }
    if (item.listId === null) continue;
    const k = key({ listId: item.listId, productId: item.productId });
    if (!remaining.has(k)) continue;
    const allowed = remaining.get(k)!;
    const others = basket.items.filter((x, j) => j < i && x.listId === item.listId && x.productId === item.productId).reduce((n, x) => n + x.quantity, 0);
    const keep = Math.max(0, Math.min(item.quantity, allowed - others));
    if (keep === item.quantity) continue;
    if (keep === 0) {
      basket.items.splice(i, 1);
      out.push({ code: 'ITEM_REMOVED', itemId: item.itemId, productId: item.productId, quantity: 0 });
    } else {
      item.quantity = keep;
      out.push({ code: 'ITEM_QUANTITY_REDUCED', itemId: item.itemId, productId: item.productId, quantity: keep });
    }
  }
  return out.reverse();
}
