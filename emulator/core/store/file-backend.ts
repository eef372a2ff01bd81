import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { TextFile } from 'lowdb/node';
import { parseState } from '../objects.js';
import type { ImageWriter, SnapshotInfo, StoreBackend, WriteBatch } from './backend.js';
import { imageFile, readJournal, removeLeftovers, syncDirectory, syncFile, writeFramesAt } from './journal-files.js';
import type { JournalTypes } from './journaled.js';
import { FileLock, type LockTakeover } from './lock.js';
import { filesOf, jsonFile, manifestText, readManifest, type Entry } from './manifest.js';
import { SnapshotFiles } from './snapshot-files.js';

// Layout beside the data file (`--data .emulator/state.json`):
//   state.json                  manifest: the namespaces, the files that hold each, the logs' committed sizes
//   state.d/<ns>.<g>.json       a plain namespace, written whole to a new file each batch (lowdb's TextFile)
//   state.d/<ns>.<g>.image      a journaled namespace's image (journaled.ts), renamed into place when whole
//   state.d/<ns>.<g>.log        its changes since that image, sealed frames written past the committed end
//   state.snapshots/<n>.snapshot named snapshots
//   state.<name>.json           sidecars that outlive resets (the token signing key)
//   state.json.lock             owner of the data file
// The manifest is the commit point of every batch (manifest.ts): a batch is on disk whole or not at all. Files
// it does not name are leftovers of a crash and are removed at start.

interface Journal {
  type: string;
  /** The log new frames are appended to (not yet named by the manifest while an unchained image is written). */
  appendGen: number;
  nextGen: number;
  imageBytes: number;
  /** Committed bytes of each log the namespace writes to (appends start there). */
  committed: Map<number, number>;
}

interface PendingImage {
  ns: string;
  type: string;
  gen: number;
  journal: Journal;
  writer: ReturnType<typeof imageFile>;
}


export class FileBackend implements StoreBackend {
  readonly kind = 'file' as const;
  readonly persistent = true;
  readonly location: string;
  readonly #dir: string;
  readonly #nsDir: string;
  readonly #stem: string;
  readonly #lock: FileLock;
  readonly #durable: boolean;
  readonly #onLockTakeover: ((takeover: LockTakeover) => void) | undefined;
  readonly #files = new Map<string, TextFile>();
  readonly #snapshots: SnapshotFiles;
  #entries = new Map<string, Entry>();
  readonly #journals = new Map<string, Journal>();
  /** The last file generation of each plain namespace. */
  readonly #jsonGens = new Map<string, number>();
  /** Images begun and not yet named by the manifest. */
  readonly #images = new Map<ImageWriter, PendingImage>();
  #manifestChain: Promise<void> = Promise.resolve();

  /** `onLockTakeover`: told when a lock left by a process that is gone (or is another process now) was taken over. */
  constructor(dataFile: string, options: { durable?: boolean; onLockTakeover?: (takeover: LockTakeover) => void } = {}) {
    this.location = resolve(dataFile);
    this.#dir = dirname(this.location);
    this.#stem = basename(this.location, extname(this.location));
    this.#nsDir = join(this.#dir, `${this.#stem}.d`);
    this.#lock = new FileLock(`${this.location}.lock`);
    this.#durable = options.durable ?? false;
    this.#onLockTakeover = options.onLockTakeover;
    this.#snapshots = new SnapshotFiles(join(this.#dir, `${this.#stem}.snapshots`), this.#durable);
  }

