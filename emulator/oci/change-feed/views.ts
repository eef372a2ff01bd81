import type { Availability } from '../availability/arithmetic.js';

// A get-deltas page as it goes on the wire; keys keep the order real clients stream-parse.

export interface DeltaRecord {
  sku: string;
  deltaType: 'Change' | 'Delete';
  id: string;
  effectiveDate?: string;
  onHand: number;
  atf: number;
  ato: number;
  reserved: number;
  safetyStockCount: number;
  futures: { expectedDate: string; quantity: number }[];
}

export interface DeltaPage {
  nextDeltaToken: string;
  shouldQueryAgain: boolean;
  records: DeltaRecord[];
}

/** The place and SKU as they are now; without a record there, a Delete. */
export function deltaRecord(id: string, sku: string, a: Availability | undefined): DeltaRecord {
  if (!a) return { sku, deltaType: 'Delete', id, onHand: 0, atf: 0, ato: 0, reserved: 0, safetyStockCount: 0, futures: [] };
  return {
    sku,
    deltaType: 'Change',
    id,
    ...(a.effectiveDate !== undefined ? { effectiveDate: a.effectiveDate } : {}),
    onHand: a.onHand,
    atf: a.atf,
    ato: a.ato,
    reserved: a.reserved,
    safetyStockCount: a.safetyStockCount,
    futures: a.futures.map((f) => ({ expectedDate: f.expectedDate, quantity: f.quantity })),
  };
}
