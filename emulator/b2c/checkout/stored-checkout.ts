import type { Journaled, JournalType } from '../../core/store/journaled.js';
import { JournaledMap, replayInto } from '../../core/store/journaled-map.js';
import { CHECKOUT_JOURNAL, type Basket, type Order } from './model.js';

// Baskets and orders as they are kept: journaled maps, so an order placed writes that order, not every order.
// Two indexes are derived, never stored: each shopper's open basket (one per shopper and site), and what native
// basket reservations hold per list and product (what other baskets may not take).

const key = (listId: string, productId: string) => `${listId}\u0000${productId}`;

export class StoredCheckout implements Journaled {
  readonly journalType = CHECKOUT_JOURNAL;
  readonly baskets = new JournaledMap<Basket>('baskets');
  readonly orders = new JournaledMap<Order>('orders');
  /** `orderNo`: the last order number given. */
  readonly counters = new JournaledMap<number>('counters');
  #byShopper: Map<string, string> | undefined;
  #held: Map<string, Map<string, { quantity: number; expiresAt: number }>> | undefined;
  /** The keys each basket's hold was indexed under (a basket changed in place no longer knows its old lines). */
  readonly #heldKeys = new Map<string, string[]>();
  #missing: Map<string, Map<string, number>> | undefined;
  /** The orders waiting for their OCI reservation (some may hold nothing locally: their basket's document does). */
  readonly #missingNos = new Set<string>();

  basketOf(siteId: string, customerId: string): Basket | undefined {
    const id = this.#shoppers().get(`${siteId}\u0000${customerId}`);
    return id === undefined ? undefined : this.baskets.get(id);
  }

  putBasket(basket: Basket): void {
    const before = this.baskets.get(basket.basketId);
    if (before) this.#unindex(before);
    this.baskets.set(basket.basketId, basket);
    this.#index(basket);
  }

  /** The basket changed in place (its hold, items or addresses). */
  changedBasket(basket: Basket): void {
    this.#unindexHeld(basket.basketId);
    this.baskets.changed(basket.basketId);
    this.#index(basket);
  }

  deleteBasket(basketId: string): void {
    const basket = this.baskets.get(basketId);
    if (!basket) return;
    this.#unindex(basket);
    this.baskets.delete(basketId);
  }

  /** Units native basket reservations of other baskets hold on a list's product now (expired ones hold nothing). */
  heldByOthers(listId: string, productId: string, basketId: string | undefined, now: number): number {
    const holders = this.#holds().get(key(listId, productId));
    if (!holders) return 0;
    let units = 0;
    for (const [holder, h] of holders) if (holder !== basketId && h.expiresAt > now) units += h.quantity;
    return units;
  }

  /** An order was placed or changed: keep the index of orders still missing their OCI reservation. */
  putOrder(order: Order): void {
    this.orders.set(order.orderNo, order);
    const missing = this.#missingIndex();
    if (this.#missingNos.delete(order.orderNo)) {
      for (const [k, holders] of missing) if (holders.delete(order.orderNo) && holders.size === 0) missing.delete(k);
    }
    this.#indexMissing(order);
  }

  /** Units of a list's product that orders taken during an OCI outage hold locally (B2C lowers ATO at once). */
  heldByMissing(listId: string, productId: string): number {
    const index = this.#missingIndex();
    // Almost always empty: only orders taken during an OCI outage, until the job reserves them.
    if (index.size === 0) return 0;
    let units = 0;
    for (const q of index.get(key(listId, productId))?.values() ?? []) units += q;
    return units;
  }

  /** Orders still waiting for their OCI reservation, oldest first. */
  missingOrders(): Order[] {
    this.#missingIndex();
    return [...this.#missingNos].sort((a, b) => Number(a) - Number(b)).map((no) => this.orders.get(no)!);
  }

  #missingIndex(): Map<string, Map<string, number>> {
    if (!this.#missing) {
      this.#missing = new Map();
      for (const o of this.orders.values()) this.#indexMissing(o);
    }
    return this.#missing;
  }

