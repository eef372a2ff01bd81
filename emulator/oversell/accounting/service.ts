import type { EventEntry, Journal } from '../../core/journal.js';
import type { Services } from '../../party.js';
import type { OversellCause } from '../causes.js';
import type { OversellBook, Decision, WantedLine } from './book.js';
import { recordOversold } from './events.js';
import { cellKey, orderKey, type InstanceHistory } from './model.js';

// What the accounting learns from the products' domain events: B2C orders (which view of stock let each through),
// their cancellations, OCI reservations naming an order OCI had missed, and B2C's mode switches.

/** Native orders placed this long before the switch count as taken with the storefront online during it. */
export const SWITCH_WINDOW_MS = 15 * 60_000;
/** How many such reservations are remembered (B2C's own orders reserve before they are told, too). */
const RECENT_RESERVATIONS = 10_000;

/** What an OCI reservation granted, where. */
export interface Grant {
  place: string;
  sku: string;
  quantity: number;
}

interface OrderLineData {
  productId: string;
  quantity: number;
  listId: string | null;
}

export class OversellAccounting {
  readonly #book: OversellBook;
  readonly #services: Services;
  readonly #journal: Journal;
  readonly #now: () => number;
  /** Reservations that named no order yet, newest last (kept in memory: a channel tells its order right after). */
  readonly #recent = new Map<string, Grant[]>();

  constructor(deps: { book: OversellBook; services: Services; journal: Journal; now: () => number }) {
    this.#book = deps.book;
    this.#services = deps.services;
    this.#journal = deps.journal;
    this.#now = deps.now;
  }

  observe(event: EventEntry): void {
    switch (event.type) {
      case 'b2c.order.created':
        return this.#orderCreated(event.tenant!, event.data);
      case 'b2c.order.status':
        return this.#orderStatus(event.tenant!, event.data);
      case 'oci.reservation.created':
        return this.#reserved(event.tenant!, event.data);
      case 'b2c.mode.oci':
        return this.#switched(event.tenant!);
      default:
    }
  }

