import type { VirtualClock } from '../../core/clock.js';
import type { ReservationDocument } from './model.js';

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
