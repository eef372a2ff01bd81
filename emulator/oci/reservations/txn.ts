import type { ChangeFeed } from '../change-feed/feed.js';
import type { OciRecord } from '../model.js';
import type { OciTenantState } from '../tenant-book.js';
import type { LocationRecords } from '../records/location-records.js';
import { ensureRecordsAt, recordsAt } from '../records/records-at.js';
import type { OciTenants } from '../tenants.js';
import { WIDTH as FEED_WIDTH } from '../change-feed/model.js';
import { remember } from './idempotency.js';
import type { JournaledMap } from '../../core/store/journaled-map.js';
import type { AppliedAction, ReservationDocument, ReservationState } from './model.js';

// One reservation request's changes to a tenant group: availability records, documents and the record ids it
// applied change at once (so the request's later lines see its earlier ones), and the change feed hears of each
// touched record once, at commit. Rollback puts everything back, which is what all-or-nothing requests and a
// refused line of an atomic transfer need, and what `attempt` does when anything throws before the commit: a
// failed request leaves nothing behind. A request runs synchronously from start to commit, so no other request
// ever sees half of it: that is what makes 200 concurrent reservations for 50 units grant exactly 50.

/** Where a commit's records write each event's figures before the feed copies them (one request at a time runs). */
const SCRATCH = new Float64Array(FEED_WIDTH);

export class Txn {
  readonly state: OciTenantState;
  readonly #tenants: OciTenants;
  readonly #feed: ChangeFeed;
  readonly #tenantGroupId: string;
  /** Each touched record as it was before the request (undefined: it did not exist), by location and SKU. */
  readonly #records = new Map<string, Map<string, OciRecord | undefined>>();
  /** Each touched document as it was before (undefined: created by this request). */
  readonly #documents = new Map<string, ReservationDocument | undefined>();
  /** Each record id remembered as applied, with what was remembered under it before. */
  readonly #applied = new Map<string, AppliedAction | undefined>();
  readonly #reservations: ReservationState;
  readonly #docs: JournaledMap<ReservationDocument>;

  constructor(tenants: OciTenants, feed: ChangeFeed, tenantGroupId: string, reservations: ReservationState) {
    this.#tenants = tenants;
    this.#feed = feed;
    this.#tenantGroupId = tenantGroupId;
    this.state = tenants.state(tenantGroupId);
    this.#reservations = reservations;
    this.#docs = reservations.documents;
  }

  /** Runs the request's changes; when they throw, everything is put back (`putBack` hears which documents) first. */
  attempt<T>(changes: () => T, putBack: (documents: string[]) => void): T {
    try {
      return changes();
    } catch (error) {
      putBack(this.rollback());
      throw error;
    }
  }

  get tenantGroupId(): string {
    return this.#tenantGroupId;
  }

  record(locationId: string, sku: string): OciRecord | undefined {
    return recordsAt(this.state, locationId)?.get(sku);
  }

  /** The location's records, for an in-place write to the SKU's row; the row as it was is kept first. */
  touch(locationId: string, sku: string): LocationRecords {
    let byLocation = this.#records.get(locationId);
    if (!byLocation) this.#records.set(locationId, (byLocation = new Map()));
    if (!byLocation.has(sku)) byLocation.set(sku, this.record(locationId, sku));
    return ensureRecordsAt(this.state, locationId);
  }

  /** Call before changing a document (or with a new one before adding it): it is kept as it was, and journaled again. */
  document(doc: ReservationDocument): ReservationDocument {
    if (!this.#documents.has(doc.id)) {
      const before = this.#docs.get(doc.id);
      this.#documents.set(doc.id, before ? structuredClone(before) : undefined);
    }
    this.#docs.changed(doc.id);
    return doc;
  }

  /** Remembers a record id as applied (idempotency.ts), undone by a rollback. */
  remember(kind: string, id: string, digest: string, now: number, answer?: string): void {
    const key = `${kind}:${id}`;
    if (!this.#applied.has(key)) this.#applied.set(key, this.#reservations.applied.get(key));
    remember(this.#reservations, kind, id, digest, now, answer);
  }

  /** The documents this request changed or created. */
  touchedDocuments(): string[] {
    return [...this.#documents.keys()];
  }

  /** Feed events for every changed record, under `eventType`. */
  commit(eventType: string): void {
    if (this.#records.size === 0) return;
    // One append session for the request's events: the log is pruned and marked for writing once, not per event.
    const feed = this.#feed.bulk(this.#tenantGroupId);
    const log = feed.log;
    const kind = log.locationEventKind(eventType);
    for (const [locationId, skus] of this.#records) {
      const records = ensureRecordsAt(this.state, locationId);
      const place = log.placeCode(locationId);
      for (const [sku, before] of skus) {
        const effective = records.eventFiguresInto(sku, before, SCRATCH, 0);
        // The row's own SKU string: one per SKU for the whole log, not one per event.
        log.appendFigures(feed.now, kind, place, records.index.sku(records.index.find(sku) ?? -1) ?? sku, log.dateCode(effective), SCRATCH);
      }
    }
    feed.commit();
    feed.persist();
    this.#tenants.touch(this.#tenantGroupId);
  }

  /** Puts everything back; answers the documents that were put back as they were (not those it removed). */
  rollback(): string[] {
    for (const [locationId, skus] of this.#records) {
      const records = ensureRecordsAt(this.state, locationId);
      for (const [sku, before] of skus) {
        if (before) records.set(sku, before);
        else records.delete(sku);
      }
    }
    this.#records.clear();
    const restored: string[] = [];
    for (const [id, before] of this.#documents) {
      if (before) {
        this.#docs.set(id, before);
        restored.push(id);
      } else this.#docs.delete(id);
    }
    this.#documents.clear();
    for (const [key, before] of this.#applied) {
      if (before) this.#reservations.applied.set(key, before);
      else this.#reservations.applied.delete(key);
    }
    this.#applied.clear();
    return restored;
  }
}
