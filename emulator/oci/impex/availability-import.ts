import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { TimeSlice } from '../../core/jobs/time-slice.js';
import type { ImportWriter } from '../availability/updates-service.js';
import type { OciFuture } from '../model.js';
import { hashId, sortedOrder } from './id-hash.js';
import { LineKind, LineScan, scanImportLine } from './import-line.js';
import { ndjsonBatches } from './ndjson-reader.js';

// The availability import engine, shared by the impex upload link and the org's Connect upload.
//
// Pass 1 reads the file (inflating it when gzip), parses and checks every line and stages the good records;
// failures go to the failures file as they are found. Pass 2 applies the staged records. Staging is what makes
// file-level validation (a truncated gzip stream, mixed layouts, an empty file) all or nothing: a file that
// fails validation changes nothing. Staged records are columns, not objects, so a million of them are cheap.
//
// Layouts (detected, never declared): high-performance lines carry `locationId`; legacy files put a header line
// `{"location":…,"mode":"UPDATE"}` before the records of each location. Mixing them fails validation.

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
}

export interface ImportOutcome {
  counts: ImportCounts;
  /** File-level problems; when any, nothing was applied. */
  validationErrors: string[];
  /** The recordIds applied, as hash pairs sorted and without repeats, for the ledger. */
  applied: Uint32Array;
}

type Layout = 'high-performance' | 'legacy';

const ABSENT = -2;
const CLEARED = -1;

/** Records waiting to apply, as columns: a million of them are a few typed arrays, not a million objects. */
class Staged {
  n = 0;
  /** The job's locations; records refer to them by position. */
  places: string[] = [];
  /** Effective dates met, referred to by `dateCodes`. */
  dates: string[] = [];
  /** Futures lists named by records, referred to by `futureCodes` (most records name none). */
  futureLists: OciFuture[][] = [];
  skuIds: Int32Array<ArrayBuffer> = new Int32Array(1024);
  locations: Int32Array<ArrayBuffer> = new Int32Array(1024);
  /** ABSENT, CLEARED, or an index into `dates`. */
  dateCodes: Int32Array<ArrayBuffer> = new Int32Array(1024);
  /** ABSENT or an index into `futureLists`. */
  futureCodes: Int32Array<ArrayBuffer> = new Int32Array(1024);
  onHand: Float64Array<ArrayBuffer> = new Float64Array(1024);
  safety: Float64Array<ArrayBuffer> = new Float64Array(1024);
  lines: Int32Array<ArrayBuffer> = new Int32Array(1024);
  /** recordId hash pairs. */
  ids: Uint32Array<ArrayBuffer> = new Uint32Array(2048);
  readonly #placeIndex = new Map<string, number>();
  readonly #dateIndex = new Map<string, number>();
  #lastPlace = '';
  #lastPlaceCode = -1;
  #lastDate = '';
  #lastDateCode = -1;

  push(scan: LineScan, skuId: number, locationId: string, line: number, a: number, b: number): void {
    const i = this.n++;
    if (i === this.onHand.length) this.#grow();
    this.skuIds[i] = skuId;
    this.locations[i] = this.#placeCode(locationId);
    this.onHand[i] = scan.onHand;
    this.safety[i] = scan.safetyStockCount;
    this.lines[i] = line;
    this.ids[i * 2] = a;
    this.ids[i * 2 + 1] = b;
    const date = scan.effectiveDate;
    this.dateCodes[i] = date === undefined ? ABSENT : date === null ? CLEARED : this.#dateCode(date);
    if (scan.futures === undefined) this.futureCodes[i] = ABSENT;
    else {
      this.futureCodes[i] = this.futureLists.length;
      this.futureLists.push(scan.futures);
    }
  }

  effectiveDate(i: number): string | null | undefined {
    const code = this.dateCodes[i]!;
    return code === ABSENT ? undefined : code === CLEARED ? null : this.dates[code];
  }

