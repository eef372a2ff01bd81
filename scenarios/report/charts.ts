import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { availabilitySpec, byCauseSpec, overTimeSpec, type Domain } from './chart-specs.js';
import { toMillis } from './escape.js';
import { estimateTextWidth } from './text-width.js';
import type { AvailabilitySeries, RunReport } from './model.js';

// Renders a run's charts to SVG strings in Node (Vega's headless 'none' renderer: no canvas, no fonts), so the HTML
// page carries them inline and needs no script. The same run gives the same bytes.

// Text is sized by the same estimate on every machine (text-width.ts says why). Vega supports replacing
// textMetrics.width (vl-convert does the same); its typings do not declare textMetrics.
(vega as unknown as { textMetrics: { width: typeof estimateTextWidth } }).textMetrics.width = estimateTextWidth;

export interface Chart {
  title: string;
  /** One sentence saying what the chart shows, also the SVG's aria-label. */
  description: string;
  svg: string;
}

export interface AvailabilityChart extends Chart {
  sku: string;
  place: string;
  /** Oversold units of the run's orders for this SKU at this place. */
  oversoldUnits: number;
}

export interface RunCharts {
  /** One per availability series shown, in the report's order. */
  availability: AvailabilityChart[];
  /** Series not drawn because the run has more than `MAX_SERIES`. */
  seriesLeftOut: number;
  /** Absent when nothing was oversold. */
  byCause?: Chart;
  overTime?: Chart;
}

export const MAX_SERIES = 6;

export interface ChartOptions {
  /** Prefix of the SVG ids, unique within the page. */
  idPrefix?: string;
  /** The time axis; the run's own span by default. A comparison gives every run the same one. */
  timeDomain?: Domain;
  /** The units axis of a SKU at a place; a comparison gives the same series the same axis in every run. */
  unitRange?: (series: AvailabilitySeries) => [number, number] | undefined;
}

/**
 * The series worth a chart when a run has too many: the most oversold units at that SKU and place first, then the
 * most samples below zero. The kept ones stay in the report's order, which already puts the affected SKUs first.
 */
export function pickSeries(run: RunReport, max = MAX_SERIES): { shown: AvailabilitySeries[]; leftOut: number } {
  if (run.series.length <= max) return { shown: run.series, leftOut: 0 };
  const oversold = oversoldBySeries(run);
  const scored = run.series.map((s, index) => ({
    index,
    units: oversold(s),
    below: s.samples.filter((x) => x.physical < 0).length,
  }));
  const kept = new Set(
    [...scored]
      .sort((a, b) => b.units - a.units || b.below - a.below || a.index - b.index)
      .slice(0, max)
      .map((s) => s.index),
  );
  return { shown: run.series.filter((_, i) => kept.has(i)), leftOut: run.series.length - kept.size };
}

/** Oversold units per SKU and place, from the run's oversold orders. */
export function oversoldBySeries(run: RunReport): (s: { sku: string; place: string }) => number {
  const units = new Map<string, number>();
  for (const o of run.oversell.timeline) {
    const key = JSON.stringify([o.sku, o.place]);
    units.set(key, (units.get(key) ?? 0) + o.oversold);
  }
  return (s) => units.get(JSON.stringify([s.sku, s.place])) ?? 0;
}

/** Axes shared by the runs of a comparison, so that the columns can be compared at a glance. */
export function sharedAxes(runs: RunReport[]): Omit<ChartOptions, 'idPrefix'> {
  const domains = runs.map(runDomain).filter((d): d is Domain => d !== undefined);
  const ranges = new Map<string, [number, number]>();
  for (const s of runs.flatMap((r) => r.series)) {
    const key = JSON.stringify([s.sku, s.place]);
    let [lo, hi] = ranges.get(key) ?? [0, 0];
    for (const x of s.samples) {
      lo = Math.min(lo, x.physical, x.oci, x.b2c);
      hi = Math.max(hi, x.physical, x.oci, x.b2c);
    }
    ranges.set(key, [lo, hi]);
  }
  return {
    ...(domains.length > 0 ? { timeDomain: { lo: Math.min(...domains.map((d) => d.lo)), hi: Math.max(...domains.map((d) => d.hi)) } } : {}),
    unitRange: (s) => ranges.get(JSON.stringify([s.sku, s.place])),
  };
}