  acquire(): void {
    mkdirSync(this.#dir, { recursive: true });
    const takeover = this.#lock.acquire(this.location);
    if (takeover) this.#onLockTakeover?.(takeover);
  }

  release(): void {
    this.#lock.release();
  }

  async load(types: JournalTypes): Promise<Map<string, unknown>> {
    const data = new Map<string, unknown>();
    const text = await this.#file(this.location).read();
    const manifest = text === null ? { entries: new Map<string, Entry>(), current: true } : readManifest(text, this.location);
    // (A manifest of the first layout is written in today's at the next batch, as every batch writes it.)
    this.#entries = manifest.entries;
    for (const [ns, entry] of this.#entries) {
      const value = await this.#loadEntry(ns, entry, types, true);
      if (value !== undefined) data.set(ns, value);
    }
    await removeLeftovers(this.#nsDir, this.#entries);
    return data;
  }

  /**
   * What a restart would read, without taking the lock or changing a file (no repair, no clean-up): for tools and
   * tests that look at a data file another process or store is writing.
   */
  async peek(types: JournalTypes, only?: string): Promise<Map<string, unknown>> {
    const text = await this.#file(this.location).read();
    const data = new Map<string, unknown>();
    if (text === null) return data;
    for (const [ns, entry] of readManifest(text, this.location).entries) {
      if (only !== undefined && ns !== only) continue;
      const value = await this.#loadEntry(ns, entry, types, false);
      if (value !== undefined) data.set(ns, value);
    }
    return data;
  }

  async loadOne(ns: string, types: JournalTypes): Promise<unknown> {
    const entry = this.#entries.get(ns);
    return entry ? this.#loadEntry(ns, entry, types, false) : undefined;
  }

  async write(batch: WriteBatch): Promise<void> {
    mkdirSync(this.#nsDir, { recursive: true });
    const written: string[] = [];
    const sizes: [ns: string, journal: Journal, gen: number, size: number][] = [];
    const jsonGens = new Map<string, number>();
    await Promise.all([
      ...[...batch.appends].map(async ([ns, { frames }]) => {
        const journal = this.#journals.get(ns);
        if (!journal) throw new Error(`namespace ${ns} has no journal to append to`);
        const gen = journal.appendGen;
        const at = journal.committed.get(gen) ?? 0;
        sizes.push([ns, journal, gen, at + (await writeFramesAt(join(this.#nsDir, `${ns}.${gen}.log`), frames, at, this.#durable))]);
      }),
      ...[...batch.json].map(async ([ns, text]) => {
        if (text === undefined) return;
        const gen = (this.#jsonGens.get(ns) ?? 0) + 1;
        this.#jsonGens.set(ns, gen);
        jsonGens.set(ns, gen);
        const path = join(this.#nsDir, jsonFile(ns, { kind: 'json', gen }));
        await this.#file(path).write(text);
        written.push(path);
      }),
    ]);
    if (this.#durable) await Promise.all(written.map(syncFile));
    // The commit: the manifest names the batch's new files, the logs' new ends and the images it carries. What it
    // replaces goes after.
    const images = (batch.images ?? []).map((w) => this.#images.get(w)).filter((i): i is PendingImage => i !== undefined && i.writer.finished);
    const obsolete: string[] = [];
    const replacedByImages: string[][] = [];
    await this.#commit((entries) => {
      for (const image of images) replacedByImages.push(this.#takeImage(entries, image));
      for (const [ns, , gen, size] of sizes) {
        const entry = entries.get(ns);
        if (entry?.kind === 'journal' && entry.logs.includes(gen)) entries.set(ns, { ...entry, sizes: { ...entry.sizes, [gen]: size } });
      }
      for (const [ns, text] of batch.json) {
        const entry = entries.get(ns);
        if (entry) obsolete.push(...filesOf(ns, entry));
        if (text === undefined) entries.delete(ns);
        else entries.set(ns, { kind: 'json', gen: jsonGens.get(ns)! });
      }
    });
    for (const [, journal, gen, size] of sizes) journal.committed.set(gen, size);
    images.forEach((image, i) => this.#imageCommitted(image, replacedByImages[i]!));
    // A namespace written plain (or deleted) has no journal any more.
    for (const ns of batch.json.keys()) this.#journals.delete(ns);
    await Promise.all(obsolete.map((f) => rm(join(this.#nsDir, f), { force: true })));
  }

  beginImage(ns: string, type: string, options: { chained?: boolean } = {}): ImageWriter {
    mkdirSync(this.#nsDir, { recursive: true });
    let journal = this.#journals.get(ns);
    if (!journal || journal.type !== type) {
      journal = { type, appendGen: 0, nextGen: 1, imageBytes: 0, committed: new Map() };
      this.#journals.set(ns, journal);
    }
    const gen = journal.nextGen++;
    journal.appendGen = gen;
    journal.committed.set(gen, 0);
    // Chained: nothing was left out of the logs, so the old image, its logs and the new log are the whole
    // namespace even before the new image is done; name the new log now. Otherwise the new log counts only with
    // the image it follows.
    if (options.chained) {
      void this.#commit((entries) => {
        const entry = entries.get(ns);
        if (entry?.kind === 'journal' && entry.type === type) entries.set(ns, { ...entry, logs: [...entry.logs, gen], sizes: { ...entry.sizes, [gen]: 0 } });
      }).catch(() => undefined);
    }
    const image: PendingImage = { ns, type, gen, journal, writer: undefined! };
    image.writer = imageFile(join(this.#nsDir, `${ns}.${gen}.image`), {
      sync: this.#durable,
      onCommit: async () => {
        const old: string[] = [];
        await this.#commit((entries) => old.push(...this.#takeImage(entries, image)));
        this.#imageCommitted(image, old);
      },
    });
    this.#images.set(image.writer, image);
    return image.writer;
  }

  /** Makes the image its namespace's base in `entries`; answers the files it replaces. */
  #takeImage(entries: Map<string, Entry>, image: PendingImage): string[] {
    const { ns, type, gen, journal } = image;
    const before = entries.get(ns);
    const logs = before?.kind === 'journal' && before.type === type ? before.logs.filter((g) => g >= gen) : [gen];
    if (!logs.includes(gen)) logs.unshift(gen);
    const entry: Entry = { kind: 'journal', type, image: gen, logs, sizes: Object.fromEntries(logs.map((g) => [String(g), journal.committed.get(g) ?? 0])) };
    entries.set(ns, entry);
    const keep = new Set(filesOf(ns, entry));
    return before ? filesOf(ns, before).filter((f) => !keep.has(f)) : [];
  }

  #imageCommitted(image: PendingImage, obsolete: readonly string[]): void {
    this.#images.delete(image.writer);
    image.journal.imageBytes = image.writer.bytes;
    for (const g of [...image.journal.committed.keys()]) if (g < image.gen) image.journal.committed.delete(g);
    void Promise.all(obsolete.map((f) => rm(join(this.#nsDir, f), { force: true }))).catch(() => undefined);
  }

  journalSize(ns: string): { image: number; logs: number } | undefined {
    const journal = this.#journals.get(ns);
    if (!journal) return undefined;
    let logs = 0;
    for (const bytes of journal.committed.values()) logs += bytes;
    return { image: journal.imageBytes, logs };
  }

  saveSnapshot(name: string, frames: readonly Buffer[]): Promise<void> {
    return this.#snapshots.save(name, frames);
  }

  loadSnapshot(name: string): Promise<Buffer[] | undefined> {
    return this.#snapshots.load(name);
  }

  listSnapshots(): Promise<SnapshotInfo[]> {
    return this.#snapshots.list();
  }

  deleteSnapshot(name: string): Promise<boolean> {
    return this.#snapshots.delete(name);
  }

  sidecarPath(name: string): string {
    return join(this.#dir, `${this.#stem}.${name}.json`);
  }

  async #loadEntry(ns: string, entry: Entry, types: JournalTypes, atStart: boolean): Promise<unknown> {
    if (entry.kind === 'json') {
      if (atStart && entry.gen !== undefined) this.#jsonGens.set(ns, entry.gen);
      const path = join(this.#nsDir, jsonFile(ns, entry));
      const text = await this.#file(path).read();
      if (text === null) return undefined;
      try {
        return parseState(text);
      } catch (error) {
        throw new Error(`${path} is not valid JSON (${(error as Error).message}); refusing to start rather than overwrite it`);
      }
    }
    const read = await readJournal(this.#nsDir, ns, entry, types, { repair: atStart });
    if (!read) throw new Error(`${this.location}: namespace ${ns} is kept as '${entry.type}', which this version does not know`);
    if (atStart) {
      const gens = [entry.image ?? 0, ...entry.logs];
      this.#journals.set(ns, { type: entry.type, appendGen: entry.logs.at(-1) ?? 0, nextGen: Math.max(...gens) + 1, imageBytes: read.imageBytes, committed: read.committed });
    }
    return read.value;
  }

  /**
   * Applies `change` to a copy of the entries and writes the manifest from it; the copy becomes the entries once
   * the manifest is written (durably, with --durable). Commits run one after another, each on the entries the one
   * before left.
   */
  #commit(change: (entries: Map<string, Entry>) => void): Promise<void> {
    const run = this.#manifestChain
      .catch(() => undefined)
      .then(async () => {
        const next = new Map(this.#entries);
        change(next);
        await this.#file(this.location).write(manifestText(next));
        if (this.#durable) {
          await syncFile(this.location);
          await syncDirectory(this.#dir);
          await syncDirectory(this.#nsDir).catch(() => undefined);
        }
        this.#entries = next;
      });
    this.#manifestChain = run;
    return run;
  }

  #file(path: string): TextFile {
    let file = this.#files.get(path);
    if (!file) {
      file = new TextFile(path);
      this.#files.set(path, file);
    }
    return file;
  }
}
