import { loadavg } from 'node:os';
import type { OversellView } from '../../emulator/oversell/accounting/views.js';
import type { PhysicalKind } from '../../emulator/oversell/physical/model.js';
import { monotonicUs, type Window } from './cpu-profile.js';
import { WINDOW_MS, type Batch, type Day, type Hour } from './trading-day-stream.js';

// The trading-day bench's replay of a day (bench/suites/trading-day.ts), shared by the HTTP run and the bare one so
// that both are timed the same way, phase by phase: the stock take, then per hour an import of the shelf and the
// hour's windows of events, each followed by a clock advance, and at the end the oversell report. A run says only
// how it applies, imports, advances and reports; the result it fills in and the progress lines are here too.

export interface Outcome {
  orders: number;
  units: number;
  oversoldOrders: number;
  oversoldUnits: number;
  byCause: Record<string, number>;
}

export interface RunResult {
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

/**
 * How one run does each step of the day. A step may answer synchronously (the bare replay's do, but for the clock):
 * the replay then goes on without a turn of the event loop, so the bare replay's batches, imports and clock advances
 * follow one another as directly as the calls they are.
 */
export interface DayRun {
  /** In the hourly progress lines: `HTTP`, `bare`. */
  label: string;
  /** In the closing progress line: `HTTP run`, `bare replay`. */
  name: string;
  /** Applies the batches, in order, tallying what was applied and refused in the result. */
  apply(batches: readonly Batch[]): void | Promise<void>;
  /** Imports the shelf at the top of hour `h`; how many records the import wrote. */
  importHour(h: number, hour: Hour): number | Promise<number>;
  advance(ms: number): Promise<unknown>;
  /** The oversell totals at the end of the day. */
  report(): Outcome | Promise<Outcome>;
}

export function emptyResult(): RunResult {
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

export function tally(r: RunResult, kind: PhysicalKind, applied: number, refused: number): void {
  r.applied[kind] = (r.applied[kind] ?? 0) + applied;
  r.refused[kind] = (r.refused[kind] ?? 0) + refused;
}

export function outcomeOf(view: Pick<OversellView, 'totals' | 'byCause'>): Outcome {
  return { ...view.totals, byCause: Object.fromEntries(view.byCause.map((c) => [c.cause, c.units])) };
}

/** Replays the day through `run`, filling in `r` (the one `run` tallies into) and printing a line an hour. */
export async function replayDay(day: Day, r: RunResult, run: DayRun): Promise<RunResult> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const stockTake = run.apply(day.countBatches);
  if (stockTake) await stockTake;
  r.phases.stockTakeMs = performance.now() - started;
  for (let h = 0; h < day.hours.length; h++) {
    const hour = day.hours[h]!;
    const hourStarted = performance.now();
    const importStarted = performance.now();
    const importFrom = monotonicUs();
    const imported = run.importHour(h, hour);
    r.importedRecords.push(typeof imported === 'number' ? imported : await imported);
    r.windows.imports.push({ fromUs: importFrom, toUs: monotonicUs() });
    const importMs = performance.now() - importStarted;
    r.importMs.push(importMs);
    r.phases.importsMs += importMs;

    let eventsMs = 0;
    let clockMs = 0;
    for (const window of hour.windows) {
      const t0 = performance.now();
      const from = monotonicUs();
      const applied = run.apply(window);
      if (applied) await applied;
      r.windows.events.push({ fromUs: from, toUs: monotonicUs() });
      const t1 = performance.now();
      await run.advance(WINDOW_MS);
      eventsMs += t1 - t0;
      clockMs += performance.now() - t1;
    }
    r.phases.eventsMs += eventsMs;
    r.phases.clockMs += clockMs;
    progress(hourLine(run.label, h, hour, r, importMs, eventsMs, clockMs, performance.now() - hourStarted, started));
  }
  const reportStarted = performance.now();
  const report = run.report();
  r.outcome = report instanceof Promise ? await report : report;
  const ended = performance.now();
  r.phases.reportMs = ended - reportStarted;
  r.wallMs = ended - started;
  r.cpuMs = cpuMs(process.cpuUsage(cpu));
  const reportSize = r.reportBytes === undefined ? '' : `the report ${fmt(Math.round(r.reportBytes / 1000))} kB; `;
  progress(`  ${run.name}: ${s(r.wallMs)} s (CPU ${s(r.cpuMs)} s); ${outcomeLine(r.outcome)}; ${reportSize}${load()}`);
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

// ── the progress lines ──────────────────────────────────────────────────────────────────────────────────────────

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
/** The machine's load: other processes on the 2 cores show in the wall time, not in this process's CPU time. */
export const load = () => `load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`;
export const progress = (line: string) => process.stderr.write(`${line}\n`);
export const ms = (n: number) => Math.round(n).toLocaleString('en-US');
const s = (n: number) => (n / 1000).toFixed(2);
export const fmt = (n: number) => n.toLocaleString('en-US');
