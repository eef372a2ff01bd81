import { readFrame } from '../../core/store/frames.js';
import type { Journaled, JournalType } from '../../core/store/journaled.js';
import { JournaledMap } from '../../core/store/journaled-map.js';
import type { AppliedAction, ReservationDocument, ReservationState } from './model.js';

// A tenant group's reservation documents and applied record ids (namespace `oci-reservations.<tenantGroupId>`),
// journaled by key: a reservation writes its own document, not every document ever made. Documents are changed
// in place by the reservation service; Txn.document announces each one it touches (`documents.changed`).

export const RESERVATIONS_JOURNAL = 'oci-reservations';

export class StoredReservations implements ReservationState, Journaled {
  readonly journalType = RESERVATIONS_JOURNAL;
  // Group lines hold allocations by location id.
  readonly documents = new JournaledMap<ReservationDocument>('docs', { dictionaries: true });
  readonly applied = new JournaledMap<AppliedAction>('applied');

  drain(): Buffer[] | 'image' {
    if (this.documents.mostlyChanged || this.applied.mostlyChanged) return 'image';
    const frames: Buffer[] = [];
    this.documents.drainInto(frames);
    this.applied.drainInto(frames);
    return frames;
  }

  forget(): void {
    this.documents.forget();
    this.applied.forget();
  }

  image(): Iterator<Buffer> {
    const documents = this.documents.imageFrames();
    const applied = this.applied.imageFrames();
    return (function* () {
      yield* documents;
      yield* applied;
    })();
  }

  static load(frames: Iterable<Buffer>): StoredReservations {
    const state = new StoredReservations();
    for (const bytes of frames) {
      const { header } = readFrame(bytes);
      if (header.op === 'docs') state.documents.apply(header);
      else if (header.op === 'applied') state.applied.apply(header);
      else throw new Error(`unknown reservations frame '${header.op}'`);
    }
    state.forget();
    return state;
  }

  /** What an earlier version stored as plain JSON (`{documents: {id: doc}, applied: {key: action}}`). */
  static fromPlain(raw: { documents?: unknown; applied?: unknown }): StoredReservations {
    const state = new StoredReservations();
    for (const [id, doc] of Object.entries((raw.documents ?? {}) as Record<string, ReservationDocument>)) state.documents.set(id, doc);
    for (const [key, action] of Object.entries((raw.applied ?? {}) as Record<string, AppliedAction>)) state.applied.set(key, action);
    return state;
  }
}

export const reservationsJournal: JournalType = { name: RESERVATIONS_JOURNAL, load: (frames) => StoredReservations.load(frames) };
