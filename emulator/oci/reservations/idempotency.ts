import { fingerprint } from '../../core/fingerprint.js';
import { ociError } from '../errors.js';
import type { CreateOutcome, ReservationDocument, ReservationState } from './model.js';

// "The same request again": a reservation id repeated with the same body gets the answer it got the first time;
// a record id (release, transfer, fulfillment, Connect update) repeated with the same content within a day is not
// applied again. Requests are told apart by a 64-bit fingerprint of their content.

const APPLIED_RETENTION_MS = 24 * 3_600_000;

export const digestOf = fingerprint;

/** The same reservation id again: the same request gets the same answer; anything else is refused. */
export function replay(doc: ReservationDocument, digest: string): CreateOutcome {
  if (doc.closedBy === 'CANCELLED') throw ociError(409, 'ReservationCancelled', 'Reservation is in a CANCELLED state.');
  if (doc.digest === digest) return JSON.parse(doc.answer) as CreateOutcome;
  if (doc.state === 'CLOSED') throw ociError(409, 'ReservationAlreadyFinalized', 'Reservation is in a CLOSED state.');
  throw ociError(409, 'EntityExists', `A reservation with ID ${doc.id} already exists with other content.`);
}

/** Whether this record id was applied with this content (then it is not applied again, and is no failure). */
export function isRepeat(state: ReservationState, kind: string, id: string, digest: string): boolean {
  return state.applied.get(`${kind}:${id}`)?.digest === digest;
}

/** What was applied under the id before (Connect updates keep their answer). */
export function earlier(state: ReservationState, kind: string, id: string) {
  return state.applied.get(`${kind}:${id}`);
}

export function remember(state: ReservationState, kind: string, id: string, digest: string, now: number, answer?: string): void {
  state.applied.set(`${kind}:${id}`, { at: now, digest, ...(answer !== undefined ? { answer } : {}) });
  // Oldest first (insertion order): forgetting what is over a day old costs nothing per request on average.
  for (const [key, action] of state.applied) {
    if (action.at > now - APPLIED_RETENTION_MS) break;
    state.applied.delete(key);
  }
}
