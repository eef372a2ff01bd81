import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../emulator/core/log.js';
import { createEmulator } from '../../emulator/index.js';
import { DEMO } from '../../fixtures/well-known.js';
import { BATCH_UPDATE } from '../support/availability-world.js';
import { assertSameWire, startBaseline } from '../support/baseline.js';
import { benchConfig } from '../support/config.js';
import { monotonicUs, printProfiles, profileRequest, type Window } from '../support/cpu-profile.js';
import { sendOnce, type RequestSpec } from '../support/http.js';
import { runLoad, type GeneratedLoad } from '../support/load.js';
import { measureRounds, progress } from '../support/rounds.js';
import { median } from '../support/stats.js';
import storefrontRequests from '../support/storefront-requests.cjs';
import {
  AVAILABILITY,
  caughtUp,
  checkDrift,
  GROUP,
  guestToken,
  MEMBERS,
  ociMode,
  ORDERS,
  ORDERS_PATH,
  prepare,
  PRODUCTS,
  REQUESTS,
  SCOPES,
  SITE,
  SKU_WIDTH,
  SKUS,
  stockUp,
  WRITE_ON_HAND,
  verifyAvailability,
  verifyOrder,
  verifyProduct,
  writeData,
  type Context,
  type Ctx,
} from '../support/storefront-world.js';
import { profileThisThread } from '../support/thread-profile.js';
import { integrationToken } from '../support/tokens.js';
import type { CaseResult, Measurement, MetricCase, Suite } from '../support/types.js';

// The storefront (SCAPI shopper APIs) of the demo instance in Omnichannel Inventory mode, in-process (createEmulator,
// real clock, profile fast) over the demo graph with SKUS generated SKUs (a product and an OCI record at every
// location for each). Every member location of the site's group (US-ONLINE) first gets STOCK on hand through OCI's
// batch-update, so no order runs out; then SetMode OCI_CACHE, wait until the cache is complete, SetMode OCI.
// 1. Shopper reads against bare Express serving the same bytes, in alternating rounds: Shopper Availability of 1–24
//    random SKUs, and Shopper Products of one random SKU, each with a token drawn from TOKENS real SLAS guest tokens,
//    every 10th request an OCI batch-update of 10 random records (so the cache changes while it is read). No answer
//    cache serves these: each answer is built from B2C's OCI cache records.
// 2. Orders: POST Shopper Orders from baskets prepared beforehand (a guest token, a basket with 1–3 random SKUs ×
//    1–3 units, e-mail, shipping address and method, billing address, a card: not part of the measured time), ORDERS
//    per round, each an OCI reservation document at the group; against bare Express answering the captured order.
//    Afterwards: for every SKU, OCI's reserved quantity at the group (get-availability over HTTP) must equal the sum
//    of the B2C orders' quantities, and the OPEN order documents must be as many as the orders.
// BENCH_STOREFRONT_SKUS (10 000), BENCH_STOREFRONT_ORDERS (8 000 per round), BENCH_STOREFRONT_CASES
// (availability,products,orders) size and pick it; BENCH_ROUNDS, BENCH_DURATION, BENCH_WARMUP, BENCH_CONNECTIONS too;
// BENCH_CPU_PROF=<dir> profiles the emulator's thread and prints where each case's measured runs went.

const TOKENS = 64;
const WRITE_EVERY = 10;
type CaseKey = 'availability' | 'products' | 'orders';
const CASE_KEYS: readonly CaseKey[] = ['availability', 'products', 'orders'];
const CASES = casesToRun(process.env.BENCH_STOREFRONT_CASES);

