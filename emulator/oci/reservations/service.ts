import type { VirtualClock } from '../../core/clock.js';
import type { Journal } from '../../core/journal.js';
import type { Store } from '../../core/store/store.js';
import { qty } from '../availability/arithmetic.js';
import type { ChangeFeed } from '../change-feed/feed.js';
import { ociError, ociErrors } from '../errors.js';
import type { OciTenants } from '../tenants.js';
import { closeDocument, DocumentBook, emptied } from './document-book.js';
import { ExpiryClock, expiryOf } from './expiry.js';
import { Holdings } from './holdings.js';
import { digestOf, earlier, isRepeat, replay } from './idempotency.js';
import {
  reservationsNamespace,
  type CreateOutcome,
  type CreateRequest,
  type FulfillRecord,
  type Place,
  type RecordFailure,
  type ReleaseRecord,
  type ReservationDocument,
  type ReservationState,
  type TransferRecord,
  type UpdateRequest,
} from './model.js';
import { StoredReservations } from './stored-reservations.js';
import { LineReservations } from './line-reservations.js';
import { LineUpdates } from './line-updates.js';
import { Movements } from './movements.js';
import { checkPlaces } from './places.js';
import { Txn } from './txn.js';

// Reservation documents: create (the reservation id is the idempotency key), cancel, expiry on the virtual
// clock, Connect's update, and the record-level releases, transfers and fulfillments (movements.ts). Each request
// runs to its end in one synchronous step, over one Txn, so concurrent requests never interleave.

export interface ReservationServiceDeps {
  store: Store;
  tenants: OciTenants;
  feed: ChangeFeed;
  clock: VirtualClock;
  journal: Journal;
  /** How long after its expiry a document is actually released (OCI: 10–15 s, more under load). */
  expiryLagMs: number;
}

export class ReservationService {
  readonly #d: ReservationServiceDeps;
  readonly #holdings: Holdings;
  readonly #movements: Movements;
  readonly #lines: LineReservations;
  readonly #updates: LineUpdates;
  readonly #expiry: ExpiryClock;
  readonly #books = new WeakMap<ReservationState, DocumentBook>();

