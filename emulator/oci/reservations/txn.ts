import type { ChangeFeed } from '../change-feed/feed.js';
import { NO_FUTURES, type OciRecord, type OciTenantState } from '../model.js';
import { ensureRecordsAt, recordsAt } from '../records/records-at.js';
import type { OciTenants } from '../tenants.js';
import { eventFigures } from '../availability/updates-service.js';
import type { ReservationDocument } from './model.js';

// One reservation request's changes to a tenant group: availability records and documents change at once (so
// the request's later lines see its earlier ones), and the change feed hears of each touched record once, at
// commit. Rollback puts everything back, which is what all-or-nothing requests and a refused line of an atomic
// transfer need. A request runs synchronously from start to commit, so no other request ever sees half of it:
// that is what makes 200 concurrent reservations for 50 units grant exactly 50.

export class Txn {
  readonly state: OciTenantState;
  readonly #tenants: OciTenants;
  readonly #feed: ChangeFeed;
  readonly #tenantGroupId: string;
  /** Each touched record as it was before the request (undefined: it did not exist), by `location\nsku`. */
  readonly #records = new Map<string, OciRecord | undefined>();
  /** Each touched document as it was before (undefined: created by this request). */
  readonly #documents = new Map<string, ReservationDocument | undefined>();
  readonly #docs: Record<string, ReservationDocument>;

  constructor(tenants: OciTenants, feed: ChangeFeed, tenantGroupId: string, documents: Record<string, ReservationDocument>) {
    this.#tenants = tenants;
    this.#feed = feed;
    this.#tenantGroupId = tenantGroupId;
    this.state = tenants.state(tenantGroupId);
    this.#docs = documents;
  }

  get tenantGroupId(): string {
    return this.#tenantGroupId;
  }

  record(locationId: string, sku: string): OciRecord | undefined {
    return recordsAt(this.state, locationId)?.get(sku);
  }

  /** Writes a record (a copy: records are read as copies). */
  put(locationId: string, sku: string, next: OciRecord): void {
    const key = `${locationId}\n${sku}`;
    if (!this.#records.has(key)) this.#records.set(key, this.record(locationId, sku));
    ensureRecordsAt(this.state, locationId).set(sku, next);
  }

  /** Call before changing a document (or with a new one before adding it). */
  document(doc: ReservationDocument): ReservationDocument {
    if (!this.#documents.has(doc.id)) this.#documents.set(doc.id, this.#docs[doc.id] ? structuredClone(this.#docs[doc.id]) : undefined);
    return doc;
  }

  /** The documents this request changed or created. */
  touchedDocuments(): string[] {
    return [...this.#documents.keys()];
  }

  get changedRecords(): boolean {
    return this.#records.size > 0;
  }

  /** Feed events for every changed record, under `eventType`. */
  commit(eventType: string): void {
    if (this.#records.size === 0) return;
    for (const [key, before] of this.#records) {
      const cut = key.indexOf('\n');
      const locationId = key.slice(0, cut);
      const sku = key.slice(cut + 1);
      const after = this.record(locationId, sku);
      this.#feed.appendEvent(this.#tenantGroupId, locationId, sku, eventType, after?.effectiveDate, eventFigures(before, after, after?.onHand ?? 0));
    }
    this.#tenants.touch(this.#tenantGroupId);
  }

  rollback(): void {
    for (const [key, before] of this.#records) {
      const cut = key.indexOf('\n');
      const locationId = key.slice(0, cut);
      const sku = key.slice(cut + 1);
      const records = ensureRecordsAt(this.state, locationId);
      if (before) records.set(sku, before);
      else records.delete(sku);
    }
    this.#records.clear();
    for (const [id, before] of this.#documents) {
      if (before) this.#docs[id] = before;
      else delete this.#docs[id];
    }
    this.#documents.clear();
  }
}

export function emptyRecord(): OciRecord {
  return { onHand: 0, safetyStockCount: 0, futures: NO_FUTURES, reserved: 0 };
}
