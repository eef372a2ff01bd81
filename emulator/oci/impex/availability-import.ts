import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { TimeSlice } from '../../core/jobs/time-slice.js';
import type { ImportWriter } from '../availability/updates-service.js';
import type { OciFuture } from '../model.js';
import { hashId, sortedOrder } from './id-hash.js';
import { LineScan, scanImportLine } from './import-line.js';
import { TOO_LONG, wholeLineChunks } from './line-chunks.js';
import { MAX_LINE_CHARS } from './ndjson-reader.js';
import { inPlaceParser, type BatchParser } from './parse-pool.js';
import { ABSENT, BatchLine, CLEARED, type ParsedBatch } from './parsed-batch.js';

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

type Layout = 'high-performance' | 'legacy';


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

  /** `dateCode`: ABSENT, CLEARED or a `dateCode()`; `futures`: undefined when absent. */
  push(skuId: number, placeCode: number, line: number, a: number, b: number, onHand: number, safety: number, dateCode: number, futures: OciFuture[] | undefined): void {
    const i = this.n++;
    if (i === this.onHand.length) this.#grow();
    this.skuIds[i] = skuId;
    this.locations[i] = placeCode;
    this.onHand[i] = onHand;
    this.safety[i] = safety;
    this.lines[i] = line;
    this.ids[i * 2] = a;
    this.ids[i * 2 + 1] = b;
    this.dateCodes[i] = dateCode;
    if (futures === undefined) this.futureCodes[i] = ABSENT;
    else {
      this.futureCodes[i] = this.futureLists.length;
      this.futureLists.push(futures);
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

  placeCode(locationId: string): number {
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

  dateCode(date: string): number {
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

class ParserFailure extends Error {}

function parserFailed(error: unknown): never {
  throw new ParserFailure((error as Error).message ?? String(error));
}

/**
 * Takes parsed batches in file order and does what needs the file's history and the tenant's state: the layout
 * (a legacy header applies to the lines after it), known locations, SKU ids, and the failure lines, whose fields
 * come from scanning the line again.
 */
class Merge {
  #layout: Layout | undefined;
  #header: { location?: string; problem?: string; code?: number } | undefined;
  #lineNo = 1;
  readonly #scan = new LineScan();

  constructor(
    private readonly run: ImportRun,
    private readonly staged: Staged,
    private readonly counts: ImportCounts,
    private readonly failures: WriteStream,
  ) {}

  /** Merges one batch; answers a file-level problem that stops the import. */
  async batch(batch: ParsedBatch | typeof TOO_LONG, slice: TimeSlice): Promise<string | undefined> {
    const { counts, staged, run } = this;
    if (batch === TOO_LONG) {
      this.#tooLong();
      this.#lineNo++;
      return undefined;
    }
    const { kinds, locationRefs, skuRefs, dateRefs, futureRefs } = batch;
    // Per batch, each distinct SKU, location and date is looked up once.
    const skuIds = new Int32Array(batch.skus.length).fill(-1);
    const places = new Int32Array(batch.locations.length).fill(UNCHECKED);
    const dates = new Int32Array(batch.dates.length).fill(-1);
    let r = 0;
    for (let i = 0; i < batch.lines; i++, this.#lineNo++) {
      const kind = kinds[i]!;
      if (kind === BatchLine.Record) {
        const rec = r++;
        counts.read++;
        const ref = locationRefs[rec]!;
        let place: number;
        if (ref >= 0) {
          if (this.#layout === 'legacy') return mixed(this.#lineNo);
          this.#layout = 'high-performance';
          place = places[ref]!;
          if (place === UNCHECKED) {
            const id = batch.locations[ref]!;
            place = places[ref] = run.locationExists(id) ? staged.placeCode(id) : MISSING;
          }
          if (place === MISSING) {
            this.#failLine(batch, i, (scan) => `No location exists with ID '${scan.locationId}'`, batch.locations[ref]);
            continue;
          }
        } else if (this.#header) {
          const header = this.#header;
          if (header.problem !== undefined) {
            this.#failLine(batch, i, () => header.problem!, header.location);
            continue;
          }
          place = header.code ??= staged.placeCode(header.location!);
        } else {
          this.#failLine(batch, i, () => "'locationId' must not be null: a record needs locationId, or a location header line before it", undefined);
          continue;
        }
        const skuRef = skuRefs[rec]!;
        let skuId = skuIds[skuRef]!;
        if (skuId < 0) skuId = skuIds[skuRef] = run.writer.skuId(batch.skus[skuRef]!);
        let date = dateRefs[rec]!;
        if (date >= 0) {
          const code = dates[date]!;
          date = code >= 0 ? code : (dates[date] = staged.dateCode(batch.dates[date]!));
        }
        const future = futureRefs[rec]!;
        staged.push(skuId, place, this.#lineNo, batch.ids[rec * 2]!, batch.ids[rec * 2 + 1]!, batch.onHand[rec]!, batch.safety[rec]!, date, future === ABSENT ? undefined : batch.futures[future]);
        if ((counts.read & 1023) === 0 && slice.due()) {
          run.progress(counts, 'reading');
          await slice.yield();
        }
        continue;
      }
      if (kind === BatchLine.Blank) continue;
      if (kind === BatchLine.TooLong) {
        this.#tooLong();
        continue;
      }
      const scan = this.#rescan(batch, i);
      if (kind === BatchLine.Header) {
        if (this.#layout === 'high-performance') return mixed(this.#lineNo);
        this.#layout = 'legacy';
        this.#header = checkHeader(scan.headerLocation, scan.mode, run.locationExists);
        continue;
      }
      counts.read++;
      const where = scan.recordId === undefined && scan.sku === undefined ? `Line ${this.#lineNo}: ` : '';
      this.#fail(`${where}${scan.message}`, scan.locationId ?? this.#header?.location);
    }
    run.progress(counts, 'reading');
    await slice.maybeYield();
    return undefined;
  }

  #rescan(batch: ParsedBatch, i: number): LineScan {
    scanImportLine(batch.text.slice(batch.starts[i], batch.ends[i]), this.#scan);
    return this.#scan;
  }

  #failLine(batch: ParsedBatch, i: number, message: (scan: LineScan) => string, locationId: string | undefined): void {
    const scan = this.#rescan(batch, i);
    this.#fail(message(scan), locationId);
  }

  #tooLong(): void {
    this.counts.read++;
    this.#scan.recordId = this.#scan.sku = undefined;
    this.#fail(`Line ${this.#lineNo} is longer than the limit of one million characters`, undefined);
  }

  #fail(message: string, locationId: string | undefined): void {
    const scan = this.#scan;
    this.counts.failed++;
    this.counts.skipped++;
    this.failures.write(`${JSON.stringify({ recordId: scan.recordId ?? null, locationId: locationId ?? null, sku: scan.sku ?? null, message })}\n`);
  }
}

const UNCHECKED = -1;
const MISSING = -2;

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
  const sequence = byPlace(staged);
  for (let k = 0; k < staged.n; k++) {
    const i = sequence[k]!;
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
    if ((k & 1023) === 1023 && slice.due()) {
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

/**
 * The staged records grouped by location, in file order within each (a stable counting sort). Applying one
 * location's records together walks that location's columns in order instead of jumping between ten locations'
 * columns on every line, which cuts about a third of the time a big import spends applying. Records of different pairs are
 * independent, and two lines for the same pair keep their file order.
 */
function byPlace(staged: Staged): Uint32Array {
  const places = staged.places.length;
  const starts = new Uint32Array(places + 1);
  for (let i = 0; i < staged.n; i++) starts[staged.locations[i]! + 1]!++;
  for (let p = 0; p < places; p++) starts[p + 1]! += starts[p]!;
  const sequence = new Uint32Array(staged.n);
  for (let i = 0; i < staged.n; i++) sequence[starts[staged.locations[i]!]!++] = i;
  return sequence;
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
  if (error instanceof ParserFailure) return `The file could not be processed: ${message}`;
  return gzip ? `The file is not a complete GZIP stream: ${message}` : `The file could not be read: ${message}`;
}

function grow<T extends Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer>>(a: T): T {
  const next = new (a.constructor as new (n: number) => T)(a.length * 2);
  next.set(a);
  return next;
}
