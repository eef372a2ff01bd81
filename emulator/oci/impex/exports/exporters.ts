import type { TimeSlice } from '../../../core/jobs/time-slice.js';
import { own } from '../../../core/objects.js';
import { atf, ato, locationAvailability, type Availability, type GroupAvailability } from '../../availability/arithmetic.js';
import type { AvailabilityQuery } from '../../availability/query-service.js';
import type { ChangeFeed } from '../../change-feed/feed.js';
import type { FeedEntry } from '../../change-feed/model.js';
import type { DeltaService } from '../../change-feed/service.js';
import { recordsAt } from '../../records/records-at.js';
import type { OciTenants } from '../../tenants.js';
import type { ExportFile } from './export-file.js';
import type { AvailabilityExportRequest, EventLogExportRequest, ReservationsExportRequest, SegmentationExportRequest } from './requests.js';

// What each export writes. Files follow the impex description's layouts: a place line, then its records; the
// availability export ends with a delta token taken when the export started, so a delta stream that begins there
// misses nothing written while the export ran.

export interface ExportContext {
  tenantGroupId: string;
  tenants: OciTenants;
  query: AvailabilityQuery;
  deltas: DeltaService;
  feed: ChangeFeed;
  reservations: ReservationSource;
  slice: TimeSlice;
  /** Counts so far, for the status while the export runs. */
  progress(processed: number, exported: number): void;
}

export interface ExportCounts {
  processed: number;
  exported: number;
}

/** Reservation documents as the reservations export lists them (filled in by the reservation service). */
export interface ExportedReservation {
  reservationId: string;
  externalRefId?: string;
  reservationTime: number;
  reservationState: 'OPEN' | 'CLOSED';
  reservationDetails: unknown[];
}

export interface ReservationSource {
  /** Reservations in the state, placed between the two instants, oldest first. */
  list(tenantGroupId: string, state: 'open' | 'closed', from: number, to: number): Iterable<ExportedReservation>;
}

/** No reservation documents exist yet: every reservations export is empty until reservations are kept. */
export const NO_RESERVATIONS: ReservationSource = { list: () => [] };

export async function exportAvailability(ctx: ExportContext, request: AvailabilityExportRequest, file: ExportFile): Promise<ExportCounts> {
  const token = ctx.deltas.mint(ctx.tenantGroupId, request.placeType, request.places);
  const state = ctx.tenants.state(ctx.tenantGroupId);
  let exported = 0;
  const step = async () => {
    exported++;
    if ((exported & 511) === 0) {
      ctx.progress(exported, exported);
      if (file.buffered > 1 << 20) await file.drain();
      await ctx.slice.maybeYield();
    }
  };
  for (const place of request.places) {
    if (request.placeType === 'location') {
      file.line({ locationId: place });
      // Rows are read in place: deletes (the only writes that move rows) are refused while an availability export
      // runs, and rows added meanwhile come after the ones counted here (the delta token covers them).
      const records = recordsAt(state, place);
      const skus = records?.skus() ?? [];
      for (let row = 0, rows = skus.length; row < rows && records; row++) {
        file.line(locationLine(skus[row]!, locationAvailability(records.recordAt(row))));
        await step();
      }
    } else {
      file.line({ groupId: place });
      const skus = new Set<string>();
      for (const loc of own(state.groups, place)?.locations ?? []) for (const sku of recordsAt(state, loc)?.skus() ?? []) skus.add(sku);
      for (const sku of skus) {
        const a = ctx.query.group(ctx.tenantGroupId, place, sku);
        if (!a) continue;
        file.line(groupLine(sku, a));
        await step();
      }
    }
  }
  file.line({ deltaToken: token });
  return { processed: exported, exported };
}

/** Record lines in the key order of the description's example. */
function locationLine(sku: string, a: Availability) {
  return { sku, onHand: a.onHand, reserved: a.reserved, atf: a.atf, ato: a.ato, safetyStockCount: a.safetyStockCount, ...effective(a), futures: futures(a) };
}

function groupLine(sku: string, a: GroupAvailability) {
  return {
    sku,
    onHand: a.onHand,
    reserved: a.reserved,
    groupReserved: a.groupReserved,
    sharedGroupReserved: a.sharedGroupReserved,
    atf: a.atf,
    ato: a.ato,
    safetyStockCount: a.safetyStockCount,
    ...effective(a),
    futures: futures(a),
  };
}

const effective = (a: Availability) => (a.effectiveDate !== undefined ? { effectiveDate: a.effectiveDate } : {});
const futures = (a: Availability) => a.futures.map((f) => ({ quantity: f.quantity, expectedDate: f.expectedDate }));

