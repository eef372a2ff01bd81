import type { VirtualClock } from '../../core/clock.js';
import { parseRfc3339 } from '../../core/instant.js';
import { ociErrors } from '../errors.js';
import { MAX_EXPIRATION_SECONDS, type ReservationDocument } from './model.js';

// Documents with an expiry, one clock job each: due at expiry plus the lag OCI documents (10–15 s, up to a minute
// under load), cancelled when the document closes first, armed again after a restart or a state replace.

export class ExpiryClock {
  readonly #clock: VirtualClock;
  readonly #lagMs: number;
  readonly #expire: (tenantGroupId: string, reservationId: string) => void;

  constructor(clock: VirtualClock, lagMs: number, expire: (tenantGroupId: string, reservationId: string) => void) {
    this.#clock = clock;
    this.#lagMs = lagMs;
    this.#expire = expire;
  }

  arm(tenantGroupId: string, doc: ReservationDocument): void {
    if (doc.state !== 'OPEN' || doc.expiresAt === undefined) return;
    const id = doc.id;
    this.#clock.schedule(doc.expiresAt + this.#lagMs, 'oci reservation expiry', () => this.#expire(tenantGroupId, id), key(tenantGroupId, id));
  }

  /** Every open document of the tenant group with an expiry. */
  armAll(tenantGroupId: string, documents: Iterable<ReservationDocument>): void {
    for (const doc of documents) this.arm(tenantGroupId, doc);
  }

  cancel(tenantGroupId: string, reservationId: string): void {
    this.#clock.cancel(key(tenantGroupId, reservationId));
  }
}

const key = (tenantGroupId: string, reservationId: string) => `reservation-expiry:${tenantGroupId}:${reservationId}`;

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
