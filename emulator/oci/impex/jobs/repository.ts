import type { VirtualClock } from '../../../core/clock.js';
import { own } from '../../../core/objects.js';
import type { Store } from '../../../core/store/store.js';
import type { FileArea } from './file-area.js';
import { emptyImpexState, impexNamespace, jobUuid, type ExportJob, type ImpexState, type ImportJob } from './model.js';

// Impex jobs in the store, and their housekeeping on the virtual clock: an upload link that was never used
// expires, result and export files expire (their link then answers 410), and a job is forgotten a week after it
// ended. Each tenant group has one clock job armed for its next deadline; reads catch up as well, so a frozen clock
// that jumps ahead shows the right state at once.

/** How long a finished job is listed before it is forgotten. */
export const JOB_RETENTION_MS = 7 * 24 * 3_600_000;
/** How long result and export files can be downloaded (the RAML examples show a day). */
export const FILE_LIFETIME_MS = 24 * 3_600_000;

export class ImpexRepository {
  readonly #store: Store;
  readonly #clock: VirtualClock;
  readonly #files: FileArea;

  constructor(store: Store, clock: VirtualClock, files: FileArea) {
    this.#store = store;
    this.#clock = clock;
    this.#files = files;
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

  import(tenantGroupId: string, importId: string): ImportJob | undefined {
    return own(this.state(tenantGroupId).imports, importId);
  }

  export(tenantGroupId: string, exportId: string): ExportJob | undefined {
    return own(this.state(tenantGroupId).exports, exportId);
  }

  tenantGroups(): string[] {
    return this.#store.namespaces('oci-impex.').map((ns) => ns.slice('oci-impex.'.length));
  }

  /** Arms the tenant group's housekeeping for its next deadline. */
  arm(tenantGroupId: string): void {
    const state = this.#store.get<ImpexState>(impexNamespace(tenantGroupId));
    if (!state) return;
    let next = Infinity;
    for (const job of Object.values(state.imports)) {
      next = Math.min(next, job.purgeAt);
      if (job.status === 'WAITING') next = Math.min(next, job.linkExpiresAt);
    }
    for (const job of Object.values(state.exports)) {
      next = Math.min(next, job.purgeAt);
      if (job.downloadExpiresAt !== undefined && job.file) next = Math.min(next, job.downloadExpiresAt);
    }
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

  /** Expires links and files whose time has passed and forgets old jobs, removing their files. */
  #sweep(tenantGroupId: string, state: ImpexState): void {
    const now = this.#clock.now();
    let changed = false;
    for (const job of Object.values(state.imports)) {
      if (job.purgeAt <= now) {
        delete state.imports[job.id];
        delete state.uploadLinks[job.uploadLinkId];
        void this.#files.remove(tenantGroupId, job.id);
        changed = true;
      } else if (job.status === 'WAITING' && job.linkExpiresAt <= now) {
        job.status = 'EXPIRED';
        changed = true;
      }
    }
    for (const job of Object.values(state.exports)) {
      if (job.purgeAt <= now) {
        delete state.exports[job.id];
        void this.#files.remove(tenantGroupId, job.id);
        changed = true;
      } else if (job.file && job.downloadExpiresAt !== undefined && job.downloadExpiresAt <= now) {
        delete job.file;
        void this.#files.remove(tenantGroupId, job.id);
        changed = true;
      }
    }
    if (changed) {
      this.#store.touch(impexNamespace(tenantGroupId));
      this.arm(tenantGroupId);
    }
  }
}
