// The OCI Inventory Impex calls an inventory integration makes: a full or delta availability import (ask for an
// upload link, post the NDJSON file to it, poll the status) and an availability export (initiate, poll, download
// the NDJSON with its closing delta token). Plain fetch (through the shared helper), like the clients beside it, so
// the contract records what a real caller sends.

import { send, type HttpCall } from '../http.js';
import { ociRefusal, parseExportFile, type ExportFile, type ExportStarted, type ExportStatus } from '../oci-dialect.js';
import type { OciConnection } from './oci-availability-client.js';

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
    return (await this.#send({ method: 'POST', path: uploadLink, body: form })).json as UploadAccepted;
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
    // The file is NDJSON, not one JSON document: no Accept of JSON (fetch's own `*/*`), and read as text.
    return parseExportFile((await this.#send({ path: downloadLink, headers: { Accept: '*/*' } }, 'text')).text);
  }

  async #json(method: 'GET' | 'POST', path: string, payload?: unknown): Promise<unknown> {
    return (await this.#send({ method, path: `/inventory/impex/v1/organizations/${encodeURIComponent(this.connection.tenantGroupId)}/${path}`, json: payload })).json;
  }

  /** Every impex call: the token, OCI's refusal; `path` may be a link an answer handed out (same host). */
  #send(call: HttpCall, parse: 'json' | 'text' = 'json') {
    return send(this.connection.baseUrl, { ...call, bearer: this.connection.accessToken }, ociRefusal, { parse });
  }
}
