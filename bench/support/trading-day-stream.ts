import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../emulator/core/rng.js';
import type { PhysicalKind } from '../../emulator/oversell/physical/model.js';

// The trading-day bench's day (bench/suites/trading-day.ts): its size, the stream of events generated once from a
// seed before either run, the client's shelf model the hourly imports state, and the mirror of the accounting's
// arithmetic that predicts every refused sale and every oversold unit. Both runs replay exactly this stream.

export const ORDERS = Number(process.env.BENCH_TRADING_ORDERS ?? 100_000);
export const SALES = Number(process.env.BENCH_TRADING_SALES ?? 40_000);
export const SKUS = 1_000;
export const LOCATIONS = 20;
export const HOURS = 24;
export const WINDOW_MS = 10 * 60_000;
const HOUR_MS = 3_600_000;
const MAX_BATCH = 10_000;
export const SEED = 20_250_303;
export const START = '2025-03-03T00:00:00.000Z';
/** A few hot SKUs take a quarter of the order lines (and of the sales). */
const HOT_SKUS = 20;
const HOT_SHARE = 0.25;
/** Orders by hour of the day: a quiet night, a midday peak, a higher evening one. */
const ORDER_CURVE = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 4, 5, 6, 7, 6.5, 5.5, 5, 5, 5.5, 6.5, 7.5, 7.5, 6, 4, 2];
/** POS sales by hour: the stores open 08:00–22:00. */
const SALE_CURVE = [0, 0, 0, 0, 0, 0, 0, 0, 3, 4, 5, 6, 8, 7, 6, 6, 6, 7, 8, 7, 5, 3, 0, 0];

/** The world as a client reads it from GET /__emulator/world: what the stream is generated for. */
export interface Facts {
  tenantGroupId: string;
  instanceId: string;
  locations: string[];
  skus: string[];
  client: { id: string; secret: string };
}

export interface Batch {
  kind: PhysicalKind;
  events: object[];
  /** The request body, serialised before the run. */
  body: string;
}

export interface Hour {
  /** The shelf at the top of the hour (location-major: cell = location × SKUS + sku), as the import states it. */
  shelf: Int32Array;
  file: string;
  fileBytes: number;
  effectiveDate: string;
  /** Per window of virtual time, its batches in the order they are sent. */
  windows: Batch[][];
}

export interface Day {
  facts: Facts;
  cells: number;
  countBatches: Batch[];
  hours: Hour[];
  /** What the mirror of the accounting's arithmetic predicts. */
  expected: { orders: number; units: number; sales: number; refused: number; oversoldUnits: number; oversoldOrders: number; salesNotRung: number };
}

