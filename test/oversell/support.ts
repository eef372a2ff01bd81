import type { Response } from 'supertest';
import { afterAll, beforeAll, expect } from 'vitest';
import type { EventEntry } from '../../emulator/core/journal.js';
import { startEmulator, TENANT_GROUP, tokenFor, type Running } from '../helpers/emulator.js';

// What the oversell tests share: the control-plane paths, fresh names, the control dialect's error shape, the views
// of GET /__emulator/physical and GET /__emulator/oversell, the ledger's figures in thousandths, and one emulator
// per test file with the calls its tests make (events of the physical world, cells, the oversell page, OCI's
// on-hand, reservations, the journal).

export const TG = TENANT_GROUP;
export const PHYSICAL = '/__emulator/physical';
export const OVERSELL = '/__emulator/oversell';
const OCI = `/inventory/availability/v1/organizations/${TG}`;
export const RESERVE = `/inventory/reservation/v1/organizations/${TG}/reservation-documents`;
export const KINDS = ['counts', 'receipts', 'shipments', 'pos-sales', 'orders'] as const;
export type Kind = (typeof KINDS)[number];
const LEAK = /<html|<pre>|\bat \S+ \(|\.[cm]?[jt]s:\d+|node_modules|TypeError|RangeError/i;

let serial = 0;
/** A name no other test uses (a SKU OCI accepts too: letters, digits and dashes). */
export const fresh = (stem = 'PHYS') => `${stem}-${++serial}`;

/** The control dialect exactly: {error, message, details?}, JSON, nothing internal, never a 500. */
export function expectControlError(res: Response, status: number, code?: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(res.body).filter((k) => !['error', 'message', 'details'].includes(k))).toEqual([]);
  expect(res.body).toMatchObject({ error: code ?? expect.stringMatching(/\S/), message: expect.stringMatching(/\S/) });
  expect(res.text).not.toMatch(LEAK);
}

export interface CellView {
  tenantGroupId: string;
  location: string;
  sku: string;
  onHand: number;
  claimed: number;
  free: number;
  anchor: 'count' | 'oci';
  oci: { onHand: number; aheadBy: number; stock: Record<string, number>; unknownOrders: Record<string, number> };
}
export interface OversellPage {
  totals: { orders: number; units: number; oversoldOrders: number; oversoldUnits: number; backorderedUnits: number };
  byCause: { cause: string; label: string; lesson: string; units: number; orders: number }[];
  bySkuAndPlace: { tenantGroupId: string; place: string; sku: string; orders: number; units: number; oversoldOrders: number; oversoldUnits: number; byCause: Record<string, number> }[];
  timeline: { at: string; source: string; orderRef: string; path: string; place: string; sku: string; quantity: number; oversold: number; causes: Record<string, number> }[];
  truncated: boolean;
}

function helpers(get: () => Running) {
  const http = () => get().http;
  const post = (kind: Kind, body: unknown) => http().post(`${PHYSICAL}/${kind}`).send(body as object);
  const ok = async (kind: Kind, body: unknown) => {
    const res = await post(kind, body);
    expect(res.status, res.text).toBe(200);
    return res.body as { applied: number; refused: { index: number; code: string; message: string }[] };
  };
  const cells = async (query: Record<string, string | number>) => {
    const res = await http().get(PHYSICAL).query(query);
    expect(res.status, res.text).toBe(200);
    return res.body as { cells: CellView[]; truncated: boolean };
  };
  const cell = async (location: string, sku: string) => {
    const { cells: found } = await cells({ location, sku });
    expect(found.length, `${location}/${sku}`).toBeLessThanOrEqual(1);
    return found[0];
  };
  const oversell = async (query: Record<string, string | number> = {}) => {
    const res = await http().get(OVERSELL).query(query);
    expect(res.status, res.text).toBe(200);
    return res.body as OversellPage;
  };
  const am = () => tokenFor(http());
  /** OCI's on-hand at a location, as an integration's import would set it. */
  const ociOnHand = async (location: string, sku: string, onHand: number, safetyStockCount = 0) => {
    const res = await http()
      .post(`${OCI}/availability-records/actions/batch-update`)
      .set('Authorization', `Bearer ${await am()}`)
      .send({ records: [{ id: fresh('import'), location, sku, onHand, safetyStockCount }] });
    expect(res.status, res.text).toBe(204);
  };
  /** A reservation in OCI naming the order (`externalRefId`), as an OMS or another channel makes it. */
  const reserve = async (externalRefId: string, place: { location?: string; group?: string }, lines: { sku: string; quantity: number }[]) => {
    const body = place.group ? { externalRefId, groups: [{ id: place.group, reservations: lines }] } : { externalRefId, locations: [{ id: place.location, reservations: lines }] };
    const res = await http().put(`${RESERVE}/${fresh('res')}`).set('Authorization', `Bearer ${await am()}`).send(body);
    expect(res.status, res.text).toBe(200);
    return res.body as { success: boolean };
  };
  /** The domain events of the physical world journaled after `afterSeq`. */
  const journaled = (afterSeq: number, type = 'physical.*') => get().emulator.journal.query({ kind: 'event', type, afterSeq, limit: 10_000 }) as EventEntry[];
  return { post, ok, cells, cell, oversell, ociOnHand, reserve, journaled };
}


/** In thousandths, exactly: the integers the ledger's three-decimal figures stand for. */
export const milli = (n: number) => Math.round(n * 1000);

/**
 * Starts an emulator before the tests of the describe block it is called in and closes it after them. `run` is that
 * emulator (its fields are filled in once the tests run); `seq` is its journal's last sequence number.
 */
export function physicalWorld() {
  const run = {} as Running;
  beforeAll(async () => {
    Object.assign(run, await startEmulator());
  });
  afterAll(() => run.close());
  const seq = () => run.emulator.journal.lastSeq;
  return { run, seq, ...helpers(() => run) };
}
