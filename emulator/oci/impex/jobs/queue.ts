import type { VirtualClock } from '../../../core/clock.js';
import { StoppedError } from '../../../core/jobs/time-slice.js';

// Impex jobs run one at a time per tenant group, in the order they became due (OCI queues a tenant's imports and
// exports; a second one waits PENDING). Different tenant groups run side by side, each job giving the event loop
// back every few milliseconds (core/jobs/time-slice.ts), so requests keep being answered.

export type JobRun = () => Promise<void>;

export class JobQueue {
  readonly #queues = new Map<string, { jobId: string; run: JobRun }[]>();
  readonly #running = new Map<string, Promise<void>>();
  readonly #onError: (jobId: string, error: unknown) => void;
  readonly #stop = new AbortController();
  #closed = false;

  constructor(onError: (jobId: string, error: unknown) => void) {
    this.#onError = onError;
  }

  /** Queues the job unless it is already queued or running. */
  enqueue(tenantGroupId: string, jobId: string, run: JobRun): void {
    if (this.#closed) return;
    const queue = this.#queues.get(tenantGroupId) ?? [];
    if (queue.some((j) => j.jobId === jobId)) return;
    queue.push({ jobId, run });
    this.#queues.set(tenantGroupId, queue);
    if (!this.#running.has(tenantGroupId)) this.#drain(tenantGroupId);
  }

  /**
   * Queues the job when the clock reaches `at` (the profile's queue delay after it became ready); the clock job is
   * keyed, so arming it again after a restart replaces it.
   */
  enqueueAt(clock: VirtualClock, at: number, kind: 'import' | 'export', tenantGroupId: string, jobId: string, run: JobRun): void {
    clock.schedule(at, `oci impex ${kind} queued`, () => this.enqueue(tenantGroupId, jobId, run), `impex-${kind}:${tenantGroupId}:${jobId}`);
  }

  /** Drops a queued job that has not started. */
  remove(tenantGroupId: string, jobId: string): void {
    const queue = this.#queues.get(tenantGroupId);
    if (queue) this.#queues.set(tenantGroupId, queue.filter((j) => j.jobId !== jobId));
  }

  /** Resolves once no job is queued or running anywhere. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running.values());
  }

  /** Stops: queued jobs are dropped, a running one ends at its next time slice (see `signal`). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#queues.clear();
    this.#stop.abort();
    await this.idle();
  }

  /** Aborted when the queue closes; long jobs pass it to their TimeSlice. */
  get signal(): AbortSignal {
    return this.#stop.signal;
  }

  #drain(tenantGroupId: string): void {
    const next = this.#queues.get(tenantGroupId)?.shift();
    if (!next) {
      this.#queues.delete(tenantGroupId);
      return;
    }
    const running = (async () => {
      try {
        await next.run();
      } catch (error) {
        if (!(error instanceof StoppedError)) this.#onError(next.jobId, error);
      }
    })().finally(() => {
      this.#running.delete(tenantGroupId);
      this.#drain(tenantGroupId);
    });
    this.#running.set(tenantGroupId, running);
  }
}
