import { mkdirSync } from 'node:fs';
import { open, readdir, rm } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { TextFile } from 'lowdb/node';
import { parseState } from '../objects.js';
import type { ImageWriter, SnapshotInfo, StoreBackend, WriteBatch } from './backend.js';
import { appendFrames, imageFile, readFrames, syncDirectory } from './journal-files.js';
import type { JournalTypes } from './journaled.js';
import { FileLock, type LockTakeover } from './lock.js';
import { filesOf, manifestText, readManifest, type Entry } from './manifest.js';
import { SnapshotFiles } from './snapshot-files.js';

// Layout beside the data file (`--data .emulator/state.json`):
//   state.json                  manifest: the namespaces and the files that hold each (manifest.ts)
//   state.d/<ns>.json           a plain namespace, written whole (lowdb's TextFile: temp file + rename)
//   state.d/<ns>.<g>.image      a journaled namespace's image (journaled.ts), renamed into place when whole
//   state.d/<ns>.<g>.log        its changes since that image, appended as sealed frames
//   state.snapshots/<n>.snapshot named snapshots
//   state.<name>.json           sidecars that outlive resets (the token signing key)
//   state.json.lock             owner of the data file
// The manifest is the commit point: files it does not name are leftovers of a crash and are removed at start.

interface Journal {
  type: string;
  /** The log new frames are appended to (not yet named by the manifest while an unchained image is written). */
  appendGen: number;
  nextGen: number;
  imageBytes: number;
  logBytes: Map<number, number>;
}

