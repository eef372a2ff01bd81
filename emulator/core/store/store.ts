import { NAMESPACE_PATTERN, SNAPSHOT_NAME_PATTERN, StoreWriteError, type SnapshotInfo, type StoreBackend, type WriteBatch } from './backend.js';
import { pump, type ImageJob } from './image-pump.js';
import { isJournaled, type Journaled, type JournalTypes } from './journaled.js';
import { readSnapshot, snapshotFrames } from './snapshots.js';

// All state, in memory, split into namespaces (`system`, one per tenant group, one per B2C instance…). Domain code
// changes values in place and says which namespace it touched; the store writes dirty namespaces in one batch
// after `flushDelayMs`, never once per request. Small namespaces are plain JSON, written whole. Large ones are
// journaled (journaled.ts): a batch appends only what they changed to their log, and a new image of everything is
// written in slices (image-pump.ts) when the log has grown past the image or when a bulk change asks for one, so
// persisting never holds the event loop for longer than a slice.
//
// Durable stores (`durable`): a write that fails is undone in memory (the namespace is read back from disk) and
// every request that was waiting for it learns so (`reverts` moves on), so nothing is acknowledged or visible
// that is not on disk. Other stores log the failure and write again later.

export interface StoreOptions {
  /** How long a change may wait before its batch is written. */
  flushDelayMs?: number;
  onWriteError?: (error: unknown) => void;
  /** Epoch ms of the virtual clock, recorded in snapshots. */
  now?: () => number;
  /** The loaders of journaled namespaces. */
  journalTypes?: JournalTypes;
  durable?: boolean;
}

export type ReplaceListener = (namespaces: ReadonlySet<string>) => void;

/** A log may grow to this size, or to its image's size if that is larger, before a new image is written. */
const LOG_BEFORE_IMAGE = 16 * 1024 * 1024;

export class Store {
  readonly backend: StoreBackend;
  readonly flushDelayMs: number;
  readonly durable: boolean;
  #data = new Map<string, unknown>();
  #dirty = new Set<string>();
  /** Journaled namespaces whose next write is a new image (new, replaced, or their last write failed). */
  readonly #wantImage = new Set<string>();
  readonly #images = new Map<string, ImageJob>();
  /** Namespaces that need another carrying image once the running one ends. */
  readonly #queued = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #listeners = new Set<ReplaceListener>();
  #opened = false;
  #lastCollectMs = 0;
  #reverts = 0;
  #failures = 0;
  readonly #types: JournalTypes;
  readonly #onWriteError: (error: unknown) => void;
  readonly #now: () => number;

  constructor(backend: StoreBackend, options: StoreOptions = {}) {
    this.backend = backend;
    this.flushDelayMs = options.flushDelayMs ?? 100;
    this.durable = options.durable ?? false;
    this.#types = options.journalTypes ?? new Map();
    this.#onWriteError = options.onWriteError ?? ((error) => console.error('[store] write failed:', error));
    this.#now = options.now ?? Date.now;
  }

  /** Locks the location and loads what it holds. Returns true when it held state (a restart), false when new. */
  async open(): Promise<boolean> {
    this.backend.acquire();
    try {
      this.#data = await this.backend.load(this.#types);
    } catch (error) {
      this.backend.release();
      throw error;
    }
    this.#opened = true;
    return this.#data.size > 0;
  }

  get isEmpty(): boolean {
    return this.#data.size === 0;
  }

