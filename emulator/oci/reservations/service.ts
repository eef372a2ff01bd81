import { qty } from '../availability/arithmetic.js';
import { ociError, ociErrors } from '../errors.js';
import { closeDocument, emptied, type DocumentBook } from './document-book.js';
import { ExpiryClock, expiryOf } from './expiry.js';
import { Holdings } from './holdings.js';
import { digestOf, earlier, isRepeat, replay } from './idempotency.js';
import { LineReservations } from './line-reservations.js';
import { updateLines } from './line-updates.js';
import type {
  CreateOutcome,
  CreateRequest,
  FulfillRecord,
  Place,
  RecordFailure,
  ReleaseRecord,
  ReservationDocument,
  ReservationState,
  TransferRecord,
  UpdateRequest,
} from './model.js';
import { Movements } from './movements.js';
import { RequestSteps, type ReservationDeps } from './request-steps.js';
import type { Txn } from './txn.js';

// Reservation documents: create (the reservation id is the idempotency key), cancel, expiry on the virtual
// clock, Connect's update, and the record-level releases, transfers and fulfillments (movements.ts). Each request
// runs to its end in one synchronous step, over one Txn, so concurrent requests never interleave.

export class ReservationService {
  readonly #d: ReservationDeps;
  readonly #holdings: Holdings;
  readonly #movements: Movements;
  readonly #lines: LineReservations;
  readonly #expiry: ExpiryClock;
  readonly #steps: RequestSteps;

