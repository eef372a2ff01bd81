import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImpexClient } from '../../emulator/cli/impex-client.js';
import { createLogger } from '../../emulator/core/log.js';
import { Rng } from '../../emulator/core/rng.js';
import { createEmulator, type Emulator } from '../../emulator/index.js';
import { oversellView, type OversellView } from '../../emulator/oversell/accounting/views.js';
import { OVERSELL_NAMESPACE } from '../../emulator/oversell/accounting/model.js';
import { StoredOversell } from '../../emulator/oversell/accounting/stored.js';
import type { PhysicalKind } from '../../emulator/oversell/physical/model.js';
import { monotonicUs, printProfiles, profileRequest, type Window } from '../support/cpu-profile.js';
import { send, sleep } from '../support/json-client.js';
import { profileThisThread } from '../support/thread-profile.js';
import type { MetricRow, Suite } from '../support/types.js';

// One simulated trading day against the physical world and the oversell accounting: a generated world of 1 000
// SKUs at 20 locations, a stock take of every location × SKU, then 24 hours of channel orders (100 000, more at
// midday and in the evening, a few hot SKUs) and store POS sales, with an import of the shelves to OCI through the
// public impex API at the top of every hour. The client keeps its own shelf model (the stock take, minus the POS
// sales the endpoint accepted; orders claim units but do not move them), so each import states the shelf as it is.
// It rings up a sale only where its shelf model shows the units; the endpoint still refuses one that would take
// units an order claimed, and those refusals are counted. The stream is generated once from a seed, with a mirror
// of the accounting's arithmetic that predicts every refusal and every oversold unit.
//
// The emulator run: an in-process emulator listening on 127.0.0.1 (frozen clock, start-up reported apart), every
// event sent over HTTP in batches of at most 10 000 (per 10-minute window of virtual time, the window's orders
// and sales as two batches, in the order their first events happened), the clock advanced window by window; at
// the top of each hour (the first right after the stock take) an import: a fresh token, initiate, upload, then
// POST /__emulator/clock/advance {by: 0, settle: true} until its status is COMPLETED; at the end one
// GET /__emulator/oversell. The baseline: a second in-process emulator, not listening, the same stream through
// services.physical.apply and the same records written with OCI's import writer (services.oci.domain.updates
// .importWriter), no HTTP, no file, no parsing. Both must end with the same oversell totals, and those the mirror
// predicted. Target: the emulator run's wall time ≤ 10 s on this 2-core machine; the process's CPU time and the
// load average are printed beside it, since other processes on the two cores show in the wall time only.
// BENCH_TRADING_ORDERS (100 000) and BENCH_TRADING_SALES (40 000) size it; BENCH_CPU_PROF=<dir> profiles this
// thread and prints where each run's events and imports went (figures of a profiled run are not comparable).

const ORDERS = Number(process.env.BENCH_TRADING_ORDERS ?? 100_000);
const SALES = Number(process.env.BENCH_TRADING_SALES ?? 40_000);
const SKUS = 1_000;
const LOCATIONS = 20;
const HOURS = 24;
const WINDOW_MS = 10 * 60_000;
const HOUR_MS = 3_600_000;
const MAX_BATCH = 10_000;
const SEED = 20_250_303;
const START = '2025-03-03T00:00:00.000Z';
const TARGET_S = 10;
/** A few hot SKUs take a quarter of the order lines (and of the sales). */
const HOT_SKUS = 20;
const HOT_SHARE = 0.25;
/** Orders by hour of the day: a quiet night, a midday peak, a higher evening one. */
const ORDER_CURVE = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 4, 5, 6, 7, 6.5, 5.5, 5, 5, 5.5, 6.5, 7.5, 7.5, 6, 4, 2];
/** POS sales by hour: the stores open 08:00–22:00. */
const SALE_CURVE = [0, 0, 0, 0, 0, 0, 0, 0, 3, 4, 5, 6, 8, 7, 6, 6, 6, 7, 8, 7, 5, 3, 0, 0];
const ADMIN = '/__emulator';
const PLAUSIBLE = ['pos-lag-no-safety-stock', 'stale-oci-data'];

