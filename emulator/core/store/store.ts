import { NAMESPACE_PATTERN, SNAPSHOT_NAME_PATTERN, type SnapshotInfo, type StoreBackend } from './backend.js';

// All state, in memory, split into namespaces (`system`, one per tenant group, one per B2C instance…).
// Domain code reads and changes plain objects in place and says which namespace it touched; the store writes
// dirty namespaces in one batch after `flushDelayMs`, never once per request. `flush()` forces the batch now.
// Serialising happens on the event loop, so for very large states the wait between batches grows to four times
// the last batch's serialisation time: the emulator keeps at least 80 % of its time for requests.

export interface StoreOptions {
  /** How long a change may wait before its batch is written. */
  flushDelayMs?: number;
  onWriteError?: (error: unknown) => void;
  /** Epoch ms of the virtual clock, recorded in snapshots. */
  now?: () => number;
}

export type ReplaceListener = (namespaces: ReadonlySet<string>) => void;

export class Store {
  readonly backend: StoreBackend;
  readonly flushDelayMs: number;
  #data = new Map<string, unknown>();
  #dirty = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #listeners = new Set<ReplaceListener>();
  #opened = false;
  #lastSerializeMs = 0;
  readonly #onWriteError: (error: unknown) => void;
  readonly #now: () => number;

  constructor(backend: StoreBackend, options: StoreOptions = {}) {
    this.backend = backend;
    this.flushDelayMs = options.flushDelayMs ?? 100;
    this.#onWriteError = options.onWriteError ?? ((error) => console.error('[store] write failed:', error));
    this.#now = options.now ?? Date.now;
  }

  /** Locks the location and loads what it holds. Returns true when it held state (a restart), false when new. */
  async open(): Promise<boolean> {
    this.backend.acquire();
    try {
      this.#data = await this.backend.load();
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

  /** How long the next batch waits: the configured delay, or longer after a slow serialisation. */
  get nextFlushDelayMs(): number {
    return Math.max(this.flushDelayMs, Math.round(4 * this.#lastSerializeMs));
  }

  get dirty(): boolean {
    return this.#dirty.size > 0 || this.#inFlight !== undefined;
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
    this.#data.set(ns, value);
    this.touch(ns);
    this.#notify(new Set([ns]));
  }

  delete(ns: string): boolean {
    const existed = this.#data.delete(ns);
    if (existed) {
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
    this.#data = new Map(data);
    for (const ns of affected) this.#dirty.add(ns);
    this.#schedule();
    this.#notify(affected);
  }

  /** Called after namespaces were replaced wholesale, so owners of derived indexes and timers rebuild them. */
  onReplace(listener: ReplaceListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves when every change made before the call is written. */
  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    while (this.#inFlight) await this.#inFlight;
    if (this.#dirty.size === 0) return;
    if (!this.backend.persistent) {
      this.#dirty.clear();
      return;
    }
    const batch = new Map<string, string | undefined>();
    const started = performance.now();
    for (const ns of this.#dirty) {
      const value = this.#data.get(ns);
      // Serialised now, so the batch is one consistent moment even while requests keep changing state.
      batch.set(ns, value === undefined ? undefined : JSON.stringify(value));
    }
    this.#lastSerializeMs = performance.now() - started;
    this.#dirty.clear();
    const all = [...this.#data.keys()];
    this.#inFlight = this.backend
      .write(batch, all)
      .catch((error) => {
        for (const ns of batch.keys()) this.#dirty.add(ns);
        this.#onWriteError(error);
      })
      .finally(() => {
        this.#inFlight = undefined;
        if (this.#dirty.size > 0) this.#schedule();
      });
    await this.#inFlight;
  }

  async saveSnapshot(name: string): Promise<SnapshotInfo> {
    checkSnapshotName(name);
    const namespaces: Record<string, unknown> = {};
    for (const [ns, value] of this.#data) namespaces[ns] = value;
    const doc = { name, createdAt: new Date().toISOString(), clockAt: new Date(this.#now()).toISOString(), namespaces };
    await this.backend.saveSnapshot(JSON.parse(JSON.stringify(doc)));
    return { name, createdAt: doc.createdAt, clockAt: doc.clockAt, namespaces: Object.keys(namespaces).length };
  }

  /** Restores a snapshot; returns its description, or undefined when there is no snapshot of that name. */
  async restoreSnapshot(name: string): Promise<SnapshotInfo | undefined> {
    checkSnapshotName(name);
    const doc = await this.backend.loadSnapshot(name);
    if (!doc) return undefined;
    this.replaceAll(new Map(Object.entries(doc.namespaces)));
    return { name: doc.name, createdAt: doc.createdAt, clockAt: doc.clockAt, namespaces: Object.keys(doc.namespaces).length };
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
    await this.flush();
    this.#opened = false;
    this.backend.release();
  }

  #schedule(): void {
    if (!this.backend.persistent) {
      this.#dirty.clear();
      return;
    }
    if (this.#timer || this.#inFlight || !this.#opened) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
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