  constructor(deps: ReservationServiceDeps) {
    this.#d = deps;
    this.#holdings = new Holdings(deps.tenants);
    this.#movements = new Movements(this.#holdings);
    this.#lines = new LineReservations(this.#holdings);
    this.#updates = new LineUpdates(this.#lines, this.#movements);
    this.#expiry = new ExpiryClock(deps.clock, deps.expiryLagMs, (tenantGroupId, id) => {
      const doc = this.document(tenantGroupId, id);
      if (doc?.state === 'OPEN' && doc.expiresAt !== undefined) this.#closeAndRelease(tenantGroupId, doc, 'EXPIRED');
    });
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

  book(tenantGroupId: string): DocumentBook {
    const state = this.state(tenantGroupId);
    let book = this.#books.get(state);
    if (!book) this.#books.set(state, (book = new DocumentBook(state)));
    return book;
  }

  document(tenantGroupId: string, reservationId: string): ReservationDocument | undefined {
    return this.#d.store.has(reservationsNamespace(tenantGroupId)) ? this.state(tenantGroupId).documents.get(reservationId) : undefined;
  }

  /** Every document, for the reservations export. */
  documents(tenantGroupId: string): ReservationDocument[] {
    return this.#d.store.has(reservationsNamespace(tenantGroupId)) ? [...this.state(tenantGroupId).documents.values()] : [];
  }

  /** PUT reservation-documents/{id}. Places are checked first: an unknown one is a 400 and nothing happens. */
  create(tenantGroupId: string, reservationId: string, request: CreateRequest): CreateOutcome {
    if (request.groups.length === 0 && request.locations.length === 0) throw ociErrors.invalidRequest('No location or groups provided.');
    this.#checkPlaces(tenantGroupId, [
      ...request.groups.map((g): Place => ({ type: 'group', id: g.id })),
      ...request.locations.map((l): Place => ({ type: 'location', id: l.id })),
    ]);

    const book = this.book(tenantGroupId);
    const digest = digestOf(request);
    const existing = book.document(reservationId);
    if (existing) return replay(existing, digest);

    const now = this.#d.clock.now();
    const reservationTime = request.reservationTime ?? new Date(now).toISOString();
    const expiresAt = expiryOf(reservationTime, request.expirationSeconds);
    const doc: ReservationDocument = {
      id: reservationId,
      ...(request.externalRefId !== undefined ? { externalRefId: request.externalRefId } : {}),
      reservationTime,
      createdAt: now,
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      state: 'OPEN',
      digest,
      answer: '',
      lines: [],
    };
    const txn = this.#txn(tenantGroupId, book);
    const answer = this.#attempt(book, txn, () => {
      txn.document(doc);
      book.state.documents.set(reservationId, doc);
      const places = this.#lines.reserveAll(txn, doc, request, new Date(now).toISOString());
      const outcome: CreateOutcome = {
        reservationTime,
        ...(expiresAt !== undefined ? { expirationTime: new Date(expiresAt).toISOString() } : {}),
        success: places.every((p) => p.errors.length === 0),
        places,
      };
      // Kept as text: one string per document instead of a tree of objects the collector walks forever.
      doc.answer = JSON.stringify(outcome);
      if (emptied(doc)) closeDocument(doc, 'COMPLETED', now);
      txn.commit('reservation_create');
      return outcome;
    });
    book.index(doc);
    this.#touch(tenantGroupId);
    this.#expiry.arm(tenantGroupId, doc);
    this.#d.journal.emit({ type: 'oci.reservation.created', tenant: tenantGroupId, data: { reservationId, success: answer.success, lines: answer.places.reduce((n, p) => n + p.details.length, 0) } });
    return answer;
  }

  /** PATCH reservation-documents/{id} with status CANCELLED: what the document still holds goes back. */
  cancel(tenantGroupId: string, reservationId: string): void {
    const doc = this.book(tenantGroupId).document(reservationId);
    if (!doc) throw ociErrors.entityNotFound(404, 'Reservation ID does not exist.');
    if (doc.state !== 'OPEN') {
      if (doc.closedBy === 'CANCELLED') throw ociError(409, 'ReservationCancelled', 'Reservation is already cancelled.');
      throw ociError(409, 'ReservationInvalidState', 'Reservation is in a CLOSED state.');
    }
    this.#closeAndRelease(tenantGroupId, doc, 'CANCELLED');
  }

  /** Releases, by record: quantities come from the request and are taken from the documents holding them. */
  release(tenantGroupId: string, records: readonly ReleaseRecord[]): RecordFailure[] {
    this.#checkPlaces(tenantGroupId, records.map((r) => r.place));
    return this.#perRecord(tenantGroupId, records, 'release', 'reservation_release', (txn, book, r, stamp) => this.#movements.release(txn, book, r, stamp));
  }

  /** Fulfillments; an unknown location fails its record (`err751`), not the request, as the RAML example shows. */
  fulfill(tenantGroupId: string, records: readonly FulfillRecord[]): RecordFailure[] {
    return this.#perRecord(tenantGroupId, records, 'fulfill', 'reservation_fulfill', (txn, book, r, stamp) => this.#movements.fulfill(txn, book, r, stamp));
  }

  /** Transfers; with `allOrNothing` one refused record undoes the others. */
  transfer(tenantGroupId: string, records: readonly TransferRecord[], allOrNothing: boolean): RecordFailure[] {
    this.#checkPlaces(tenantGroupId, records.flatMap((r) => [r.from, r.to]));
    if (!allOrNothing) {
      return this.#perRecord(tenantGroupId, records, 'transfer', 'reservation_transfer', (txn, book, r, stamp) => this.#movements.transfer(txn, book, r, stamp));
    }
    const book = this.book(tenantGroupId);
    const txn = this.#txn(tenantGroupId);
    const stamp = new Date(this.#d.clock.now()).toISOString();
    const failures: RecordFailure[] = [];
    const digests = records.map((r) => digestOf(r));
    this.#attempt(book, txn, () =>
      records.forEach((r, index) => {
        if (isRepeat(book.state, 'transfer', r.id, digests[index]!)) return;
        const failure = this.#movements.transfer(txn, book, r, stamp);
        if (failure) failures.push({ index, ...failure });
      }),
    );
    if (failures.length > 0) {
      this.#rollback(book, txn);
      return failures;
    }
    const now = this.#d.clock.now();
    records.forEach((r, index) => txn.remember('transfer', r.id, digests[index]!, now));
    this.#finish(tenantGroupId, book, txn, 'reservation_transfer', 'transferred', records.length);
    return [];
  }

  /** Connect's update (61.0): each line's quantity becomes the one given (0 takes the line out). */
  update(tenantGroupId: string, reservationId: string, request: UpdateRequest): CreateOutcome {
    this.#checkPlaces(tenantGroupId, request.lines.map((l) => l.place));
    const book = this.book(tenantGroupId);
    const digest = digestOf({ reservationId, request });
    const before = earlier(book.state, 'update', request.requestId);
    if (before) {
      if (before.digest === digest && before.answer !== undefined) return JSON.parse(before.answer) as CreateOutcome;
      throw ociError(409, 'EntityExists', `The actionRequestId ${request.requestId} was already used with other content.`);
    }
    const doc = book.document(reservationId);
    if (!doc) throw ociErrors.entityNotFound(404, 'Reservation ID does not exist.');
    if (doc.state !== 'OPEN') throw ociError(409, doc.closedBy === 'CANCELLED' ? 'ReservationCancelled' : 'ReservationInvalidState', 'Reservation is in a CLOSED state.');
    const txn = this.#txn(tenantGroupId);
    const { answer, applied } = this.#attempt(book, txn, () => this.#applyUpdate(book, txn, doc, request, digest));
    if (applied) this.#finish(tenantGroupId, book, txn, 'reservation_update', 'updated', request.lines.length);
    return answer;
  }

  /** The update's changes (not committed); `applied` is false when all-or-nothing refused them. */
  #applyUpdate(book: DocumentBook, txn: Txn, doc: ReservationDocument, request: UpdateRequest, digest: string): { answer: CreateOutcome; applied: boolean } {
    txn.document(doc);
    const list = this.#updates.apply(txn, doc, request, new Date(this.#d.clock.now()).toISOString());
    const success = list.every((p) => p.errors.length === 0);
    if (!success && request.allOrNothing) {
      this.#rollback(book, txn);
      return { answer: { reservationTime: doc.reservationTime, success: false, places: list.map((p) => ({ ...p, details: [] })) }, applied: false };
    }
    doc.lines = doc.lines.filter((l) => l.quantity > 0 || (l.actions?.length ?? 0) > 0 || (l.reserved ?? 0) > 0);
    if (emptied(doc)) closeDocument(doc, 'COMPLETED', this.#d.clock.now());
    const answer: CreateOutcome = {
      reservationTime: doc.reservationTime,
      ...(doc.expiresAt !== undefined ? { expirationTime: new Date(doc.expiresAt).toISOString() } : {}),
      success,
      places: list,
    };
    txn.remember('update', request.requestId, digest, this.#d.clock.now(), JSON.stringify(answer));
    return { answer, applied: true };
  }

  /** After a restart or a state replace: every open document with an expiry gets its clock job again. */
  rearmAll(): void {
    for (const ns of this.#d.store.namespaces('oci-reservations.')) this.#rearm(ns.slice('oci-reservations.'.length));
  }

  #rearm(tenantGroupId: string): void {
    if (this.#d.store.has(reservationsNamespace(tenantGroupId))) this.#expiry.armAll(tenantGroupId, this.state(tenantGroupId).documents.values());
  }

  #closeAndRelease(tenantGroupId: string, doc: ReservationDocument, how: 'CANCELLED' | 'EXPIRED'): void {
    const txn = this.#txn(tenantGroupId);
    txn.document(doc);
    const now = this.#d.clock.now();
    const stamp = new Date(now).toISOString();
    const action = how === 'CANCELLED' ? 'Cancelled' : 'Expired';
    let released = 0;
    this.#attempt(this.book(tenantGroupId), txn, () => {
      for (const line of doc.lines) {
        if (line.quantity <= 0) continue;
        released = qty(released + line.quantity);
        this.#movements.giveBack(txn, line, line.quantity, { requestId: doc.id, action, timestamp: stamp });
      }
      closeDocument(doc, how, now);
      txn.commit(how === 'CANCELLED' ? 'reservation_cancel' : 'reservation_expire');
    });
    if (how === 'CANCELLED') this.#expiry.cancel(tenantGroupId, doc.id);
    this.#touch(tenantGroupId);
    this.#d.journal.emit({ type: how === 'CANCELLED' ? 'oci.reservation.cancelled' : 'oci.reservation.expired', tenant: tenantGroupId, data: { reservationId: doc.id, released } });
  }

  #perRecord<R extends { id: string }>(
    tenantGroupId: string,
    records: readonly R[],
    kind: 'release' | 'transfer' | 'fulfill',
    eventType: string,
    run: (txn: Txn, book: DocumentBook, record: R, stamp: string) => { errorCode: string; message: string } | undefined,
  ): RecordFailure[] {
    const book = this.book(tenantGroupId);
    const txn = this.#txn(tenantGroupId);
    const stamp = new Date(this.#d.clock.now()).toISOString();
    const failures: RecordFailure[] = [];
    let applied = 0;
    const now = this.#d.clock.now();
    this.#attempt(book, txn, () =>
      records.forEach((r, index) => {
        const digest = digestOf(r);
        if (isRepeat(book.state, kind, r.id, digest)) return;
        const failure = run(txn, book, r, stamp);
        if (failure) failures.push({ index, ...failure });
        else {
          txn.remember(kind, r.id, digest, now);
          applied++;
        }
      }),
    );
    const verb = kind === 'release' ? 'released' : kind === 'transfer' ? 'transferred' : 'fulfilled';
    this.#finish(tenantGroupId, book, txn, eventType, verb, applied);
    return failures;
  }

  #finish(tenantGroupId: string, book: DocumentBook, txn: Txn, eventType: string, verb: string, applied: number): void {
    const now = this.#d.clock.now();
    const completed: string[] = [];
    this.#attempt(book, txn, () => {
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
    this.#touch(tenantGroupId);
    if (applied > 0) this.#d.journal.emit({ type: `oci.reservation.${verb}`, tenant: tenantGroupId, data: { records: applied } });
  }

  #checkPlaces(tenantGroupId: string, places: readonly Place[]): void {
    checkPlaces(this.#d.tenants.state(tenantGroupId), places);
  }

  #txn(tenantGroupId: string, book = this.book(tenantGroupId)): Txn {
    return new Txn(this.#d.tenants, this.#d.feed, tenantGroupId, book.state);
  }

  /** The request's changes up to its commit: when they throw, nothing of them stays (see Txn.attempt). */
  #attempt<T>(book: DocumentBook, txn: Txn, changes: () => T): T {
    return txn.attempt(changes, (restored) => this.#indexAgain(book, restored));
  }

  #rollback(book: DocumentBook, txn: Txn): void {
    this.#indexAgain(book, txn.rollback());
  }

  /** Documents changed, or put back as they were, hold lines the index must know (it may have dropped them). */
  #indexAgain(book: DocumentBook, ids: readonly string[]): void {
    for (const id of ids) {
      const doc = book.document(id);
      if (doc) book.index(doc);
    }
  }

  #touch(tenantGroupId: string): void {
    this.#d.store.touch(reservationsNamespace(tenantGroupId));
  }
}

