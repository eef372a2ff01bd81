import type { VirtualClock } from '../../../core/clock.js';
import type { Store } from '../../../core/store/store.js';
import type { FileArea } from './file-area.js';
import { EXPORT_JOBS, IMPORT_JOBS, type JobKind } from './kinds.js';
import { emptyImpexState, impexNamespace, jobUuid, type ImpexJob, type ImpexState } from './model.js';

// Impex jobs in the store, and their housekeeping on the virtual clock: an upload link that was never used
// expires, result and export files expire (their link then answers 410), and a job is forgotten a week after it
// ended. Each tenant group has one clock job armed for its next deadline; reads catch up as well, so a frozen clock
// that jumps ahead shows the right state at once.

export class ImpexRepository {
  readonly #store: Store;
  readonly #clock: VirtualClock;
  readonly #files: FileArea;

  constructor(where: { store: Store; clock: VirtualClock; files: FileArea }) {
    ({ store: this.#store, clock: this.#clock, files: this.#files } = where);
  }

  state(tenantGroupId: string): ImpexState {
    const state = this.#store.ensure(impexNamespace(tenantGroupId), emptyImpexState);
    this.#sweep(tenantGroupId, state);
    return state;
  }

  /** The state if the tenant group ever had impex jobs (never creates it). */
  peek(tenantGroupId: string): ImpexState | undefined {
    return this.#store.get<ImpexState>(impexNamespace(tenantGroupId));
  }

  touch(tenantGroupId: string): void {
    this.#store.touch(impexNamespace(tenantGroupId));
    this.arm(tenantGroupId);
  }

  /**
   * Whether everything changed so far is on disk (true at once in memory): a file an import applied may go only
   * then, or a crash would leave a job that must run again without its file. False when the write failed.
   */
  async persisted(): Promise<boolean> {
    try {
      await this.#store.flush();
      return true;
    } catch {
      return false;
    }
  }

  /** A new job id; `prefix` is how OCI marks some kinds (`e-` event log, `pe-` product segmentation exports). */
  newId(tenantGroupId: string, purpose: string, prefix = ''): string {
    const state = this.state(tenantGroupId);
    return `${prefix}${jobUuid(tenantGroupId, purpose, state.nextId++)}`;
  }

  tenantGroups(): string[] {
    return this.#store.namespaces('oci-impex.').map((ns) => ns.slice('oci-impex.'.length));
  }

  /** Arms the tenant group's housekeeping for its next deadline. */
  arm(tenantGroupId: string): void {
    const state = this.#store.get<ImpexState>(impexNamespace(tenantGroupId));
    if (!state) return;
    const next = Math.min(nextDeadline(IMPORT_JOBS, state), nextDeadline(EXPORT_JOBS, state));
    const key = `impex-housekeeping:${tenantGroupId}`;
    if (next === Infinity) {
      this.#clock.cancel(key);
      return;
    }
    this.#clock.schedule(
      next,
      'oci impex housekeeping',
      () => {
        this.state(tenantGroupId);
      },
      key,
    );
  }

  /** Lets links and downloads whose time has passed lapse and forgets old jobs, removing their files. */
  #sweep(tenantGroupId: string, state: ImpexState): void {
    const now = this.#clock.now();
    const imports = this.#sweepKind(tenantGroupId, state, IMPORT_JOBS, now);
    const exports = this.#sweepKind(tenantGroupId, state, EXPORT_JOBS, now);
    if (imports || exports) {
      this.#store.touch(impexNamespace(tenantGroupId));
      this.arm(tenantGroupId);
    }
  }

  /** Whether anything changed. */
  #sweepKind<J extends ImpexJob>(tenantGroupId: string, state: ImpexState, kind: JobKind<J>, now: number): boolean {
    const jobs = kind.jobs(state);
    let changed = false;
    for (const job of Object.values(jobs)) {
      if (job.purgeAt <= now) {
        delete jobs[job.id];
        kind.forget(state, job);
        void this.#files.remove(tenantGroupId, job.id);
        changed = true;
        continue;
      }
      const lapsed = kind.lapse(job, now);
      if (lapsed === 'file') void this.#files.remove(tenantGroupId, job.id);
      if (lapsed) changed = true;
    }
    return changed;
  }
}

function nextDeadline<J extends ImpexJob>(kind: JobKind<J>, state: ImpexState): number {
  let next = Infinity;
  for (const job of Object.values(kind.jobs(state))) next = Math.min(next, job.purgeAt, kind.nextLapse(job));
  return next;
}
