import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Journal } from '../../../core/journal.js';
import { TimeSlice } from '../../../core/jobs/time-slice.js';
import { own } from '../../../core/objects.js';
import type { ReceivedFile } from '../../../core/http/multipart-upload.js';
import type { AvailabilityUpdates } from '../../availability/updates-service.js';
import { ociErrors } from '../../errors.js';
import type { OciTenants } from '../../tenants.js';
import { runAvailabilityImport } from '../import-engine/availability-import.js';
import type { ImportCounts } from '../import-engine/import-run.js';
import type { BatchParser, ParsePool } from '../import-engine/parse-pool.js';
import { runSegmentationImport } from '../import-engine/segmentation-import.js';
import { IMPORT_JOBS } from '../jobs/kinds.js';
import { FILE_LIFETIME_MS, JOB_RETENTION_MS, JobLifecycle, type LifecycleDeps } from '../jobs/lifecycle.js';
import { ACTIVE, type ImportChannel, type ImportJob, type ImportKind } from '../jobs/model.js';
import type { RecordLedger } from './record-ledger.js';
import type { ImportRequest } from './requests.js';
import { fileProblems, noFailures, resultOf, writeResult } from './result-file.js';

// Imports, from the request for an upload link to the result file. The upload is written to the file area as it
// arrives; processing waits its turn in the tenant group's queue (after the profile's queue delay on the virtual
// clock) and then runs the engine for its kind. Counts move as the engine reads and applies, so a client polling
// the status sees RUNNING with growing numbers.

export interface ImportServiceDeps extends LifecycleDeps {
  journal: Journal;
  tenants: OciTenants;
  updates: AvailabilityUpdates;
  ledger: RecordLedger;
  /** Parser threads, for files of at least `fromBytes` (inflated size, estimated for gzip). */
  parsing?: { pool: ParsePool; fromBytes: number };
}

/** A typical NDJSON import file inflates about tenfold (the benchmark's file: 17×). */
const GZIP_RATIO_ESTIMATE = 10;

export class ImportService {
  readonly #d: ImportServiceDeps;
  /** Upload links a file is arriving on right now: a second upload at the same time is refused. */
  readonly #receiving = new Set<string>();
  readonly #jobs: JobLifecycle<ImportJob>;

  constructor(deps: ImportServiceDeps) {
    this.#d = deps;
    this.#jobs = new JobLifecycle(deps, IMPORT_JOBS, (tenantGroupId, importId) => this.#process(tenantGroupId, importId));
  }

  create(tenantGroupId: string, kind: ImportKind, channel: ImportChannel, request: ImportRequest, client?: string): ImportJob {
    const { repo, clock } = this.#d;
    const now = clock.now();
    const id = repo.newId(tenantGroupId, `import:${kind}`);
    const uploadLinkId = repo.newId(tenantGroupId, 'upload-link');
    const linkExpiresAt = now + request.linkMinutes * 60_000;
    const job: ImportJob = {
      id,
      kind,
      channel,
      uploadLinkId,
      fileName: request.fileName,
      gzip: request.gzip,
      ...(request.hash ? { declaredHash: request.hash } : {}),
      createdAt: now,
      linkExpiresAt,
      status: 'WAITING',
      read: 0,
      processed: 0,
      skipped: 0,
      failed: 0,
      validationErrors: [],
      resultExpiresAt: linkExpiresAt + FILE_LIFETIME_MS,
      purgeAt: linkExpiresAt + JOB_RETENTION_MS,
      ...(client ? { client } : {}),
    };
    const state = repo.state(tenantGroupId);
    state.imports[id] = job;
    state.uploadLinks[uploadLinkId] = id;
    repo.touch(tenantGroupId);
    this.#d.journal.emit({ type: 'oci.impex.import.requested', tenant: tenantGroupId, data: { importId: id, kind, channel, fileName: job.fileName } });
    return job;
  }