export const tradingDaySuite: Suite = {
  name: 'trading-day',
  description:
    `one simulated trading day: ${ORDERS.toLocaleString('en-US')} channel orders at ${LOCATIONS} locations × ${SKUS.toLocaleString('en-US')} SKUs, ~${SALES.toLocaleString('en-US')} POS sales, ` +
    `a stock take and ${HOURS} hourly impex imports over HTTP, vs a bare in-process replay of the same stream`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'oci-bench-trading-day-'));
    const request = profileRequest('trading-day');
    const profile = request ? await profileThisThread(request.dir) : undefined;
    const runs: { http?: RunResult; bare?: RunResult } = {};
    try {
      const started = performance.now();
      const emulator = await newEmulator();
      let http: RunResult;
      let day: Day;
      try {
        const { url } = await emulator.listen(0, '127.0.0.1');
        const startupMs = performance.now() - started;
        const setupStarted = performance.now();
        const agent = new Agent({ keepAlive: true });
        try {
          const facts = await readWorld(agent, url);
          const client = new ImpexClient(url);
          await client.requestToken(tokenRequest(facts));
          const setupMs = performance.now() - setupStarted;
          const generated = performance.now();
          day = generateDay(facts, dir);
          progress(
            `  emulator listening after ${ms(startupMs)} ms (world + token ${ms(setupMs)} ms); day generated in ${ms(performance.now() - generated)} ms: ` +
              `${fmt(day.expected.orders)} orders, ${fmt(day.expected.sales)} POS sales (${fmt(day.expected.refused)} to be refused, ${fmt(day.expected.salesNotRung)} not rung up: no stock in the client's model), ` +
              `${HOURS} imports of ${fmt(day.cells)} records; ${load()}`,
          );
          http = await httpRun(day, url, agent, client);
          runs.http = http;
          http.startupMs = startupMs;
          http.setupMs = setupMs;
        } finally {
          agent.destroy();
        }
      } finally {
        await emulator.close();
      }
      (globalThis as { gc?: () => void }).gc?.();

      const bareStarted = performance.now();
      const bareEmulator = await newEmulator();
      let bare: RunResult;
      try {
        const startupMs = performance.now() - bareStarted;
        bare = await bareRun(day, bareEmulator);
        runs.bare = bare;
        bare.startupMs = startupMs;
      } finally {
        await bareEmulator.close();
      }
      return { suite: 'trading-day', cases: [{ kind: 'metrics', name: `${fmt(day.expected.orders)} orders, ${LOCATIONS} × ${fmt(SKUS)}, ${HOURS} h`, rows: rows(day, http, bare) }] };
    } finally {
      if (request && profile) {
        await profile.stop();
        const phases: [string, Window[]][] = [];
        for (const [name, r] of [['the HTTP run', runs.http], ['the bare replay', runs.bare]] as const) {
          if (!r) continue;
          phases.push([`trading day, ${name}, orders and POS sales`, r.windows.events], [`trading day, ${name}, imports`, r.windows.imports]);
        }
        printProfiles(request.dir, phases, Number(process.env.BENCH_PROF_TOP ?? 25));
      }
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function newEmulator(): Promise<Emulator> {
  return createEmulator({
    store: 'memory',
    fixtures: { name: 'generated', skus: SKUS, locations: LOCATIONS },
    seed: SEED,
    clock: { mode: 'frozen', start: START },
    profile: 'fast',
    logger: createLogger('error'),
  });
}

// ── the world, as a client reads it ─────────────────────────────────────────────────────────────────────────────

interface Facts {
  tenantGroupId: string;
  instanceId: string;
  locations: string[];
  skus: string[];
  client: { id: string; secret: string };
}

async function readWorld(agent: Agent, url: string): Promise<Facts> {
  const res = await send(agent, url, 'GET', `${ADMIN}/world`, {});
  if (res.status !== 200) throw new Error(`GET ${ADMIN}/world answered ${res.status}: ${res.text.slice(0, 300)}`);
  const w = JSON.parse(res.text) as {
    tenantGroups: { id: string; locations: string[]; skuCount: number; sampleSkus: string[] }[];
    b2cInstances: { id: string }[];
    credentials: { purpose: string; clientId: string; clientSecret: string }[];
  };
  const tg = w.tenantGroups[0]!;
  const oci = w.credentials.find((c) => c.purpose.startsWith('OCI Commerce APIs'));
  if (!oci) throw new Error('the world document names no OCI Commerce API client');
  // SKU ids are a prefix and a zero-padded number (the samples show both).
  const sample = /^(.*-)(\d+)$/.exec(tg.sampleSkus[0] ?? '');
  if (!sample) throw new Error(`cannot tell the SKU ids from the sample ${tg.sampleSkus[0]}`);
  const skus = Array.from({ length: tg.skuCount }, (_, i) => `${sample[1]}${String(i + 1).padStart(sample[2]!.length, '0')}`);
  for (const s of tg.sampleSkus) if (!skus.includes(s)) throw new Error(`sample SKU ${s} is not among the SKU ids derived from ${tg.sampleSkus[0]}`);
  if (tg.locations.length !== LOCATIONS || skus.length !== SKUS) throw new Error(`the world has ${tg.locations.length} locations and ${skus.length} SKUs`);
  return { tenantGroupId: tg.id, instanceId: w.b2cInstances[0]!.id, locations: [...tg.locations], skus, client: { id: oci.clientId, secret: oci.clientSecret } };
}

function tokenRequest(facts: Facts) {
  return { clientId: facts.client.id, clientSecret: facts.client.secret, instance: facts.instanceId, scopes: ['sfcc.inventory.impex-inventory.rw'] };
}

// ── the day's stream ────────────────────────────────────────────────────────────────────────────────────────────

interface Batch {
  kind: PhysicalKind;
  events: object[];
  /** The request body, serialised before the run. */
  body: string;
}

interface Hour {
  /** The shelf at the top of the hour (location-major: cell = location × SKUS + sku), as the import states it. */
  shelf: Int32Array;
  file: string;
  fileBytes: number;
  effectiveDate: string;
  /** Per window of virtual time, its batches in the order they are sent. */
  windows: Batch[][];
}

interface Day {
  facts: Facts;
  cells: number;
  countBatches: Batch[];
  hours: Hour[];
  /** What the mirror of the accounting's arithmetic predicts. */
  expected: { orders: number; units: number; sales: number; refused: number; oversoldUnits: number; oversoldOrders: number; salesNotRung: number };
}

function generateDay(facts: Facts, dir: string): Day {
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

// ── the runs ────────────────────────────────────────────────────────────────────────────────────────────────────

interface Outcome {
  orders: number;
  units: number;
  oversoldOrders: number;
  oversoldUnits: number;
  byCause: Record<string, number>;
}

interface RunResult {
  wallMs: number;
  /** CPU time of this process (user + system) during the run: the client's and the emulator's, whatever else runs. */
  cpuMs: number;
  /** The phases on the monotonic clock, to cut them out of a CPU profile. */
  windows: { events: Window[]; imports: Window[] };
  startupMs: number;
  setupMs?: number;
  /** Size of the GET /__emulator/oversell answer (HTTP run). */
  reportBytes?: number;
  phases: { stockTakeMs: number; eventsMs: number; importsMs: number; clockMs: number; reportMs: number };
  importMs: number[];
  /** Where the HTTP imports' time went, by step (ms, summed over the day). */
  importSteps: Record<string, number>;
  applied: Record<string, number>;
  refused: Record<string, number>;
  importedRecords: number[];
  outcome: Outcome;
}

function emptyResult(): RunResult {
  return {
    wallMs: 0,
    cpuMs: 0,
    windows: { events: [], imports: [] },
    startupMs: 0,
    phases: { stockTakeMs: 0, eventsMs: 0, importsMs: 0, clockMs: 0, reportMs: 0 },
    importMs: [],
    importSteps: {},
    applied: {},
    refused: {},
    importedRecords: [],
    outcome: { orders: 0, units: 0, oversoldOrders: 0, oversoldUnits: 0, byCause: {} },
  };
}

/** Adds the time since the last call (or since it was made) to `steps[name]`. */
function stepper(steps: Record<string, number>): (name: string) => void {
  let last = performance.now();
  return (name) => {
    const now = performance.now();
    steps[name] = (steps[name] ?? 0) + now - last;
    last = now;
  };
}

function tally(r: RunResult, kind: PhysicalKind, applied: number, refused: number): void {
  r.applied[kind] = (r.applied[kind] ?? 0) + applied;
  r.refused[kind] = (r.refused[kind] ?? 0) + refused;
}

function outcomeOf(view: Pick<OversellView, 'totals' | 'byCause'>): Outcome {
  return { ...view.totals, byCause: Object.fromEntries(view.byCause.map((c) => [c.cause, c.units])) };
}

async function httpRun(day: Day, url: string, agent: Agent, client: ImpexClient): Promise<RunResult> {
  const r = emptyResult();
  const tg = day.facts.tenantGroupId;
  const post = async (path: string, body: string) => {
    const res = await send(agent, url, 'POST', path, {}, body);
    if (res.status !== 200) throw new Error(`POST ${path} answered ${res.status}: ${res.text.slice(0, 500)}`);
    return res.text;
  };
  const apply = async (b: Batch) => {
    const outcome = JSON.parse(await post(`${ADMIN}/physical/${b.kind}`, b.body)) as { applied: number; refused: unknown[] };
    tally(r, b.kind, outcome.applied, outcome.refused.length);
  };
  const advance = (by: number, settle: boolean) => post(`${ADMIN}/clock/advance`, JSON.stringify({ by, settle }));

  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const b of day.countBatches) await apply(b);
  r.phases.stockTakeMs = performance.now() - started;
  for (let h = 0; h < day.hours.length; h++) {
    const hour = day.hours[h]!;
    const hourStarted = performance.now();
    // The import of the shelf as it stands at the top of the hour.
    const importStarted = performance.now();
    const importFrom = monotonicUs();
    const step = stepper(r.importSteps);
    // Tokens live 30 minutes on the emulator's clock, which moves an hour between imports: a new one each time.
    if (h > 0) await client.requestToken(tokenRequest(day.facts));
    step('token');
    const job = await client.initiate(tg, { fileName: `shelves-${h}.ndjson`, linkDuration: 60 });
    step('initiate');
    await client.upload(job.uploadLink, { path: hour.file, fileName: `shelves-${h}.ndjson`, size: hour.fileBytes }, () => undefined);
    step('upload');
    await advance(0, true);
    step('run (clock advance 0, settle)');
    let status = await client.status(job.importStatusLink);
    for (const until = performance.now() + 60_000; ['WAITING', 'PENDING', 'RUNNING'].includes(status.status) && performance.now() < until; ) {
      await sleep(2);
      await advance(0, true);
      status = await client.status(job.importStatusLink);
    }
    step('status');
    if (status.status !== 'COMPLETED') throw new Error(`the import of hour ${h} ended ${status.status}: ${JSON.stringify(status).slice(0, 500)}`);
    r.importedRecords.push(status.import?.recordsProcessedCount ?? 0);
    r.windows.imports.push({ fromUs: importFrom, toUs: monotonicUs() });
    const importMs = performance.now() - importStarted;
    r.importMs.push(importMs);
    r.phases.importsMs += importMs;

    let eventsMs = 0;
    let clockMs = 0;
    for (const window of hour.windows) {
      const t0 = performance.now();
      const from = monotonicUs();
      for (const b of window) await apply(b);
      r.windows.events.push({ fromUs: from, toUs: monotonicUs() });
      const t1 = performance.now();
      await advance(WINDOW_MS, false);
      eventsMs += t1 - t0;
      clockMs += performance.now() - t1;
    }
    r.phases.eventsMs += eventsMs;
    r.phases.clockMs += clockMs;
    progress(hourLine('HTTP', h, hour, r, importMs, eventsMs, clockMs, performance.now() - hourStarted, started));
  }
  const reportStarted = performance.now();
  const res = await send(agent, url, 'GET', `${ADMIN}/oversell?limit=1`, {});
  if (res.status !== 200) throw new Error(`GET ${ADMIN}/oversell answered ${res.status}: ${res.text.slice(0, 500)}`);
  r.outcome = outcomeOf(JSON.parse(res.text) as OversellView);
  r.reportBytes = Buffer.byteLength(res.text);
  const ended = performance.now();
  r.phases.reportMs = ended - reportStarted;
  r.wallMs = ended - started;
  r.cpuMs = cpuMs(process.cpuUsage(cpu));
  progress(`  HTTP run: ${s(r.wallMs)} s (CPU ${s(r.cpuMs)} s); ${outcomeLine(r.outcome)}; the report ${fmt(Math.round(r.reportBytes / 1000))} kB; ${load()}`);
  return r;
}

async function bareRun(day: Day, emulator: Emulator): Promise<RunResult> {
  const r = emptyResult();
  const physical = emulator.services.physical;
  const oci = emulator.services.oci;
  if (!physical || !oci) throw new Error('the emulator has no physical world or no OCI');
  const { tenantGroupId: tg, locations, skus } = day.facts;
  if (oci.placeOf(tg, locations[0]!) !== 'location') throw new Error(`the bare emulator has no tenant group ${tg} with location ${locations[0]}`);
  const apply = (b: Batch) => {
    const outcome = physical.apply(b.kind, b.events);
    tally(r, b.kind, outcome.applied, outcome.refused.length);
  };
  const S = skus.length;
  const NO_FUTURES: [] = [];

  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const b of day.countBatches) apply(b);
  r.phases.stockTakeMs = performance.now() - started;
  for (let h = 0; h < day.hours.length; h++) {
    const hour = day.hours[h]!;
    const hourStarted = performance.now();
    // The same records as the file, written as an import writes them (grouped by location, as the engine applies).
    const importStarted = performance.now();
    const importFrom = monotonicUs();
    const writer = oci.domain.updates.importWriter(tg, 'location_import');
    writer.reserve(day.cells);
    const skuIds = skus.map((sku) => writer.skuId(sku));
    let written = 0;
    for (let l = 0; l < locations.length; l++) {
      const slot = writer.openLocation(locations[l]!);
      for (let s = 0; s < S; s++) if (writer.applyAt(slot, skuIds[s]!, hour.shelf[l * S + s]!, Number.NaN, hour.effectiveDate, NO_FUTURES)) written++;
    }
    writer.flush();
    writer.finish();
    r.importedRecords.push(written);
    r.windows.imports.push({ fromUs: importFrom, toUs: monotonicUs() });
    const importMs = performance.now() - importStarted;
    r.importMs.push(importMs);
    r.phases.importsMs += importMs;

    let eventsMs = 0;
    let clockMs = 0;
    for (const window of hour.windows) {
      const t0 = performance.now();
      const from = monotonicUs();
      for (const b of window) apply(b);
      r.windows.events.push({ fromUs: from, toUs: monotonicUs() });
      const t1 = performance.now();
      await emulator.clock.advance(WINDOW_MS);
      eventsMs += t1 - t0;
      clockMs += performance.now() - t1;
    }
    r.phases.eventsMs += eventsMs;
    r.phases.clockMs += clockMs;
    progress(hourLine('bare', h, hour, r, importMs, eventsMs, clockMs, performance.now() - hourStarted, started));
  }
  const reportStarted = performance.now();
  const stored = emulator.store.ensure<StoredOversell>(OVERSELL_NAMESPACE, () => new StoredOversell());
  r.outcome = outcomeOf(oversellView(stored.places.values(), stored.orders.values(), { limit: 1, format: 'json' }));
  const ended = performance.now();
  r.phases.reportMs = ended - reportStarted;
  r.wallMs = ended - started;
  r.cpuMs = cpuMs(process.cpuUsage(cpu));
  progress(`  bare replay: ${s(r.wallMs)} s (CPU ${s(r.cpuMs)} s); ${outcomeLine(r.outcome)}; ${load()}`);
  return r;
}

