import { createWriteStream } from 'node:fs';
import { TimeSlice } from '../../../core/jobs/time-slice.js';
import { IMPORT_SKU_PATTERN } from '../../schemas.js';
import type { ImportCounts } from './availability-import.js';
import { ndjsonBatches } from './ndjson-reader.js';
import { safeMessage } from '../../../core/errors/safe-message.js';

// Product-segmentation imports: a group header `{"groupId":"G1","mode":"REPLACE"|"APPEND"|"REMOVE"}` followed
// by `{"sku":"…"}` lines. Like availability imports, the file is read and checked first and applied only when it
// can be read to its end; a bad line fails that line (it goes to the result file with its group and SKU).

export type SegmentationMode = 'REPLACE' | 'APPEND' | 'REMOVE';

export interface SegmentationEntry {
  groupId: string;
  mode: SegmentationMode;
  skus: string[];
}

export interface SegmentationRun {
  path: string;
  gzip: boolean;
  failuresPath: string;
  groupExists(groupId: string): boolean;
  /** Applies the entries; answers how many SKU lines applied. */
  apply(entries: SegmentationEntry[]): number;
  progress(counts: ImportCounts): void;
  slice?: TimeSlice;
}

const MODES = new Set(['REPLACE', 'APPEND', 'REMOVE']);

export async function runSegmentationImport(run: SegmentationRun): Promise<{ counts: ImportCounts; validationErrors: string[] }> {
  const slice = run.slice ?? new TimeSlice();
  const counts: ImportCounts = { read: 0, processed: 0, skipped: 0, failed: 0 };
  const failures = createWriteStream(run.failuresPath);
  const entries: SegmentationEntry[] = [];
  let current: { entry?: SegmentationEntry; groupId?: string; problem?: string } | undefined;
  const fail = (groupId: string | undefined, sku: string | undefined, message: string) => {
    counts.failed++;
    counts.skipped++;
    failures.write(`${JSON.stringify({ groupId: groupId ?? null, sku: sku ?? null, message })}\n`);
  };
  try {
    try {
      for await (const batch of ndjsonBatches(run.path, { gzip: run.gzip })) {
        for (let k = 0; k < batch.lines.length; k++) {
          const line = batch.lines[k]!;
          const lineNo = batch.firstLine + k;
          if (line !== null && line.trim() === '') continue;
          let value: unknown;
          try {
            if (line === null) throw new Error('the line is longer than one million characters');
            value = JSON.parse(line);
          } catch (error) {
            counts.read++;
            fail(current?.groupId, undefined, `Line ${lineNo} is not valid JSON: ${(error as Error).message}`);
            continue;
          }
          const o = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
          if ('groupId' in o || 'mode' in o) {
            current = header(o, run.groupExists);
            if (current.entry) entries.push(current.entry);
            continue;
          }
          counts.read++;
          const sku = o.sku;
          if (typeof sku !== 'string' || sku.length === 0 || sku.length > 250 || !IMPORT_SKU_PATTERN.test(sku)) {
            fail(current?.groupId, typeof sku === 'string' ? sku : undefined, `'sku' Invalid characters in sku: ${typeof sku === 'string' && sku ? sku : 'null'}`);
            continue;
          }
          if (!current) {
            fail(undefined, sku, "'groupId' must not be null: a SKU line needs a group header line before it");
            continue;
          }
          if (current.problem !== undefined) {
            fail(current.groupId, sku, current.problem);
            continue;
          }
          current.entry!.skus.push(sku);
        }
        run.progress(counts);
        await slice.maybeYield();
      }
    } catch (error) {
      const message = safeMessage(error);
      return { counts: { ...counts, processed: 0, skipped: counts.read }, validationErrors: [run.gzip ? `The file is not a complete GZIP stream: ${message}` : `The file could not be read: ${message}`] };
    }
    if (counts.read === 0 && entries.length === 0) return { counts, validationErrors: ['The file holds no records.'] };
    counts.processed = run.apply(entries);
    run.progress(counts);
    return { counts, validationErrors: [] };
  } finally {
    await new Promise<void>((done) => failures.end(done));
  }
}

function header(o: Record<string, unknown>, groupExists: (id: string) => boolean): { entry?: SegmentationEntry; groupId?: string; problem?: string } {
  const groupId = o.groupId;
  if (typeof groupId !== 'string' || groupId.length === 0) return { problem: "'groupId' must not be null: the header line names no group" };
  if (typeof o.mode !== 'string' || !MODES.has(o.mode)) {
    return { groupId, problem: `'mode' ${typeof o.mode === 'string' ? o.mode : JSON.stringify(o.mode ?? null)} is not supported: use REPLACE, APPEND or REMOVE` };
  }
  if (!groupExists(groupId)) return { groupId, problem: 'Invalid Group Id Provided.' };
  return { groupId, entry: { groupId, mode: o.mode as SegmentationMode, skus: [] } };
}
