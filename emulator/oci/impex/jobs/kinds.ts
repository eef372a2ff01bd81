import type { ExportJob, ImpexJob, ImpexState, ImportJob } from './model.js';

// What differs between the two kinds of impex jobs, for what they share: the lifecycle (lifecycle.ts) and the
// housekeeping (repository.ts). Everything else about a job is its own service's.

export interface JobKind<J extends ImpexJob> {
  name: 'import' | 'export';
  jobs(state: ImpexState): Record<string, J>;
  /** Its file (an import's results, an export's download) may be fetched until `at`. */
  offerFileUntil(job: J, at: number): void;
  /** When something of it lapses before it is purged (Infinity: nothing will). */
  nextLapse(job: J): number;
  /** Lets that lapse if due: an unused upload link expires, a download goes (with its file). */
  lapse(job: J, now: number): 'link' | 'file' | undefined;
  /** What else goes with the job (an import's upload link). */
  forget(state: ImpexState, job: J): void;
  /** A run that was interrupted starts over: what it counted goes. */
  restart(job: J): void;
  /** Since when it waits for its turn (it is queued the profile's queue delay after that). */
  waitingSince(job: J, now: number): number;
}

export const IMPORT_JOBS: JobKind<ImportJob> = {
  name: 'import',
  jobs: (state) => state.imports,
  offerFileUntil: (job, at) => {
    job.resultExpiresAt = at;
  },
  nextLapse: (job) => (job.status === 'WAITING' ? job.linkExpiresAt : Infinity),
  lapse(job, now) {
    if (job.status !== 'WAITING' || job.linkExpiresAt > now) return undefined;
    job.status = 'EXPIRED';
    return 'link';
  },
  forget: (state, job) => {
    delete state.uploadLinks[job.uploadLinkId];
  },
  // Imports write absolute values, so a run from the start again is harmless.
  restart: (job) => {
    job.read = job.processed = job.skipped = job.failed = 0;
  },
  waitingSince: (job, now) => job.upload?.receivedAt ?? now,
};

export const EXPORT_JOBS: JobKind<ExportJob> = {
  name: 'export',
  jobs: (state) => state.exports,
  offerFileUntil: (job, at) => {
    job.downloadExpiresAt = at;
  },
  nextLapse: (job) => (job.downloadExpiresAt !== undefined && job.file ? job.downloadExpiresAt : Infinity),
  lapse(job, now) {
    if (!job.file || job.downloadExpiresAt === undefined || job.downloadExpiresAt > now) return undefined;
    delete job.file;
    return 'file';
  },
  forget: () => undefined,
  restart: () => undefined,
  waitingSince: (job) => job.createdAt,
};
