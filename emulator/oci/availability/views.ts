import type { Availability, GroupAvailability } from './arithmetic.js';

// Availability as the Commerce API writes it (oci-api.md §2.3).

export interface LocationRecordView {
  sku: string;
  atf: number;
  ato: number;
  onHand: number;
  reserved: number;
  safetyStockCount: number;
  effectiveDate?: string;
  futures: { expectedDate: string; quantity: number }[];
}

export interface GroupRecordView extends LocationRecordView {
  groupReserved: number;
  sharedGroupReserved: number;
}

export function locationRecordView(sku: string, a: Availability): LocationRecordView {
  const view: LocationRecordView = { sku, atf: a.atf, ato: a.ato, onHand: a.onHand, reserved: a.reserved, safetyStockCount: a.safetyStockCount, futures: futuresView(a) };
  if (a.effectiveDate !== undefined) view.effectiveDate = a.effectiveDate;
  return view;
}

export function groupRecordView(sku: string, a: GroupAvailability): GroupRecordView {
  const view: GroupRecordView = {
    sku,
    atf: a.atf,
    ato: a.ato,
    onHand: a.onHand,
    reserved: a.reserved,
    safetyStockCount: a.safetyStockCount,
    groupReserved: a.groupReserved,
    sharedGroupReserved: a.sharedGroupReserved,
    futures: futuresView(a),
  };
  if (a.effectiveDate !== undefined) view.effectiveDate = a.effectiveDate;
  return view;
}

function futuresView(a: Availability): { expectedDate: string; quantity: number }[] {
  return a.futures.map((f) => ({ expectedDate: f.expectedDate, quantity: f.quantity }));
}
