import type { OciFuture, OciRecord } from '../model.js';

// How OCI turns records into availability (oci-api.md §2.4), pure and separate from storage:
//   ATF = max(0, onHand − reserved − safetyStock)
//   ATO = max(0, onHand + Σ futures − reserved − safetyStock)
// A group sums its member locations. Its `reserved` is what its members reserved themselves, plus what is held
// on them for reservations placed at this group (`groupReserved`), plus what is held on its shared members for
// other groups (`sharedGroupReserved`). Holds for groups never lower a location's own figures.

export interface Availability {
  onHand: number;
  reserved: number;
  safetyStockCount: number;
  atf: number;
  ato: number;
  futures: OciFuture[];
  effectiveDate: string | undefined;
}

export interface GroupAvailability extends Availability {
  groupReserved: number;
  sharedGroupReserved: number;
}

/** Quantities carry three decimals; rounding keeps float noise (0.1 + 0.2) out of the answers. */
export function qty(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export function futuresTotal(futures: readonly OciFuture[]): number {
  let sum = 0;
  for (const f of futures) sum += f.quantity;
  return qty(sum);
}

export function atf(onHand: number, reserved: number, safetyStockCount: number): number {
  return Math.max(0, qty(onHand - reserved - safetyStockCount));
}

export function ato(onHand: number, futures: number, reserved: number, safetyStockCount: number): number {
  return Math.max(0, qty(onHand + futures - reserved - safetyStockCount));
}

export function locationAvailability(record: OciRecord): Availability {
  return {
    onHand: record.onHand,
    reserved: record.reserved,
    safetyStockCount: record.safetyStockCount,
    atf: atf(record.onHand, record.reserved, record.safetyStockCount),
    ato: ato(record.onHand, futuresTotal(record.futures), record.reserved, record.safetyStockCount),
    futures: record.futures,
    effectiveDate: record.effectiveDate,
  };
}

/** The group's view of one SKU over the member records that exist; undefined when no member carries the SKU. */
export function groupAvailability(groupId: string, members: readonly OciRecord[]): GroupAvailability | undefined {
  if (members.length === 0) return undefined;
  let onHand = 0;
  let ownReserved = 0;
  let safety = 0;
  let groupReserved = 0;
  let shared = 0;
  let effective: { at: number; text: string } | undefined;
  const futures = new Map<string, number>();
  for (const r of members) {
    onHand += r.onHand;
    ownReserved += r.reserved;
    safety += r.safetyStockCount;
    for (const [holder, held] of Object.entries(r.groupHolds ?? {})) {
      if (holder === groupId) groupReserved += held;
      else shared += held;
    }
    for (const f of r.futures) futures.set(f.expectedDate, (futures.get(f.expectedDate) ?? 0) + f.quantity);
    if (r.effectiveDate) {
      const at = Date.parse(r.effectiveDate);
      if (!effective || at > effective.at) effective = { at, text: r.effectiveDate };
    }
  }
  const merged = [...futures]
    .map(([expectedDate, quantity]) => ({ expectedDate, quantity: qty(quantity) }))
    .sort((a, b) => Date.parse(a.expectedDate) - Date.parse(b.expectedDate));
  const reserved = qty(ownReserved + groupReserved + shared);
  onHand = qty(onHand);
  safety = qty(safety);
  return {
    onHand,
    reserved,
    safetyStockCount: safety,
    atf: atf(onHand, reserved, safety),
    ato: ato(onHand, futuresTotal(merged), reserved, safety),
    futures: merged,
    effectiveDate: effective?.text,
    groupReserved: qty(groupReserved),
    sharedGroupReserved: qty(shared),
  };
}
