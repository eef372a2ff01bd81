import type { WriteStream } from 'node:fs';
import type { TimeSlice } from '../../../core/jobs/time-slice.js';
import type { ImportCounts, ImportRun } from './import-run.js';
import { LineScan, scanImportLine } from './import-line.js';
import { ABSENT, BatchLine, lineText, type ParsedBatch } from './parsed-batch.js';
import type { Staged } from './staged-records.js';
import { TOO_LONG } from './line-chunks.js';

// Parsed batches merged in file order, with what needs the file's history and the tenant's state.

type Layout = 'high-performance' | 'legacy';

export class ParserFailure extends Error {}

export function parserFailed(error: unknown): never {
  throw new ParserFailure((error as Error).message ?? String(error));
}

/**
 * Takes parsed batches in file order and does what needs the file's history and the tenant's state: the layout
 * (a legacy header applies to the lines after it), known locations, SKU ids, and the failure lines, whose fields
 * come from scanning the line again.
 */
export class Merge {
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
            place = places[ref] = run.locationExists(id) ? staged.places.id(id) : MISSING;
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
          place = header.code ??= staged.places.id(header.location!);
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
          date = code >= 0 ? code : (dates[date] = staged.dates.id(batch.dates[date]!));
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
    scanImportLine(lineText(batch, i), this.#scan);
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

function checkHeader(location: unknown, mode: unknown, exists: (id: string) => boolean): { location?: string; problem?: string } {
  if (typeof location !== 'string' || location.length === 0) return { problem: "'location' must not be null: the header line names no location" };
  if (mode !== 'UPDATE') return { location, problem: `'mode' ${typeof mode === 'string' ? mode : JSON.stringify(mode)} is not supported: only UPDATE` };
  if (!exists(location)) return { location, problem: `No location exists with ID '${location}'` };
  return { location };
}

function mixed(lineNo: number): string {
  return `The file mixes the high-performance layout (locationId on every record) and the legacy layout (location header lines); line ${lineNo} does not match the lines before it. Use one layout per file.`;
}
