import type { ImageWriter, StoreBackend } from './backend.js';
import type { Journaled } from './journaled.js';

// New images of journaled namespaces, written in slices: frames are made for at most SLICE_MS (or SLICE_BYTES) at
// a time, then written while the event loop serves requests. A world of a million records is persisted without
// any request waiting for it longer than one slice. One image at a time per namespace; a carrying image asked
// for while one runs is queued behind it. An image that carries changes is only finished here: it becomes its
// namespace's base in the commit of the batch that waits for it (`finished()`), so a batch and the images it
// depends on reach the disk together or not at all. An image that carries nothing (compaction) commits itself.

const SLICE_MS = 8;
const SLICE_BYTES = 8 * 1024 * 1024;

interface ImageJob {
  readonly ns: string;
  /** The image carries changes that are in no log: whoever waits for those changes waits for it. */
  readonly carrying: boolean;
  readonly writer: ImageWriter;
  aborted: boolean;
  done: Promise<void>;
}

export class ImageJobs {
  readonly #backend: StoreBackend;
  readonly #jobs = new Map<string, ImageJob>();
  /** Namespaces that need another carrying image once the running one ends. */
  readonly #queued = new Set<string>();
  /** Carrying images written whole, waiting for the batch that commits them (by namespace). */
  readonly #finished = new Map<string, ImageWriter>();
  readonly #current: (ns: string) => Journaled | undefined;
  readonly #failed: (ns: string, carrying: boolean, error: unknown) => Promise<void>;

  /** `current`: the namespace's value now (a queued image is of it); `failed`: an image could not be written. */
  constructor(backend: StoreBackend, current: (ns: string) => Journaled | undefined, failed: (ns: string, carrying: boolean, error: unknown) => Promise<void>) {
    this.#backend = backend;
    this.#current = current;
    this.#failed = failed;
  }

  /** Whether an image that carries changes is being written or waits to be. */
  get carrying(): boolean {
    return this.#queued.size > 0 || this.#finished.size > 0 || [...this.#jobs.values()].some((j) => j.carrying);
  }

  /** The carrying images written whole since the last call, by namespace: the next batch commits them. */
  takeFinished(): [ns: string, writer: ImageWriter][] {
    const out = [...this.#finished];
    this.#finished.clear();
    return out;
  }

  /** Starts an image of the value as it is now (`carrying`: it holds changes that no log has). */
  start(ns: string, value: Journaled, carrying: boolean): void {
    if (this.#jobs.has(ns)) {
      if (carrying) this.#queued.add(ns);
      return;
    }
    // A carrying image not committed yet is replaced by this one, which holds all it held.
    void this.#finished.get(ns)?.abort();
    this.#finished.delete(ns);
    const writer = this.#backend.beginImage(ns, value.journalType, { chained: !carrying });
    const frames = value.image();
    const job: ImageJob = { ns, carrying, writer, aborted: false, done: Promise.resolve() };
    job.done = pump(job, frames, writer)
      .then(() => {
        if (carrying && !job.aborted) this.#finished.set(ns, writer);
      })
      .catch((error) => this.#failed(ns, carrying, error))
      .finally(() => {
        if (this.#jobs.get(ns) === job) this.#jobs.delete(ns);
        const next = this.#current(ns);
        if (this.#queued.delete(ns) && next) this.start(ns, next, true);
      });
    this.#jobs.set(ns, job);
  }

  /** The namespace's value was replaced or deleted: its image (and any queued one) is no longer wanted. */
  stop(ns: string): void {
    this.#queued.delete(ns);
    void this.#finished.get(ns)?.abort();
    this.#finished.delete(ns);
    const job = this.#jobs.get(ns);
    if (!job) return;
    job.aborted = true;
    this.#jobs.delete(ns);
  }

  /** Waits for the images that carry changes, including those queued behind them. */
  async settle(): Promise<void> {
    for (;;) {
      const carrying = [...this.#jobs.values()].filter((j) => j.carrying || this.#queued.has(j.ns));
      if (carrying.length === 0) return;
      await Promise.all(carrying.map((j) => j.done));
    }
  }

  /** Stops every image (they only shorten the next start once nothing waits for them) and waits for them to end. */
  async abortAll(): Promise<void> {
    const jobs = [...this.#jobs.values()];
    for (const job of jobs) job.aborted = true;
    await Promise.all(jobs.map((j) => j.done));
    await Promise.all(this.takeFinished().map(([, w]) => w.abort()));
  }
}

/** Pumps `frames` into `writer`, then finishes it (carrying) or commits it; an aborted job leaves no image. */
async function pump(job: ImageJob, frames: Iterator<Buffer>, writer: ImageWriter): Promise<void> {
  try {
    for (;;) {
      const started = performance.now();
      const batch: Buffer[] = [];
      let bytes = 0;
      let finished = false;
      while (!job.aborted && performance.now() - started < SLICE_MS && bytes < SLICE_BYTES) {
        const next = frames.next();
        if (next.done) {
          finished = true;
          break;
        }
        batch.push(next.value);
        bytes += next.value.length;
      }
      if (job.aborted) break;
      await writer.write(batch);
      if (finished) break;
      // Let waiting requests run before the next slice even when the write completed at once.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (job.aborted) {
      frames.return?.();
      await writer.abort();
    } else if (job.carrying) await writer.finish();
    else await writer.commit();
  } catch (error) {
    await writer.abort().catch(() => undefined);
    throw error;
  }
}
