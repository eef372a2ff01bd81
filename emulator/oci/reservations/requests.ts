import type { Place } from './model.js';

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
