import type { JournaledMap } from '../../core/store/journaled-map.js';

// Reservation documents as OCI keeps them per tenant group (namespace `oci-reservations.<tenantGroupId>`).
//
// A document is what the caller sent under its reservation id, plus what it still holds: one line per place and
// SKU. A group line also says on which member locations its quantity is held (`allocations`), because group
// reservations hold stock on locations without counting in their `reserved` (oci-api.md §2.4). Transfers,
// fulfillments and releases move or take quantity from documents, so cancelling a document releases exactly
// what it still holds. Every change is kept as an action, which the reservations export lists.

export const reservationsNamespace = (tenantGroupId: string) => `oci-reservations.${tenantGroupId}`;

export type PlaceType = 'group' | 'location';

export interface Place {
  type: PlaceType;
  id: string;
}

export type ActionKind = 'Reserved' | 'Moved' | 'Fulfilled' | 'Released' | 'Cancelled' | 'Expired' | 'Updated';

export interface DocumentAction {
  /** The request that did it: the reservation id for the document's own changes, else the record's `id`. */
  requestId: string;
  externalRefId?: string;
  quantity: number;
  action: ActionKind;
  from?: { group: string } | { location: string };
  to?: { group: string } | { location: string };
  timestamp: string;
}

export interface DocumentLine {
  type: PlaceType;
  place: string;
  sku: string;
  /** Held now. */
  quantity: number;
  /** Group lines: the quantity held on each member location. */
  allocations?: Record<string, number>;
  /**
   * Reserved by the request that created the document. Its `Reserved` action is implied (that request's id and
   * time), so the millions of lines nothing else happens to carry no action list at all.
   */
  reserved?: number;
  /** Every later action, oldest first (absent until there is one). */
  actions?: DocumentAction[];
}

export type DocumentState = 'OPEN' | 'CLOSED';
export type ClosedBy = 'CANCELLED' | 'EXPIRED' | 'COMPLETED';

export interface ReservationDocument {
  id: string;
  externalRefId?: string;
  /** As the caller gave it (or the time of the request), ISO 8601. */
  reservationTime: string;
  createdAt: number;
  /** Epoch ms; absent: never expires. */
  expiresAt?: number;
  state: DocumentState;
  closedBy?: ClosedBy;
  closedAt?: number;
  /** A digest of the request body, so the same id with another body is recognised. */
  digest: string;
  /** The answer to the request that created the document (JSON), given again to the same request. */
  answer: string;
  lines: DocumentLine[];
}

export interface AppliedAction {
  at: number;
  digest: string;
  /** Connect updates: the answer (JSON), given again to the same request. */
  answer?: string;
}

/** Kept and journaled by stored-reservations.ts. */
export interface ReservationState {
  readonly documents: JournaledMap<ReservationDocument>;
  /** Record ids of releases, transfers and fulfillments already applied, by `<kind>:<id>`; kept 24 hours, oldest first. */
  readonly applied: JournaledMap<AppliedAction>;
}

export const lineKey = (type: PlaceType, place: string, sku: string) => `${type === 'group' ? 'g' : 'l'}:${place}:${sku}`;

/** What a create reserved at one place, line by line. */
export interface PlaceOutcome {
  type: 'group' | 'location';
  id: string;
  details: { sku: string; quantity: number }[];
  errors: { sku: string; errorCode: 'InsufficientQuantity' | 'Unknown' }[];
}

/** The answer to a create (or update), kept on the document so the same request gets it again. */
export interface CreateOutcome {
  reservationTime: string;
  expirationTime?: string;
  success: boolean;
  places: PlaceOutcome[];
}

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
