import type { ImportJob } from '../jobs/model.js';

// What clients see of an import: the impex status body (ImportStatusResponse200) and the org's Connect upload
// status. Key order follows the RAML examples, which some clients stream-parse.

export const impexBase = (tenantGroupId: string) => `/inventory/impex/v1/organizations/${tenantGroupId}`;

export function importsPath(tenantGroupId: string, kind: ImportJob['kind']): string {
  return `${impexBase(tenantGroupId)}/${kind === 'availability' ? 'availability-records' : 'product-segmentation'}/imports`;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function initiateImportBody(tenantGroupId: string, job: ImportJob) {
  const base = importsPath(tenantGroupId, job.kind);
  return {
    importId: job.id,
    importStatusLink: `${base}/${job.id}/status`,
    uploadLink: `${base}/uploadlink/${job.uploadLinkId}`,
    uploadMethod: 'POST',
    uploadLinkExpirationUTC: iso(job.linkExpiresAt),
  };
}

/** Validation as the examples word it: Success or Failed once known, Pending before. */
export function validationStatus(job: ImportJob): 'Pending' | 'Success' | 'Failed' {
  if (job.status === 'COMPLETED') return 'Success';
  if (job.status === 'FAILED' || job.status === 'EXPIRED') return 'Failed';
  return 'Pending';
}

export function importStatusBody(tenantGroupId: string, job: ImportJob) {
  const errors = job.status === 'EXPIRED' ? ['The upload link expired before a file was received.'] : job.validationErrors;
  return {
    importId: job.id,
    status: job.status,
    validation: { status: validationStatus(job), errors },
    upload: { fileName: job.fileName },
    import: {
      ...(job.startedAt !== undefined ? { startTimeUTC: iso(job.startedAt) } : {}),
      ...(job.endedAt !== undefined ? { endTimeUTC: iso(job.endedAt) } : {}),
      recordsProcessedCount: job.processed,
      recordsReadCount: job.read,
      recordsSkippedCount: job.skipped,
      fullResults: { href: `${importsPath(tenantGroupId, job.kind)}/${job.id}/file-content`, exportResultExpirationUTC: iso(job.resultExpiresAt) },
    },
  };
}
