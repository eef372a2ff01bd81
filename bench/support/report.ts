import type { CaseResult, Measurement, MetricCase, SuiteResult, Targets } from './types.js';

// Plain-text tables: each emulator figure beside its baseline, the ratio emulator / baseline and, when the case
// has targets, the target ratio with PASS or MISS. For req/s higher is better (ratio < 1 is the emulator's
// overhead); for latency lower is better.

type Row = [string, string, string, string, string, string, string];
const HEAD: Row = ['suite', 'case', 'metric', 'emulator', 'baseline', 'ratio', 'target'];

export function formatResults(results: SuiteResult[]): string {
  const rows: Row[] = [];
  for (const r of results) for (const c of r.cases) rows.push(...('kind' in c ? metricRows(r.suite, c) : caseRows(r.suite, c)));
  return table(rows);
}

function metricRows(suite: string, c: MetricCase): Row[] {
  return c.rows.map((row, i) => [
    i === 0 ? suite : '',
    i === 0 ? c.name : '',
    row.label,
    num(row.emulator, row.digits),
    row.baseline !== undefined ? num(row.baseline, row.digits) : '–',
    row.baseline !== undefined ? ratio(row.emulator, row.baseline) : '–',
    row.target ? `${row.target.text} ${row.target.met ? 'PASS' : 'MISS'}` : '',
  ]);
}

function caseRows(suite: string, c: CaseResult): Row[] {
  const e = c.emulator;
  const b = c.baseline;
  const t = c.targets;
  const metric = (label: string, pick: (m: Measurement) => number, digits: number, target = ''): [string, string, string, string, string] => [
    label,
    num(pick(e), digits),
    b ? num(pick(b), digits) : '–',
    b ? ratio(pick(e), pick(b)) : '–',
    target,
  ];
  const faults = (m: Measurement) => `${m.errors} / ${m.non2xx}`;
  const lines: Array<[string, string, string, string, string]> = [
    metric('req/s mean', (m) => m.requestsPerSec, 1, rateVerdict(e, b, t)),
    metric('latency p50 ms', (m) => m.p50Ms, 0),
    metric('latency p99 ms', (m) => m.p99Ms, 0, t?.maxP99Ratio !== undefined && b ? verdict('≤', t.maxP99Ratio, e.p99Ms <= t.maxP99Ratio * b.p99Ms) : ''),
    metric(c.busy === 'process-cpu' ? 'server process CPU µs/req' : 'server busy µs/req', (m) => m.busyUsPerRequest, 0, ''),
    ['errors / non-2xx', faults(e), b ? faults(b) : '–', '', e.errors > 0 || (b?.errors ?? 0) > 0 ? 'none MISS (timeouts or connection errors)' : ''],
    ['requests', num(e.total, 0), b ? num(b.total, 0) : '–', '', ''],
  ];
  // The baseline replays the captured bytes, so one figure stands for both.
  if (c.responseBytes !== undefined) lines.push(['response bytes', num(c.responseBytes, 0), b ? num(c.responseBytes, 0) : '–', '', '']);
  for (const check of c.checks ?? []) lines.push([check.label, check.value, '–', '–', check.met ? 'PASS' : 'MISS']);
  const label = `${c.name} (${c.connections} conn, ${c.rounds ? `median of ${c.rounds} × ` : ''}${c.durationSec}s)`;
  return lines.map((l, i) => [i === 0 ? suite : '', i === 0 ? label : '', ...l]);
}

function rateVerdict(e: Measurement, b: Measurement | undefined, t: Targets | undefined): string {
  const parts: string[] = [];
  let met = true;
  if (t?.minRate !== undefined) {
    parts.push(`≥ ${num(t.minRate, 0)}/s`);
    met &&= e.requestsPerSec >= t.minRate;
  }
  if (t?.minRateRatio !== undefined && b) {
    parts.push(`≥ ${t.minRateRatio.toFixed(2)}×`);
    met &&= e.requestsPerSec / b.requestsPerSec >= t.minRateRatio;
  }
  return parts.length === 0 ? '' : `${parts.join(', ')} ${met ? 'PASS' : 'MISS'}`;
}

function verdict(op: '≥' | '≤', target: number, met: boolean): string {
  return `${op} ${target.toFixed(2)}× ${met ? 'PASS' : 'MISS'}`;
}

function num(n: number, digits: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ratio(emulator: number, baseline: number): string {
  // autocannon floors latency to whole ms, so a fast baseline can read 0.
  if (baseline === 0) return emulator === 0 ? '1.00×' : 'n/a';
  const r = emulator / baseline;
  return `${r < 0.1 ? r.toFixed(3) : r.toFixed(2)}×`;
}

function table(rows: Row[]): string {
  const all = [HEAD, ...rows];
  const widths = HEAD.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  // Text columns left, figures right.
  const cell = (text: string, i: number) => (i < 3 || i === 6 ? text.padEnd(widths[i]!) : text.padStart(widths[i]!));
  const line = (r: Row) => r.map(cell).join('  ').trimEnd();
  return [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
