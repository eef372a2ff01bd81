// The OCI Inventory Impex calls an inventory integration makes: a full or delta availability import (ask for an
// upload link, post the NDJSON file to it, poll the status) and an availability export (initiate, poll, download
// the NDJSON with its closing delta token). Plain fetch, like the clients beside it, so the contract records what
// a real caller sends.

import { OciError, type OciConnection } from './oci-availability-client.js';

export interface ImportRequest {
  fileName: string;
  /** Minutes the upload link stays open (OCI allows at most 60). */
  linkDuration?: number;
}

export interface ImportLinks {
  importId: string;
  importStatusLink: string;
  uploadLink: string;
  uploadMethod: string;
  uploadLinkExpirationUTC: string;
}

export interface UploadAccepted {
  status: string;
  importId: string;
}

export interface ImportStatus {
  importId: string;
  status: string;
  validation: { status: string; errors: string[] };
  upload: { fileName: string };
  import: {
    startTimeUTC?: string;
    endTimeUTC?: string;
    recordsProcessedCount: number;
    recordsReadCount: number;
    recordsSkippedCount: number;
    fullResults: { href: string; exportResultExpirationUTC: string };
  };
}

export type ExportPlaces = { groups: string[] } | { locations: string[] };

export interface ExportStarted {
  exportId: string;
  exportStatusLink: string;
}

export interface ExportStatus {
  id: string;
  status: string;
  export: { recordsProcessedCount: number; recordsExportedCount: number; groups?: string[]; locations?: string[] };
  download: { downloadLink: string; downloadLinkExpirationUTC: string };
}

/** One place of an availability export file: its id line, then its records. */
export interface ExportedPlace {
  placeType: 'group' | 'location';
  id: string;
  records: Record<string, unknown>[];
}

export interface ExportFile {
  places: ExportedPlace[];
  /** The last line: where a delta stream (get-deltas) picks up after the export. */
  deltaToken: string;
}

export class OciImpexClient {
  constructor(private readonly connection: OciConnection) {}

  /** Asks for an upload link; the file then goes to `uploadLink` with `uploadMethod`. */
  async initiateAvailabilityImport(request: ImportRequest): Promise<ImportLinks> {
    return (await this.#json('POST', 'availability-records/imports', request)) as ImportLinks;
  }

  /**
   * Posts the NDJSON file to the upload link the initiate answer gave (a path on the same host), as one
   * multipart file part named `fileUpload`, the name the Salesforce CLI plugin and test suites use.
   */
  async uploadImportFile(uploadLink: string, ndjson: string, fileName: string): Promise<UploadAccepted> {
    const form = new FormData();
    // No type on the part: fetch labels it application/octet-stream, as it would a file read from disk.
    form.append('fileUpload', new Blob([ndjson]), fileName);
    const res = await fetch(new URL(uploadLink, this.connection.baseUrl), {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.connection.accessToken}`, Accept: 'application/json' },
      body: form,
    });
    return (await readJson(res)) as UploadAccepted;
  }

  async importStatus(importId: string): Promise<ImportStatus> {
    return (await this.#json('GET', `availability-records/imports/${encodeURIComponent(importId)}/status`)) as ImportStatus;
  }

  async initiateAvailabilityExport(places: ExportPlaces): Promise<ExportStarted> {
    return (await this.#json('POST', 'availability-records/exports', { objects: places })) as ExportStarted;
  }

  async exportStatus(exportId: string): Promise<ExportStatus> {
    return (await this.#json('GET', `availability-records/exports/${encodeURIComponent(exportId)}/status`)) as ExportStatus;
  }

  /** Reads the export file at the status's `downloadLink`: place lines with their records, then the delta token. */
  async downloadExport(downloadLink: string): Promise<ExportFile> {
    const res = await fetch(new URL(downloadLink, this.connection.baseUrl), {
      headers: { Authorization: `Bearer ${this.connection.accessToken}` },
    });
    const text = await res.text();
    if (!res.ok) throw ociError(res.status, text);
    return parseExportFile(text);
  }

  async #json(method: 'GET' | 'POST', path: string, payload?: unknown): Promise<unknown> {
    const c = this.connection;
    const url = new URL(`/inventory/impex/v1/organizations/${encodeURIComponent(c.tenantGroupId)}/${path}`, c.baseUrl);
    const res = await fetch(url, {
      method,
      headers: {
        Authorization: `Bearer ${c.accessToken}`,
        Accept: 'application/json',
        ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    });
    return readJson(res);
  }
}

/** NDJSON, one object a line: `{"groupId"}` or `{"locationId"}` opens a place, `{"deltaToken"}` closes the file. */
export function parseExportFile(text: string): ExportFile {
  const places: ExportedPlace[] = [];
  let deltaToken: string | undefined;
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new OciError(200, 'InvalidExportFile', { message: `line ${i + 1} is not JSON` });
    }
    if (deltaToken !== undefined) throw new OciError(200, 'InvalidExportFile', { message: `line ${i + 1} follows the delta token` });
    if (typeof value.deltaToken === 'string') deltaToken = value.deltaToken;
    else if (typeof value.groupId === 'string') places.push({ placeType: 'group', id: value.groupId, records: [] });
    else if (typeof value.locationId === 'string') places.push({ placeType: 'location', id: value.locationId, records: [] });
    else if (places.length > 0) places.at(-1)!.records.push(value);
    else throw new OciError(200, 'InvalidExportFile', { message: `line ${i + 1} is a record before any place line` });
  }
  if (deltaToken === undefined) throw new OciError(200, 'InvalidExportFile', { message: 'the file does not end with a delta token' });
  return { places, deltaToken };
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!res.ok) throw ociError(res.status, text);
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    throw new OciError(res.status, 'InvalidJson', { message: text.slice(0, 200) });
  }
}

function ociError(status: number, text: string): OciError {
  let problem: Record<string, unknown> = {};
  try {
    const json = JSON.parse(text) as unknown;
    if (typeof json === 'object' && json !== null) problem = json as Record<string, unknown>;
  } catch {
    problem = { message: text.slice(0, 200) };
  }
  return new OciError(status, typeof problem.errorCode === 'string' ? problem.errorCode : 'UnknownError', problem);
}
