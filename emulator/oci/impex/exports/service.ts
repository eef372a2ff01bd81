import { rm } from 'node:fs/promises';
import type { Journal } from '../../../core/journal.js';
import { TimeSlice } from '../../../core/jobs/time-slice.js';
import type { AvailabilityQuery } from '../../availability/query-service.js';
import type { DeltaService } from '../../change-feed/service.js';
import type { ChangeFeed } from '../../change-feed/feed.js';
import { ociErrors } from '../../errors.js';
import type { OciTenants } from '../../tenants.js';
import { ExportFile } from './export-file.js';
import {
  parseAvailabilityExport,
  parseEventLogExport,
  parseReservationsExport,
  parseSegmentationExport,
  type AvailabilityExportRequest,
  type EventLogExportRequest,
  type ReservationsExportRequest,
  type SegmentationExportRequest,
} from './requests.js';
import {
  exportAvailability,
  exportEventLog,
  exportLocationGraph,
  exportReservations,
  exportSegmentation,
  type ExportContext,
  type ExportCounts,
  type ReservationSource,
} from './exporters.js';
import { EXPORT_JOBS } from '../jobs/kinds.js';
import { FILE_LIFETIME_MS, JOB_RETENTION_MS, JobLifecycle, type LifecycleDeps } from '../jobs/lifecycle.js';
import { ACTIVE, type ExportJob, type ExportKind } from '../jobs/model.js';
import { safeMessage } from '../../../core/errors/safe-message.js';

// Exports: the request is checked at once (a bad place is a 400), then the export waits its turn in the tenant
// group's queue, writes its file (hashed and measured) and offers it for a day. While an availability export
// runs, deleting a record answers 409 ExportInProcess, as OCI documents.

export interface ExportServiceDeps extends LifecycleDeps {
  journal: Journal;
  tenants: OciTenants;
  query: AvailabilityQuery;
  deltas: DeltaService;
  feed: ChangeFeed;
  reservations: ReservationSource;
}

/** Export ids carry a kind prefix where OCI's examples show one. */
const ID_PREFIX: Record<ExportKind, string> = { availability: '', 'location-graph': '', 'product-segmentation': 'pe-', 'event-log': 'e-', reservations: '' };

export class ExportService {
  readonly #d: ExportServiceDeps;
  readonly #jobs: JobLifecycle<ExportJob>;

  constructor(deps: ExportServiceDeps) {
    this.#d = deps;
    this.#jobs = new JobLifecycle(deps, EXPORT_JOBS, (tenantGroupId, exportId) => this.#process(tenantGroupId, exportId));
  }

  initiate(tenantGroupId: string, kind: ExportKind, body: unknown): ExportJob {
    const { repo, clock, tenants } = this.#d;
    const state = tenants.state(tenantGroupId);
    const request: Record<string, unknown> =
      kind === 'availability'
        ? { ...parseAvailabilityExport(body, state) }
        : kind === 'product-segmentation'
          ? { ...parseSegmentationExport(body, state) }
          : kind === 'event-log'
            ? { ...parseEventLogExport(body, state) }
            : kind === 'reservations'
              ? { ...parseReservationsExport(body, clock.now()) }
              : {};
    const now = clock.now();
    const job: ExportJob = {
      id: repo.newId(tenantGroupId, `export:${kind}`, ID_PREFIX[kind]),
      kind,
      request,
      createdAt: now,
      status: 'PENDING',
      processed: 0,
      exported: 0,
      downloadExpiresAt: now + FILE_LIFETIME_MS,
      purgeAt: now + JOB_RETENTION_MS,
    };
    repo.state(tenantGroupId).exports[job.id] = job;
    repo.touch(tenantGroupId);
    this.#d.journal.emit({ type: 'oci.impex.export.requested', tenant: tenantGroupId, data: { exportId: job.id, kind, request } });
    this.#jobs.queue(tenantGroupId, job.id, now);
    return job;
  }

  status(tenantGroupId: string, kind: ExportKind, exportId: string): ExportJob {
    const job = this.#jobs.find(tenantGroupId, exportId);
    if (!job || job.kind !== kind) throw ociErrors.noSuchJob(`${kind} export`, exportId);
    return job;
  }

