import { toMillis } from './escape.js';
import type { Moment } from './model.js';
import { estimateTextWidth } from './text-width.js';

// What every time chart of the report shares: the time axis, and the moments that matter drawn over it — rules with
// labels in up to three rows (the most important kinds first, a recurring moment labelled once) and outages shaded.

export const PLOT_WIDTH = 460;

/** The moments drawn as rules; the first ones in this list win a label when labels would overlap. */
const LABEL_PRIORITY: Moment['kind'][] = [
  'switch', 'outage-start', 'outage-end', 'turn-off', 'import', 'imports-stopped', 'flash-sale', 'setup', 'note',
];
const LABEL_ROWS = 3;
const LABEL_FONT_SIZE = 10;

export interface Domain {
  lo: number;
  hi: number;
}

interface MomentMark {
  t: number;
  /** Where the label starts: at the rule, or before it when it would run off the right edge. */
  lt: number;
  label: string;
  row: number;
}

/** Rules for every moment inside the domain, labels for as many as fit in three rows above the plot. */
function placeMoments(moments: Moment[], domain: Domain): { rules: { t: number }[]; labels: MomentMark[] } {
  const span = Math.max(domain.hi - domain.lo, 1);
  const px = (t: number): number => ((t - domain.lo) / span) * PLOT_WIDTH;
  const inside = moments
    .map((m, index) => ({ m, index, t: toMillis(m.at) }))
    .filter((x): x is { m: Moment; index: number; t: number } => x.t !== undefined && x.t >= domain.lo && x.t <= domain.hi);
  const byPriority = [...inside].sort(
    (a, b) => LABEL_PRIORITY.indexOf(a.m.kind) - LABEL_PRIORITY.indexOf(b.m.kind) || a.t - b.t || a.index - b.index,
  );
  const rows: [number, number][][] = Array.from({ length: LABEL_ROWS }, () => []);
  const labels: MomentMark[] = [];
  // A moment that recurs (an hourly feed) is labelled once: its other rules say the same thing.
  const labelled = new Set<string>();
  for (const { m, t } of byPriority) {
    if (labelled.has(m.label)) continue;
    const width = estimateTextWidth({ fontSize: LABEL_FONT_SIZE }, m.label) + 6;
    const start = px(t) + width > PLOT_WIDTH ? px(t) - width : px(t) + 3;
    const end = start + width;
    const row = rows.findIndex((used) => used.every(([a, b]) => end < a || start > b));
    if (row < 0) continue;
    rows[row]!.push([start, end]);
    labelled.add(m.label);
    labels.push({ t, lt: domain.lo + (start / PLOT_WIDTH) * span, label: m.label, row });
  }
  labels.sort((a, b) => a.t - b.t || a.row - b.row);
  return { rules: inside.map(({ t }) => ({ t })), labels };
}

/** Outage periods, shaded: each outage-start until the next outage-end (or the end of the chart). */
function outages(moments: Moment[], domain: Domain): { t: number; t2: number }[] {
  const spans: { t: number; t2: number }[] = [];
  let open: number | undefined;
  const sorted = moments
    .map((m) => ({ kind: m.kind, t: toMillis(m.at) }))
    .filter((m): m is { kind: Moment['kind']; t: number } => m.t !== undefined)
    .sort((a, b) => a.t - b.t);
  for (const m of sorted) {
    if (m.kind === 'outage-start' && open === undefined) open = m.t;
    if (m.kind === 'outage-end' && open !== undefined) {
      spans.push({ t: open, t2: m.t });
      open = undefined;
    }
  }
  if (open !== undefined) spans.push({ t: open, t2: domain.hi });
  return spans
    .map((s) => ({ t: Math.max(s.t, domain.lo), t2: Math.min(s.t2, domain.hi) }))
    .filter((s) => s.t2 > s.t);
}

/** Clock times within a day or two; dates beyond. */
const timeFormat = (domain: Domain): string => (domain.hi - domain.lo <= 2 * 86_400_000 ? '%H:%M' : '%b %d');

export const xTime = (domain: Domain) =>
  ({
    field: 't',
    type: 'temporal',
    title: null,
    scale: { type: 'utc', domain: [domain.lo, domain.hi] },
    axis: { format: timeFormat(domain), labelOverlap: true },
  }) as const;

/** Rects with x2 must not repeat the scale: Vega-Lite would see two different domains and warn (it is shared). */
export const xSpan = { field: 't', type: 'temporal' } as const;

/** The layers every time chart shares: outage shading below, moment rules and labels on top. */
export function momentLayers(moments: Moment[], domain: Domain): { below: object[]; above: object[] } {
  const { rules, labels } = placeMoments(moments, domain);
  const spans = outages(moments, domain);
  const below = spans.length
    ? [{ data: { values: spans }, mark: { type: 'rect', color: '#fff3bf', opacity: 0.7 }, encoding: { x: xSpan, x2: { field: 't2' } } }]
    : [];
  const above = rules.length
    ? [
        { data: { values: rules }, mark: { type: 'rule', color: '#868e96', strokeDash: [2, 3] }, encoding: { x: xTime(domain) } },
        ...(labels.length
          ? [{
              data: { values: labels.map((l) => ({ ...l, y: -4 - l.row * 12 })) },
              mark: { type: 'text', align: 'left', baseline: 'bottom', fontSize: LABEL_FONT_SIZE, color: '#495057' },
              encoding: {
                x: { ...xTime(domain), field: 'lt' },
                y: { field: 'y', type: 'quantitative', scale: null },
                text: { field: 'label' },
              },
            }]
          : []),
      ]
    : [];
  return { below, above };
}