function hourLine(run: string, h: number, hour: Hour, r: RunResult, importMs: number, eventsMs: number, clockMs: number, hourMs: number, started: number): string {
  let orders = 0;
  let sales = 0;
  for (const w of hour.windows) for (const b of w) (b.kind === 'orders' ? (orders += b.events.length) : (sales += b.events.length));
  return (
    `  ${run} ${String(h).padStart(2, '0')}:00  ${String(orders).padStart(5)} orders, ${String(sales).padStart(5)} sales: import ${ms(importMs)} ms, events ${ms(eventsMs)} ms, ` +
    `clock ${ms(clockMs)} ms; hour ${ms(hourMs)} ms, so far ${s(performance.now() - started)} s (sales refused so far ${fmt(r.refused['pos-sales'] ?? 0)})`
  );
}

function outcomeLine(o: Outcome): string {
  const causes = Object.entries(o.byCause).map(([c, n]) => `${fmt(n)} ${c}`).join(', ');
  return `${fmt(o.orders)} orders (${fmt(o.units)} units), ${fmt(o.oversoldUnits)} units oversold in ${fmt(o.oversoldOrders)} orders (${causes || 'none'})`;
}

// ── the report ──────────────────────────────────────────────────────────────────────────────────────────────────

function rows(day: Day, http: RunResult, bare: RunResult): MetricRow[] {
  const e = day.expected;
  const events = (r: RunResult) => Object.values(r.applied).reduce((a, b) => a + b, 0) + Object.values(r.refused).reduce((a, b) => a + b, 0);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const wallS = http.wallMs / 1000;
  const causes = [...new Set([...Object.keys(http.outcome.byCause), ...Object.keys(bare.outcome.byCause)])];
  const plausible = http.outcome.oversoldUnits === 0 ? 1 : causes.filter((c) => PLAUSIBLE.includes(c)).reduce((n, c) => n + (http.outcome.byCause[c] ?? 0), 0) / http.outcome.oversoldUnits;
  const sameOutcome = JSON.stringify(sorted(http.outcome)) === JSON.stringify(sorted(bare.outcome));
  const imports = (r: RunResult) => r.importedRecords.filter((n) => n === day.cells).length;
  const phase = (label: string, pick: (r: RunResult) => number): MetricRow => ({ label, emulator: pick(http), baseline: pick(bare), digits: 0 });
  return [
    { label: 'trading day wall time (s)', emulator: wallS, baseline: bare.wallMs / 1000, digits: 2, target: { text: `≤ ${TARGET_S} s`, met: wallS <= TARGET_S } },
    { label: 'CPU time of this process (s; the HTTP run counts the client too)', emulator: http.cpuMs / 1000, baseline: bare.cpuMs / 1000, digits: 2 },
    { label: 'orders/s', emulator: e.orders / wallS, baseline: e.orders / (bare.wallMs / 1000), digits: 0 },
    { label: 'physical events/s (counts, orders, sales)', emulator: events(http) / wallS, baseline: events(bare) / (bare.wallMs / 1000), digits: 0 },
    phase('phase: stock take ms (20 000 counts)', (r) => r.phases.stockTakeMs),
    phase('phase: orders + POS sales ms', (r) => r.phases.eventsMs),
    phase(`phase: imports ms (${HOURS} × ${fmt(day.cells)} records)`, (r) => r.phases.importsMs),
    ...Object.entries(http.importSteps).map(([name, total]) => ({ label: `  HTTP import step: ${name} ms (day)`, emulator: total, digits: 0 })),
    phase('phase: clock advances ms', (r) => r.phases.clockMs),
    phase('phase: oversell report ms', (r) => r.phases.reportMs),
    { label: 'hourly import ms (mean)', emulator: mean(http.importMs), baseline: mean(bare.importMs), digits: 1 },
    { label: 'hourly import ms (slowest)', emulator: Math.max(...http.importMs), baseline: Math.max(...bare.importMs), digits: 1 },
    { label: 'start-up ms (create, + listen for HTTP)', emulator: http.startupMs, baseline: bare.startupMs, digits: 0 },
    { label: 'client set-up ms (world document, token)', emulator: http.setupMs ?? 0, digits: 0 },
    { label: 'orders / units ordered', emulator: http.outcome.orders, baseline: bare.outcome.orders, digits: 0, target: { text: `= ${fmt(e.orders)}`, met: http.outcome.orders === e.orders && bare.outcome.orders === e.orders && http.outcome.units === e.units } },
    { label: 'POS sales sent', emulator: (http.applied['pos-sales'] ?? 0) + (http.refused['pos-sales'] ?? 0), baseline: (bare.applied['pos-sales'] ?? 0) + (bare.refused['pos-sales'] ?? 0), digits: 0 },
    {
      label: 'POS sales refused (claimed units)',
      emulator: http.refused['pos-sales'] ?? 0,
      baseline: bare.refused['pos-sales'] ?? 0,
      digits: 0,
      target: { text: `= predicted ${fmt(e.refused)}`, met: http.refused['pos-sales'] === e.refused && bare.refused['pos-sales'] === e.refused },
    },
    { label: 'orders or counts refused', emulator: (http.refused.orders ?? 0) + (http.refused.counts ?? 0), baseline: (bare.refused.orders ?? 0) + (bare.refused.counts ?? 0), digits: 0, target: { text: '= 0', met: (http.refused.orders ?? 0) + (http.refused.counts ?? 0) + (bare.refused.orders ?? 0) + (bare.refused.counts ?? 0) === 0 } },
    { label: `imports of ${fmt(day.cells)} records completed`, emulator: imports(http), baseline: imports(bare), digits: 0, target: { text: `= ${HOURS}`, met: imports(http) === HOURS && imports(bare) === HOURS } },
    {
      label: 'oversold units',
      emulator: http.outcome.oversoldUnits,
      baseline: bare.outcome.oversoldUnits,
      digits: 0,
      target: { text: `= predicted ${fmt(e.oversoldUnits)}`, met: http.outcome.oversoldUnits === e.oversoldUnits && bare.outcome.oversoldUnits === e.oversoldUnits },
    },
    { label: 'oversold orders', emulator: http.outcome.oversoldOrders, baseline: bare.outcome.oversoldOrders, digits: 0, target: { text: `= predicted ${fmt(e.oversoldOrders)}`, met: http.outcome.oversoldOrders === e.oversoldOrders && bare.outcome.oversoldOrders === e.oversoldOrders } },
    ...causes.map((c) => ({ label: `oversold units: ${c}`, emulator: http.outcome.byCause[c] ?? 0, baseline: bare.outcome.byCause[c] ?? 0, digits: 0 })),
    { label: 'share of oversold units: POS lag or stale OCI data (%)', emulator: 100 * plausible, digits: 1, target: { text: '≥ 95 %', met: plausible >= 0.95 } },
    { label: 'same oversell totals and causes, HTTP vs bare (1 = yes)', emulator: sameOutcome ? 1 : 0, digits: 0, target: { text: '= 1', met: sameOutcome } },
  ];
}

function sorted(o: Outcome): Outcome {
  return { ...o, byCause: Object.fromEntries(Object.entries(o.byCause).sort(([a], [b]) => (a < b ? -1 : 1))) };
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
/** The machine's load: other processes on the 2 cores show in the wall time, not in this process's CPU time. */
const load = () => `load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`;
const progress = (line: string) => process.stderr.write(`${line}\n`);
const ms = (n: number) => Math.round(n).toLocaleString('en-US');
const s = (n: number) => (n / 1000).toFixed(2);
const fmt = (n: number) => n.toLocaleString('en-US');