  #orderCreated(instanceId: string, data: Record<string, unknown>): void {
    const tg = this.#tenantGroupOf(instanceId);
    if (!tg) return;
    const decision = this.#decision(instanceId, data['mode'] as string, data['reservation'] as string | undefined);
    this.#take(instanceId, tg, String(data['orderNo']), data['lines'] as OrderLineData[], decision);
  }

  #orderStatus(instanceId: string, data: Record<string, unknown>): void {
    const to = data['to'];
    const from = data['from'];
    const key = orderKey(`b2c:${instanceId}`, String(data['orderNo']));
    if (to === 'failed' || to === 'cancelled') {
      this.#book.release(key);
      return;
    }
    // Undoing a fail or a cancel takes the stock again, in today's mode.
    if ((from === 'failed' || from === 'cancelled') && data['booked'] === true) {
      const record = this.#book.stored.orders.get(key);
      if (!record || record.open) return;
      const mode = this.#services.b2c?.mode(instanceId) ?? 'B2C';
      const lines = record.lines.map((l) => ({ productId: l.sku, quantity: l.quantity, listId: l.place }));
      this.#take(instanceId, record.tenantGroupId, record.orderRef, lines, this.#decision(instanceId, mode, mode === 'OCI' ? 'RESERVED' : undefined));
    }
  }

  #take(instanceId: string, tg: string, orderNo: string, lines: readonly OrderLineData[], decision: Decision): void {
    const oci = this.#services.oci;
    const wanted: WantedLine[] = [];
    for (const l of lines) {
      if (l.listId === null) continue;
      const placeType = oci?.placeOf(tg, l.listId);
      if (placeType) wanted.push({ place: l.listId, placeType, sku: l.productId, quantity: l.quantity });
    }
    // Its own reservation (made just before) is accounted by the decision, never by a channel order's reference.
    this.#recent.delete(`${tg}\u0000${orderNo}`);
    if (wanted.length === 0) return;
    this.#book.catchUp(tg);
    const source = `b2c:${instanceId}`;
    const record = this.#book.take({ source, orderRef: orderNo, tenantGroupId: tg, at: this.#book.iso(), path: decision.path }, wanted, decision, orderKey(source, orderNo));
    recordOversold(this.#journal, record);
  }

  /** Which view of stock let a B2C order through, and whether OCI knows it. */
  #decision(instanceId: string, mode: string, reservation: string | undefined): Decision {
    if (mode === 'OCI' && reservation === 'RESERVATION_MISSING') {
      // Continuous Order Capture decided on the cache: OCI down is the outage's doing; throttled or too slow,
      // the cache's lag behind OCI is.
      const cause: OversellCause = this.#services.oci?.outage.current()?.kind === 'down' ? 'oci-outage-capture' : 'cache-lag';
      return { path: 'capture', cause, unknownToOci: cause };
    }
    if (mode === 'OCI') return { path: 'oci' };
    const cause: OversellCause = this.#history(instanceId)?.wasOci ? 'turned-off-stale-native' : 'stale-native-data';
    return { path: 'native', cause, unknownToOci: 'unexported-native-reservations' };
  }

  /**
   * A reservation naming an order OCI had missed: those units are known to OCI now. One naming no order yet is
   * remembered for a while: another channel reserves first and then tells the physical world of its order.
   */
  #reserved(tg: string, data: Record<string, unknown>): void {
    const ref = data['externalRefId'];
    const granted = data['granted'] as Grant[] | undefined;
    if (typeof ref !== 'string' || !granted || granted.length === 0) return;
    const keys = this.#book.stored.ordersByRef(tg, ref);
    if (keys.length === 0) {
      const key = `${tg}\u0000${ref}`;
      this.#recent.delete(key);
      this.#recent.set(key, granted);
      if (this.#recent.size > RECENT_RESERVATIONS) this.#recent.delete(this.#recent.keys().next().value!);
      return;
    }
    for (const g of granted) for (const key of keys) this.#book.known(key, g.place, g.sku, g.quantity);
  }

  /** The world was replaced (reset, snapshot restore): references remembered from the old one mean nothing now. */
  forget(): void {
    this.#recent.clear();
  }

  /** What OCI reserved for this reference before the order was told, if anything (forgotten then: one order uses it). */
  reservedBefore(tg: string, orderRef: string): readonly Grant[] | undefined {
    const key = `${tg}\u0000${orderRef}`;
    const grants = this.#recent.get(key);
    this.#recent.delete(key);
    return grants;
  }

  /**
   * Switched to Omnichannel Inventory: native orders still unknown to OCI that were taken in the window before
   * the switch were taken with the storefront online during it; older ones stay unexported reservations.
   */
  #switched(instanceId: string): void {
    const stored = this.#book.stored;
    const history: InstanceHistory = stored.instances.get(instanceId) ?? { wasOci: false, switches: [] };
    const at = this.#book.iso();
    history.wasOci = true;
    history.switches.push(at);
    stored.instances.set(instanceId, history);
    const since = new Date(this.#now() - SWITCH_WINDOW_MS).toISOString();
    const source = `b2c:${instanceId}`;
    for (const [key, record] of stored.orders) {
      if (record.source !== source || !record.open || record.path !== 'native' || record.at < since) continue;
      for (const line of record.lines) {
        for (const c of line.claims) {
          const cell = stored.cells.get(cellKey(record.tenantGroupId, c.location, line.sku));
          if (!cell) continue;
          for (const e of cell.promises) if (e.ref === key) e.cause = 'storefront-online-during-switch';
          this.#book.changed(cell);
        }
      }
    }
    this.#book.touch();
  }

  #history(instanceId: string): InstanceHistory | undefined {
    return this.#book.stored.instances.get(instanceId);
  }

  #tenantGroupOf(instanceId: string): string | undefined {
    return this.#services.sequence?.facts.tenantGroupOf(instanceId);
  }
}