  /** How long the next batch waits: the configured delay, or longer after a slow batch. */
  get nextFlushDelayMs(): number {
    return Math.max(this.flushDelayMs, Math.round(4 * this.#lastCollectMs));
  }

  /** Whether some change is not on disk yet. */
  get dirty(): boolean {
    return this.#dirty.size > 0 || this.#inFlight !== undefined || this.#wantImage.size > 0 || this.#queued.size > 0 || [...this.#images.values()].some((j) => j.carrying);
  }

  /** Moves on each time a failed durable write was undone: a request that saw it move must not be acknowledged. */
  get reverts(): number {
    return this.#reverts;
  }

  has(ns: string): boolean {
    return this.#data.has(ns);
  }

  get<T>(ns: string): T | undefined {
    return this.#data.get(ns) as T | undefined;
  }

  /** The namespace's data, created by `init` (and marked dirty) when absent. */
  ensure<T>(ns: string, init: () => T): T {
    let value = this.#data.get(ns) as T | undefined;
    if (value === undefined) {
      checkName(ns);
      value = init();
      this.#data.set(ns, value);
      this.#needsImage(ns, value);
      this.touch(ns);
    }
    return value;
  }

  /** Records that the namespace's objects were changed in place. */
  touch(ns: string): void {
    this.#dirty.add(ns);
    this.#schedule();
  }

  set(ns: string, value: unknown): void {
    checkName(ns);
    this.#stopImage(ns);
    this.#data.set(ns, value);
    this.#needsImage(ns, value);
    this.touch(ns);
    this.#notify(new Set([ns]));
  }

  /**
   * Puts a value in place of the namespace's own without telling the replace listeners: for owners that turn what
   * was loaded (an earlier layout, plain JSON) into the class they work with. It is written anew.
   */
  adopt(ns: string, value: unknown): void {
    this.#stopImage(ns);
    this.#data.set(ns, value);
    this.#needsImage(ns, value);
    this.touch(ns);
  }

  delete(ns: string): boolean {
    const existed = this.#data.delete(ns);
    if (existed) {
      this.#stopImage(ns);
      this.touch(ns);
      this.#notify(new Set([ns]));
    }
    return existed;
  }

  namespaces(prefix = ''): string[] {
    return [...this.#data.keys()].filter((ns) => ns.startsWith(prefix)).sort();
  }

  /** Replaces everything (reset, snapshot restore, fixture load). */
  replaceAll(data: Map<string, unknown>): void {
    const affected = new Set([...this.#data.keys(), ...data.keys()]);
    for (const ns of data.keys()) checkName(ns);
    for (const ns of affected) this.#stopImage(ns);
    this.#data = new Map(data);
    for (const [ns, value] of this.#data) this.#needsImage(ns, value);
    for (const ns of affected) this.#dirty.add(ns);
    this.#schedule();
    this.#notify(affected);
  }

  /** Called after namespaces were replaced wholesale, so owners of derived indexes and timers rebuild them. */
  onReplace(listener: ReplaceListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Resolves when every change made before the call is written (images it needs included). Rejects with
   * StoreWriteError when a write failed meanwhile (a durable store has undone it; another writes it again later).
   */
  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const failures = this.#failures;
    while (this.#inFlight) await this.#inFlight;
    if (!this.backend.persistent) {
      this.#forgetAll();
      return;
    }
    if (this.#dirty.size > 0 || this.#wantImage.size > 0) {
      this.#inFlight = this.#write();
      await this.#inFlight;
    }
    await this.#settleImages();
    if (this.#failures !== failures) throw new StoreWriteError(this.durable ? 'The change could not be written to disk and was undone' : 'The change could not be written to disk yet');
  }

  async saveSnapshot(name: string): Promise<SnapshotInfo> {
    checkSnapshotName(name);
    const { frames, info } = snapshotFrames(this.#data, { name, createdAt: new Date().toISOString(), clockAt: new Date(this.#now()).toISOString() });
    await this.backend.saveSnapshot(name, frames);
    return info;
  }

  /** Restores a snapshot; returns its description, or undefined when there is no snapshot of that name. */
  async restoreSnapshot(name: string): Promise<SnapshotInfo | undefined> {
    checkSnapshotName(name);
    const frames = await this.backend.loadSnapshot(name);
    if (!frames) return undefined;
    const { info, data } = readSnapshot(frames, this.#types);
    this.replaceAll(data);
    return info;
  }

  listSnapshots(): Promise<SnapshotInfo[]> {
    return this.backend.listSnapshots();
  }

  deleteSnapshot(name: string): Promise<boolean> {
    checkSnapshotName(name);
    return this.backend.deleteSnapshot(name);
  }

  /** Writes what is pending and gives up the location. */
  async close(): Promise<void> {
    if (!this.#opened) return;
    try {
      await this.flush();
    } catch (error) {
      this.#onWriteError(error);
    }
    // Images that carry nothing only shorten the next start: not worth waiting for.
    for (const job of this.#images.values()) job.aborted = true;
    await Promise.all([...this.#images.values()].map((j) => j.done));
    this.#opened = false;
    this.backend.release();
  }

  /** One batch: what every dirty namespace changed, collected now (one consistent moment) and written. */
  async #write(): Promise<void> {
    const started = performance.now();
    const batch: WriteBatch = { json: new Map(), appends: new Map() };
    const namespaces = [...new Set([...this.#dirty, ...this.#wantImage])];
    this.#dirty.clear();
    for (const ns of namespaces) {
      const value = this.#data.get(ns);
      if (value === undefined || !isJournaled(value)) {
        batch.json.set(ns, value === undefined ? undefined : JSON.stringify(value));
        continue;
      }
      const changes = this.#wantImage.delete(ns) ? 'image' : value.drain();
      if (changes === 'image') {
        value.forget();
        this.#startImage(ns, value, true);
      } else if (changes.length > 0) {
        batch.appends.set(ns, { type: value.journalType, frames: changes });
        const size = this.backend.journalSize(ns);
        if (size && size.logs > Math.max(LOG_BEFORE_IMAGE, size.image)) this.#startImage(ns, value, false);
      }
    }
    this.#lastCollectMs = performance.now() - started;
    try {
      // A batch may hold what depends on changes only an image carries (a namespace's first image, a bulk change):
      // a reservation's hold in the tenant's log, its document in the first image of the reservations; an import's
      // ledger and COMPLETED job, its records in the tenant's image. Written before that image is whole, a crash
      // would keep the one without the other: the batch waits for it.
      await this.#settleImages();
      await this.backend.write(batch);
    } catch (error) {
      this.#onWriteError(error);
      await this.#failed(namespaces);
    } finally {
      this.#inFlight = undefined;
      if (this.#dirty.size > 0 || this.#wantImage.size > 0) this.#schedule();
    }
  }

  #startImage(ns: string, value: Journaled, carrying: boolean): void {
    const running = this.#images.get(ns);
    if (running) {
      if (carrying) this.#queued.add(ns);
      return;
    }
    const writer = this.backend.beginImage(ns, value.journalType, { chained: !carrying });
    const frames = value.image();
    const job: ImageJob = { ns, carrying, aborted: false, done: Promise.resolve() };
    job.done = pump(job, frames, writer)
      .catch(async (error) => {
        this.#onWriteError(error);
        if (carrying) await this.#failed([ns]);
      })
      .finally(() => {
        if (this.#images.get(ns) === job) this.#images.delete(ns);
        const next = this.#data.get(ns);
        if (this.#queued.delete(ns) && isJournaled(next)) this.#startImage(ns, next, true);
      });
    this.#images.set(ns, job);
  }

  /** Waits for the images that carry changes, including those queued behind them. */
  async #settleImages(): Promise<void> {
    for (;;) {
      const carrying = [...this.#images.values()].filter((j) => j.carrying || this.#queued.has(j.ns));
      if (carrying.length === 0) return;
      await Promise.all(carrying.map((j) => j.done));
    }
  }

  /** A write failed: a durable store undoes it (see the top), another writes everything it held again later. */
  async #failed(namespaces: readonly string[]): Promise<void> {
    this.#failures++;
    if (!this.durable) {
      for (const ns of namespaces) {
        if (isJournaled(this.#data.get(ns))) this.#wantImage.add(ns);
        else this.#dirty.add(ns);
      }
      return;
    }
    const restored = new Map<string, unknown>();
    for (const ns of namespaces) {
      try {
        restored.set(ns, await this.backend.loadOne(ns, this.#types));
      } catch (error) {
        this.#onWriteError(error);
      }
    }
    this.#reverts++;
    for (const [ns, value] of restored) {
      this.#stopImage(ns);
      if (value === undefined) this.#data.delete(ns);
      else this.#data.set(ns, value);
      // A log that took half a frame is not appended to again: the next write starts a new image.
      this.#needsImage(ns, value);
      this.#dirty.add(ns);
    }
    this.#notify(new Set(restored.keys()));
  }

  #needsImage(ns: string, value: unknown): void {
    if (isJournaled(value) && this.backend.persistent) this.#wantImage.add(ns);
    else this.#wantImage.delete(ns);
  }

  #stopImage(ns: string): void {
    this.#queued.delete(ns);
    const job = this.#images.get(ns);
    if (!job) return;
    job.aborted = true;
    this.#images.delete(ns);
  }

  #forgetAll(): void {
    for (const ns of this.#dirty) {
      const value = this.#data.get(ns);
      if (isJournaled(value)) value.forget();
    }
    this.#dirty.clear();
    this.#wantImage.clear();
  }

  #schedule(): void {
    if (!this.backend.persistent) {
      this.#forgetAll();
      return;
    }
    if (this.#timer || this.#inFlight || !this.#opened) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.flush().catch(() => undefined);
    }, this.nextFlushDelayMs);
    this.#timer.unref();
  }

  #notify(namespaces: ReadonlySet<string>): void {
    for (const listener of this.#listeners) listener(namespaces);
  }
}

export class StoreNameError extends Error {}

function checkName(ns: string): void {
  if (!NAMESPACE_PATTERN.test(ns)) throw new StoreNameError(`Invalid namespace name ${JSON.stringify(ns)}`);
}

function checkSnapshotName(name: string): void {
  if (!SNAPSHOT_NAME_PATTERN.test(name)) {
    throw new StoreNameError(`A snapshot name is 1–64 characters of letters, digits, '.', '_' or '-'; got ${JSON.stringify(name)}`);
  }
}
