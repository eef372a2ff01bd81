import { AppError } from '../../core/errors/app-error.js';
import type { Journal } from '../../core/journal.js';
import type { Services } from '../../party.js';
import type { Decision, OversellBook } from '../accounting/book.js';
import { free, q3, reconcile } from '../accounting/ledger.js';
import { orderKey, type Cell } from '../accounting/model.js';
import { recordOversold } from '../accounting/events.js';
import type { Grant } from '../accounting/service.js';
import { PHYSICAL_EVENTS, type BatchOutcome, type ChannelOrderEvent, type CountEvent, type MovementEvent, type PhysicalKind } from './model.js';

// The physical world's events. Each changes the shelf at once and is a domain event; none reaches OCI. A store
// sale or a shipment can only take units no order has claimed (claimed units are set aside for their orders);
// another channel's order is taken whatever the shelf holds, and what the shelf cannot cover is oversold.

export class PhysicalService {
  readonly #book: OversellBook;
  readonly #journal: Journal;
  readonly #services: Services;
  readonly #reservedBefore: (tenantGroupId: string, orderRef: string) => readonly Grant[] | undefined;

  constructor(deps: { book: OversellBook; journal: Journal; services: Services; reservedBefore: (tenantGroupId: string, orderRef: string) => readonly Grant[] | undefined }) {
    this.#book = deps.book;
    this.#journal = deps.journal;
    this.#services = deps.services;
    this.#reservedBefore = deps.reservedBefore;
  }

  /** Applies a batch in order; a refused event changes nothing and the next ones still run. */
  apply(kind: PhysicalKind, events: readonly unknown[], one: (kind: PhysicalKind, event: unknown) => void = (k, e) => this.one(k, e)): BatchOutcome {
    const outcome: BatchOutcome = { applied: 0, refused: [] };
    events.forEach((event, index) => {
      try {
        one(kind, event);
        outcome.applied++;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        outcome.refused.push({ index, code: error.code, message: error.message });
      }
    });
    return outcome;
  }

  one(kind: PhysicalKind, event: unknown): void {
    if (kind === 'counts') this.count(event as CountEvent);
    else if (kind === 'receipts') this.move(event as MovementEvent, +1);
    else if (kind === 'shipments' || kind === 'pos-sales') this.take(kind, event as MovementEvent);
    else this.order(event as ChannelOrderEvent);
  }

  count(e: CountEvent): void {
    const tg = this.tenantGroup(e.tenantGroupId);
    this.#location(tg, e.location);
    this.#book.catchUp(tg);
    const cell = this.#book.cellToCount(tg, e.location, e.sku);
    const before = cell.onHand;
    cell.onHand = q3(e.onHand);
    cell.anchor = 'count';
    this.#after(cell, 'counts', { location: e.location, sku: e.sku, onHand: cell.onHand, before });
  }

  move(e: MovementEvent, sign: 1 | -1): void {
    const tg = this.tenantGroup(e.tenantGroupId);
    this.#location(tg, e.location);
    this.#book.catchUp(tg);
    const cell = this.#book.cellToCount(tg, e.location, e.sku);
    cell.onHand = q3(cell.onHand + sign * e.quantity);
    this.#after(cell, sign > 0 ? 'receipts' : 'shipments', { location: e.location, sku: e.sku, quantity: e.quantity, onHand: cell.onHand });
  }

  /** A store sale or a shipment: only units on the shelf that no order has claimed. */
  take(kind: 'shipments' | 'pos-sales', e: MovementEvent): void {
    const tg = this.tenantGroup(e.tenantGroupId);
    this.#location(tg, e.location);
    this.#book.catchUp(tg);
    const cell = this.#book.cell(tg, e.location, e.sku);
    const available = cell ? Math.max(0, free(cell)) : 0;
    if (!cell || available < e.quantity) {
      const what = kind === 'pos-sales' ? 'sell' : 'ship';
      throw new AppError(409, 'NOT_ON_SHELF', `Cannot ${what} ${e.quantity} of '${e.sku}' at '${e.location}': ${available} on the shelf that no order has claimed.`);
    }
    cell.onHand = q3(cell.onHand - e.quantity);
    this.#after(cell, kind, { location: e.location, sku: e.sku, quantity: e.quantity, onHand: cell.onHand });
  }

  order(e: ChannelOrderEvent): void {
    const tg = this.tenantGroup(e.tenantGroupId);
    const placeType = this.#services.oci?.placeOf(tg, e.place);
    if (!placeType) throw new AppError(404, 'UNKNOWN_PLACE', `No location or group '${e.place}' in tenant group '${tg}''s published graph.`);
    const source = `channel:${e.channel}`;
    const key = orderKey(source, e.orderRef);
    if (this.#book.stored.orders.has(key)) throw new AppError(409, 'DUPLICATE_ORDER', `The ${e.channel} channel already has an order '${e.orderRef}'.`);
    this.#book.catchUp(tg);
    // Reserved in OCI under its reference already: OCI decided, and knows what it granted. Otherwise the channel
    // sold on what OCI shows, and OCI lacks the order until a reservation names it.
    const grants = this.#reservedBefore(tg, e.orderRef);
    const decision: Decision = { path: grants ? 'oci' : 'channel', unknownToOci: 'stale-oci-data' };
    const record = this.#book.take(
      { source, orderRef: e.orderRef, tenantGroupId: tg, at: this.#book.iso(), path: decision.path },
      e.lines.map((l) => ({ place: e.place, placeType, sku: l.sku, quantity: l.quantity })),
      decision,
      key,
    );
    for (const g of grants ?? []) this.#book.known(key, g.place, g.sku, g.quantity);
    this.#journal.emit({ type: PHYSICAL_EVENTS.orders, tenant: tg, data: { channel: e.channel, orderRef: e.orderRef, place: e.place, lines: e.lines } });
    recordOversold(this.#journal, record);
  }

  tenantGroups(): string[] {
    return this.#services.salesforceOrg?.tenantGroupIds() ?? [];
  }

  /** The tenant group named, or the only one there is. */
  tenantGroup(given: string | undefined): string {
    const known = this.tenantGroups();
    if (given !== undefined) {
      if (!known.includes(given)) throw new AppError(404, 'UNKNOWN_TENANT_GROUP', `No tenant group '${given}'; known: ${known.join(', ') || 'none'}.`);
      return given;
    }
    if (known.length === 1) return known[0]!;
    throw new AppError(400, 'VALIDATION_FAILED', `tenantGroupId is required: this emulator has ${known.length === 0 ? 'no tenant group' : `${known.length} tenant groups (${known.join(', ')})`}.`);
  }

  #location(tenantGroupId: string, location: string): void {
    if (this.#services.oci?.placeOf(tenantGroupId, location) === 'location') return;
    throw new AppError(404, 'UNKNOWN_LOCATION', `No location '${location}' in tenant group '${tenantGroupId}''s published graph.`);
  }

  /** The stock gap moved with the shelf: explain it by what just happened, then journal the event. */
  #after(cell: Cell, kind: PhysicalKind, data: Record<string, unknown>): void {
    reconcile(cell, kind === 'pos-sales' ? 'pos-lag-no-safety-stock' : 'stale-oci-data', this.#book.iso());
    this.#book.changed(cell);
    this.#book.touch();
    this.#journal.emit({ type: PHYSICAL_EVENTS[kind], tenant: cell.tenantGroupId, data });
  }
}
