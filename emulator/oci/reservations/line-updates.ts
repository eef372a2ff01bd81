import { qty } from '../availability/arithmetic.js';
import { lineOf } from './document-book.js';
import type { LineReservations } from './line-reservations.js';
import type { PlaceOutcome, ReservationDocument, UpdateRequest } from './model.js';
import type { Movements } from './movements.js';
import type { Txn } from './txn.js';

// Connect's update (61.0) on one document: each line's quantity becomes the one given. A higher quantity reserves
// the difference (as a create's line would), a lower one gives the difference back, 0 takes the line out.

/** The update's changes on the document, not committed; what each place got. */
export function updateLines(reservations: LineReservations, movements: Movements, txn: Txn, doc: ReservationDocument, request: UpdateRequest, stamp: string): PlaceOutcome[] {
  const places = new Map<string, PlaceOutcome>();
  for (const l of request.lines) {
    const key = `${l.place.type}:${l.place.id}`;
    let outcome = places.get(key);
    if (!outcome) places.set(key, (outcome = { type: l.place.type, id: l.place.id, details: [], errors: [] }));
    const line = lineOf(doc, l.place.type, l.place.id, l.sku);
    const change = qty(l.quantity - line.quantity);
    if (change > 0) {
      const ctx = { txn, doc, basis: 'ato', allowPartial: request.allowPartialReservations, outcome, requestId: request.requestId, stamp, reportTotal: true } as const;
      reservations.reserve(ctx, l.place, { sku: l.sku, quantity: change });
    } else if (change < 0) {
      movements.giveBack(txn, line, -change, { requestId: request.requestId, action: 'Updated', timestamp: stamp });
      outcome.details.push({ sku: l.sku, quantity: line.quantity });
    } else outcome.details.push({ sku: l.sku, quantity: line.quantity });
  }
  return [...places.values()];
}
