import { StoreWriteError, type ImageWriter, type StoreBackend, type WriteBatch } from './backend.js';
import { ImageJobs } from './image-jobs.js';
import { isJournaled, type JournalTypes } from './journaled.js';

// How the store's namespaces get to disk (store.ts holds them). Dirty namespaces are written in one batch after
// `flushDelayMs`, never once per request: plain ones whole, journaled ones (journaled.ts) as the frames of what
// they changed, appended to their log; a new image of everything is written in slices (image-jobs.ts) when the log
// has grown past the image or when a bulk change asks for one, so persisting never holds the event loop for longer
// than a slice.
//
// Durable stores: a write that fails is undone in memory (the namespace is read back from disk) and every request
// that was waiting for it learns so (`reverts` moves on), so nothing is acknowledged or visible that is not on
// disk. Other stores log the failure and write again later.

/** A log may grow to this size, or to its image's size if that is larger, before a new image is written. */
const LOG_BEFORE_IMAGE = 16 * 1024 * 1024;

export interface Held {
  get(ns: string): unknown;
  /** Puts namespaces read back from disk in place of their values (undefined: not on disk) and tells listeners. */
  restore(values: ReadonlyMap<string, unknown>): void;
}

export interface PersisterOptions {
  flushDelayMs: number;
  durable: boolean;
  types: JournalTypes;
  onWriteError: (error: unknown) => void;
}

export class Persister {
  readonly #backend: StoreBackend;
  readonly #held: Held;
  readonly #o: PersisterOptions;
  readonly #dirty = new Set<string>();
  /** Journaled namespaces whose next write is a new image (new, replaced, or their last write failed). */
  readonly #wantImage = new Set<string>();
  readonly #images: ImageJobs;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #lastCollectMs = 0;
  #reverts = 0;
  #failures = 0;
  /** Writes are held back until the store is open (and released once it is closed). */
  open = false;

  constructor(backend: StoreBackend, held: Held, options: PersisterOptions) {
    this.#backend = backend;
    this.#held = held;
    this.#o = options;
    this.#images = new ImageJobs(
      backend,
      (ns) => {
        const value = held.get(ns);
        return isJournaled(value) ? value : undefined;
      },
      async (ns, carrying, error) => {
        options.onWriteError(error);
        if (carrying) await this.#failed([ns]);
      },
    );
  }

  /** How long the next batch waits: the configured delay, or longer after a slow batch. */
  get nextFlushDelayMs(): number {
    return Math.max(this.#o.flushDelayMs, Math.round(4 * this.#lastCollectMs));
  }

  get dirty(): boolean {
    return this.#dirty.size > 0 || this.#inFlight !== undefined || this.#wantImage.size > 0 || this.#images.carrying;
  }

  get reverts(): number {
    return this.#reverts;
  }

  /** The namespace's value changed in place. */
  touch(ns: string): void {
    this.#dirty.add(ns);
    this.#schedule();
  }

  /** The namespace got a new value (undefined: deleted): whatever was being written of the old one stops. */
  replaced(ns: string, value: unknown): void {
    this.#images.stop(ns);
    if (isJournaled(value) && this.#backend.persistent) this.#wantImage.add(ns);
    else this.#wantImage.delete(ns);
    this.touch(ns);
  }

  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const failures = this.#failures;
    while (this.#inFlight) await this.#inFlight;
    if (!this.#backend.persistent) return this.#forgetAll();
    if (this.#dirty.size > 0 || this.#wantImage.size > 0) {
      this.#inFlight = this.#write();
      await this.#inFlight;
    }
    await this.#images.settle();
    if (this.#failures !== failures) throw new StoreWriteError(this.#o.durable ? 'The change could not be written to disk and was undone' : 'The change could not be written to disk yet');
  }

  /** Writes what is pending; images that carry nothing only shorten the next start, so they are given up. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } catch (error) {
      this.#o.onWriteError(error);
    }
    await this.#images.abortAll();
    this.open = false;
  }

  /** One batch: what every dirty namespace changed, collected now (one consistent moment) and written. */
  async #write(): Promise<void> {
    const started = performance.now();
    const batch: WriteBatch = { json: new Map(), appends: new Map() };
    const namespaces = [...new Set([...this.#dirty, ...this.#wantImage])];
    this.#dirty.clear();
    for (const ns of namespaces) {
      const value = this.#held.get(ns);
      if (!isJournaled(value)) {
        batch.json.set(ns, value === undefined ? undefined : JSON.stringify(value));
        continue;
      }
      const changes = this.#wantImage.delete(ns) ? 'image' : value.drain();
      if (changes === 'image') {
        value.forget();
        this.#images.start(ns, value, true);
      } else if (changes.length > 0) {
        batch.appends.set(ns, { type: value.journalType, frames: changes });
        const size = this.#backend.journalSize(ns);
        if (size && size.logs > Math.max(LOG_BEFORE_IMAGE, size.image)) this.#images.start(ns, value, false);
      }
    }
    this.#lastCollectMs = performance.now() - started;
    let images: [ns: string, writer: ImageWriter][] = [];
    try {
      // A batch may hold what depends on changes only an image carries (a namespace's first image, a bulk change):
      // a reservation's hold in the tenant's log, its document in the first image of the reservations; an import's
      // ledger and COMPLETED job, its records in the tenant's image. Written before that image is whole, a crash
      // would keep the one without the other: the batch waits for it.
      await this.#images.settle();
      images = this.#images.takeFinished();
      await this.#backend.write({ ...batch, images: images.map(([, w]) => w) });
    } catch (error) {
      this.#o.onWriteError(error);
      await Promise.all(images.map(([, w]) => w.abort()));
      await this.#failed([...new Set([...namespaces, ...images.map(([ns]) => ns)])]);
    } finally {
      this.#inFlight = undefined;
      if (this.#dirty.size > 0 || this.#wantImage.size > 0) this.#schedule();
    }
  }

  /** A write failed: a durable store undoes it (see the top), another writes everything it held again later. */
  async #failed(namespaces: readonly string[]): Promise<void> {
    this.#failures++;
    if (!this.#o.durable) {
      for (const ns of namespaces) {
        if (isJournaled(this.#held.get(ns))) this.#wantImage.add(ns);
        else this.#dirty.add(ns);
      }
      return;
    }
    const restored = new Map<string, unknown>();
    for (const ns of namespaces) {
      try {
        restored.set(ns, await this.#backend.loadOne(ns, this.#o.types));
      } catch (error) {
        this.#o.onWriteError(error);
      }
    }
    this.#reverts++;
    // A log that took half a frame is not appended to again: the next write of a journaled one is a new image.
    for (const [ns, value] of restored) this.replaced(ns, value);
    this.#held.restore(restored);
  }

  #forgetAll(): void {
    for (const ns of this.#dirty) {
      const value = this.#held.get(ns);
      if (isJournaled(value)) value.forget();
    }
    this.#dirty.clear();
    this.#wantImage.clear();
  }

  #schedule(): void {
    if (!this.#backend.persistent) return this.#forgetAll();
    if (this.#timer || this.#inFlight || !this.open) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.flush().catch(() => undefined);
    }, this.nextFlushDelayMs);
    this.#timer.unref();
  }
}
