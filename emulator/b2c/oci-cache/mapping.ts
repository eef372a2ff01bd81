import type { CachedRecord } from './model.js';

// What B2C shows for a product once the figures come from OCI (the Script API's ProductInventoryRecord in OCI
// mode, emulator-behaviour.md "What B2C shows for a product"):
//   ATS = ATO, stock level = ATF, allocation = onHand − safety stock (never below 0: Salesforce's example, 10
//   available with safety stock 2 shows allocation 8), OCI Future quantity = Σ futures, OCI Future date = the
//   earliest future's date, backorderable when a future exists, allocation reset date = effectiveDate,
//   turnover = everything reserved, reserved and on order always 0, never perpetual or preorderable.

export interface OciView {
  ats: number;
  stockLevel: number;
  allocation: number;
  allocationResetDate: string | null;
  turnover: number;
  reserved: 0;
  onOrder: 0;
  perpetual: false;
  preorderable: false;
  backorderable: boolean;
  ociFutureQuantity: number;
  ociFutureDate: string | null;
  /** What OCI sent, as it sent it. */
  oci: { ato: number; atf: number; onHand: number; safetyStockCount: number; reserved: number; futures: { quantity: number; expectedDate: string }[]; effectiveDate: string | null };
  receivedAt: string;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function ociView(r: CachedRecord): OciView {
  let futureQuantity = 0;
  let earliest: string | null = null;
  for (const f of r.futures) {
    futureQuantity += f.quantity;
    if (earliest === null || Date.parse(f.expectedDate) < Date.parse(earliest)) earliest = f.expectedDate;
  }
  return {
    ats: r.ato,
    stockLevel: r.atf,
    allocation: Math.max(0, round(r.onHand - r.safetyStock)),
    allocationResetDate: r.effectiveDate ?? null,
    turnover: r.reserved,
    reserved: 0,
    onOrder: 0,
    perpetual: false,
    preorderable: false,
    backorderable: r.futures.length > 0,
    ociFutureQuantity: round(futureQuantity),
    ociFutureDate: earliest,
    oci: {
      ato: r.ato,
      atf: r.atf,
      onHand: r.onHand,
      safetyStockCount: r.safetyStock,
      reserved: r.reserved,
      futures: r.futures.map((f) => ({ quantity: f.quantity, expectedDate: f.expectedDate })),
      effectiveDate: r.effectiveDate ?? null,
    },
    receivedAt: new Date(r.receivedAt).toISOString(),
  };
}

/** A record line of an availability export or a get-deltas record, as the cache keeps it. */
export function cachedFrom(line: Readonly<Record<string, unknown>>, receivedAt: number): CachedRecord {
  const futures = Array.isArray(line.futures)
    ? (line.futures as { quantity?: unknown; expectedDate?: unknown }[]).filter((f) => typeof f?.quantity === 'number' && typeof f.expectedDate === 'string').map((f) => ({ quantity: f.quantity as number, expectedDate: f.expectedDate as string }))
    : [];
  const record: CachedRecord = { ato: num(line.ato), atf: num(line.atf), onHand: num(line.onHand), safetyStock: num(line.safetyStockCount), reserved: num(line.reserved), futures, receivedAt };
  if (typeof line.effectiveDate === 'string') record.effectiveDate = line.effectiveDate;
  return record;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
