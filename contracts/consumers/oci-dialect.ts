import { refusalBy } from './http.js';
import { ServiceError } from './service-error.js';

// What every client of OCI's Commerce APIs reads the same way, whoever calls: OCI's refusal, and the availability
// export file (the inventory integration reads it once; B2C's OCI cache reads one for every full import).

/** OCI's refusal: `{type: "about:blank", errorCode, message, ...context}` with the HTTP status. */
export class OciError extends ServiceError {
  static override readonly service = 'OCI';
  readonly errorCode = this.code;
}

/** OCI refuses in `{type, errorCode, message, …}`: the errorCode is the code, the body the detail. */
export const ociRefusal = refusalBy(OciError, 'errorCode');

/** One place of an availability export file: its id line, then its records. */
/** An availability export OCI started: its id and where to poll it. */
export interface ExportStarted {
  exportId: string;
  exportStatusLink: string;
}

/** An export's status; the download link once it completed. */
export interface ExportStatus {
  id: string;
  status: string;
  export: { recordsProcessedCount: number; recordsExportedCount: number; groups?: string[]; locations?: string[] };
  download: { downloadLink: string; downloadLinkExpirationUTC: string };
}

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
