import { impexBase } from '../imports/views.js';
import type { ExportJob, ExportKind } from '../jobs/model.js';

// What clients see of an export: the initiate answer and the status body (ExportGroupStatusResponse200 and its
// siblings), key order as in the RAML examples.

const SEGMENT: Record<ExportKind, string> = {
  availability: 'availability-records/exports',
  'location-graph': 'location-graph/exports',
  'product-segmentation': 'product-segmentation/exports',
  'event-log': 'event-log/exports',
  reservations: 'reservations/exports',
};

export const exportsPath = (tenantGroupId: string, kind: ExportKind) => `${impexBase(tenantGroupId)}/${SEGMENT[kind]}`;
export const exportSegment = (kind: ExportKind) => SEGMENT[kind];

const iso = (ms: number) => new Date(ms).toISOString();

export function initiateExportBody(tenantGroupId: string, job: ExportJob) {
  return { exportId: job.id, exportStatusLink: `${exportsPath(tenantGroupId, job.kind)}/${job.id}/status` };
}

export function exportStatusBody(tenantGroupId: string, job: ExportJob) {
  const places = job.kind === 'availability' ? { [job.request.placeType === 'group' ? 'groups' : 'locations']: job.request.places } : {};
  // The location-graph status requires a start time; before the export starts it is when it was asked for.
  const start = job.startedAt ?? (job.kind === 'location-graph' ? job.createdAt : undefined);
  return {
    id: job.id,
    status: job.status,
    export: {
      ...(start !== undefined ? { startTimeUTC: iso(start) } : {}),
      ...(job.endedAt !== undefined ? { endTimeUTC: iso(job.endedAt) } : {}),
      recordsProcessedCount: job.processed,
      recordsExportedCount: job.exported,
      ...places,
    },
    download: {
      downloadLink: `${exportsPath(tenantGroupId, job.kind)}/${job.id}/file-content`,
      downloadLinkExpirationUTC: iso(job.downloadExpiresAt ?? job.createdAt),
    },
    ...(job.file ? { validation: { fileHashType: 'SHA-256', fileHash: job.file.sha256, fileSize: job.file.size } } : {}),
  };
}