  /** The export file's path (409 while the export waits or runs, 410 once it expired or when it failed). */
  file(tenantGroupId: string, kind: ExportKind, exportId: string): string {
    const job = this.status(tenantGroupId, kind, exportId);
    if (ACTIVE.has(job.status)) throw ociErrors.exportInProcess(exportId);
    if (job.status === 'FAILED') throw ociErrors.expiredResultLink(`the export failed: ${job.failure ?? 'unknown reason'}`);
    const path = this.#d.files.path(tenantGroupId, exportId, 'export');
    if (!job.file || (job.downloadExpiresAt ?? 0) <= this.#d.clock.now() || !this.#d.files.exists(path)) {
      throw ociErrors.expiredResultLink(`the download link expired at ${new Date(job.downloadExpiresAt ?? job.createdAt).toISOString()}`);
    }
    return path;
  }

  async remove(tenantGroupId: string, kind: ExportKind, exportId: string): Promise<void> {
    const job = this.status(tenantGroupId, kind, exportId);
    if (ACTIVE.has(job.status)) throw ociErrors.exportInProcess(exportId);
    await this.#jobs.forget(tenantGroupId, job);
    this.#d.journal.emit({ type: 'oci.impex.export.deleted', tenant: tenantGroupId, data: { exportId, kind } });
  }

  /** The availability export of the tenant group that is waiting or running, if any. */
  availabilityExportInProgress(tenantGroupId: string): string | undefined {
    for (const job of Object.values(this.#d.repo.peek(tenantGroupId)?.exports ?? {})) {
      if (job.kind === 'availability' && ACTIVE.has(job.status)) return job.id;
    }
    return undefined;
  }

  /** After a restart or a store replace: queue again what was waiting or running. */
  rearmAll(): void {
    this.#jobs.rearm();
  }

  async #process(tenantGroupId: string, exportId: string): Promise<void> {
    const { files, journal } = this.#d;
    const turn = this.#jobs.begin(tenantGroupId, exportId);
    if (!turn) return;
    const { job } = turn;
    const path = files.path(tenantGroupId, exportId, 'export');
    const file = new ExportFile(path);
    const ctx: ExportContext = {
      tenantGroupId,
      tenants: this.#d.tenants,
      query: this.#d.query,
      deltas: this.#d.deltas,
      feed: this.#d.feed,
      reservations: this.#d.reservations,
      slice: new TimeSlice(10, this.#d.queue.signal),
      progress: (processed, exported) => {
        job.processed = processed;
        job.exported = exported;
      },
    };
    let counts: ExportCounts;
    try {
      counts = await this.#write(ctx, job, file);
      const written = await file.close();
      job.file = { size: written.size, sha256: written.sha256 };
      job.status = 'COMPLETED';
    } catch (error) {
      file.destroy();
      await rm(path, { force: true });
      if ((error as Error).name === 'StoppedError') throw error;
      counts = { processed: job.processed, exported: job.exported };
      job.status = 'FAILED';
      job.failure = safeMessage(error);
    }
    if (!turn.current()) return;
    job.processed = counts.processed;
    job.exported = counts.exported;
    this.#jobs.end(tenantGroupId, job);
    journal.emit({
      type: job.status === 'COMPLETED' ? 'oci.impex.export.completed' : 'oci.impex.export.failed',
      tenant: tenantGroupId,
      data: { exportId, kind: job.kind, exported: job.exported, ...(job.failure ? { failure: job.failure } : {}) },
    });
  }

  #write(ctx: ExportContext, job: ExportJob, file: ExportFile): Promise<ExportCounts> {
    switch (job.kind) {
      case 'availability':
        return exportAvailability(ctx, job.request as unknown as AvailabilityExportRequest, file);
      case 'location-graph':
        return exportLocationGraph(ctx, file);
      case 'product-segmentation':
        return exportSegmentation(ctx, job.request as unknown as SegmentationExportRequest, file);
      case 'event-log':
        return exportEventLog(ctx, job.request as unknown as EventLogExportRequest, file);
      case 'reservations':
        return exportReservations(ctx, job.request as unknown as ReservationsExportRequest, file);
    }
  }
}