  futures(i: number): OciFuture[] | undefined {
    const code = this.futureCodes[i]!;
    return code === ABSENT ? undefined : this.futureLists[code];
  }

  #placeCode(locationId: string): number {
    if (locationId === this.#lastPlace) return this.#lastPlaceCode;
    let code = this.#placeIndex.get(locationId);
    if (code === undefined) {
      code = this.places.length;
      this.places.push(locationId);
      this.#placeIndex.set(locationId, code);
    }
    this.#lastPlace = locationId;
    this.#lastPlaceCode = code;
    return code;
  }

  #dateCode(date: string): number {
    if (date === this.#lastDate) return this.#lastDateCode;
    let code = this.#dateIndex.get(date);
    if (code === undefined) {
      code = this.dates.length;
      this.dates.push(date);
      this.#dateIndex.set(date, code);
    }
    this.#lastDate = date;
    this.#lastDateCode = code;
    return code;
  }

  #grow(): void {
    this.skuIds = grow(this.skuIds);
    this.locations = grow(this.locations);
    this.dateCodes = grow(this.dateCodes);
    this.futureCodes = grow(this.futureCodes);
    this.onHand = grow(this.onHand);
    this.safety = grow(this.safety);
    this.lines = grow(this.lines);
    this.ids = grow(this.ids);
  }
}

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
    const { order, skip } = findRepeats(run, staged, counts);
    await slice.yield();
    const applied = await apply(run, staged, counts, failures, slice, order, skip);
    return { counts, validationErrors: [], applied };
  } finally {
    await new Promise<void>((done) => failures.end(done));
  }
}

/** Reads, checks and stages; answers the file-level problems. */
async function readAndStage(run: ImportRun, staged: Staged, counts: ImportCounts, failures: WriteStream, slice: TimeSlice): Promise<string[]> {
  let layout: Layout | undefined;
  let header: { location?: string; problem?: string } | undefined;
  const scan = new LineScan();
  const { writer } = run;
  let knownLocation = '';
  const fail = (message: string, locationId: string | undefined) => {
    counts.failed++;
    counts.skipped++;
    failures.write(`${JSON.stringify({ recordId: scan.recordId ?? null, locationId: locationId ?? null, sku: scan.sku ?? null, message })}\n`);
  };
  try {
    for await (const batch of ndjsonBatches(run.path, { gzip: run.gzip })) {
      const lines = batch.lines;
      for (let k = 0; k < lines.length; k++) {
        const line = lines[k]!;
        const lineNo = batch.firstLine + k;
        if (line === null) {
          counts.read++;
          scan.recordId = scan.sku = undefined;
          fail(`Line ${lineNo} is longer than the limit of one million characters`, undefined);
          continue;
        }
        scanImportLine(line, scan);
        const kind = scan.kind;
        if (kind === LineKind.Blank) continue;
        if (kind === LineKind.Header) {
          if (layout === 'high-performance') return [mixed(lineNo)];
          layout = 'legacy';
          header = checkHeader(scan.headerLocation, scan.mode, run.locationExists);
          continue;
        }
        counts.read++;
        if (kind === LineKind.Bad) {
          const where = scan.recordId === undefined && scan.sku === undefined ? `Line ${lineNo}: ` : '';
          fail(`${where}${scan.message}`, scan.locationId ?? header?.location);
          continue;
        }
        let locationId = scan.locationId;
        if (locationId !== undefined) {
          if (layout === 'legacy') return [mixed(lineNo)];
          layout = 'high-performance';
          if (locationId !== knownLocation) {
            if (!run.locationExists(locationId)) {
              fail(`No location exists with ID '${locationId}'`, locationId);
              continue;
            }
            knownLocation = locationId;
          }
        } else if (header) {
          if (header.problem !== undefined) {
            fail(header.problem, header.location);
            continue;
          }
          locationId = header.location!;
        } else {
          fail("'locationId' must not be null: a record needs locationId, or a location header line before it", undefined);
          continue;
        }
        const id = hashId(scan.recordId!);
        staged.push(scan, writer.skuId(scan.sku!), locationId, lineNo, id[0]!, id[1]!);
        if ((counts.read & 1023) === 0 && slice.due()) {
          run.progress(counts, 'reading');
          await slice.yield();
        }
      }
      run.progress(counts, 'reading');
      if (failures.writableNeedDrain) await once(failures, 'drain');
      await slice.maybeYield();
    }
  } catch (error) {
    return [unreadable(error, run.gzip)];
  }
  return counts.read === 0 ? ['The file holds no records.'] : [];
}