/** A single object: every location id, and every group with its locations. */
export async function exportLocationGraph(ctx: ExportContext, file: ExportFile): Promise<ExportCounts> {
  const state = ctx.tenants.state(ctx.tenantGroupId);
  const locations = Object.keys(state.locations);
  const groups = Object.values(state.groups).map((g) => ({ id: g.id, locations: [...g.locations] }));
  file.raw(JSON.stringify({ locations, groups }));
  const n = locations.length + groups.length;
  return { processed: n, exported: n };
}

export async function exportSegmentation(ctx: ExportContext, request: SegmentationExportRequest, file: ExportFile): Promise<ExportCounts> {
  const state = ctx.tenants.state(ctx.tenantGroupId);
  let exported = 0;
  for (const groupId of request.groups) {
    if (!own(state.groups, groupId)) continue;
    file.line({ groupId });
    for (const sku of own(state.exclusions, groupId) ?? []) {
      file.line({ sku });
      exported++;
    }
    await file.drain();
    await ctx.slice.maybeYield();
  }
  return { processed: exported, exported };
}

/**
 * The changes to one SKU's location records in a window, with figures before and after, under a line for each
 * place asked for (a group's line is followed by the events at its locations). With no place named, every
 * location where the SKU changed.
 */
export async function exportEventLog(ctx: ExportContext, request: EventLogExportRequest, file: ExportFile): Promise<ExportCounts> {
  const state = ctx.tenants.state(ctx.tenantGroupId);
  const byLocation = new Map<string, FeedEntry[]>();
  let processed = 0;
  for (const entry of ctx.feed.eventsOf(ctx.tenantGroupId, request.sku, request.startsOn, request.endsOn)) {
    processed++;
    const list = byLocation.get(entry.placeId) ?? [];
    list.push(entry);
    byLocation.set(entry.placeId, list);
  }
  const places: { line: Record<string, string>; locations: string[] }[] = [];
  for (const l of request.locations) places.push({ line: { locationId: l }, locations: [l] });
  for (const g of request.groups) places.push({ line: { groupId: g }, locations: [...(own(state.groups, g)?.locations ?? [])] });
  if (places.length === 0) for (const l of byLocation.keys()) places.push({ line: { locationId: l }, locations: [l] });
  let exported = 0;
  for (const place of places) {
    file.line(place.line);
    const events = place.locations.flatMap((l) => byLocation.get(l) ?? []).sort((a, b) => a.seq - b.seq);
    for (const e of events) {
      file.line(eventLine(e));
      exported++;
    }
    await file.drain();
    await ctx.slice.maybeYield();
  }
  return { processed, exported };
}

function eventLine(e: FeedEntry) {
  const created = new Date(e.at).toISOString();
  const before = side(e, 'old');
  const after = side(e, 'new');
  return {
    eventType: e.eventType ?? 'location_update',
    location: e.placeId,
    sequenceNumber: e.seq,
    quantity: e.figure('quantity'),
    newReserved: after.reserved,
    newAto: after.ato,
    newOnHand: after.onHand,
    newAtf: after.atf,
    newSoftReserved: after.softReserved,
    futureQuantity: e.figure('newFutures'),
    oldReserved: before.reserved,
    oldAto: before.ato,
    oldOnHand: before.onHand,
    oldAtf: before.atf,
    oldSoftReserved: before.softReserved,
    createdTime: created,
    effectiveTime: e.effectiveDate ?? created,
    safetyStockCount: e.figure('newSafetyStock'),
  };
}

/** The record's figures before (`old`) or after (`new`) the change, with the ATO and ATF they made. */
function side(e: FeedEntry, when: 'old' | 'new') {
  const onHand = e.figure(`${when}OnHand`);
  const reserved = e.figure(`${when}Reserved`);
  const safety = e.figure(`${when}SafetyStock`);
  return { onHand, reserved, softReserved: e.figure(`${when}SoftReserved`), ato: ato(onHand, e.figure(`${when}Futures`), reserved, safety), atf: atf(onHand, reserved, safety) };
}

/** One JSON document per reservation (reservationDetails with their actions), as the description lays out. */
export async function exportReservations(ctx: ExportContext, request: ReservationsExportRequest, file: ExportFile): Promise<ExportCounts> {
  let exported = 0;
  for (const reservation of ctx.reservations.list(ctx.tenantGroupId, request.status, request.fromDate, request.toDate)) {
    file.line(reservation);
    exported++;
    if ((exported & 255) === 0) {
      await file.drain();
      await ctx.slice.maybeYield();
    }
  }
  return { processed: exported, exported };
}
