import { isRfc3339 } from '../../../core/instant.js';
import { NO_FUTURES, type OciFuture } from '../../model.js';
import { IMPORT_SKU_PATTERN } from '../../patterns.js';

// One line of an availability import file, parsed and checked by hand: this runs a million times per import,
// where a schema library would cost more than the JSON.parse itself. The answer goes into one reusable object of
// a fixed shape (LineScan), so a line allocates nothing beyond what JSON.parse makes. Messages follow OCI's
// result-file wording ("'quantity' quantity must be a positive value", "'sku' Invalid characters in sku: null").
//
// Fields follow the impex description: recordId and sku required; onHand, safetyStockCount, effectiveDate and
// futures optional. A field that is present but empty (null or "") clears the value; an absent one is left as is.

export const LineKind = { Blank: 0, Header: 1, Record: 2, Bad: 3 } as const;

export class LineScan {
  kind = 0;
  /** Bad lines: why. */
  message = '';
  recordId: string | undefined = undefined;
  sku: string | undefined = undefined;
  /** Records: set on high-performance lines (legacy lines take their header's). Headers: the location named. */
  locationId: string | undefined = undefined;
  /** NaN when absent (a cleared quantity is 0). */
  onHand = NaN;
  safetyStockCount = NaN;
  /** undefined: absent; null: cleared. */
  effectiveDate: string | null | undefined = undefined;
  futures: OciFuture[] | undefined = undefined;
  /** Headers: the mode as written, and the location field as written (any type). */
  mode: unknown = undefined;
  headerLocation: unknown = undefined;
}

const MAX_SKU = 250;
const MAX_ID = 255;

// Files group lines by SKU and repeat a few dates: the last good values skip their pattern checks.
let lastGoodSku = '';
let lastGoodDate = '';

export function scanImportLine(line: string, out: LineScan): void {
  out.recordId = undefined;
  out.sku = undefined;
  out.locationId = undefined;
  if (line.length === 0 || isBlank(line)) {
    out.kind = LineKind.Blank;
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return bad(out, `The line is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad(out, 'The line must be one JSON object');
  const o = value as Record<string, unknown>;
  const recordId = o.recordId;
  const sku = o.sku;
  if (recordId === undefined && sku === undefined && o.mode !== undefined) {
    out.kind = LineKind.Header;
    out.mode = o.mode;
    out.headerLocation = o.location ?? o.locationId;
    return;
  }
  const locationId = o.locationId;
  if (typeof recordId === 'string') out.recordId = recordId;
  if (typeof sku === 'string') out.sku = sku;
  if (typeof locationId === 'string') out.locationId = locationId;

  if (typeof recordId !== 'string' || recordId.length === 0) {
    return bad(out, recordId === undefined || recordId === null || recordId === '' ? "'recordId' must not be null" : "'recordId' must be a string");
  }
  if (recordId.length > MAX_ID) return bad(out, `'recordId' must be at most ${MAX_ID} characters`);
  if (typeof sku !== 'string' || !goodSku(sku)) {
    return bad(
      out,
      typeof sku === 'string' && sku.length > MAX_SKU
        ? `'sku' must be at most ${MAX_SKU} characters`
        : `'sku' Invalid characters in sku: ${typeof sku === 'string' && sku.length > 0 ? sku : 'null'}`,
    );
  }
  if (locationId !== undefined && (typeof locationId !== 'string' || locationId.length === 0)) return bad(out, "'locationId' must be a location id");

  const onHand = quantityField(o.onHand, 'onHand');
  if (typeof onHand === 'string') return bad(out, onHand);
  const safetyStockCount = quantityField(o.safetyStockCount, 'safetyStockCount');
  if (typeof safetyStockCount === 'string') return bad(out, safetyStockCount);

  let effectiveDate: string | null | undefined;
  const date = o.effectiveDate;
  if (date === null || date === '') effectiveDate = null;
  else if (date !== undefined) {
    if (typeof date !== 'string' || !goodDate(date)) return bad(out, "'effectiveDate' must be an ISO 8601 date-time such as 2026-03-02T09:00:00Z");
    effectiveDate = date;
  }

  const futures = o.futures === undefined ? undefined : futuresField(o.futures);
  if (typeof futures === 'string') return bad(out, futures);

  out.kind = LineKind.Record;
  out.onHand = onHand;
  out.safetyStockCount = safetyStockCount;
  out.effectiveDate = effectiveDate;
  out.futures = futures;
}

function bad(out: LineScan, message: string): void {
  out.kind = LineKind.Bad;
  out.message = message;
}

function goodSku(sku: string): boolean {
  if (sku === lastGoodSku) return true;
  if (sku.length === 0 || sku.length > MAX_SKU || !IMPORT_SKU_PATTERN.test(sku)) return false;
  lastGoodSku = sku;
  return true;
}

function goodDate(date: string): boolean {
  if (date === lastGoodDate) return true;
  if (!isRfc3339(date)) return false;
  lastGoodDate = date;
  return true;
}

/** NaN when absent, 0 when cleared, the value when valid, or the failure message. */
function quantityField(v: unknown, name: string): number | string {
  if (v === undefined) return NaN;
  if (v === null || v === '') return 0;
  if (typeof v !== 'number' || !Number.isFinite(v)) return `'${name}' must be a number`;
  if (v < 0) return `'${name}' quantity must be a positive value`;
  if (!threeDecimals(v)) return `'${name}' must have at most three decimals`;
  return v;
}

function futuresField(v: unknown): OciFuture[] | string {
  if (v === null || v === '') return NO_FUTURES;
  if (!Array.isArray(v)) return "'futures' must be an array of futures";
  if (v.length === 0) return NO_FUTURES;
  const out: OciFuture[] = [];
  for (let i = 0; i < v.length; i++) {
    const f = v[i] as { quantity?: unknown; expectedDate?: unknown } | null;
    const at = `'futures[${i}]`;
    if (typeof f !== 'object' || f === null) return `${at}' must be an object with quantity and expectedDate`;
    if (f.quantity === undefined || f.quantity === null) return `${at}.quantity' must not be null`;
    if (typeof f.quantity !== 'number' || !Number.isFinite(f.quantity)) return `${at}.quantity' must be a number`;
    if (f.quantity <= 0) return `${at}.quantity' quantity must be greater than 0`;
    if (!threeDecimals(f.quantity)) return `${at}.quantity' must have at most three decimals`;
    if (f.expectedDate === undefined || f.expectedDate === null || f.expectedDate === '') return `${at}.expectedDate' must not be null`;
    if (typeof f.expectedDate !== 'string' || !goodDate(f.expectedDate)) return `${at}.expectedDate' must be an ISO 8601 date-time`;
    out.push({ quantity: f.quantity, expectedDate: f.expectedDate });
  }
  return out;
}

function threeDecimals(n: number): boolean {
  return Math.abs(Math.round(n * 1000) - n * 1000) < 1e-6;
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}