/**
 * Repeated recordIds: within the file the first line wins; an id an earlier import applied is not applied again.
 * Sorting the ids finds both with linear passes (see id-hash.ts).
 */
function findRepeats(run: ImportRun, staged: Staged, counts: ImportCounts): { order: Uint32Array; skip: Uint8Array } {
  const n = staged.n;
  const ids = staged.ids;
  const order = sortedOrder(ids, n);
  const skip = new Uint8Array(n);
  for (let k = 1; k < n; k++) {
    const i = order[k]!;
    const p = order[k - 1]!;
    if (ids[i * 2] === ids[p * 2] && ids[i * 2 + 1] === ids[p * 2 + 1]) skip[i] = 1;
  }
  run.markApplied(ids, order, skip);
  for (let i = 0; i < n; i++) counts.skipped += skip[i]!;
  return { order, skip };
}

/** Applies the staged records; answers the recordIds applied (sorted hash pairs). */
async function apply(run: ImportRun, staged: Staged, counts: ImportCounts, failures: WriteStream, slice: TimeSlice, order: Uint32Array, skip: Uint8Array): Promise<Uint32Array> {
  const { writer } = run;
  writer.reserve(staged.n);
  const slots = Int32Array.from(staged.places, (place) => writer.openLocation(place));
  for (let i = 0; i < staged.n; i++) {
    if (skip[i] === 1) continue;
    if (writer.applyAt(slots[staged.locations[i]!]!, staged.skuIds[i]!, staged.onHand[i]!, staged.safety[i]!, staged.effectiveDate(i), staged.futures(i))) {
      counts.processed++;
    } else {
      skip[i] = 2;
      counts.failed++;
      counts.skipped++;
      const locationId = staged.places[staged.locations[i]!]!;
      const message = `Line ${staged.lines[i]}: No location exists with ID '${locationId}' (it left the location graph while the import ran)`;
      failures.write(`${JSON.stringify({ recordId: null, locationId, sku: writer.sku(staged.skuIds[i]!), message })}\n`);
    }
    if ((i & 1023) === 1023 && slice.due()) {
      writer.flush();
      run.progress(counts, 'applying');
      await slice.yield();
    }
  }
  writer.flush();
  writer.finish();
  run.progress(counts, 'applying');
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

function checkHeader(location: unknown, mode: unknown, exists: (id: string) => boolean): { location?: string; problem?: string } {
  if (typeof location !== 'string' || location.length === 0) return { problem: "'location' must not be null: the header line names no location" };
  if (mode !== 'UPDATE') return { location, problem: `'mode' ${typeof mode === 'string' ? mode : JSON.stringify(mode)} is not supported: only UPDATE` };
  if (!exists(location)) return { location, problem: `No location exists with ID '${location}'` };
  return { location };
}

function mixed(lineNo: number): string {
  return `The file mixes the high-performance layout (locationId on every record) and the legacy layout (location header lines); line ${lineNo} does not match the lines before it. Use one layout per file.`;
}

function unreadable(error: unknown, gzip: boolean): string {
  const message = (error as Error).message ?? String(error);
  return gzip ? `The file is not a complete GZIP stream: ${message}` : `The file could not be read: ${message}`;
}

function grow<T extends Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer>>(a: T): T {
  const next = new (a.constructor as new (n: number) => T)(a.length * 2);
  next.set(a);
  return next;
}
