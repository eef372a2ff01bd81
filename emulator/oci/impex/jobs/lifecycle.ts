import type { VirtualClock } from '../../../core/clock.js';
import { own } from '../../../core/objects.js';
import type { FileArea } from './file-area.js';
import type { JobKind } from './kinds.js';
import { ACTIVE, type ImpexJob } from './model.js';
import type { JobQueue } from './queue.js';
import type { ImpexRepository } from './repository.js';

// The steps every impex job goes through, imports and exports alike: it is queued the profile's queue delay after
// it became ready, and waits its turn in the tenant group's queue (queue.ts); PENDING → RUNNING when the turn
// comes; when it ends its file is offered for a day and the job listed for a week; after a restart or a store
// replace, what was waiting or running is queued again; deleting it takes its files.

/** How long a finished job is listed before it is forgotten. */
export const JOB_RETENTION_MS = 7 * 24 * 3_600_000;
/** How long result and export files can be downloaded (the RAML examples show a day). */
export const FILE_LIFETIME_MS = 24 * 3_600_000;

export interface LifecycleDeps {
  repo: ImpexRepository;
  files: FileArea;
  queue: JobQueue;
  clock: VirtualClock;
  /** How long a ready job waits PENDING before it is queued (virtual time). */
  queueDelayMs: number;
}

/** A job whose turn came, now RUNNING. `current()` turns false when the store was replaced while it ran (reset, snapshot, fixtures): the job no longer exists there. */
export interface Turn<J> {
  job: J;
  current(): boolean;
}

export class JobLifecycle<J extends ImpexJob> {
  readonly #d: LifecycleDeps;
  readonly #kind: JobKind<J>;
  readonly #run: (tenantGroupId: string, jobId: string) => Promise<void>;

  /** `run` processes the job when its turn comes (it calls `begin` first). */
  constructor(deps: LifecycleDeps, kind: JobKind<J>, run: (tenantGroupId: string, jobId: string) => Promise<void>) {
    this.#d = deps;
    this.#kind = kind;
    this.#run = run;
  }

  find(tenantGroupId: string, jobId: string): J | undefined {
    return own(this.#kind.jobs(this.#d.repo.state(tenantGroupId)), jobId);
  }

  /** Queues the job's run once the queue delay after `readyAt` has passed (virtual time). */
  queue(tenantGroupId: string, jobId: string, readyAt: number): void {
    const { queue, clock, queueDelayMs } = this.#d;
    queue.enqueueAt(clock, readyAt + queueDelayMs, this.#kind.name, tenantGroupId, jobId, () => this.#run(tenantGroupId, jobId));
  }

  /** PENDING → RUNNING, if the job still waits for this turn (and is `ready`); undefined otherwise. */
  begin(tenantGroupId: string, jobId: string, ready?: (job: J) => boolean): Turn<J> | undefined {
    const { repo, clock } = this.#d;
    const generation = repo.state(tenantGroupId);
    const job = this.#kind.jobs(generation)[jobId];
    if (!job || job.status !== 'PENDING' || (ready && !ready(job))) return undefined;
    job.status = 'RUNNING';
    job.startedAt = clock.now();
    repo.touch(tenantGroupId);
    return { job, current: () => repo.peek(tenantGroupId) === generation };
  }

  /** Offers the job's file for a day and lists the job for a week, from `from`. */
  keep(job: J, from: number): void {
    this.#kind.offerFileUntil(job, from + FILE_LIFETIME_MS);
    job.purgeAt = from + JOB_RETENTION_MS;
  }

  /** The job ended now (its service set how): stamps the end, and keeps it from there. */
  end(tenantGroupId: string, job: J): void {
    const now = this.#d.clock.now();
    job.endedAt = now;
    this.keep(job, now);
    this.#d.repo.touch(tenantGroupId);
  }

  /** After a restart or a store replace: what was waiting or running is queued again; an interrupted run starts over. */
  rearm(): void {
    const { repo, clock } = this.#d;
    for (const tenantGroupId of repo.tenantGroups()) {
      for (const job of Object.values(this.#kind.jobs(repo.state(tenantGroupId)))) {
        if (!ACTIVE.has(job.status)) continue;
        if (job.status === 'RUNNING') {
          job.status = 'PENDING';
          this.#kind.restart(job);
          repo.touch(tenantGroupId);
        }
        this.queue(tenantGroupId, job.id, this.#kind.waitingSince(job, clock.now()));
      }
      repo.arm(tenantGroupId);
    }
  }

  /** Deletes the job (its service checked it may go) and its files. */
  async forget(tenantGroupId: string, job: J): Promise<void> {
    const state = this.#d.repo.state(tenantGroupId);
    delete this.#kind.jobs(state)[job.id];
    this.#kind.forget(state, job);
    this.#d.repo.touch(tenantGroupId);
    await this.#d.files.remove(tenantGroupId, job.id);
  }
}
