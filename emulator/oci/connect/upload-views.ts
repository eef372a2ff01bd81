import type { ImportJob } from '../impex/jobs/model.js';
import { validationStatus } from '../impex/imports/views.js';

// What the org sees of its Connect upload.

const iso = (ms: number) => new Date(ms).toISOString();

/** The Connect upload status (ConnectApi.OCIUploadInventoryAvailabilityOutputRepresentation's status twin). */
export function connectUploadStatusBody(job: ImportJob) {
  const validation = validationStatus(job);
  return {
    endTimeUTC: job.endedAt !== undefined ? iso(job.endedAt) : null,
    errors: [],
    recordsProcessedCount: job.processed,
    recordsReadCount: job.read,
    recordsSkippedCount: job.skipped,
    startTimeUTC: job.startedAt !== undefined ? iso(job.startedAt) : null,
    status: job.status,
    success: true,
    uploadId: job.id,
    validationErrors: job.validationErrors,
    validationStatus: validation === 'Success' ? 'VALID' : validation === 'Failed' ? 'INVALID' : 'PENDING',
  };
}