/** The day for these facts, the same for every run of the seed; the hourly import files are written into `dir`. */
export function generateDay(facts: Facts, dir: string): Day {
  const rng = new Rng(SEED, 'trading-day');
  const L = facts.locations.length;
  const S = facts.skus.length;
  const cells = L * S;
  const shuffled = Array.from({ length: S }, (_, i) => i);
  for (let i = S - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const hot = shuffled.slice(0, HOT_SKUS);
  const isHot = new Uint8Array(S);
  for (const s of hot) isHot[s] = 1;
  const pickSku = () => (rng.next() < HOT_SHARE ? hot[rng.int(0, hot.length - 1)]! : rng.int(0, S - 1));
  // POS sales happen in stores; a world without locations named as stores sells everywhere.
  const storeIds = facts.locations.map((id, i) => [id, i] as const).filter(([id]) => /^STORE/i.test(id));
  const stores = storeIds.length > 0 ? storeIds.map(([, i]) => i) : facts.locations.map((_, i) => i);

  // The stock take: hot SKUs are stocked deeper, but not deep enough for the day.
  const onHand = new Int32Array(cells);
  for (let l = 0; l < L; l++) for (let s = 0; s < S; s++) onHand[l * S + s] = isHot[s] ? rng.int(30, 90) : rng.int(0, 24);
  const claimed = new Int32Array(cells);
  const countBatches: Batch[] = [];
  const counts: object[] = [];
  for (let l = 0; l < L; l++) for (let s = 0; s < S; s++) counts.push({ location: facts.locations[l]!, sku: facts.skus[s]!, onHand: onHand[l * S + s]! });
  for (let i = 0; i < counts.length; i += MAX_BATCH) countBatches.push(batch('counts', counts.slice(i, i + MAX_BATCH)));

  const expected = { orders: 0, units: 0, sales: 0, refused: 0, oversoldUnits: 0, oversoldOrders: 0, salesNotRung: 0 };
  const orderQuota = spread(ORDERS, ORDER_CURVE);
  const saleQuota = spread(SALES, SALE_CURVE);
  const perHourWindows = HOUR_MS / WINDOW_MS;
  const startMs = Date.parse(START);
  const hours: Hour[] = [];
  for (let h = 0; h < HOURS; h++) {
    const effectiveDate = new Date(startMs + h * HOUR_MS).toISOString();
    const file = join(dir, `shelves-${String(h).padStart(2, '0')}.ndjson`);
    const fileBytes = writeImport(file, facts, onHand, h, effectiveDate);
    const shelf = onHand.slice();
    const orderTimes = times(rng, orderQuota[h]!);
    const saleTimes = times(rng, saleQuota[h]!);
    const hourWindows: Batch[][] = [];
    let o = 0;
    let p = 0;
    for (let w = 0; w < perHourWindows; w++) {
      const end = (w + 1) * WINDOW_MS;
      const oFrom = o;
      const pFrom = p;
      while (o < orderTimes.length && orderTimes[o]! < end) o++;
      while (p < saleTimes.length && saleTimes[p]! < end) p++;
      const makeOrders = () => {
        const events: object[] = [];
        for (let i = oFrom; i < o; i++) {
          const l = rng.int(0, L - 1);
          const first = pickSku();
          let second = rng.next() < 0.15 ? pickSku() : -1;
          if (second === first) second = -1;
          const lines = [first, second].filter((s) => s >= 0).map((s) => ({ sku: s, quantity: rng.next() < 0.75 ? 1 : 2 }));
          let oversold = 0;
          for (const line of lines) {
            const c = l * S + line.sku;
            const free = onHand[c]! - claimed[c]!;
            oversold += line.quantity - Math.min(line.quantity, Math.max(0, free));
            claimed[c]! += line.quantity;
            expected.units += line.quantity;
          }
          expected.orders++;
          expected.oversoldUnits += oversold;
          if (oversold > 0) expected.oversoldOrders++;
          events.push({ channel: 'web', orderRef: `W${String(expected.orders).padStart(7, '0')}`, place: facts.locations[l]!, lines: lines.map((x) => ({ sku: facts.skus[x.sku]!, quantity: x.quantity })) });
        }
        return events;
      };
      const makeSales = () => {
        const events: object[] = [];
        for (let i = pFrom; i < p; i++) {
          // The till rings up only what the client's shelf model shows on the shelf.
          let rung: { l: number; s: number; q: number } | undefined;
          for (let tries = 0; tries < 20 && !rung; tries++) {
            const l = stores[rng.int(0, stores.length - 1)]!;
            const s = pickSku();
            const q = rng.next() < 0.9 ? 1 : 2;
            if (onHand[l * S + s]! >= q) rung = { l, s, q };
          }
          if (!rung) {
            expected.salesNotRung++;
            continue;
          }
          const c = rung.l * S + rung.s;
          expected.sales++;
          // The endpoint refuses a sale of units an order claimed; the client learns it from the answer.
          if (onHand[c]! - claimed[c]! < rung.q) expected.refused++;
          else onHand[c]! -= rung.q;
          events.push({ location: facts.locations[rung.l]!, sku: facts.skus[rung.s]!, quantity: rung.q });
        }
        return events;
      };
      // The two batches in the order their first events happened.
      const salesFirst = p > pFrom && (o === oFrom || saleTimes[pFrom]! < orderTimes[oFrom]!);
      const made = salesFirst ? [['pos-sales', makeSales()] as const, ['orders', makeOrders()] as const] : [['orders', makeOrders()] as const, ['pos-sales', makeSales()] as const];
      const windowBatches: Batch[] = [];
      for (const [kind, events] of made) for (let i = 0; i < events.length; i += MAX_BATCH) windowBatches.push(batch(kind, events.slice(i, i + MAX_BATCH)));
      hourWindows.push(windowBatches);
    }
    hours.push({ shelf, file, fileBytes, effectiveDate, windows: hourWindows });
  }
  return { facts, cells, countBatches, hours, expected };
}

function batch(kind: PhysicalKind, events: object[]): Batch {
  return { kind, events, body: JSON.stringify({ events }) };
}

/** `total` split over the hours by weight, whole numbers adding up to `total`. */
function spread(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => Math.floor((total * w) / sum));
  let left = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % out.length) {
    if (weights[i]! > 0) {
      out[i]!++;
      left--;
    }
  }
  return out;
}

/** `n` instants within an hour (ms from its start), in order. */
function times(rng: Rng, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.next() * HOUR_MS;
  return out.sort();
}

/**
 * The import file of the shelf: every location × SKU, grouped by SKU as OCI recommends; new recordIds each hour.
 * The client states the whole truth of each record: the on-hand it counts and no future stock (`futures: []`
 * clears the futures the generated world starts with; units beyond the shelf that futures cover would count as
 * backordered, not oversold, which the client's mirror of the accounting does not model).
 */
function writeImport(path: string, facts: Facts, shelf: Int32Array, hour: number, effectiveDate: string): number {
  const S = facts.skus.length;
  const lines: string[] = [];
  for (let s = 0; s < S; s++) {
    for (let l = 0; l < facts.locations.length; l++) {
      lines.push(`{"recordId":"td-${hour}-${l}-${s}","sku":"${facts.skus[s]}","locationId":"${facts.locations[l]}","onHand":${shelf[l * S + s]},"effectiveDate":"${effectiveDate}","futures":[]}`);
    }
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return statSync(path).size;
}
