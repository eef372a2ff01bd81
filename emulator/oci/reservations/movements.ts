import { qty } from '../availability/arithmetic.js';
import { findLine, lineOf, record, type DocumentBook } from './document-book.js';
import type { Holdings } from './holdings.js';
import type { ActionKind, DocumentLine, FulfillRecord, Place, ReleaseRecord, ReservationDocument, TransferRecord } from './model.js';
import type { Txn } from './txn.js';

// Record-level operations on reserved stock: release, transfer (group → location allocation, location →
// location, location → group) and fulfill. Each checks first and then applies whole, so a refused record
// changes nothing. Quantities are taken from the documents that hold them, oldest first (or from the one named
// by a Connect reservationId), and what a document gives up is written on its line as an action.

export interface Failure {
  errorCode: string;
  message: string;
}

const INSUFFICIENT: Failure = { errorCode: 'InsufficientQuantity', message: 'Insufficient Quantity' };

interface Share {
  doc: ReservationDocument;
  line: DocumentLine;
  quantity: number;
}

export class Movements {
  readonly #h: Holdings;

  constructor(holdings: Holdings) {
    this.#h = holdings;
  }

  release(txn: Txn, book: DocumentBook, r: ReleaseRecord, stamp: string): Failure | undefined {
    if (r.quantity === 0) return undefined;
    const { type, id } = r.place;
    const available = type === 'location' ? this.#h.reservedAt(txn, id, r.sku) : this.#h.heldForGroup(txn, id, r.sku);
    if (available < r.quantity) return INSUFFICIENT;
    const shares = this.#shares(txn, book, r.place, r.sku, r.quantity, r.reservationId);
    if (!shares) return missingDocument();
    if (r.reservationId !== undefined && sum(shares) < r.quantity) return INSUFFICIENT;
    for (const s of shares) this.giveBack(txn, s.line, s.quantity, { requestId: r.id, externalRefId: r.externalRefId, action: 'Released', timestamp: stamp });
    const rest = qty(r.quantity - sum(shares));
    if (rest > 0) {
      // Reserved stock no document accounts for (a world that started with it): released all the same.
      if (type === 'location') this.#h.addReserved(txn, id, r.sku, -rest);
      else this.#releaseGroupHolds(txn, id, r.sku, rest);
    }
    return undefined;
  }

  transfer(txn: Txn, book: DocumentBook, r: TransferRecord, stamp: string): Failure | undefined {
    const { from, to, sku, quantity } = r;
    const h = this.#h;
    if (from.type === 'group' && to.type === 'location') {
      if (!txn.state.groups[from.id]?.locations.includes(to.id)) {
        return { errorCode: 'LocationNotInGroup', message: `Location '${to.id}' is not in group '${from.id}'.` };
      }
      if (h.heldForGroup(txn, from.id, sku) < quantity) return INSUFFICIENT;
      // What the group holds at the destination is already there; the rest must be free at the destination.
      const here = Math.min(quantity, h.heldAt(txn, to.id, from.id, sku));
      if (!r.ignoreAvailabilityCheck && h.free(txn, to.id, sku, 'ato') < qty(quantity - here)) return INSUFFICIENT;
      const shares = this.#shares(txn, book, from, sku, quantity, r.reservationId);
      if (!shares) return missingDocument();
      if (r.reservationId !== undefined && sum(shares) < quantity) return INSUFFICIENT;
      for (const s of shares) {
        this.#takeAllocations(txn, s.line, s.quantity, to.id);
        this.#moveLine(s, to, r, stamp);
      }
      const rest = qty(quantity - sum(shares));
      if (rest > 0) this.#releaseGroupHolds(txn, from.id, sku, rest, to.id);
      h.addReserved(txn, to.id, sku, quantity);
      return undefined;
    }
    if (from.type === 'location') {
      if (h.reservedAt(txn, from.id, sku) < quantity) return INSUFFICIENT;
      if (to.type === 'location') {
        if (to.id === from.id) return undefined;
        if (!r.ignoreAvailabilityCheck && h.free(txn, to.id, sku, 'ato') < quantity) return INSUFFICIENT;
      }
      const shares = this.#shares(txn, book, from, sku, quantity, r.reservationId);
      if (!shares) return missingDocument();
      if (r.reservationId !== undefined && sum(shares) < quantity) return INSUFFICIENT;
      h.addReserved(txn, from.id, sku, -quantity);
      if (to.type === 'group') {
        if (h.groupFree(txn, to.id, sku, 'ato', quantity) < quantity) {
          h.addReserved(txn, from.id, sku, quantity);
          return INSUFFICIENT;
        }
        const placed = h.holdForGroup(txn, to.id, sku, quantity, 'ato');
        for (const s of shares) {
          const target = this.#moveLine(s, to, r, stamp);
          let left = s.quantity;
          for (const [location, held] of Object.entries(placed)) {
            if (left <= 0) break;
            const take = Math.min(left, held);
            if (take <= 0) continue;
            target.allocations![location] = qty((target.allocations![location] ?? 0) + take);
            placed[location] = qty(held - take);
            left = qty(left - take);
          }
        }
      } else {
        for (const s of shares) this.#moveLine(s, to, r, stamp);
        h.addReserved(txn, to.id, sku, quantity);
      }
      return undefined;
    }
    return { errorCode: 'InvalidRequestParameter', message: 'Group to Group Transfers are not permitted.' };
  }

