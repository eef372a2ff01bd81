import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { TimeSlice } from '../../../core/jobs/time-slice.js';
import { sortedOrderSliced } from './id-hash.js';
import { TOO_LONG, wholeLineChunks } from './line-chunks.js';
import { MAX_LINE_CHARS } from './ndjson-reader.js';
import { inPlaceParser } from './parse-pool.js';
import { Merge, ParserFailure, parserFailed } from './batch-merge.js';
import type { ParsedBatch } from './parsed-batch.js';
import { Staged } from './staged-records.js';
import type { ImportCounts, ImportOutcome, ImportRun } from './import-run.js';
import { safeMessage } from '../../../core/errors/safe-message.js';

// The availability import engine, shared by the impex upload link and the org's Connect upload.
//
// Pass 1 reads the file (inflating it when gzip), parses and checks every line and stages the good records;
// failures go to the failures file as they are found. Pass 2 applies the staged records. Staging is what makes
// file-level validation (a truncated gzip stream, mixed layouts, an empty file) all or nothing: a file that
// fails validation changes nothing. Staged records are columns, not objects, so a million of them are cheap.
//
// Layouts (detected, never declared): high-performance lines carry `locationId`; legacy files put a header line
// `{"location":…,"mode":"UPDATE"}` before the records of each location. Mixing them fails validation.

export type { ImportCounts, ImportOutcome, ImportRun } from './import-run.js';

export async function runAvailabilityImport(run: ImportRun): Promise<ImportOutcome> {
  const slice = run.slice ?? new TimeSlice();
  const counts: ImportCounts = { read: 0, processed: 0, skipped: 0, failed: 0 };
  const failures = createWriteStream(run.failuresPath);
  try {
    const staged = new Staged();
    const validationErrors = await readAndStage(run, staged, counts, failures, slice);
    if (validationErrors.length > 0) {
      return { counts: { read: counts.read, processed: 0, skipped: counts.read, failed: counts.failed }, validationErrors, applied: new Uint32Array(0) };
    }
    await slice.yield();
    const { order, skip } = await findRepeats(run, staged, counts, slice);
    await slice.yield();
    const applied = await apply(run, staged, counts, failures, slice, order, skip);
    return { counts, validationErrors: [], applied };
  } finally {
    await new Promise<void>((done) => failures.end(done));
  }
}

/** Reads, checks and stages; answers the file-level problems. */
async function readAndStage(run: ImportRun, staged: Staged, counts: ImportCounts, failures: WriteStream, slice: TimeSlice): Promise<string[]> {
  const parser = run.parser ?? inPlaceParser;
  const merge = new Merge(run, staged, counts, failures);
  // Parsing runs ahead of merging by a few batches; a batch still in flight when the import stops early is
  // dropped, and its outcome (even a failure) is not wanted.
  const ahead: Promise<ParsedBatch | typeof TOO_LONG>[] = [];
  try {
    for await (const chunk of wholeLineChunks(run.path, { gzip: run.gzip, maxLineBytes: 3 * MAX_LINE_CHARS })) {
      const parsed = chunk === TOO_LONG ? Promise.resolve(TOO_LONG) : parser.parse(chunk, MAX_LINE_CHARS).catch(parserFailed);
      parsed.catch(() => undefined);
      ahead.push(parsed);
      if (ahead.length < PARSE_AHEAD) continue;
      const problem = await merge.batch(await ahead.shift()!, slice);
      if (problem) return [problem];
      if (failures.writableNeedDrain) await once(failures, 'drain');
    }
    while (ahead.length > 0) {
      const problem = await merge.batch(await ahead.shift()!, slice);
      if (problem) return [problem];
    }
  } catch (error) {
    return [unreadable(error, run.gzip)];
  }
  run.progress(counts, 'reading');
  return counts.read === 0 ? ['The file holds no records.'] : [];
}

/** Batches parsed ahead of the one being merged: enough to keep every parser thread busy. */
const PARSE_AHEAD = 6;