  #indexMissing(order: Order): void {
    if (!this.#missing || order.booking.kind !== 'oci' || order.booking.status !== 'RESERVATION_MISSING' || !order.booked) return;
    this.#missingNos.add(order.orderNo);
    // What the basket's own reservation document still holds in OCI is not lowered a second time.
    const inOci = order.booking.heldByBasket ?? [];
    for (const line of order.booking.lines) {
      const held = inOci.filter((h) => h.listId === line.listId && h.productId === line.productId).reduce((n, h) => n + h.quantity, 0);
      const units = line.quantity - Math.min(held, line.quantity);
      if (units <= 0) continue;
      const k = key(line.listId, line.productId);
      let holders = this.#missing.get(k);
      if (!holders) this.#missing.set(k, (holders = new Map()));
      holders.set(order.orderNo, (holders.get(order.orderNo) ?? 0) + units);
    }
  }

  /** A number never given before in this instance (ids are made from it, so a restart never repeats one). */
  nextSerial(): number {
    const n = (this.counters.get('serial') ?? 0) + 1;
    this.counters.set('serial', n);
    return n;
  }

  nextOrderNo(): string {
    const n = (this.counters.get('orderNo') ?? 0) + 1;
    this.counters.set('orderNo', n);
    return String(n).padStart(8, '0');
  }

  #shoppers(): Map<string, string> {
    if (!this.#byShopper) {
      this.#byShopper = new Map();
      for (const b of this.baskets.values()) this.#byShopper.set(`${b.siteId}\u0000${b.customerId}`, b.basketId);
    }
    return this.#byShopper;
  }

  #holds(): Map<string, Map<string, { quantity: number; expiresAt: number }>> {
    if (!this.#held) {
      this.#held = new Map();
      for (const b of this.baskets.values()) this.#indexHeld(b);
    }
    return this.#held;
  }

  #index(basket: Basket): void {
    this.#shoppers().set(`${basket.siteId}\u0000${basket.customerId}`, basket.basketId);
    this.#indexHeld(basket);
  }

  #indexHeld(basket: Basket): void {
    if (!this.#held || basket.hold?.kind !== 'native') return;
    const keys: string[] = [];
    this.#heldKeys.set(basket.basketId, keys);
    for (const line of basket.hold.lines) {
      const k = key(line.listId, line.productId);
      keys.push(k);
      let holders = this.#held.get(k);
      if (!holders) this.#held.set(k, (holders = new Map()));
      const h = holders.get(basket.basketId);
      holders.set(basket.basketId, { quantity: (h?.quantity ?? 0) + line.quantity, expiresAt: basket.hold.expiresAt });
    }
  }

  #unindex(basket: Basket): void {
    const k = `${basket.siteId}\u0000${basket.customerId}`;
    if (this.#byShopper?.get(k) === basket.basketId) this.#byShopper.delete(k);
    this.#unindexHeld(basket.basketId);
  }

  #unindexHeld(basketId: string): void {
    const keys = this.#heldKeys.get(basketId);
    if (!keys) return;
    this.#heldKeys.delete(basketId);
    for (const k of keys) this.#held?.get(k)?.delete(basketId);
  }

  drain(): Buffer[] | 'image' {
    if (this.baskets.mostlyChanged || this.orders.mostlyChanged) return 'image';
    const frames: Buffer[] = [];
    this.baskets.drainInto(frames);
    this.orders.drainInto(frames);
    this.counters.drainInto(frames);
    return frames;
  }

  forget(): void {
    this.baskets.forget();
    this.orders.forget();
    this.counters.forget();
  }

  *image(): Iterator<Buffer> {
    yield* this.counters.imageFrames();
    yield* this.baskets.imageFrames();
    yield* this.orders.imageFrames();
  }

  static load(frames: Iterable<Buffer>): StoredCheckout {
    const stored = new StoredCheckout();
    replayInto(frames, [stored.baskets, stored.orders, stored.counters] as JournaledMap<unknown>[], 'checkout');
    stored.forget();
    return stored;
  }
}

export const checkoutJournal: JournalType = { name: CHECKOUT_JOURNAL, load: (frames) => StoredCheckout.load(frames) };