export const storefrontSuite: Suite = {
  name: 'storefront',
  description:
    `SCAPI shopper APIs in OCI mode, in-process, ${SKUS.toLocaleString('en-US')} SKUs: Shopper Availability (1–24 random SKUs) and Shopper Products (random SKU), ` +
    `every ${WRITE_EVERY}th an OCI batch-update, vs bare Express; POST Shopper Orders from prepared baskets (${ORDERS.toLocaleString('en-US')} per round) vs bare Express, then zero drift against OCI`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'oci-bench-storefront-'));
    const started = performance.now();
    const emulator = await createEmulator({ store: 'memory', clock: 'real', profile: 'fast', fixtures: { name: 'demo', skus: SKUS }, logger: silentLogger });
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    try {
      const { url } = await emulator.listen(0, '127.0.0.1');
      console.log(`  in-process emulator, ${SKUS.toLocaleString('en-US')} SKUs at ${DEMO.locations.length} locations, listening after ${Math.round(performance.now() - started)} ms`);
      const oci = { authorization: `Bearer ${await integrationToken(url, SCOPES)}` };
      const context: Ctx['context'] = {
        skus: SKUS,
        skuWidth: SKU_WIDTH,
        siteId: SITE,
        availability: AVAILABILITY,
        products: PRODUCTS,
        orders: ORDERS_PATH,
        batchUpdate: BATCH_UPDATE,
        locations: MEMBERS,
        onHand: WRITE_ON_HAND,
      };
      const ctx: Ctx = { emulator, url, dir, agent, oci, tokens: [], context };
      await stockUp(ctx);
      await ociMode(ctx);
      for (let i = 0; i < TOKENS; i++) ctx.tokens.push(await guestToken(ctx));
      const cases: (CaseResult | MetricCase)[] = [];
      for (const key of CASES) cases.push(await profiled<CaseResult | MetricCase>(key, (windows) => (key === 'orders' ? ordersCase(ctx, windows) : readCase(ctx, key, windows))));
      return { suite: 'storefront', cases };
    } finally {
      agent.destroy();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/**
 * BENCH_CPU_PROF=<dir>: profiles this thread (the in-process emulator's) while the case runs and prints where the
 * time of its measured emulator runs went (the top BENCH_PROF_TOP functions). Figures of a profiled run are not comparable.
 */
async function profiled<T>(key: CaseKey, run: (windows: Window[]) => Promise<T>): Promise<T> {
  const request = profileRequest(`storefront-${key}`);
  const windows: Window[] = [];
  const profile = request ? await profileThisThread(request.dir) : undefined;
  try {
    return await run(windows);
  } finally {
    if (request && profile) {
      await profile.stop();
      // Orders pile up run after run: the first and the last run apart show what that costs.
      const apart = key === 'orders' && windows.length > 1 ? ([['the first run (warm-up if any)', [windows[0]!]], ['the last run', [windows.at(-1)!]]] as const) : [];
      const phases = [[`the emulator's measured runs`, windows] as const, ...apart].map(([name, w]) => [`storefront ${key}, ${name}`, w] as const);
      printProfiles(request.dir, phases, Number(process.env.BENCH_PROF_TOP ?? 25));
    }
  }
}

// ── 1. shopper reads ────────────────────────────────────────────────────────────────────────────────────────────

async function readCase(ctx: Ctx, key: 'availability' | 'products', windows: Window[]): Promise<CaseResult> {
  const dataFile = writeData(ctx, `reads-${key}.json`, []);
  const context: Context = { ...ctx.context, dataFile };
  const shopper = { authorization: `Bearer ${ctx.tokens[0]!}` };
  // What the load asks, checked against the cache, then captured for the baseline: Shopper Availability of 12 SKUs
  // (the mean of 1–24 is 12.5), or one product.
  const ids = storefrontRequests.randomIds(context, 12);
  const readSpec: RequestSpec =
    key === 'availability'
      ? { method: 'GET', path: storefrontRequests.availabilityPath(context, ids), headers: shopper }
      : { method: 'GET', path: storefrontRequests.productPath(context, ids[0]!), headers: shopper };
  const read = await sendOnce(ctx.url, readSpec);
  if (key === 'availability') verifyAvailability(ctx, read, ids);
  else verifyProduct(ctx, read, ids[0]!);
  const writeSpec: RequestSpec = { method: 'POST', path: BATCH_UPDATE, headers: { ...ctx.oci, 'content-type': 'application/json' }, body: JSON.stringify(storefrontRequests.writeBody(context)) };
  const wrote = await sendOnce(ctx.url, writeSpec);
  if (wrote.status !== 204) throw new Error(`batch-update answered ${wrote.status}: ${wrote.body.toString('utf8')}`);
  const route = key === 'availability' ? AVAILABILITY : `${PRODUCTS}/[<id>]`;
  const baseline = await startBaseline([
    { method: 'GET', path: route, captured: read },
    { method: 'POST', path: BATCH_UPDATE, captured: wrote },
  ]);
  try {
    assertSameWire(read, await sendOnce(baseline.url, readSpec), `the baseline (${key})`);
    assertSameWire(wrote, await sendOnce(baseline.url, writeSpec), 'the baseline (batch-update)');
    const step = { kind: key === 'availability' ? 'availability' : 'product', method: 'GET', path: key === 'availability' ? AVAILABILITY : `${PRODUCTS}/x` };
    const cycle = [...Array<typeof step>(WRITE_EVERY - 1).fill(step), { kind: 'write', method: 'POST', path: BATCH_UPDATE }];
    const spec: GeneratedLoad = { module: REQUESTS, context: { ...context }, headers: {}, cycle };
    const name =
      key === 'availability'
        ? `GET Shopper Availability, 1–24 random SKUs, ${TOKENS} shoppers' tokens, every ${WRITE_EVERY}th an OCI batch-update of 10 records`
        : `GET Shopper Products by id (expand availability,prices,variations), random SKU, every ${WRITE_EVERY}th an OCI batch-update of 10 records`;
    // The emulator settles once its streams have caught up with what the last run wrote.
    const targets = [{ label: 'emulator' as const, url: ctx.url, settle: () => caughtUp(ctx) }, { label: 'baseline' as const, url: baseline.url }];
    const measured = await measureRounds(name, targets, spec, benchConfig().connections);
    windows.push(...measured.emulatorWindows);
    const writes = measured.emulator.statusCodes['204'] ?? 0;
    return {
      name,
      emulator: measured.emulator,
      baseline: measured.baseline,
      rounds: measured.rounds,
      ...measured.load,
      responseBytes: read.body.length,
      targets: { minRateRatio: 0.7 },
      checks: [
        { label: "batch-updates (204) among the emulator's answers", value: `${writes.toLocaleString('en-US')} of ${measured.emulator.total.toLocaleString('en-US')}`, met: Math.abs(writes / measured.emulator.total - 1 / WRITE_EVERY) <= 0.02 },
        { label: 'answers from an answer cache', value: 'none: each is built from the OCI cache', met: true },
      ],
    };
  } finally {
    await baseline.close();
  }
}

// ── 2. orders ───────────────────────────────────────────────────────────────────────────────────────────────────

async function ordersCase(ctx: Ctx, windows: Window[]): Promise<MetricCase> {
  const config = benchConfig();
  // autocannon needs at least one request per connection.
  const connections = Math.min(config.connections, ORDERS);
  // One order captured for the baseline, checked: 200, RESERVED, its document open in OCI.
  const [first] = await prepare(ctx, 1);
  const orderSpec: RequestSpec = { method: 'POST', path: storefrontRequests.orderPath({ ...ctx.context, dataFile: '' }), headers: { authorization: `Bearer ${first!.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ basketId: first!.basketId }) };
  const captured = await sendOnce(ctx.url, orderSpec);
  verifyOrder(ctx, captured);
  const baseline = await startBaseline([{ method: 'POST', path: ORDERS_PATH, captured }]);
  const emulatorRuns: Measurement[] = [];
  const baselineRuns: Measurement[] = [];
  const prepared: { baskets: number; ms: number }[] = [];
  let sent = 1;
  let answered = 1;
  try {
    assertSameWire(captured, await sendOnce(baseline.url, orderSpec), 'the baseline (Shopper Orders)');
    const batch = async (label: string, amount: number): Promise<[Measurement, Measurement]> => {
      // Baskets for this batch and a margin (autocannon sends exactly `amount`; a spare basket stays open, holding nothing).
      const started = performance.now();
      progress(`orders: preparing ${amount.toLocaleString('en-US')} baskets for ${label} (not timed)`);
      const baskets = await prepare(ctx, amount + connections);
      prepared.push({ baskets: baskets.length, ms: performance.now() - started });
      const spec: GeneratedLoad = { module: REQUESTS, context: { ...ctx.context, dataFile: writeData(ctx, `orders-${label}.json`, baskets) }, headers: {}, cycle: [{ kind: 'order', method: 'POST', path: ORDERS_PATH }] };
      const load = { connections, durationSec: 0, amount };
      await caughtUp(ctx);
      (globalThis as { gc?: () => void }).gc?.();
      progress(`orders ${label}: emulator, ${amount.toLocaleString('en-US')} orders × ${connections} connections`);
      const fromUs = monotonicUs();
      const e = await runLoad(ctx.url, spec, load);
      windows.push({ fromUs, toUs: monotonicUs() });
      sent += e.total;
      answered += e.statusCodes['200'] ?? 0;
      (globalThis as { gc?: () => void }).gc?.();
      progress(`orders ${label}: baseline, ${amount.toLocaleString('en-US')} answers × ${connections} connections`);
      const b = await runLoad(baseline.url, spec, load);
      return [e, b];
    };
    if (config.warmupSec > 0) await batch('warm-up', Math.max(connections, Math.round(ORDERS / 10)));
    for (let round = 1; round <= config.rounds; round++) {
      const [e, b] = await batch(`round ${round} of ${config.rounds}`, ORDERS);
      emulatorRuns.push(e);
      baselineRuns.push(b);
      console.log(`  orders round ${round}: ${Math.round(e.requestsPerSec)} orders/s (p50 ${e.p50Ms} ms, p99 ${e.p99Ms} ms, ${JSON.stringify(e.statusCodes)}), baseline ${Math.round(b.requestsPerSec)}/s`);
    }
  } finally {
    await baseline.close();
  }
  const drift = await checkDrift(ctx);
  const mid = (runs: Measurement[], pick: (m: Measurement) => number) => median(runs.map(pick));
  const rate = mid(emulatorRuns, (m) => m.requestsPerSec);
  const faults = emulatorRuns.reduce((n, m) => n + m.non2xx + m.errors, 0);
  const codes: Record<string, number> = {};
  for (const m of emulatorRuns) for (const [code, n] of Object.entries(m.statusCodes)) codes[code] = (codes[code] ?? 0) + n;
  const prepRate = prepared.reduce((n, p) => n + p.baskets, 0) / (prepared.reduce((n, p) => n + p.ms, 0) / 1000);
  return {
    kind: 'metrics',
    name: `POST Shopper Orders in OCI mode, ${ORDERS.toLocaleString('en-US')} orders per round from baskets prepared before (not timed), ${connections} conn, median of ${config.rounds}; drift checked after ${drift.orders.toLocaleString('en-US')} orders`,
    rows: [
      { label: 'orders/s vs bare Express answering the captured order', emulator: rate, baseline: mid(baselineRuns, (m) => m.requestsPerSec), digits: 0, target: { text: '≥ 1 000/s', met: rate >= 1_000 } },
      { label: 'latency p50 ms', emulator: mid(emulatorRuns, (m) => m.p50Ms), baseline: mid(baselineRuns, (m) => m.p50Ms), digits: 0 },
      { label: 'latency p99 ms', emulator: mid(emulatorRuns, (m) => m.p99Ms), baseline: mid(baselineRuns, (m) => m.p99Ms), digits: 0 },
      { label: 'server busy µs/order', emulator: mid(emulatorRuns, (m) => m.busyUsPerRequest), baseline: mid(baselineRuns, (m) => m.busyUsPerRequest), digits: 0 },
      { label: `non-2xx answers and errors, measured rounds (${JSON.stringify(codes)})`, emulator: faults, digits: 0, target: { text: '0', met: faults === 0 } },
      { label: `orders B2C holds RESERVED (${sent.toLocaleString('en-US')} sent, warm-up and capture included; ${answered.toLocaleString('en-US')} answered 200)`, emulator: drift.reserved, digits: 0, target: { text: `= orders = 200s`, met: drift.reserved === drift.orders && drift.orders === answered } },
      { label: 'OPEN order reservation documents in OCI − orders', emulator: drift.documents - drift.orders, digits: 0, target: { text: '0', met: drift.documents === drift.orders && drift.missingDocuments === 0 } },
      { label: `SKUs whose reserved at ${GROUP} (OCI get-availability) ≠ Σ the orders' quantities, of ${SKUS.toLocaleString('en-US')}`, emulator: drift.skus, digits: 0, target: { text: '0', met: drift.skus === 0 } },
      { label: `units reserved at ${GROUP} in OCI − Σ the orders' quantities (${drift.units.toLocaleString('en-US')})`, emulator: drift.ociUnits - drift.units, digits: 0, target: { text: '0', met: drift.ociUnits === drift.units } },
      { label: 'basket preparation (not timed): baskets/s, 6 requests each', emulator: prepRate, digits: 0 },
    ],
  };
}

function casesToRun(list: string | undefined): CaseKey[] {
  if (!list) return [...CASE_KEYS];
  const keys = list.split(',').map((k) => k.trim());
  const unknown = keys.filter((k) => !CASE_KEYS.includes(k as CaseKey));
  if (unknown.length > 0) throw new Error(`BENCH_STOREFRONT_CASES: unknown case(s) ${unknown.join(', ')}; known: ${CASE_KEYS.join(', ')}`);
  return keys as CaseKey[];
}
