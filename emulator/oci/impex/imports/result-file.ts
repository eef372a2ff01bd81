import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { ImportJob, ResultStatus } from '../jobs/model.js';

// An import's result file: a status line, then a line per failed record (the engine writes those as it finds
// them) or, when the file as a whole was refused, a line per file-level problem.

/** What is wrong with the uploaded file as a whole before a line is read: size, encoding and hash. */
export function fileProblems(job: ImportJob): string[] {
  const upload = job.upload!;
  const problems: string[] = [];
  if (upload.bytes === 0) problems.push('The file is empty.');
  else if (upload.gzipped && !job.gzip) problems.push('File is in GZIP format where the encoding type was not specified as GZIP');
  else if (!upload.gzipped && job.gzip) problems.push('File is not in GZIP format where the encoding type was specified as GZIP');
  if (job.declaredHash && job.declaredHash.value !== upload.hash) {
    problems.push(`The file's ${job.declaredHash.type} hash ${upload.hash} does not match the fileHash given (${job.declaredHash.value})`);
  }
  return problems;
}

/** How the import ended: failed when the file was refused or no record applied, partial when some failed. */
export function resultOf(validationErrors: readonly string[], processed: number, failed: number): ResultStatus {
  if (validationErrors.length > 0 || (processed === 0 && failed > 0)) return 'FAILED';
  return failed > 0 ? 'COMPLETED_WITH_PARTIAL_FAILURES' : 'COMPLETED_WITHOUT_ERRORS';
}

/** An empty failures file, for an import refused before the engine ran. */
export function noFailures(failuresPath: string): Promise<void> {
  return new Promise<void>((done) => createWriteStream(failuresPath).end(done));
}

/** The result file: the status line, then the failure lines the engine wrote (or the file-level problems). */
export async function writeResult(path: string, failuresPath: string, result: ResultStatus, validationErrors: readonly string[]): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${JSON.stringify({ status: result })}\n`);
  for (const message of validationErrors) out.write(`${JSON.stringify({ recordId: null, locationId: null, sku: null, message })}\n`);
  if (validationErrors.length === 0) await pipeline(createReadStream(failuresPath), out);
  else await new Promise<void>((done) => out.end(done));
  await rm(failuresPath, { force: true });
}
