import { startEmulator, TENANT_GROUP, tokenFor, type Running } from '../../helpers/emulator.js';
import type { EmulatorOptions } from '../../../emulator/index.js';

// Shared by the reservation tests: an emulator with a small graph of their own, stock set through batch-update,
// and the reservation routes as a client calls them.

export const RESERVATION = `/inventory/reservation/v1/organizations/${TENANT_GROUP}`;
export const AVAILABILITY = `/inventory/availability/v1/organizations/${TENANT_GROUP}`;

export interface Graph {
  groups: Record<string, string[]>;
  /** onHand (and optionally safety stock and futures) per location for each SKU. */
  stock: Record<string, Record<string, number | { onHand: number; safetyStockCount?: number; futures?: number; effectiveDate?: string }>>;
}

export interface ReservationRun extends Running {
  token: string;
  auth(): { Authorization: string };
  /** A fresh token (after the clock moved past the last one's expiry). */
  refresh(): Promise<void>;
  world(graph: Graph): Promise<void>;
  reserve(id: string, body: unknown): Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, string> }>;
  cancel(id: string): Promise<{ status: number; body: Record<string, unknown> }>;
  post(path: 'releases' | 'transfers' | 'fulfillments', body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  /** The location's figures for the SKU (undefined when it has no record). */
  location(id: string, sku: string): Promise<Record<string, number> | undefined>;
  group(id: string, sku: string): Promise<Record<string, number> | undefined>;
}

export async function startReservations(options: EmulatorOptions = {}): Promise<ReservationRun> {
  const base = await startEmulator({ fixtures: 'demo', reservations: { expiryLagMs: 0 }, ...options });
  let token = await tokenFor(base.http);
  const auth = () => ({ Authorization: `Bearer ${token}` });
  const availability = async (body: unknown) => {
    const res = await base.http.post(`${AVAILABILITY}/availability-records/actions/get-availability`).set(auth()).send(body as object);
    if (res.status !== 200) throw new Error(`get-availability: ${res.status} ${res.text}`);
    return res.body as { locations?: { id: string; records: Record<string, unknown>[] }[]; groups?: { id: string; records: Record<string, unknown>[] }[] };
  };
  return {
    ...base,
    get token() {
      return token;
    },
    auth,
    async refresh() {
      token = await tokenFor(base.http);
    },
    async world(graph) {
      const locations = [...new Set([...Object.values(graph.groups).flat(), ...Object.values(graph.stock).flatMap((s) => Object.keys(s))])];
      base.emulator.services.oci!.publishGraph(TENANT_GROUP, {
        locations: locations.map((id) => ({ id, name: id })),
        groups: Object.entries(graph.groups).map(([id, members]) => ({ id, name: id, locations: members })),
      });
      const records = Object.entries(graph.stock).flatMap(([sku, at]) =>
        Object.entries(at).map(([location, v], i) => {
          const s = typeof v === 'number' ? { onHand: v } : v;
          return {
            id: `seed-${sku}-${location}-${i}`,
            location,
            sku,
            onHand: s.onHand,
            safetyStockCount: s.safetyStockCount ?? 0,
            ...(s.effectiveDate ? { effectiveDate: s.effectiveDate } : {}),
            ...(s.futures ? { futureStock: [{ quantity: s.futures, expectedDate: '2026-06-01T00:00:00Z' }] } : {}),
          };
        }),
      );
      for (let i = 0; i < records.length; i += 100) {
        const res = await base.http.post(`${AVAILABILITY}/availability-records/actions/batch-update`).set(auth()).send({ records: records.slice(i, i + 100) });
        if (res.status !== 204) throw new Error(`batch-update: ${res.status} ${res.text}`);
      }
    },
    async reserve(id, body) {
      const res = await base.http.put(`${RESERVATION}/reservation-documents/${id}`).set(auth()).send(body as object);
      return { status: res.status, body: res.body, headers: res.headers as Record<string, string> };
    },
    async cancel(id) {
      const res = await base.http.patch(`${RESERVATION}/reservation-documents/${id}`).set(auth()).send({ status: 'CANCELLED' });
      return { status: res.status, body: res.body };
    },
    async post(path, body) {
      const res = await base.http.post(`${RESERVATION}/${path}`).set(auth()).send(body as object);
      return { status: res.status, body: res.body };
    },
    async location(id, sku) {
      const body = await availability({ skus: [sku], locations: [id] });
      return body.locations?.[0]?.records.find((r) => r.sku === sku) as Record<string, number> | undefined;
    },
    async group(id, sku) {
      const body = await availability({ skus: [sku], groups: [id] });
      return body.groups?.[0]?.records.find((r) => r.sku === sku) as Record<string, number> | undefined;
    },
  };
}
