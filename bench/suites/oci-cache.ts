import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../emulator/core/log.js';
import { createEmulator, type Emulator } from '../../emulator/index.js';
import { cacheCaughtUp } from '../support/cache-caught-up.js';
import { DEMO } from '../../fixtures/well-known.js';
import { BATCH_UPDATE, GET_AVAILABILITY, RANDOM_REQUESTS, generatedWorld, type World } from '../support/availability-world.js';
import { assertSameWire, startBaseline } from '../support/baseline.js';
import { benchConfig } from '../support/config.js';
import { json, send, sleep } from '../support/json-client.js';
import type { GeneratedLoad } from '../support/load.js';
import { measureRounds, progress } from '../support/rounds.js';
import { max, median, percentile } from '../support/stats.js';
import randomAvailability from '../support/random-availability.cjs';
import { sendOnce } from '../support/http.js';
import { clientToken, integrationToken } from '../support/tokens.js';
import { rawParse } from '../support/ndjson.js';
import type { CaseResult, MetricCase, Suite } from '../support/types.js';

// The OCI cache of the demo B2C instance, in-process on the real clock, profile fast, over a world of SKUS × 10
// locations. The fixture's US-ONLINE list (a group's) is deleted and one list per location made (OCAPI), so the
// ten location lists share the combined stream and the cache holds SKUS × 10 records.
// 1. Fill: from the SetMode request (OCI_CACHE) until every list's Cache Status is complete (OCI writes the
//    availability export, the stream reads it), one fill per round (turned off and on between), against the raw
//    parse of that export file (chunks split on newlines, JSON.parse per line) as a bare client would read it.
// 2. Delta lag: RATE record updates/s (batch-updates of BATCH random records over HTTP) for SECONDS while the cache
//    follows; each update's lag is from its send until the cache shows its onHand (polled in-process every 5 ms),
//    beside the same writes' request latency (send → 204). After the streams catch up, every written record of the
//    cache must equal what get-availability answers.
// 3. InventoryRecord-Show of random lists and SKUs (every 10th request a 10-record batch-update to OCI) against
//    bare Express serving the same bytes, in alternating rounds.
// BENCH_CACHE_SKUS (100 000), BENCH_CACHE_SECONDS (30), BENCH_CACHE_RATE (1 000 updates/s) size it.

const SKUS = Number(process.env.BENCH_CACHE_SKUS ?? 100_000);
const LOCATIONS = 10;
const SECONDS = Number(process.env.BENCH_CACHE_SECONDS ?? 30);
const RATE = Number(process.env.BENCH_CACHE_RATE ?? 1_000);
const BATCH = 10;
const POLL_MS = 5;
const WRITE_EVERY = 10;
const TENANT = DEMO.b2c.instanceId;
const TG = DEMO.salesforce.tenantGroupId;
const BM = '/on/demandware.store/Sites-Site/default';
const SHOW = `${BM}/InventoryRecord-Show`;
const DATA = '/s/-/dw/data/v25_6';
const SCOPES = ['sfcc.inventory.availability', 'sfcc.inventory.availability.rw'];

/** `headers`: an Account Manager token naming the instance (a Business Manager sign-in) with OCI's scopes too. */
type Ctx = { emulator: Emulator; url: string; world: World; headers: Record<string, string>; agent: Agent };

