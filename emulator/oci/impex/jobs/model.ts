import { createHash } from 'node:crypto';

// Impex jobs of one tenant group (namespace `oci-impex.<tenantGroupId>`): imports waiting for or processing
// their file, exports writing theirs. The files themselves (uploads, result files, export files) live in the
// file area (file-area.ts), never in the store; a job only names them.

export const impexNamespace = (tenantGroupId: string) => `oci-impex.${tenantGroupId}`;

/** GenericStatuses of the impex RAML. */
export type JobStatus = 'WAITING' | 'EXPIRED' | 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'STOPPED';

export type ResultStatus = 'COMPLETED_WITHOUT_ERRORS' | 'COMPLETED_WITH_PARTIAL_FAILURES' | 'FAILED';

/** Availability imports come through the impex API or the org's Connect upload; both use one engine. */
export type ImportKind = 'availability' | 'product-segmentation';
export type ImportChannel = 'impex' | 'connect';

export type HashType = 'SHA-256' | 'SHA-512';

/** What every impex job has, whatever its kind (the steps they share are lifecycle.ts). */
export interface ImpexJob {
  id: string;
  createdAt: number;
  status: JobStatus;
  startedAt?: number;
  endedAt?: number;
  /** The job and its files go at this instant. */
  purgeAt: number;
}

export interface ImportJob extends ImpexJob {
  kind: ImportKind;
  channel: ImportChannel;
  uploadLinkId: string;
  fileName: string;
  /** Declared `fileEncoding: GZIP`. */
  gzip: boolean;
  declaredHash?: { type: HashType; value: string };
  linkExpiresAt: number;
  /** What arrived at the upload link. */
  upload?: { receivedAt: number; bytes: number; hashType: HashType; hash: string; gzipped: boolean };
  read: number;
  processed: number;
  skipped: number;
  failed: number;
  validationErrors: string[];
  result?: ResultStatus;
  resultExpiresAt: number;
  /** Who uploaded (journal), never a secret. */
  client?: string;
}

export type ExportKind = 'availability' | 'location-graph' | 'product-segmentation' | 'event-log' | 'reservations';

export interface ExportJob extends ImpexJob {
  kind: ExportKind;
  /** The validated request body, as the exporter needs it. */
  request: Record<string, unknown>;
  processed: number;
  exported: number;
  file?: { size: number; sha256: string };
  downloadExpiresAt?: number;
  failure?: string;
}

export interface ImpexState {
  /** Counter behind job ids, so ids never repeat across restarts. */
  nextId: number;
  /** In creation order. */
  imports: Record<string, ImportJob>;
  exports: Record<string, ExportJob>;
  /** Upload link id → import id. */
  uploadLinks: Record<string, string>;
}

export function emptyImpexState(): ImpexState {
  return { nextId: 1, imports: {}, exports: {}, uploadLinks: {} };
}

export const ACTIVE: ReadonlySet<JobStatus> = new Set(['PENDING', 'RUNNING']);

/** A UUID-shaped id drawn from the tenant group, a purpose and a counter: stable per seed and run, never reused. */
export function jobUuid(tenantGroupId: string, purpose: string, n: number): string {
  const h = createHash('sha256').update(`${tenantGroupId}:${purpose}:${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
