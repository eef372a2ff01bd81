import { parseRfc3339 } from '../../core/instant.js';
import { ociErrors } from '../errors.js';
import type { Place } from './model.js';

/** The longest a reservation may hold stock before it expires. */
export const MAX_EXPIRATION_SECONDS = 14_400;

// Reservation requests as the service takes them, whichever API they came through (the Commerce API's bodies
// and the org's Connect actions are parsed into these).

export interface ReserveLine {
  sku: string;
  quantity: number;
}

export interface CreateRequest {
  externalRefId?: string;
  expirationSeconds?: number;
  /** Default true. */
  allowPartialReservations: boolean;
  reservationTime?: string;
  /** Reserve against ATF (on-hand stock only) instead of ATO. */
  fulfillOnly: boolean;
  groups: { id: string; reservations: ReserveLine[] }[];
  locations: { id: string; reservations: ReserveLine[]; allOrNothing: { id: string; reservations: ReserveLine[] }[] }[];
}

export interface ReleaseRecord {
  id: string;
  externalRefId?: string;
  place: Place;
  sku: string;
  quantity: number;
  /** Connect (58.0+): take from this document only. */
  reservationId?: string;
}

export interface TransferRecord {
  id: string;
  externalRefId?: string;
  from: Place;
  to: Place;
  sku: string;
  quantity: number;
  ignoreAvailabilityCheck: boolean;
  reservationId?: string;
}

export interface FulfillRecord {
  id: string;
  externalRefId?: string;
  location: string;
  sku: string;
  quantity: number;
  fulfillmentTime?: string;
  reservationId?: string;
}

/** Connect's update action (61.0): each line's new quantity on an existing document. */
export interface UpdateRequest {
  requestId: string;
  externalRefId?: string;
  allowPartialReservations: boolean;
  allOrNothing: boolean;
  lines: { place: Place; sku: string; quantity: number }[];
}

/** A record that did not apply: which one, and why. */
export interface RecordFailure {
  index: number;
  errorCode: string;
  message: string;
}

/** When a document made at `reservationTime` expires; every API's create comes through here, so both are checked again. */
export function expiryOf(reservationTime: string, expirationSeconds: number | undefined): number | undefined {
  const at = parseRfc3339(reservationTime);
  if (at === undefined) throw ociErrors.invalidParameter('reservationTime', "'reservationTime' must be an RFC 3339 date-time such as 2026-03-02T09:00:00Z");
  if (expirationSeconds === undefined) return undefined;
  if (!Number.isInteger(expirationSeconds) || expirationSeconds < 1 || expirationSeconds > MAX_EXPIRATION_SECONDS) {
    throw ociErrors.invalidParameter('expirationSeconds', `'expirationSeconds' must be a whole number from 1 to ${MAX_EXPIRATION_SECONDS}`);
  }
  return at + expirationSeconds * 1000;
}