  fulfill(txn: Txn, book: DocumentBook, r: FulfillRecord, stamp: string): Failure | undefined {
    if (!txn.state.locations[r.location]) return { errorCode: 'err751', message: 'Failed to fulfill, invalid location provided.' };
    if (this.#h.reservedAt(txn, r.location, r.sku) < r.quantity) return INSUFFICIENT;
    const place: Place = { type: 'location', id: r.location };
    const shares = this.#shares(txn, book, place, r.sku, r.quantity, r.reservationId);
    if (!shares) return missingDocument();
    if (r.reservationId !== undefined && sum(shares) < r.quantity) return INSUFFICIENT;
    for (const s of shares) {
      s.line.quantity = qty(s.line.quantity - s.quantity);
      record(s.line, { requestId: r.id, ...ref(r.externalRefId), quantity: s.quantity, action: 'Fulfilled', timestamp: stamp });
    }
    this.#h.fulfill(txn, r.location, r.sku, r.quantity, r.fulfillmentTime);
    return undefined;
  }

  /** Gives back part of a document's line: the location's reserved, or the group's holds where they sit. */
  giveBack(txn: Txn, line: DocumentLine, quantity: number, how: { requestId: string; externalRefId?: string | undefined; action: ActionKind; timestamp: string }): void {
    if (line.type === 'location') this.#h.addReserved(txn, line.place, line.sku, -quantity);
    else this.#takeAllocations(txn, line, quantity, undefined);
    line.quantity = qty(line.quantity - quantity);
    record(line, { requestId: how.requestId, ...ref(how.externalRefId), quantity, action: how.action, timestamp: how.timestamp });
  }

  /** The documents' shares of a quantity at a place, oldest document first; undefined when the named one is unknown. */
  #shares(txn: Txn, book: DocumentBook, place: Place, sku: string, quantity: number, reservationId: string | undefined): Share[] | undefined {
    let docs: ReservationDocument[];
    if (reservationId !== undefined) {
      const doc = book.document(reservationId);
      if (!doc) return undefined;
      docs = doc.state === 'OPEN' ? [doc] : [];
    } else docs = book.holders(place.type, place.id, sku);
    const shares: Share[] = [];
    let left = quantity;
    for (const doc of docs) {
      if (left <= 0) break;
      const line = findLine(doc, place.type, place.id, sku);
      if (!line || line.quantity <= 0) continue;
      const take = Math.min(left, line.quantity);
      txn.document(doc);
      shares.push({ doc, line, quantity: take });
      left = qty(left - take);
    }
    return shares;
  }

  /** Moves a share to the document's line at the destination; answers that line. */
  #moveLine(s: Share, to: Place, r: TransferRecord, stamp: string): DocumentLine {
    const from = s.line;
    from.quantity = qty(from.quantity - s.quantity);
    const target = lineOf(s.doc, to.type, to.id, from.sku);
    target.quantity = qty(target.quantity + s.quantity);
    const move = {
      requestId: r.id,
      ...ref(r.externalRefId),
      quantity: s.quantity,
      action: 'Moved' as const,
      from: from.type === 'group' ? { group: from.place } : { location: from.place },
      to: to.type === 'group' ? { group: to.id } : { location: to.id },
      timestamp: stamp,
    };
    record(from, move);
    if (target !== from) record(target, move);
    return target;
  }

  /** Takes a group line's holds off its locations (at `prefer` first, then the most shared ones). */
  #takeAllocations(txn: Txn, line: DocumentLine, quantity: number, prefer: string | undefined): void {
    const allocations = (line.allocations ??= {});
    const order = Object.keys(allocations).reverse();
    if (prefer !== undefined && allocations[prefer] !== undefined) order.splice(order.indexOf(prefer), 1), order.unshift(prefer);
    let left = quantity;
    for (const location of order) {
      if (left <= 0) break;
      const take = Math.min(left, allocations[location]!);
      if (take <= 0) continue;
      this.#h.addHold(txn, location, line.place, line.sku, -take);
      const remaining = qty(allocations[location]! - take);
      if (remaining > 0) allocations[location] = remaining;
      else delete allocations[location];
      left = qty(left - take);
    }
  }

  /** Holds for the group that no document accounts for: taken at `prefer` first, then the most shared members. */
  #releaseGroupHolds(txn: Txn, groupId: string, sku: string, quantity: number, prefer?: string): void {
    const members = [...this.#h.members(txn, groupId)].reverse();
    if (prefer !== undefined && members.includes(prefer)) members.splice(members.indexOf(prefer), 1), members.unshift(prefer);
    let left = quantity;
    for (const location of members) {
      if (left <= 0) break;
      const take = Math.min(left, this.#h.heldAt(txn, location, groupId, sku));
      if (take <= 0) continue;
      this.#h.addHold(txn, location, groupId, sku, -take);
      left = qty(left - take);
    }
  }
}

function sum(shares: readonly Share[]): number {
  let total = 0;
  for (const s of shares) total += s.quantity;
  return qty(total);
}

function ref(externalRefId: string | undefined): { externalRefId?: string } {
  return externalRefId === undefined ? {} : { externalRefId };
}

function missingDocument(): Failure {
  return { errorCode: 'InvalidRequestParameter', message: 'Reservation ID does not exist.' };
}