  /** The job behind an upload link, if a file may still arrive there (404, 409 or 410 otherwise). */
  uploadTarget(tenantGroupId: string, kind: ImportKind, uploadLinkId: string): ImportJob {
    const state = this.#d.repo.state(tenantGroupId);
    const jobId = own(state.uploadLinks, uploadLinkId);
    const job = jobId === undefined ? undefined : own(state.imports, jobId);
    if (!job || job.kind !== kind) throw ociErrors.noSuchJob('upload link', uploadLinkId);
    if (job.upload || this.#receiving.has(`${tenantGroupId}:${job.id}`)) throw ociErrors.fileAlreadyReceived();
    if (job.status === 'EXPIRED' || job.linkExpiresAt <= this.#d.clock.now()) {
      throw ociErrors.expiredUploadLink(`the link expired at ${new Date(job.linkExpiresAt).toISOString()}`);
    }
    return job;
  }

  uploadPath(tenantGroupId: string, job: ImportJob): string {
    return this.#d.files.path(tenantGroupId, job.id, 'upload');
  }

  /** Runs `receive` (which writes the upload file) with the link held, then queues the job. */
  async receive(tenantGroupId: string, job: ImportJob, receive: () => Promise<ReceivedFile>): Promise<ImportJob> {
    const key = `${tenantGroupId}:${job.id}`;
    this.#receiving.add(key);
    let file: ReceivedFile;
    try {
      file = await receive();
    } finally {
      this.#receiving.delete(key);
    }
    const now = this.#d.clock.now();
    job.upload = { receivedAt: now, bytes: file.bytes, hashType: job.declaredHash?.type ?? 'SHA-256', hash: file.hash, gzipped: file.gzipped };
    job.status = 'PENDING';
    this.#jobs.keep(job, now);
    this.#d.repo.touch(tenantGroupId);
    this.#d.journal.emit({ type: 'oci.impex.import.received', tenant: tenantGroupId, data: { importId: job.id, bytes: file.bytes, part: file.part, gzipped: file.gzipped } });
    // Parser threads take a moment to start: for a big file they start now, while the job waits its turn.
    if (this.#parserFor(job, file.bytes)) this.#d.parsing?.pool.warm();
    this.#jobs.queue(tenantGroupId, job.id, now);
    return job;
  }

  #parserFor(job: ImportJob, bytes: number): BatchParser | undefined {
    const parsing = this.#d.parsing;
    if (!parsing || job.kind !== 'availability') return undefined;
    return bytes * (job.gzip ? GZIP_RATIO_ESTIMATE : 1) >= parsing.fromBytes ? parsing.pool : undefined;
  }

  /** The hash algorithm the upload must be hashed with. */
  hashAlgorithm(job: ImportJob): 'sha256' | 'sha512' {
    return job.declaredHash?.type === 'SHA-512' ? 'sha512' : 'sha256';
  }

  status(tenantGroupId: string, importId: string, kind?: ImportKind): ImportJob {
    const job = this.#jobs.find(tenantGroupId, importId);
    if (!job || (kind && job.kind !== kind)) throw ociErrors.noSuchJob('import', importId);
    return job;
  }

  /** Import ids in creation order; `available`: only those whose upload link can still take a file. */
  list(tenantGroupId: string, kind: ImportKind, available: boolean): string[] {
    const now = this.#d.clock.now();
    return Object.values(this.#d.repo.state(tenantGroupId).imports)
      .filter((job) => job.kind === kind && job.channel === 'impex')
      .filter((job) => !available || (job.status === 'WAITING' && job.linkExpiresAt > now && !this.#receiving.has(`${tenantGroupId}:${job.id}`)))
      .map((job) => job.id);
  }

  async remove(tenantGroupId: string, importId: string, kind: ImportKind): Promise<void> {
    const job = this.status(tenantGroupId, importId, kind);
    if (ACTIVE.has(job.status) || this.#receiving.has(`${tenantGroupId}:${job.id}`)) throw ociErrors.importInProgress(importId);
    await this.#jobs.forget(tenantGroupId, job);
    this.#d.journal.emit({ type: 'oci.impex.import.deleted', tenant: tenantGroupId, data: { importId } });
  }

  /** The result file's path, once there is one (409 while the import is waiting or running, 410 once expired). */
  resultFile(tenantGroupId: string, importId: string, kind: ImportKind): string {
    const job = this.status(tenantGroupId, importId, kind);
    if (job.status === 'WAITING' || ACTIVE.has(job.status)) {
      // The product-segmentation RAML declares (and exemplifies) ExportInProcess for this 409, odd as it reads.
      throw kind === 'product-segmentation' ? ociErrors.exportInProcess(importId) : ociErrors.importInProgress(importId);
    }
    const path = this.#d.files.path(tenantGroupId, importId, 'result');
    if (job.status === 'EXPIRED') throw ociErrors.expiredResultLink('no file was uploaded before the link expired, so there are no results');
    if (job.resultExpiresAt <= this.#d.clock.now() || !this.#d.files.exists(path)) {
      throw ociErrors.expiredResultLink(`the results expired at ${new Date(job.resultExpiresAt).toISOString()}`);
    }
    return path;
  }

  /** After a restart or a store replace: queue again what was waiting or running. */
  rearmAll(): void {
    this.#jobs.rearm();
  }

  async #process(tenantGroupId: string, importId: string): Promise<void> {
    const { files, journal } = this.#d;
    const turn = this.#jobs.begin(tenantGroupId, importId, (job) => job.upload !== undefined);
    if (!turn) return;
    const { job } = turn;
    journal.emit({ type: 'oci.impex.import.started', tenant: tenantGroupId, data: { importId } });

    const uploadPath = files.path(tenantGroupId, importId, 'upload');
    const failuresPath = `${files.path(tenantGroupId, importId, 'result')}.part`;
    const progress = (counts: ImportCounts) => {
      job.read = counts.read;
      job.processed = counts.processed;
      job.skipped = counts.skipped;
      job.failed = counts.failed;
    };
    let validationErrors = fileProblems(job);
    if (validationErrors.length === 0) {
      const outcome =
        job.kind === 'availability'
          ? await this.#availability(tenantGroupId, job, uploadPath, failuresPath, progress, turn.current)
          : await this.#segmentation(tenantGroupId, job, uploadPath, failuresPath, progress);
      validationErrors = outcome.validationErrors;
      progress(outcome.counts);
    } else {
      await noFailures(failuresPath);
    }
    if (!turn.current()) return;
    const result = resultOf(validationErrors, job.processed, job.failed);
    await writeResult(files.path(tenantGroupId, importId, 'result'), failuresPath, result, validationErrors);

    job.validationErrors = validationErrors;
    job.status = validationErrors.length > 0 ? 'FAILED' : 'COMPLETED';
    job.result = result;
    this.#jobs.end(tenantGroupId, job);
    // The upload goes only once the ended job and what it applied are on disk: until then a crash must find the
    // job RUNNING with its file, to run it again from the start (imports write absolute values).
    if (await this.#d.repo.persisted()) await rm(uploadPath, { force: true });
    journal.emit({
      type: job.status === 'FAILED' ? 'oci.impex.import.failed' : 'oci.impex.import.completed',
      tenant: tenantGroupId,
      data: { importId, kind: job.kind, result, read: job.read, processed: job.processed, skipped: job.skipped, failed: job.failed, validationErrors },
    });
  }

  async #availability(tenantGroupId: string, job: ImportJob, path: string, failuresPath: string, progress: (c: ImportCounts) => void, current: () => boolean) {
    const { tenants, updates, ledger, clock } = this.#d;
    const state = tenants.state(tenantGroupId);
    const sizeBytes = statSize(path);
    const outcome = await runAvailabilityImport({
      path,
      sizeBytes,
      parser: this.#parserFor(job, sizeBytes),
      gzip: job.gzip,
      failuresPath,
      locationExists: (id) => own(state.locations, id) !== undefined,
      markApplied: (pairs, order, known) => ledger.markApplied(tenantGroupId, clock.now(), pairs, order, known),
      writer: updates.importWriter(tenantGroupId, 'location_import'),
      progress,
      slice: new TimeSlice(10, this.#d.queue.signal),
    });
    if (outcome.validationErrors.length === 0 && current()) ledger.commit(tenantGroupId, clock.now(), outcome.applied);
    return outcome;
  }

  async #segmentation(tenantGroupId: string, job: ImportJob, path: string, failuresPath: string, progress: (c: ImportCounts) => void) {
    const { tenants, updates } = this.#d;
    return runSegmentationImport({
      path,
      gzip: job.gzip,
      failuresPath,
      groupExists: (id) => own(tenants.state(tenantGroupId).groups, id) !== undefined,
      apply: (entries) => updates.applySegmentation(tenantGroupId, entries),
      progress,
      slice: new TimeSlice(10, this.#d.queue.signal),
    });
  }
}

function statSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