export const ociCacheSuite: Suite = {
  name: 'oci-cache',
  description:
    `B2C's OCI cache of ${(SKUS * LOCATIONS).toLocaleString('en-US')} records (${SKUS.toLocaleString('en-US')} SKUs × ${LOCATIONS} lists), in-process, profile fast: ` +
    `full fill vs raw parse of its export; delta lag at ${RATE}/s for ${SECONDS}s vs the writes' latency; InventoryRecord-Show (random, writes mixed in) vs bare Express`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'oci-bench-cache-'));
    const started = performance.now();
    const emulator = await createEmulator({ store: 'memory', clock: 'real', profile: 'fast', fixtures: { name: 'demo', skus: SKUS, locations: LOCATIONS }, logger: silentLogger });
    const agent = new Agent({ keepAlive: true, maxSockets: 32 });
    try {
      const { url } = await emulator.listen(0, '127.0.0.1');
      console.log(`  in-process emulator, ${SKUS.toLocaleString('en-US')} SKUs × ${LOCATIONS} locations, listening after ${Math.round(performance.now() - started)} ms`);
      const world = generatedWorld(SKUS, LOCATIONS);
      const headers = { authorization: `Bearer ${await integrationToken(url, SCOPES)}` };
      const ocapi = { authorization: `Bearer ${await clientToken(url, DEMO.accountManager.ocapiClient, 'mail')}` };
      const deleted = await send(agent, url, 'DELETE', `${DATA}/inventory_lists/US-ONLINE`, ocapi);
      if (deleted.status >= 300) throw new Error(`deleting the list US-ONLINE answered ${deleted.status}: ${deleted.text}`);
      for (const id of world.locations) await json(agent, url, 'PUT', `${DATA}/inventory_lists/${id}`, ocapi, { description: `bench list of location ${id}` });
      const ctx: Ctx = { emulator, url, world, headers, agent };
      return { suite: 'oci-cache', cases: [await fillCase(ctx), await lagCase(ctx), await readCase(ctx, dir)] };
    } finally {
      agent.destroy();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

// ── 1. full fill ────────────────────────────────────────────────────────────────────────────────────────────────

async function fillCase(ctx: Ctx): Promise<MetricCase> {
  const rounds = benchConfig().rounds;
  const fills: { ms: number; exportMs: number; records: number; parseMs: number; parsed: number; heap: number }[] = [];
  const heap = () => ((globalThis as { gc?: () => void }).gc?.(), process.memoryUsage().heapUsed);
  for (let r = 1; r <= rounds; r++) {
    if (r > 1) await setMode(ctx, 'B2C');
    const before = heap();
    progress(`fill ${r}/${rounds}`);
    const fill = await fillOnce(ctx);
    const parse = await rawParse(fill.file);
    fills.push({ ...fill, parseMs: parse.ms, parsed: parse.records, heap: heap() - before });
    console.log(`  fill ${r}: ${Math.round(fill.ms)} ms (export completed after ${Math.round(fill.exportMs)} ms), ${fill.records.toLocaleString('en-US')} records; raw parse ${Math.round(parse.ms)} ms`);
  }
  const expected = SKUS * LOCATIONS;
  const rate = median(fills.map((f) => f.records / (f.ms / 1000)));
  const all = fills.every((f) => f.records === expected && f.parsed === expected);
  return {
    kind: 'metrics',
    name: `full fill of ${expected.toLocaleString('en-US')} records, median of ${rounds}: SetMode → every list complete, vs raw parse of the same export`,
    rows: [
      { label: 'records/s vs split + JSON.parse of the export file', emulator: rate, baseline: median(fills.map((f) => f.parsed / (f.parseMs / 1000))), digits: 0, target: { text: '≥ 200 000/s', met: rate >= 200_000 } },
      { label: 'ms (SetMode request → all complete) vs parse ms', emulator: median(fills.map((f) => f.ms)), baseline: median(fills.map((f) => f.parseMs)), digits: 0 },
      { label: 'ms until OCI completed the export (within the above)', emulator: median(fills.map((f) => f.exportMs)), digits: 0 },
      { label: 'heap bytes per cached record (after GC, before → after)', emulator: median(fills.map((f) => f.heap / f.records)), digits: 0 },
      { label: 'records cached vs record lines parsed (every round)', emulator: Math.min(...fills.map((f) => f.records)), baseline: Math.min(...fills.map((f) => f.parsed)), digits: 0, target: { text: `= ${expected.toLocaleString('en-US')}`, met: all } },
    ],
  };
}

async function fillOnce(ctx: Ctx): Promise<{ ms: number; exportMs: number; records: number; file: string }> {
  const cache = ctx.emulator.services.b2c!.ociCache;
  let [exportId, exportAt] = [undefined as string | undefined, 0];
  const unsubscribe = ctx.emulator.journal.subscribe((e) => {
    if (e.kind === 'event' && e.type === 'oci.impex.export.completed' && e.data.kind === 'availability') [exportId, exportAt] = [String(e.data.exportId), performance.now()];
  });
  const started = performance.now();
  try {
    await setMode(ctx, 'OCI_CACHE');
    for (;;) {
      const rows = cache.listStatus(TENANT);
      if (rows.length === LOCATIONS && rows.every((row) => row.status === 'complete')) break;
      if (rows.some((row) => row.status === 'error') || performance.now() - started > 300_000) throw new Error(`the cache did not fill: ${JSON.stringify(rows)}`);
      await sleep(POLL_MS);
    }
  } finally {
    unsubscribe();
  }
  const ms = performance.now() - started;
  if (!exportId) throw new Error('no availability export completed during the fill');
  return { ms, exportMs: exportAt - started, records: cache.count(TENANT), file: ctx.emulator.services.oci!.domain.exports.file(TG, 'availability', exportId) };
}

/** The export read as a bare client would: 1 MB chunks split on newlines, JSON.parse per line. */
// ── 2. delta lag ────────────────────────────────────────────────────────────────────────────────────────────────

async function lagCase(ctx: Ctx): Promise<MetricCase> {
  const cache = ctx.emulator.services.b2c!.ociCache;
  const { world } = ctx;
  const pending = new Map<string, { sku: string; location: string; onHand: number; sentAt: number }>();
  const written = new Map<string, { sku: string; location: string }>();
  const [lags, latencies] = [[] as number[], [] as number[]];
  let [superseded, failed, requests] = [0, 0, 0];
  const watch = setInterval(() => {
    const now = performance.now();
    for (const [key, p] of pending) {
      if (cache.record(TENANT, p.location, p.sku)?.onHand === p.onHand) lags.push(now - p.sentAt), pending.delete(key);
    }
  }, POLL_MS);
  const gapMs = (1000 * BATCH) / RATE;
  const inflight = new Set<Promise<void>>();
  progress(`delta lag: ${RATE} updates/s for ${SECONDS}s`);
  const started = performance.now();
  try {
    for (let i = 0; started + i * gapMs < started + SECONDS * 1000; i++) {
      const wait = started + i * gapMs - performance.now();
      if (wait > 0) await sleep(wait);
      const sentAt = performance.now();
      // 10 distinct random SKUs at random locations, each under a new id, with random figures (as the availability suite writes).
      const { records } = randomAvailability.writeBody({ ...world });
      for (const r of records) {
        const key = `${r.location}\u0000${r.sku}`;
        const before = pending.get(key);
        if (before) superseded++;
        // A value the cache does not show (nor an earlier write on its way): the cache showing it means this write arrived.
        while (r.onHand === cache.record(TENANT, r.location, r.sku)?.onHand || r.onHand === before?.onHand) r.onHand = (r.onHand + 1) % 1000;
        pending.set(key, { sku: r.sku, location: r.location, onHand: r.onHand, sentAt });
        written.set(key, { sku: r.sku, location: r.location });
      }
      requests++;
      const p = send(ctx.agent, ctx.url, 'POST', BATCH_UPDATE, ctx.headers, JSON.stringify({ records })).then(
        (a) => void (a.status === 204 ? latencies.push(performance.now() - sentAt) : failed++),
        () => void failed++,
      );
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    const sendSeconds = (performance.now() - started) / 1000;
    await Promise.all(inflight);
    for (const drainFrom = performance.now(); pending.size > 0 && performance.now() - drainFrom < 10_000; ) await sleep(POLL_MS);
    const unseen = pending.size;
    clearInterval(watch);
    await caughtUp(ctx);
    const mismatches = await compareWithOci(ctx, [...written.values()]);
    const sent = requests * BATCH;
    const p99 = percentile(lags, 0.99);
    return {
      kind: 'metrics',
      name: `delta lag: ${sent.toLocaleString('en-US')} updates (${requests.toLocaleString('en-US')} batch-updates of ${BATCH}) in ${sendSeconds.toFixed(1)} s; lag = send → cache shows it (polled every ${POLL_MS} ms; the streams poll every 250 ms), baseline = the same write's send → 204`,
      rows: [
        { label: 'updates/s sent', emulator: sent / sendSeconds, digits: 0, target: { text: `≥ ${Math.round(RATE * 0.95)}/s, all 204`, met: sent / sendSeconds >= RATE * 0.95 && failed === 0 } },
        { label: 'lag p50 ms vs write latency p50', emulator: percentile(lags, 0.5), baseline: percentile(latencies, 0.5), digits: 0 },
        { label: 'lag p99 ms vs write latency p99', emulator: p99, baseline: percentile(latencies, 0.99), digits: 0, target: { text: '≤ 1 000 ms', met: p99 <= 1000 && unseen === 0 } },
        { label: 'lag max ms vs write latency max', emulator: max(lags), baseline: max(latencies), digits: 0 },
        { label: 'updates never shown (10 s after the last answer)', emulator: unseen, digits: 0, target: { text: '0', met: unseen === 0 } },
        { label: 'updates overwritten while on their way (not timed)', emulator: superseded, digits: 0 },
        { label: `cache ≠ OCI after catch-up (of ${written.size.toLocaleString('en-US')} records written)`, emulator: mismatches, digits: 0, target: { text: '0', met: mismatches === 0 } },
      ],
    };
  } finally {
    clearInterval(watch);
  }
}

/** What the last run wrote has reached the cache. */
const caughtUp = (ctx: Ctx) => cacheCaughtUp(ctx.emulator, TENANT);

/** Every written record's cached figures against get-availability's, 100 SKUs of one location per request. */
async function compareWithOci(ctx: Ctx, records: { sku: string; location: string }[]): Promise<number> {
  const cache = ctx.emulator.services.b2c!.ociCache;
  const byLocation = new Map<string, string[]>();
  for (const r of records) byLocation.set(r.location, byLocation.get(r.location) ?? []).get(r.location)!.push(r.sku);
  let mismatches = 0;
  for (const [location, skus] of byLocation) {
    for (let i = 0; i < skus.length; i += 100) {
      const query = { skus: skus.slice(i, i + 100), locations: [location] };
      const answer = (await json(ctx.agent, ctx.url, 'POST', GET_AVAILABILITY, ctx.headers, query)) as { locations?: { records: Record<string, number | string>[] }[] };
      const oci = new Map((answer.locations?.[0]?.records ?? []).map((r) => [r.sku, r]));
      for (const [o, c] of query.skus.map((sku) => [oci.get(sku), cache.record(TENANT, location, sku)] as const)) {
        if (!o || !c || o.onHand !== c.onHand || o.ato !== c.ato || o.atf !== c.atf || o.safetyStockCount !== c.safetyStock || o.reserved !== c.reserved) mismatches++;
      }
    }
  }
  return mismatches;
}

// ── 3. record-view reads ────────────────────────────────────────────────────────────────────────────────────────

/** autocannon's setupRequest (CommonJS, `require`d in its worker): a random list and SKU, or the availability suite's write. */
const SHOW_REQUESTS = `const random = require(${JSON.stringify(RANDOM_REQUESTS)});
const pick = (k) => Math.floor(Math.random() * k);
module.exports = function setupRequest(req, w) {
  if (req.kind === 'write') req.body = JSON.stringify(random.writeBody(w));
  else req.path = w.show + '?listId=' + w.locations[pick(w.locations.length)] + '&productId=SKU-' + String(pick(w.skus) + 1).padStart(w.skuWidth, '0');
  return req;
};
`;

async function readCase(ctx: Ctx, dir: string): Promise<CaseResult> {
  const module = join(dir, 'show-requests.cjs');
  writeFileSync(module, SHOW_REQUESTS);
  const { world, url } = ctx;
  const headers = { ...ctx.headers, 'content-type': 'application/json' };
  const { sku, location: list } = randomAvailability.writeBody({ ...world }).records[0]!;
  const showSpec = { method: 'GET', path: `${SHOW}?listId=${list}&productId=${sku}`, headers };
  const shown = await sendOnce(url, showSpec);
  const page = JSON.parse(shown.body.toString('utf8')) as { oci?: { oci?: { onHand?: number } } | null };
  if (shown.status !== 200 || page.oci?.oci?.onHand !== ctx.emulator.services.b2c!.ociCache.record(TENANT, list, sku)?.onHand) {
    throw new Error(`InventoryRecord-Show answered ${shown.status} without the cached record: ${shown.body.toString('utf8').slice(0, 300)}`);
  }
  const writeSpec = { method: 'POST', path: BATCH_UPDATE, headers, body: JSON.stringify({ records: [{ id: 'bench-show-capture', sku, location: list, onHand: 7, safetyStockCount: 0 }] }) };
  const wrote = await sendOnce(url, writeSpec);
  if (wrote.status !== 204) throw new Error(`batch-update answered ${wrote.status}: ${wrote.body.toString('utf8')}`);
  const baseline = await startBaseline([{ method: 'GET', path: SHOW, captured: shown }, { method: 'POST', path: BATCH_UPDATE, captured: wrote }]);
  try {
    assertSameWire(shown, await sendOnce(baseline.url, showSpec), 'the baseline (InventoryRecord-Show)');
    assertSameWire(wrote, await sendOnce(baseline.url, writeSpec), 'the baseline (batch-update)');
    const show = { kind: 'show', method: 'GET', path: SHOW };
    const cycle = [...Array<typeof show>(WRITE_EVERY - 1).fill(show), { kind: 'write', method: 'POST', path: BATCH_UPDATE }];
    const spec: GeneratedLoad = { module, context: { ...world, show: SHOW }, headers, cycle };
    const name = `InventoryRecord-Show, random list and SKU, every ${WRITE_EVERY}th a ${BATCH}-record batch-update to OCI`;
    // The emulator settles once its streams have caught up with what the last run wrote.
    const targets = [{ label: 'emulator' as const, url, settle: () => caughtUp(ctx) }, { label: 'baseline' as const, url: baseline.url }];
    const measured = await measureRounds(name, targets, spec, benchConfig().connections);
    const writes = measured.emulator.statusCodes['204'] ?? 0;
    return {
      name,
      emulator: measured.emulator,
      baseline: measured.baseline,
      rounds: measured.rounds,
      ...measured.load,
      responseBytes: shown.body.length,
      targets: { minRateRatio: 0.7 },
      checks: [{ label: "batch-updates (204) among the emulator's answers", value: `${writes.toLocaleString('en-US')} of ${measured.emulator.total.toLocaleString('en-US')}`, met: Math.abs(writes / measured.emulator.total - 1 / WRITE_EVERY) <= 0.02 }],
    };
  } finally {
    await baseline.close();
  }
}

async function setMode(ctx: Ctx, mode: 'OCI_CACHE' | 'B2C'): Promise<void> {
  await json(ctx.agent, ctx.url, 'POST', `${BM}/OCIIntegration-SetMode`, ctx.headers, { mode });
}