/** The run's time span: its samples and oversold orders (setup moments long before would squash the charts). */
export function runDomain(run: RunReport): Domain | undefined {
  const times = [
    ...run.series.flatMap((s) => s.samples.map((x) => toMillis(x.at))),
    ...run.oversell.timeline.map((o) => toMillis(o.at)),
  ].filter((t): t is number => t !== undefined);
  if (times.length === 0) times.push(...run.moments.map((m) => toMillis(m.at)).filter((t): t is number => t !== undefined));
  if (times.length === 0) return undefined;
  // A loop, not Math.min(...times): a long run has more samples than a call can take arguments.
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of times) {
    lo = Math.min(lo, t);
    hi = Math.max(hi, t);
  }
  // A single instant still needs a width to draw on.
  return hi > lo ? { lo, hi } : { lo: lo - 60_000, hi: hi + 60_000 };
}

/** Compiles and renders one Vega-Lite spec; `idPrefix` keeps the SVG's ids unique within the page. */
export async function renderSpec(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  // vega-lite types its output with its own copy of the Vega spec types; they describe the same JSON.
  const runtime = vega.parse(compile(spec).spec as vega.Spec);
  const view = new vega.View(runtime, { renderer: 'none' });
  try {
    return stableIds(await view.toSVG(), idPrefix);
  } finally {
    view.finalize();
  }
}

/**
 * Vega numbers clip paths and gradients from counters global to the process, so ids depend on what was rendered
 * before, and several inline SVGs in one page would share `clip1`. Renumbered in order of appearance under the
 * chart's own prefix, they are unique in the page and the same on every render. The namespace declarations go too:
 * inline SVG in HTML does not need them, and the page then names no URL at all.
 */
export function stableIds(svg: string, idPrefix: string): string {
  const out = svg.replace(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" xmlns:xlink="http:\/\/www\.w3\.org\/1999\/xlink" /, '<svg ');
  // Only inside tags: text content cannot hold a `<` (Vega escapes it), so a label reading `url(#clip1)` stays as is.
  const ids = new Map<string, string>();
  for (const [tag] of out.matchAll(/<[^>]+>/g)) {
    const id = /\sid="([^"]+)"/.exec(tag)?.[1];
    if (id && !ids.has(id)) ids.set(id, `${idPrefix}-${ids.size + 1}`);
  }
  if (ids.size === 0) return out;
  return out.replace(/<[^>]+>/g, (tag) =>
    tag.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (whole, lead: string, id: string) => {
      const renamed = ids.get(id);
      return renamed ? `${lead}${renamed}` : whole;
    }),
  );
}

function seriesTitle(s: AvailabilitySeries): string {
  return `${s.sku} at ${s.place}`;
}

/** Every chart of one run, in page order (availability, by cause, over time). */
export async function renderCharts(run: RunReport, options: ChartOptions = {}): Promise<RunCharts> {
  const idPrefix = options.idPrefix ?? 'chart';
  const domain = options.timeDomain ?? runDomain(run);
  const { shown, leftOut } = pickSeries(run);
  const oversold = oversoldBySeries(run);
  const charts: RunCharts = { availability: [], seriesLeftOut: leftOut };
  if (domain === undefined) return charts;
  for (const [i, s] of shown.entries()) {
    const title = seriesTitle(s);
    const description = `Physical, OCI and B2C availability of ${title} over virtual time.`;
    const svg = await renderSpec(availabilitySpec(s, run.moments, domain, description, options.unitRange?.(s)), `${idPrefix}-a${i + 1}`);
    charts.availability.push({ title, description, svg, sku: s.sku, place: s.place, oversoldUnits: oversold(s) });
  }
  const causeSpec = byCauseSpec(run.oversell, 'Oversold units by cause.');
  if (causeSpec) {
    charts.byCause = { title: 'Oversold units by cause', description: 'Oversold units by cause.', svg: await renderSpec(causeSpec, `${idPrefix}-c`) };
  }
  const timeSpec = overTimeSpec(run.oversell, run.moments, domain, 'Cumulative oversold units over virtual time, by cause.');
  if (timeSpec) {
    charts.overTime = {
      title: 'Oversold units over time',
      description: 'Cumulative oversold units over virtual time, by cause.',
      svg: await renderSpec(timeSpec, `${idPrefix}-t`),
    };
  }
  return charts;
}
