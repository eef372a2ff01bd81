import type { TimeSlice } from '../../../core/jobs/time-slice.js';
import type { ImportWriter } from '../../availability/import-writer.js';
import type { BatchParser } from './parse-pool.js';

// What the availability import engine (availability-import.ts) is given and answers, shared with the steps it
// is made of (batch-merge.ts).

export interface ImportCounts {
  read: number;
  processed: number;
  /** Not applied: failed, or a recordId already applied. */
  skipped: number;
  failed: number;
}

export interface ImportRun {
  /** The uploaded file. */
  path: string;
  sizeBytes: number;
  gzip: boolean;
  /** Where the failure lines go as they are found (the result file adds its status line in front). */
  failuresPath: string;
  locationExists(locationId: string): boolean;
  /** Sets `known[i]` for each id (hash pairs, visited sorted by `order`) an earlier import applied. */
  markApplied(pairs: Uint32Array, order: Uint32Array, known: Uint8Array): void;
  writer: ImportWriter;
  /** Called between batches with the counts so far. */
  progress(counts: ImportCounts, phase: 'reading' | 'applying'): void;
  slice?: TimeSlice;
  /** Where lines are parsed (worker threads for big files); in place by default. */
  parser?: BatchParser;
}

export interface ImportOutcome {
  counts: ImportCounts;
  /** File-level problems; when any, nothing was applied. */
  validationErrors: string[];
  /** The recordIds applied, as hash pairs sorted and without repeats, for the ledger. */
  applied: Uint32Array;
}
