import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImageWriter } from '../../emulator/core/store/backend.js';
import { FileBackend } from '../../emulator/core/store/file-backend.js';
import { journalTypes } from '../../emulator/core/store/journaled.js';
import { Store } from '../../emulator/core/store/store.js';
import { reservationsJournal, StoredReservations } from '../../emulator/oci/reservations/stored-reservations.js';
import { tempFolders } from '../helpers/temp.js';
import { namespaceOnDisk } from '../helpers/disk.js';

// What the crash suite found, pinned down without a kill. A batch that also started a namespace's image (its
// first, or one a bulk change asked for) wrote its other namespaces at once, while the image was still being
// written: a crash in between kept a reservation's hold without its document, an import's COMPLETED job and
// recordIds without its records. And a batch wrote its plain JSON files before its journal frames: a crash in
// between kept an import COMPLETED (JSON) without the records and recordIds it applied (journals). The rules:
// nothing in a batch reaches disk before the images that carry changes made before it, and a batch's plain files
// come after its journal frames.

const temp = tempFolders('oci-emu-write-order');
afterAll(temp.cleanup);

/** A file backend whose images wait at their commit until the test lets them through. */
class HeldImages extends FileBackend {
  #letThrough: () => void = () => {};
  #held: Promise<void> = Promise.resolve();
  #reached: () => void = () => {};
  /** Resolves once an image held by `hold` is at its commit. */
  atCommit: Promise<void> = Promise.resolve();

  hold(): void {
    this.#held = new Promise((resolve) => (this.#letThrough = resolve));
    this.atCommit = new Promise((resolve) => (this.#reached = resolve));
  }

  letThrough(): void {
    this.#letThrough();
  }

  override beginImage(ns: string, type: string, options?: { chained?: boolean }): ImageWriter {
    const writer = super.beginImage(ns, type, options);
    // Held where the image becomes whole (a carrying image is then committed with the batch that waits for it;
    // one that carries nothing commits itself): the same writer object, so the backend still knows it.
    const finish = writer.finish.bind(writer);
    writer.finish = async () => {
      this.#reached();
      await this.#held;
      await finish();
    };
    return writer;
  }
}

describe('write order across namespaces', () => {
  it("a batch waits for the image that carries its namespace's first changes", async () => {
    const file = temp.file();
    const backend = new HeldImages(file);
    const store = new Store(backend, { flushDelayMs: 60_000, journalTypes: journalTypes(reservationsJournal) });
    await store.open();
    store.set('holds', { reserved: 0 });
    await store.flush();
    const onDisk = async () => (await namespaceOnDisk<{ reserved: number }>(file, 'holds', journalTypes(reservationsJournal)))!;

    backend.hold();
    // One request's changes: a document in a namespace that has no image yet, and its hold in another.
    const documents = store.ensure('reservations', () => new StoredReservations());
    documents.documents.set('r-1', { id: 'r-1' } as never);
    store.touch('reservations');
    store.get<{ reserved: number }>('holds')!.reserved = 3;
    store.touch('holds');
    const flushed = store.flush();

    await backend.atCommit;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await onDisk()).reserved, 'the hold reached disk while the document was still in an unfinished image').toBe(0);

    backend.letThrough();
    await flushed;
    expect((await onDisk()).reserved).toBe(3);
    await store.close();

    const again = new Store(new FileBackend(file), { journalTypes: journalTypes(reservationsJournal) });
    await again.open();
    expect(again.get<StoredReservations>('reservations')?.documents.get('r-1')).toEqual({ id: 'r-1' });
    await again.close();
  });

  it('a batch writes its journal frames before its plain files: a failed append leaves the plain files as they were', async () => {
    const file = temp.file();
    const types = journalTypes(reservationsJournal);
    const store = new Store(new FileBackend(file), { flushDelayMs: 60_000, journalTypes: types, onWriteError: () => {} });
    await store.open();
    store.set('job', { status: 'RUNNING' });
    store.ensure('reservations', () => new StoredReservations());
    await store.flush();
    const job = async () => (await namespaceOnDisk<{ status: string }>(file, 'job', types))!;

    // The journal's next append cannot happen (a folder stands where its log goes).
    const log = join(file, '..', 'state.d', 'reservations.1.log');
    mkdirSync(log);
    store.get<StoredReservations>('reservations')!.documents.set('r-1', { id: 'r-1' } as never);
    store.touch('reservations');
    store.get<{ status: string }>('job')!.status = 'COMPLETED';
    store.touch('job');
    await expect(store.flush()).rejects.toThrow();
    expect((await job()).status, 'the claim reached disk without the data it claims').toBe('RUNNING');

    rmSync(log, { recursive: true });
    await store.close();
    const again = new Store(new FileBackend(file), { journalTypes: types });
    await again.open();
    expect(again.get<{ status: string }>('job')).toEqual({ status: 'COMPLETED' });
    expect(again.get<StoredReservations>('reservations')?.documents.get('r-1')).toEqual({ id: 'r-1' });
    await again.close();
  });
});
