import { checkName, checkSnapshotName, type SnapshotInfo, type StoreBackend } from './backend.js';
import type { JournalTypes } from './journaled.js';
import { Persister } from './persister.js';
import { readSnapshot, snapshotFrames } from './snapshots.js';

// All state, in memory, split into namespaces (`system`, one per tenant group, one per B2C instance…). Domain code
// changes values in place and says which namespace it touched; persister.ts decides what reaches the disk and
// when (plain namespaces whole, journaled ones by what changed), never once per request.

export interface StoreOptions {
  /** How long a change may wait before its batch is written. */
  flushDelayMs?: number;
  onWriteError?: (error: unknown) => void;
  /** Epoch ms of the virtual clock, recorded in snapshots. */
  now?: () => number;
  /** The loaders of journaled namespaces. */
  journalTypes?: JournalTypes;
  /** Nothing is acknowledged that is not on disk: a write that fails is undone (see persister.ts). */
  durable?: boolean;
}

export type ReplaceListener = (namespaces: ReadonlySet<string>) => void;

export class Store {
  readonly backend: StoreBackend;
  readonly flushDelayMs: number;
  readonly durable: boolean;
  #data = new Map<string, unknown>();
  #listeners = new Set<ReplaceListener>();
  readonly #persister: Persister;
  readonly #types: JournalTypes;
  readonly #now: () => number;

  constructor(backend: StoreBackend, options: StoreOptions = {}) {
    this.backend = backend;
    this.flushDelayMs = options.flushDelayMs ?? 100;
    this.durable = options.durable ?? false;
    this.#types = options.journalTypes ?? new Map();
    this.#now = options.now ?? Date.now;
    const held = {
      get: (ns: string) => this.#data.get(ns),
      restore: (values: ReadonlyMap<string, unknown>) => {
        for (const [ns, value] of values) {
          if (value === undefined) this.#data.delete(ns);
          else this.#data.set(ns, value);
        }
        this.#notify(new Set(values.keys()));
      },
    };
    this.#persister = new Persister(backend, held, {
      flushDelayMs: this.flushDelayMs,
      durable: this.durable,
      types: this.#types,
      onWriteError: options.onWriteError ?? ((error) => console.error('[store] write failed:', error)),
    });
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
    this.#persister.open = true;
    return this.#data.size > 0;
  }

  get isEmpty(): boolean {
    return this.#data.size === 0;
  }

  /** How long the next batch waits: the configured delay, or longer after a slow batch. */
  get nextFlushDelayMs(): number {
    return this.#persister.nextFlushDelayMs;
  }

  /** Whether some change is not on disk yet. */
  get dirty(): boolean {
    return this.#persister.dirty;
  }

  /** Moves on each time a failed durable write was undone: a request that saw it move must not be acknowledged. */
  get reverts(): number {
    return this.#persister.reverts;
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
      this.#persister.replaced(ns, value);
    }
    return value;
  }

  /** Records that the namespace's objects were changed in place. */
  touch(ns: string): void {
    this.#persister.touch(ns);
  }

  set(ns: string, value: unknown): void {
    checkName(ns);
    this.#data.set(ns, value);
    this.#persister.replaced(ns, value);
    this.#notify(new Set([ns]));
  }

  /**
   * Puts a value in place of the namespace's own without telling the replace listeners: for owners that turn what
   * was loaded (an earlier layout, plain JSON) into the class they work with. It is written anew.
   */
  adopt(ns: string, value: unknown): void {
    this.#data.set(ns, value);
    this.#persister.replaced(ns, value);
  }

  delete(ns: string): boolean {
    const existed = this.#data.delete(ns);
    if (existed) {
      this.#persister.replaced(ns, undefined);
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
    for (const ns of affected) this.#persister.replaced(ns, this.#data.get(ns));
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
  flush(): Promise<void> {
    return this.#persister.flush();
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
    if (!this.#persister.open) return;
    await this.#persister.close();
    this.backend.release();
  }

  #notify(namespaces: ReadonlySet<string>): void {
    for (const listener of this.#listeners) listener(namespaces);
  }
}

export { StoreNameError } from './backend.js';
