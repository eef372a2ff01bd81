import { qty } from '../availability/arithmetic.js';
import { lineOf, record } from './document-book.js';
import type { Basis, Holdings } from './holdings.js';
import type { CreateRequest, DocumentLine, Place, PlaceOutcome, ReservationDocument, ReserveLine } from './model.js';
import type { Txn } from './txn.js';

// The lines of a create (or of a Connect update that raises a quantity): what each line gets, held where the
// holdings rules say, and written on the document's line.

/** What every line of one request at one place shares. */
export interface LineContext {
  txn: Txn;
  doc: ReservationDocument;
  basis: Basis;
  allowPartial: boolean;
  /** Where the place's granted lines and errors go. */
  outcome: PlaceOutcome;
  /** The request that reserves: the reservation id for a create, the request id for a Connect update. */
  requestId: string;
  stamp: string;
  /** Report the line's whole quantity rather than what this request added (Connect updates). */
  reportTotal?: boolean;
}

export class LineReservations {
  readonly #h: Holdings;

  constructor(holdings: Holdings) {
    this.#h = holdings;
  }

  /** Every line of a create, place by place (groups first, as the request lists them); what each place got. */
  reserveAll(txn: Txn, doc: ReservationDocument, request: CreateRequest, stamp: string): PlaceOutcome[] {
    const basis: Basis = request.fulfillOnly ? 'atf' : 'ato';
    const partial = request.allowPartialReservations;
    const places: PlaceOutcome[] = [];
    const at = (outcome: PlaceOutcome): LineContext => ({ txn, doc, basis, allowPartial: partial, outcome, requestId: doc.id, stamp });
    for (const g of request.groups) {
      const ctx = at({ type: 'group', id: g.id, details: [], errors: [] });
      for (const line of g.reservations) this.reserve(ctx, { type: 'group', id: g.id }, line);
      places.push(ctx.outcome);
    }
    for (const l of request.locations) {
      const ctx = at({ type: 'location', id: l.id, details: [], errors: [] });
      for (const line of l.reservations) this.reserve(ctx, { type: 'location', id: l.id }, line);
      for (const set of l.allOrNothing) this.reserveAllOrNothing(ctx, l.id, set.reservations);
      places.push(ctx.outcome);
    }
    return places;
  }

  /** One line of a create: reserve what is there (all of it, or what partial reservations allow). */
  reserve(ctx: LineContext, place: Place, want: ReserveLine): void {
    const { txn, doc, basis, outcome } = ctx;
    const h = this.#h;
    const free = place.type === 'group' ? h.groupFree(txn, place.id, want.sku, basis, want.quantity) : h.free(txn, place.id, want.sku, basis);
    // Partial reservations take what is there without an error line; nothing there at all is an error either way
    // (the RAML's PartialNoItemSuccess example).
    const granted = Math.min(free, want.quantity);
    if ((granted < want.quantity && !ctx.allowPartial) || granted <= 0) {
      outcome.errors.push({ sku: want.sku, errorCode: 'InsufficientQuantity' });
      return;
    }
    const line = lineOf(doc, place.type, place.id, want.sku);
    this.#hold(txn, line, granted, basis);
    this.#reserved(doc, line, ctx.requestId, granted, ctx.stamp);
    outcome.details.push({ sku: want.sku, quantity: ctx.reportTotal ? line.quantity : granted });
  }

  /** The creating request's reservations are implied by `line.reserved`; later ones (Connect update) are actions. */
  #reserved(doc: ReservationDocument, line: DocumentLine, requestId: string, quantity: number, stamp: string): void {
    if (requestId === doc.id && line.actions === undefined) line.reserved = qty((line.reserved ?? 0) + quantity);
    else record(line, { requestId, quantity, action: 'Reserved', timestamp: stamp });
  }

  #hold(txn: Txn, line: DocumentLine, quantity: number, basis: Basis): void {
    if (line.type === 'location') this.#h.addReserved(txn, line.place, line.sku, quantity);
    else {
      const placed = this.#h.holdForGroup(txn, line.place, line.sku, quantity, basis);
      const allocations = (line.allocations ??= {});
      for (const [location, held] of Object.entries(placed)) allocations[location] = qty((allocations[location] ?? 0) + held);
    }
    line.quantity = qty(line.quantity + quantity);
  }

  /** A location's all-or-nothing set: every line in full, or none of them (each refused line is an error). */
  reserveAllOrNothing(ctx: LineContext, locationId: string, lines: readonly ReserveLine[]): void {
    const { txn, doc, basis, outcome } = ctx;
    const need = new Map<string, number>();
    for (const l of lines) need.set(l.sku, qty((need.get(l.sku) ?? 0) + l.quantity));
    const short = new Set([...need].filter(([sku, q]) => this.#h.free(txn, locationId, sku, basis) < q).map(([sku]) => sku));
    if (short.size > 0) {
      for (const l of lines) outcome.errors.push({ sku: l.sku, errorCode: 'InsufficientQuantity' });
      return;
    }
    for (const l of lines) {
      const line = lineOf(doc, 'location', locationId, l.sku);
      this.#hold(txn, line, l.quantity, basis);
      this.#reserved(doc, line, ctx.requestId, l.quantity, ctx.stamp);
      outcome.details.push({ sku: l.sku, quantity: l.quantity });
    }
  }
}