const OWN_FILE = /^(.+?)(\.\d+\.(image|log)(\.tmp)?|\.json)$/;

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
  #manifestChain: Promise<void> = Promise.resolve();
  #manifestStale = false;

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
    this.#entries = manifest.entries;
    // A manifest of the first layout is written in today's at the next batch.
    this.#manifestStale = !manifest.current;
    for (const [ns, entry] of this.#entries) {
      const value = await this.#loadEntry(ns, entry, types, true);
      if (value !== undefined) data.set(ns, value);
    }
    await this.#removeLeftovers();
    return data;
  }

  async loadOne(ns: string, types: JournalTypes): Promise<unknown> {
    const entry = this.#entries.get(ns);
    return entry ? this.#loadEntry(ns, entry, types, false) : undefined;
  }

  async write(batch: WriteBatch): Promise<void> {
    mkdirSync(this.#nsDir, { recursive: true });
    let manifestChanged = this.#manifestStale;
    const obsolete: string[] = [];
    const written: string[] = [];
    // Journal frames first, plain files after: the plain namespaces hold the small records that say what the data
    // is (an import job COMPLETED, with its records and recordIds in journals). A crash between the two then finds
    // the data without the claim (the job runs again and finds its records), never the claim without the data.
    await Promise.all(
      [...batch.appends].map(async ([ns, { frames }]) => {
        const journal = this.#journals.get(ns);
        if (!journal) throw new Error(`namespace ${ns} has no journal to append to`);
        const gen = journal.appendGen;
        const bytes = await appendFrames(join(this.#nsDir, `${ns}.${gen}.log`), frames, this.#durable);
        journal.logBytes.set(gen, (journal.logBytes.get(gen) ?? 0) + bytes);
      }),
    );
    await Promise.all(
      [...batch.json].map(async ([ns, text]) => {
        const entry = this.#entries.get(ns);
        if (text === undefined) {
          if (entry) obsolete.push(...filesOf(ns, entry));
          manifestChanged ||= this.#entries.delete(ns);
          this.#journals.delete(ns);
          return;
        }
        const path = join(this.#nsDir, `${ns}.json`);
        await this.#file(path).write(text);
        written.push(path);
        if (entry?.kind !== 'json') {
          if (entry) obsolete.push(...filesOf(ns, entry));
          this.#entries.set(ns, { kind: 'json' });
          this.#journals.delete(ns);
          manifestChanged = true;
        }
      }),
    );
    if (this.#durable) await Promise.all(written.map(syncFile));
    // Logs named by a manifest still being written count only once it is: wait for it in any case.
    await (manifestChanged ? this.#writeManifest() : this.#manifestChain);
    await Promise.all(obsolete.map((f) => rm(join(this.#nsDir, f), { force: true })));
  }

  beginImage(ns: string, type: string, options: { chained?: boolean } = {}): ImageWriter {
    mkdirSync(this.#nsDir, { recursive: true });
    const entry = this.#entries.get(ns);
    let journal = this.#journals.get(ns);
    if (!journal || journal.type !== type) {
      journal = { type, appendGen: 0, nextGen: 1, imageBytes: 0, logBytes: new Map() };
      this.#journals.set(ns, journal);
    }
    const gen = journal.nextGen++;
    journal.appendGen = gen;
    // Chained: nothing was left out of the logs, so the old image, its logs and the new log are the whole
    // namespace even before the new image is done; name the new log now. Otherwise the new log counts only with
    // the image it follows, at commit.
    if (options.chained && entry?.kind === 'journal' && entry.type === type) {
      entry.logs.push(gen);
      void this.#writeManifest().catch(() => undefined);
    }
    const j = journal;
    return imageFile(join(this.#nsDir, `${ns}.${gen}.image`), {
      sync: this.#durable,
      onAbort: () => undefined,
      onCommit: async (bytes) => {
        const before = this.#entries.get(ns);
        const logs = before?.kind === 'journal' && before.type === type ? before.logs.filter((g) => g >= gen) : [gen];
        if (!logs.includes(gen)) logs.unshift(gen);
        this.#entries.set(ns, { kind: 'journal', type, image: gen, logs });
        j.imageBytes = bytes;
        for (const g of [...j.logBytes.keys()]) if (g < gen) j.logBytes.delete(g);
        await this.#writeManifest();
        const keep = new Set(filesOf(ns, this.#entries.get(ns)!));
        const old = before ? filesOf(ns, before).filter((f) => !keep.has(f)) : [];
        await Promise.all(old.map((f) => rm(join(this.#nsDir, f), { force: true })));
      },
    });
  }

  journalSize(ns: string): { image: number; logs: number } | undefined {
    const journal = this.#journals.get(ns);
    if (!journal) return undefined;
    let logs = 0;
    for (const bytes of journal.logBytes.values()) logs += bytes;
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
      const path = join(this.#nsDir, `${ns}.json`);
      const text = await this.#file(path).read();
      if (text === null) return undefined;
      try {
        return parseState(text);
      } catch (error) {
        throw new Error(`${path} is not valid JSON (${(error as Error).message}); refusing to start rather than overwrite it`);
      }
    }
    const type = types.get(entry.type);
    if (!type) throw new Error(`${this.location}: namespace ${ns} is kept as '${entry.type}', which this version does not know`);
    const frames: Buffer[] = [];
    let imageBytes = 0;
    if (entry.image !== null) {
      const image = await readFrames(join(this.#nsDir, `${ns}.${entry.image}.image`), { repair: false });
      frames.push(...image.frames);
      imageBytes = image.bytes;
    }
    const logBytes = new Map<number, number>();
    for (const [i, gen] of entry.logs.entries()) {
      // Only the last log can end in a torn frame (a crash in an append); cut it so appends follow whole frames.
      const log = await readFrames(join(this.#nsDir, `${ns}.${gen}.log`), { repair: atStart && i === entry.logs.length - 1 });
      frames.push(...log.frames);
      logBytes.set(gen, log.bytes);
    }
    if (atStart) {
      const gens = [entry.image ?? 0, ...entry.logs];
      this.#journals.set(ns, { type: entry.type, appendGen: entry.logs.at(-1) ?? 0, nextGen: Math.max(...gens) + 1, imageBytes, logBytes });
    }
    return type.load(frames);
  }

  /** Files in the namespace folder the manifest does not name: halves of writes a crash interrupted. */
  async #removeLeftovers(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.#nsDir);
    } catch {
      return;
    }
    const named = new Set([...this.#entries].flatMap(([ns, entry]) => filesOf(ns, entry)));
    const leftovers = names.filter((n) => !named.has(n) && (OWN_FILE.test(n) || n.endsWith('.tmp')));
    await Promise.all(leftovers.map((n) => rm(join(this.#nsDir, n), { force: true })));
  }

  #writeManifest(): Promise<void> {
    const run = this.#manifestChain
      .catch(() => undefined)
      .then(async () => {
        this.#manifestStale = true;
        await this.#file(this.location).write(manifestText(this.#entries));
        if (this.#durable) {
          await syncFile(this.location);
          await syncDirectory(this.#dir);
          await syncDirectory(this.#nsDir).catch(() => undefined);
        }
        this.#manifestStale = false;
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

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
