import { refusalBy, send } from '../http.js';
import { ServiceError } from '../service-error.js';

// The reservation calls B2C Commerce makes to OCI in Omnichannel Inventory mode: a basket or order reserves under
// its own document id, a failed or cancelled order cancels it, and order management releases, allocates
// (transfers group → location) and ships (fulfills). Plain fetch (through the shared helper), so the contract
// records what a real caller sends.

export interface ReservationConnection {
  baseUrl: string;
  accessToken: string;
  tenantGroupId: string;
}

export interface ReservationLine {
  sku: string;
  quantity: number;
}

export interface PlaceResult {
  id: string;
  details?: ReservationLine[];
  errors?: { sku: string; errorCode: string }[];
}

export interface ReservationResult {
  reservationTime: string;
  expirationTime?: string;
  success: boolean;
  groups?: PlaceResult[];
  locations?: PlaceResult[];
  /** The document's address, from the Location header. */
  location: string | null;
}

export interface CreateReservation {
  expirationSeconds?: number;
  allowPartialReservations?: boolean;
  externalRefId?: string;
  groups?: { id: string; reservations: ReservationLine[] }[];
  locations?: { id: string; reservations: ReservationLine[] }[];
}

export type Place = { location: string } | { group: string };

export interface RecordError {
  details: Record<string, unknown>;
  message: string;
  errorCode: string;
}

/** OCI's refusal: `{type: "about:blank", errorCode, message, ...context}` with the HTTP status. */
export class ReservationError extends ServiceError {
  static override readonly service = 'OCI';
  readonly errorCode = this.code;
}

const reservationRefusal = refusalBy(ReservationError, 'errorCode');

export class OciReservationClient {
  constructor(private readonly c: ReservationConnection) {}

  async reserve(reservationId: string, body: CreateReservation): Promise<ReservationResult> {
    const res = await this.#send('PUT', `reservation-documents/${encodeURIComponent(reservationId)}`, body);
    return { ...(res.json as Omit<ReservationResult, 'location'>), location: res.location };
  }

  async cancel(reservationId: string): Promise<void> {
    await this.#send('PATCH', `reservation-documents/${encodeURIComponent(reservationId)}`, { status: 'CANCELLED' });
  }

  /** Resolves to the records OCI refused (none on 204). */
  async release(records: (Place & { id: string; sku: string; quantity: number })[]): Promise<RecordError[]> {
    return errorsOf(await this.#send('POST', 'releases', { records }));
  }

  async transfer(records: { id: string; from: Place; to: Place; sku: string; quantity: number }[]): Promise<RecordError[]> {
    return errorsOf(await this.#send('POST', 'transfers', { records }));
  }

  async fulfill(records: { id: string; location: string; sku: string; quantity: number }[]): Promise<RecordError[]> {
    return errorsOf(await this.#send('POST', 'fulfillments', { records }));
  }

  async #send(method: string, path: string, payload: unknown): Promise<{ json: unknown; location: string | null }> {
    const call = { method, path: `/inventory/reservation/v1/organizations/${encodeURIComponent(this.c.tenantGroupId)}/${path}`, bearer: this.c.accessToken, json: payload };
    const res = await send(this.c.baseUrl, call, reservationRefusal);
    return { json: res.json, location: res.headers.get('location') };
  }
}

function errorsOf(res: { json: unknown }): RecordError[] {
  return ((res.json as { errors?: RecordError[] } | undefined)?.errors ?? []) as RecordError[];
}
