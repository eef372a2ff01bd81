import type { TopLevelSpec } from 'vega-lite';
import { momentLayers, PLOT_WIDTH, xTime, type Domain } from './chart-moments.js';
import { toMillis } from './escape.js';
import type { AvailabilitySeries, Moment, OversellCause, OversellSummary } from './model.js';

// Vega-Lite specs for the report's charts. Times go in as epoch milliseconds on UTC scales, never as date
// strings: Vega parses and labels dates in the local time zone otherwise, and the same report must give the same
// bytes on every machine. Everything the specs need (label rows, cumulative sums) is computed here rather than in
// Vega transforms, which keeps the specs small and the rendering fast. The moments' layers are in chart-moments.ts.

export { PLOT_WIDTH, type Domain } from './chart-moments.js';

export const LAYERS = [
  { key: 'physical', label: 'Physical', color: '#212529', dash: [] as number[] },
  { key: 'oci', label: 'OCI', color: '#1c7ed6', dash: [] as number[] },
  { key: 'b2c', label: 'B2C', color: '#f76707', dash: [5, 3] },
] as const;

/**
 * Fixed per cause, so that a cause has the same color in every chart and in both columns of a comparison; reds
 * and purples, away from the layers' blue and orange.
 */
export const CAUSE_COLORS: Record<OversellCause, string> = {
  'stale-oci-data': '#c92a2a',
  'pos-lag-no-safety-stock': '#a61e4d',
  'cache-lag': '#e64980',
  'unexported-native-reservations': '#862e9c',
  'storefront-online-during-switch': '#5f3dc4',
  'turned-off-stale-native': '#9c6644',
  'oci-outage-capture': '#a47f00',
  'stale-native-data': '#495057',
};

export const FONT = 'sans-serif';

const CONFIG = {
  font: FONT,
  background: 'white',
  view: { stroke: null },
  axis: {
    labelColor: '#495057',
    titleColor: '#495057',
    titleFontWeight: 'normal',
    titleFontSize: 11,
    labelFontSize: 10,
    gridColor: '#eef0f3',
    domainColor: '#ced4da',
    tickColor: '#ced4da',
  },
  legend: { labelFontSize: 11, labelColor: '#343a40', titleFontSize: 11, titleFontWeight: 'normal', titleColor: '#495057' },
} as const;