  constructor(deps: ReservationDeps) {
    this.#d = deps;
    this.#holdings = new Holdings(deps.tenants);
    this.#movements = new Movements(this.#holdings);
    this.#lines = new LineReservations(this.#holdings);
    this.#expiry = new ExpiryClock(deps.clock, deps.expiryLagMs, (tenantGroupId, id) => {
      const doc = this.document(tenantGroupId, id);
      if (doc?.state === 'OPEN' && doc.expiresAt !== undefined) this.#closeAndRelease(tenantGroupId, doc, 'EXPIRED');
    });
    this.#steps = new RequestSteps(deps, this.#expiry);
  }

  state(tenantGroupId: string): ReservationState {
    return this.#steps.state(tenantGroupId);
  }

  book(tenantGroupId: string): DocumentBook {
    return this.#steps.book(tenantGroupId);
  }

  document(tenantGroupId: string, reservationId: string): ReservationDocument | undefined {
    return this.#steps.has(tenantGroupId) ? this.state(tenantGroupId).documents.get(reservationId) : undefined;
  }

  /** Every document, for the reservations export. */
  documents(tenantGroupId: string): ReservationDocument[] {
    return this.#steps.has(tenantGroupId) ? [...this.state(tenantGroupId).documents.values()] : [];
  }

  /** PUT reservation-documents/{id}. Places are checked first: an unknown one is a 400 and nothing happens. */
  create(tenantGroupId: string, reservationId: string, request: CreateRequest): CreateOutcome {
    if (request.groups.length === 0 && request.locations.length === 0) throw ociErrors.invalidRequest('No location or groups provided.');
    this.#steps.checkPlaces(tenantGroupId, [
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
    const txn = this.#steps.txn(tenantGroupId, book);
    const answer = this.#steps.attempt(book, txn, () => {
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
    this.#steps.touch(tenantGroupId);
    this.#expiry.arm(tenantGroupId, doc);
    this.#d.journal.emit({
      type: 'oci.reservation.created',
      tenant: tenantGroupId,
      data: {
        reservationId,
        success: answer.success,
        lines: answer.places.reduce((n, p) => n + p.details.length, 0),
        // Who the units are for, and what was granted where: the oversell accounting learns from it that OCI now
        // knows an order it had missed (a captured order re-reserved, an exported one reserved by an OMS). A refused
        // all-or-nothing document holds nothing.
        ...(request.externalRefId !== undefined && (answer.success || request.allowPartialReservations) ? { externalRefId: request.externalRefId, granted: answer.places.flatMap((p) => p.details.map((d) => ({ placeType: p.type, place: p.id, sku: d.sku, quantity: d.quantity }))) } : {}),
      },
    });
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
    this.#steps.checkPlaces(tenantGroupId, records.map((r) => r.place));
    return this.#perRecord(tenantGroupId, records, 'release', 'reservation_release', (txn, book, r, stamp) => this.#movements.release(txn, book, r, stamp));
  }

  /** Fulfillments; an unknown location fails its record (`err751`), not the request, as the RAML example shows. */
  fulfill(tenantGroupId: string, records: readonly FulfillRecord[]): RecordFailure[] {
    return this.#perRecord(tenantGroupId, records, 'fulfill', 'reservation_fulfill', (txn, book, r, stamp) => this.#movements.fulfill(txn, book, r, stamp));
  }

  /** Transfers; with `allOrNothing` one refused record undoes the others. */
  transfer(tenantGroupId: string, records: readonly TransferRecord[], allOrNothing: boolean): RecordFailure[] {
    this.#steps.checkPlaces(tenantGroupId, records.flatMap((r) => [r.from, r.to]));
    if (!allOrNothing) {
      return this.#perRecord(tenantGroupId, records, 'transfer', 'reservation_transfer', (txn, book, r, stamp) => this.#movements.transfer(txn, book, r, stamp));
    }
    const book = this.book(tenantGroupId);
    const txn = this.#steps.txn(tenantGroupId);
    const stamp = new Date(this.#d.clock.now()).toISOString();
    const failures: RecordFailure[] = [];
    const digests = records.map((r) => digestOf(r));
    this.#steps.attempt(book, txn, () =>
      records.forEach((r, index) => {
        if (isRepeat(book.state, 'transfer', r.id, digests[index]!)) return;
        const failure = this.#movements.transfer(txn, book, r, stamp);
        if (failure) failures.push({ index, ...failure });
      }),
    );
    if (failures.length > 0) {
      this.#steps.rollback(book, txn);
      return failures;
    }
    const now = this.#d.clock.now();
    records.forEach((r, index) => txn.remember('transfer', r.id, digests[index]!, now));
    this.#steps.finish(tenantGroupId, book, txn, 'reservation_transfer', 'transferred', records.length);
    return [];
  }

  /** Connect's update (61.0): each line's quantity becomes the one given (0 takes the line out). */
  update(tenantGroupId: string, reservationId: string, request: UpdateRequest): CreateOutcome {
    this.#steps.checkPlaces(tenantGroupId, request.lines.map((l) => l.place));
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
    const txn = this.#steps.txn(tenantGroupId);
    const { answer, applied } = this.#steps.attempt(book, txn, () => this.#applyUpdate(book, txn, doc, request, digest));
    if (applied) this.#steps.finish(tenantGroupId, book, txn, 'reservation_update', 'updated', request.lines.length);
    return answer;
  }

  /** The update's changes (not committed); `applied` is false when all-or-nothing refused them. */
  #applyUpdate(book: DocumentBook, txn: Txn, doc: ReservationDocument, request: UpdateRequest, digest: string): { answer: CreateOutcome; applied: boolean } {
    txn.document(doc);
    const list = updateLines(this.#lines, this.#movements, txn, doc, request, new Date(this.#d.clock.now()).toISOString());
    const success = list.every((p) => p.errors.length === 0);
    if (!success && request.allOrNothing) {
      this.#steps.rollback(book, txn);
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
    for (const tenantGroupId of this.#steps.tenantGroups()) {
      if (this.#steps.has(tenantGroupId)) this.#expiry.armAll(tenantGroupId, this.state(tenantGroupId).documents.values());
    }
  }

  #closeAndRelease(tenantGroupId: string, doc: ReservationDocument, how: 'CANCELLED' | 'EXPIRED'): void {
    const txn = this.#steps.txn(tenantGroupId);
    txn.document(doc);
    const now = this.#d.clock.now();
    const stamp = new Date(now).toISOString();
    const action = how === 'CANCELLED' ? 'Cancelled' : 'Expired';
    let released = 0;
    this.#steps.attempt(this.book(tenantGroupId), txn, () => {
      for (const line of doc.lines) {
        if (line.quantity <= 0) continue;
        released = qty(released + line.quantity);
        this.#movements.giveBack(txn, line, line.quantity, { requestId: doc.id, action, timestamp: stamp });
      }
      closeDocument(doc, how, now);
      txn.commit(how === 'CANCELLED' ? 'reservation_cancel' : 'reservation_expire');
    });
    if (how === 'CANCELLED') this.#expiry.cancel(tenantGroupId, doc.id);
    this.#steps.touch(tenantGroupId);
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
    const txn = this.#steps.txn(tenantGroupId);
    const stamp = new Date(this.#d.clock.now()).toISOString();
    const failures: RecordFailure[] = [];
    let applied = 0;
    const now = this.#d.clock.now();
    this.#steps.attempt(book, txn, () =>
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
    this.#steps.finish(tenantGroupId, book, txn, eventType, verb, applied);
    return failures;
  }
}
