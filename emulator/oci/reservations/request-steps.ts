import type { VirtualClock } from '../../core/clock.js';
import type { Journal } from '../../core/journal.js';
import type { Store } from '../../core/store/store.js';
import type { ChangeFeed } from '../change-feed/feed.js';
import type { OciTenants } from '../tenants.js';
import { closeDocument, DocumentBook, emptied } from './document-book.js';
import type { ExpiryClock } from './expiry.js';
import { reservationsNamespace, type Place, type ReservationState } from './model.js';
import { checkPlaces } from './places.js';
import { StoredReservations } from './stored-reservations.js';
import { Txn } from './txn.js';

// What every reservation request does around its own changes (service.ts says what those are): it reads the
// tenant group's documents through their book, runs over one Txn, and when anything throws before its commit
// nothing of it stays; when it commits, the documents it emptied close, the book indexes what it touched, and the
// journal hears what it applied.

export interface ReservationDeps {
  store: Store;
  tenants: OciTenants;
  feed: ChangeFeed;
  clock: VirtualClock;
  journal: Journal;
  /** How long after its expiry a document is actually released (OCI: 10–15 s, more under load). */
  expiryLagMs: number;
}

export class RequestSteps {
  readonly #d: ReservationDeps;
  readonly #expiry: ExpiryClock;
  readonly #books = new WeakMap<ReservationState, DocumentBook>();

  constructor(deps: ReservationDeps, expiry: ExpiryClock) {
    this.#d = deps;
    this.#expiry = expiry;
  }

  state(tenantGroupId: string): ReservationState {
    const ns = reservationsNamespace(tenantGroupId);
    const value = this.#d.store.ensure<unknown>(ns, () => new StoredReservations());
    if (value instanceof StoredReservations) return value;
    // Plain state (an earlier version's, a snapshot's): journaled from now on.
    const state = StoredReservations.fromPlain(value as object);
    this.#d.store.adopt(ns, state);
    return state;
  }

  /** Whether the tenant group ever had reservations (never creates its state). */
  has(tenantGroupId: string): boolean {
    return this.#d.store.has(reservationsNamespace(tenantGroupId));
  }

  /** Tenant groups that have reservations. */
  tenantGroups(): string[] {
    return this.#d.store.namespaces('oci-reservations.').map((ns) => ns.slice('oci-reservations.'.length));
  }

  book(tenantGroupId: string): DocumentBook {
    const state = this.state(tenantGroupId);
    let book = this.#books.get(state);
    if (!book) this.#books.set(state, (book = new DocumentBook(state)));
    return book;
  }

  checkPlaces(tenantGroupId: string, places: readonly Place[]): void {
    checkPlaces(this.#d.tenants.state(tenantGroupId), places);
  }

  txn(tenantGroupId: string, book = this.book(tenantGroupId)): Txn {
    return new Txn(this.#d.tenants, this.#d.feed, tenantGroupId, book.state);
  }

  /** The request's changes up to its commit: when they throw, nothing of them stays (see Txn.attempt). */
  attempt<T>(book: DocumentBook, txn: Txn, changes: () => T): T {
    return txn.attempt(changes, (restored) => this.#indexAgain(book, restored));
  }

  rollback(book: DocumentBook, txn: Txn): void {
    this.#indexAgain(book, txn.rollback());
  }

  /** Commits: documents the request emptied close (COMPLETED), and the journal hears how many records it `verb`. */
  finish(tenantGroupId: string, book: DocumentBook, txn: Txn, eventType: string, verb: string, applied: number): void {
    const now = this.#d.clock.now();
    const completed: string[] = [];
    this.attempt(book, txn, () => {
      for (const id of txn.touchedDocuments()) {
        const doc = book.document(id);
        if (doc?.state === 'OPEN' && emptied(doc)) {
          closeDocument(doc, 'COMPLETED', now);
          completed.push(id);
        }
      }
      txn.commit(eventType);
    });
    this.#indexAgain(book, txn.touchedDocuments());
    for (const id of completed) this.#expiry.cancel(tenantGroupId, id);
    this.touch(tenantGroupId);
    if (applied > 0) this.#d.journal.emit({ type: `oci.reservation.${verb}`, tenant: tenantGroupId, data: { records: applied } });
  }

  touch(tenantGroupId: string): void {
    this.#d.store.touch(reservationsNamespace(tenantGroupId));
  }

  /** Documents changed, or put back as they were, hold lines the index must know (it may have dropped them). */
  #indexAgain(book: DocumentBook, ids: readonly string[]): void {
    for (const id of ids) {
      const doc = book.document(id);
      if (doc) book.index(doc);
    }
  }
}
