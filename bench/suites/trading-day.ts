import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImpexClient } from '../../emulator/cli/impex-client.js';
import { createLogger } from '../../emulator/core/log.js';
import { createEmulator, type Emulator } from '../../emulator/index.js';
import { printProfiles, profileRequest, type Window } from '../support/cpu-profile.js';
import { profileThisThread } from '../support/thread-profile.js';
import { bareRun } from '../support/trading-day-bare.js';
import { httpRun, readWorld, tokenRequest } from '../support/trading-day-http.js';
import { fmt, load, ms, progress, type Outcome, type RunResult } from '../support/trading-day-replay.js';
import { generateDay, HOURS, LOCATIONS, ORDERS, SALES, SEED, SKUS, START, type Day } from '../support/trading-day-stream.js';
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
//
// The pieces, in bench/support/: trading-day-stream.ts (the day and the client's shelf model), trading-day-http.ts
// (the emulator run), trading-day-bare.ts (the baseline), trading-day-replay.ts (the hour-by-hour loop both share).

const TARGET_S = 10;
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