/**
 * Repeated recordIds: within the file the first line wins; an id an earlier import applied is not applied again.
 * Sorting the ids finds both with linear passes (see id-hash.ts).
 */
async function findRepeats(run: ImportRun, staged: Staged, counts: ImportCounts, slice: TimeSlice): Promise<{ order: Uint32Array; skip: Uint8Array }> {
  const n = staged.n;
  const ids = staged.ids;
  // A million ids sort in a few passes of a few tens of ms each: requests are answered between them.
  const order = await sortedOrderSliced(ids, n, () => slice.yield());
  const skip = new Uint8Array(n);
  for (let k = 1; k < n; k++) {
    const i = order[k]!;
    const p = order[k - 1]!;
    if (ids[i * 2] === ids[p * 2] && ids[i * 2 + 1] === ids[p * 2 + 1]) skip[i] = 1;
  }
  await slice.yield();
  run.markApplied(ids, order, skip);
  for (let i = 0; i < n; i++) counts.skipped += skip[i]!;
  return { order, skip };
}

/** Applies the staged records; answers the recordIds applied (sorted hash pairs). */
async function apply(run: ImportRun, staged: Staged, counts: ImportCounts, failures: WriteStream, slice: TimeSlice, order: Uint32Array, skip: Uint8Array): Promise<Uint32Array> {
  const { writer } = run;
  writer.reserve(staged.n);
  const slots = Int32Array.from(staged.places.values, (place) => writer.openLocation(place));
  const sequence = byPlace(staged);
  await slice.yield();
  for (let k = 0; k < staged.n; k++) {
    const i = sequence[k]!;
    if (skip[i] === 1) continue;
    if (writer.applyAt(slots[staged.locations[i]!]!, staged.skuIds[i]!, staged.onHand[i]!, staged.safety[i]!, staged.effectiveDate(i), staged.futures(i))) {
      counts.processed++;
    } else {
      skip[i] = 2;
      counts.failed++;
      counts.skipped++;
      const locationId = staged.places.value(staged.locations[i]!);
      const message = `Line ${staged.lines[i]}: No location exists with ID '${locationId}' (it left the location graph while the import ran)`;
      failures.write(`${JSON.stringify({ recordId: null, locationId, sku: writer.sku(staged.skuIds[i]!), message })}\n`);
    }
    if ((k & 1023) === 1023 && slice.due()) {
      writer.flush();
      run.progress(counts, 'applying');
      await slice.yield();
    }
  }
  writer.flush();
  writer.finish();
  run.progress(counts, 'applying');
  await slice.yield();
  const applied = new Uint32Array(counts.processed * 2);
  let k = 0;
  for (let j = 0; j < order.length; j++) {
    const i = order[j]!;
    if (skip[i] !== 0) continue;
    applied[k++] = staged.ids[i * 2]!;
    applied[k++] = staged.ids[i * 2 + 1]!;
  }
  return applied;
}

/**
 * The staged records grouped by location, in file order within each (a stable counting sort). Applying one
 * location's records together walks that location's columns in order instead of jumping between ten locations'
 * columns on every line, which cuts about a third of the time a big import spends applying. Records of different pairs are
 * independent, and two lines for the same pair keep their file order.
 */
function byPlace(staged: Staged): Uint32Array {
  const places = staged.places.values.length;
  const starts = new Uint32Array(places + 1);
  for (let i = 0; i < staged.n; i++) starts[staged.locations[i]! + 1]!++;
  for (let p = 0; p < places; p++) starts[p + 1]! += starts[p]!;
  const sequence = new Uint32Array(staged.n);
  for (let i = 0; i < staged.n; i++) sequence[starts[staged.locations[i]!]!++] = i;
  return sequence;
}



function unreadable(error: unknown, gzip: boolean): string {
  const message = safeMessage(error);
  if (error instanceof ParserFailure) return `The file could not be processed: ${message}`;
  return gzip ? `The file is not a complete GZIP stream: ${message}` : `The file could not be read: ${message}`;
}
