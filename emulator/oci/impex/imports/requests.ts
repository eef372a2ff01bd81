import { ociErrors } from '../../errors.js';
import type { HashType } from '../jobs/model.js';

// The initiate-import body (InitiateImportRequestBody): fileName; fileFormat JSON (the default); fileEncoding GZIP
// when compressed; fileHash with fileHashType SHA-256 (the default) or SHA-512; linkDuration in minutes, at most 60.

export interface ImportRequest {
  fileName: string;
  gzip: boolean;
  hash: { type: HashType; value: string } | undefined;
  linkMinutes: number;
}

/** [decision] The upload link lives 60 minutes when linkDuration is not given (the documented maximum). */
export const DEFAULT_LINK_MINUTES = 60;
export const MAX_LINK_MINUTES = 60;

export function parseImportRequest(body: unknown): ImportRequest {
  if (body === undefined) throw ociErrors.invalidRequest('A request body is required.');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw ociErrors.invalidRequest('The request body must be a JSON object.');
  const b = body as Record<string, unknown>;
  if (b.fileName === undefined || b.fileName === null || b.fileName === '') {
    throw ociErrors.invalidParameter('fileName', "The field 'fileName' is missing from the request body.");
  }
  if (typeof b.fileName !== 'string' || b.fileName.length > 255) throw ociErrors.invalidParameter('fileName', "'fileName' must be a file name of at most 255 characters");

  let linkMinutes = DEFAULT_LINK_MINUTES;
  if (b.linkDuration !== undefined && b.linkDuration !== null) {
    const n = typeof b.linkDuration === 'string' && /^\d+$/.test(b.linkDuration) ? Number(b.linkDuration) : b.linkDuration;
    if (typeof n !== 'number' || !Number.isFinite(n)) throw ociErrors.invalidParameter('linkDuration', 'link duration must be numeric');
    if (!Number.isInteger(n) || n < 1 || n > MAX_LINK_MINUTES) {
      throw ociErrors.invalidParameter('linkDuration', `link duration must be a whole number of minutes from 1 to ${MAX_LINK_MINUTES}`);
    }
    linkMinutes = n;
  }

  if (b.fileFormat !== undefined && b.fileFormat !== null && (typeof b.fileFormat !== 'string' || b.fileFormat.toUpperCase() !== 'JSON')) {
    throw ociErrors.invalidParameter('fileFormat', "'fileFormat' must be JSON: imports are NDJSON files");
  }

  let gzip = false;
  if (b.fileEncoding !== undefined && b.fileEncoding !== null && b.fileEncoding !== '') {
    if (typeof b.fileEncoding !== 'string' || !['GZIP', 'NONE', 'UTF-8', 'UTF8'].includes(b.fileEncoding.toUpperCase())) {
      throw ociErrors.invalidParameter('fileEncoding', "'fileEncoding' must be GZIP for a compressed file, or left out");
    }
    gzip = b.fileEncoding.toUpperCase() === 'GZIP';
  }

  let hash: ImportRequest['hash'];
  if (b.fileHash !== undefined && b.fileHash !== null && b.fileHash !== '') {
    const type = b.fileHashType ?? 'SHA-256';
    if (type !== 'SHA-256' && type !== 'SHA-512') throw ociErrors.invalidParameter('fileHashType', "'fileHashType' must be SHA-256 or SHA-512");
    const length = type === 'SHA-256' ? 64 : 128;
    if (typeof b.fileHash !== 'string' || !new RegExp(`^[0-9a-fA-F]{${length}}$`).test(b.fileHash)) {
      throw ociErrors.invalidParameter('fileHash', `'fileHash' must be the ${type} of the file in hexadecimal (${length} digits)`);
    }
    hash = { type, value: b.fileHash.toLowerCase() };
  } else if (b.fileHashType !== undefined && b.fileHashType !== 'SHA-256' && b.fileHashType !== 'SHA-512') {
    throw ociErrors.invalidParameter('fileHashType', "'fileHashType' must be SHA-256 or SHA-512");
  }

  return { fileName: b.fileName, gzip, hash, linkMinutes };
}

/** The `available` query flag of the import list: only imports whose upload link still takes a file. */
export function parseAvailableFlag(available: unknown): boolean {
  if (available !== undefined && available !== 'true' && available !== 'false') {
    throw ociErrors.invalidParameter('available', "'available' must be true or false");
  }
  return available === 'true';
}