/** Physical, OCI and B2C over time for one SKU at one place, with the run's moments. */
export function availabilitySpec(
  series: AvailabilitySeries,
  moments: Moment[],
  domain: Domain,
  description: string,
  /** The units axis to use (a comparison gives the same SKU the same axis in every run). */
  units?: [number, number],
): TopLevelSpec {
  const values: { t: number; layer: string; units: number }[] = [];
  let min = 0;
  for (const s of series.samples) {
    const t = toMillis(s.at);
    if (t === undefined) continue;
    for (const layer of LAYERS) {
      values.push({ t, layer: layer.label, units: s[layer.key] });
      min = Math.min(min, s[layer.key]);
    }
  }
  const { below, above } = momentLayers(moments, domain);
  // Below zero means orders were taken beyond the shelf: tinted, so that the oversell shows without reading axes.
  const negative = min < 0
    ? [{ data: { values: [{ y: 0, y2: min }] }, mark: { type: 'rect', color: '#fff0f0' }, encoding: { y: { field: 'y', type: 'quantitative' }, y2: { field: 'y2' } } }]
    : [];
  return {
    description,
    width: PLOT_WIDTH,
    height: 170,
    config: CONFIG,
    layer: [
      ...negative,
      ...below,
      { data: { values: [{ y: 0 }] }, mark: { type: 'rule', color: '#adb5bd' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      {
        data: { values },
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
        encoding: {
          x: xTime(domain),
          y: { field: 'units', type: 'quantitative', title: 'units', scale: units ? { domain: units, nice: true } : { nice: true }, axis: { tickMinStep: 1 } },
          color: { field: 'layer', type: 'nominal', legend: null, scale: { domain: LAYERS.map((l) => l.label), range: LAYERS.map((l) => l.color) } },
          strokeDash: { field: 'layer', type: 'nominal', legend: null, scale: { domain: LAYERS.map((l) => l.label), range: LAYERS.map((l) => l.dash) } },
        },
      },
      ...above,
    ],
    resolve: { scale: { y: 'shared' } },
  } as TopLevelSpec; // The layer array is assembled from plain objects; Vega-Lite validates it when compiling.
}

/** One horizontal bar per cause with oversold units, longest first, each labelled above its bar. */
export function byCauseSpec(oversell: OversellSummary, description: string): TopLevelSpec | undefined {
  const values = oversell.byCause
    .filter((c) => c.units > 0)
    .map((c, index) => ({ cause: c.cause, label: c.label, units: c.units, index }))
    .sort((a, b) => b.units - a.units || a.index - b.index);
  if (values.length === 0) return undefined;
  // Labels above the bars rather than on an axis: cause labels are long and an axis would truncate them.
  const y = { field: 'index', type: 'ordinal', sort: null, axis: null, scale: { paddingInner: 0, paddingOuter: 0 } };
  return {
    description,
    width: 300,
    height: { step: 36 },
    config: CONFIG,
    data: { values },
    layer: [
      {
        mark: { type: 'text', align: 'left', baseline: 'top', dy: 3, fontSize: 12, color: '#212529' },
        encoding: { y: { ...y, bandPosition: 0 }, x: { value: 0 }, text: { field: 'label' } },
      },
      {
        mark: { type: 'bar', height: 11, yOffset: 8, cornerRadiusEnd: 2 },
        encoding: {
          y,
          x: { field: 'units', type: 'quantitative', title: 'oversold units', axis: { tickMinStep: 1, grid: false } },
          color: causeColor(values, null),
        },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 5, yOffset: 8, fontSize: 12, fontWeight: 'bold', color: '#212529' },
        encoding: { y, x: { field: 'units', type: 'quantitative' }, text: { field: 'units' } },
      },
    ],
  } as TopLevelSpec; // Assembled from plain objects; Vega-Lite validates it when compiling.
}

/**
 * Colored by the label rather than the cause id so that legends read the label without a label expression: user
 * text never goes into a Vega expression.
 */
function causeColor(causes: { cause: OversellCause; label: string }[], legend: object | null): object {
  const first = new Map<string, OversellCause>();
  for (const c of causes) if (!first.has(c.label)) first.set(c.label, c.cause);
  const domain = [...first.keys()];
  return { field: 'label', type: 'nominal', legend, scale: { domain, range: domain.map((l) => CAUSE_COLORS[first.get(l)!] ?? '#868e96') } };
}

/** Cumulative oversold units over time, stacked by cause, stepping at each oversold order. */
export function overTimeSpec(oversell: OversellSummary, moments: Moment[], domain: Domain, description: string): TopLevelSpec | undefined {
  const events = oversell.timeline
    .map((o) => ({ t: toMillis(o.at), causes: o.causes }))
    .filter((o): o is { t: number; causes: OversellSummary['timeline'][number]['causes'] } => o.t !== undefined)
    .sort((a, b) => a.t - b.t);
  const labels = new Map(oversell.byCause.map((c) => [c.cause, c.label]));
  const causes = [...new Set(events.flatMap((e) => (Object.keys(e.causes) as OversellCause[]).filter((c) => (e.causes[c] ?? 0) > 0)))]
    .sort((a, b) => [...labels.keys()].indexOf(a) - [...labels.keys()].indexOf(b));
  if (causes.length === 0) return undefined;
  // Every cause needs a value at every step, or the stack would interpolate across the gaps.
  const times = [...new Set([domain.lo, ...events.map((e) => e.t), domain.hi])].sort((a, b) => a - b);
  const totals = new Map<OversellCause, number>(causes.map((c) => [c, 0]));
  const values: { t: number; label: string; order: number; units: number }[] = [];
  let next = 0;
  for (const t of times) {
    for (; next < events.length && events[next]!.t <= t; next++) {
      for (const c of causes) totals.set(c, (totals.get(c) ?? 0) + (events[next]!.causes[c] ?? 0));
    }
    causes.forEach((c, order) => values.push({ t, label: labels.get(c) ?? c, order, units: totals.get(c) ?? 0 }));
  }
  const { below, above } = momentLayers(moments, domain);
  const legend = { title: null, orient: 'bottom', direction: 'vertical', symbolType: 'square', labelLimit: 400 };
  return {
    description,
    width: PLOT_WIDTH,
    height: 140,
    config: CONFIG,
    layer: [
      ...below,
      {
        data: { values },
        mark: { type: 'area', interpolate: 'step-after', opacity: 0.85 },
        encoding: {
          x: xTime(domain),
          y: { field: 'units', type: 'quantitative', stack: 'zero', title: 'oversold units (cumulative)', axis: { tickMinStep: 1 } },
          color: causeColor(causes.map((c) => ({ cause: c, label: labels.get(c) ?? c })), legend),
          order: { field: 'order', type: 'quantitative' },
        },
      },
      ...above,
    ],
  } as TopLevelSpec;
}
