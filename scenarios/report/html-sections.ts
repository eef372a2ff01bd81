import { CAUSE_COLORS, LAYERS } from './chart-specs.js';
import type { Chart, RunCharts } from './charts.js';
import { esc, formatDateTime, formatDuration, formatNumber, formatOffset, formatTime } from './escape.js';
import type { Moment, OversellCause, RunReport, ScenarioReport } from './model.js';

// The page's parts, each returning escaped HTML. Every string from the report goes through `esc`; numbers through
// formatNumber; chart SVGs are trusted (Vega escapes the text it draws).

export const ORDER_ROWS = 50;

const plural = (n: number, one: string, many = `${one}s`): string => `${formatNumber(n)} ${n === 1 ? one : many}`;

export function masthead(report: ScenarioReport): string {
  const { scenario } = report;
  const duration = formatDuration(report.startedAt, report.endedAt);
  // The end's date only when it differs from the start's.
  const end = formatTime(report.endedAt, report.startedAt) + (formatDateTime(report.endedAt).endsWith(' UTC') ? ' UTC' : '');
  return `<header>
<p class="kicker">Scenario report · OCI × B2C Commerce emulator</p>
<h1>${esc(scenario.title)}</h1>
<dl class="meta">
<div><dt>Scenario</dt><dd><code>${esc(scenario.name)}</code></dd></div>
<div><dt>Seed</dt><dd><code>${esc(scenario.seed)}</code></dd></div>
<div><dt>Virtual time</dt><dd>${esc(formatDateTime(report.startedAt))} → ${esc(end)}${duration ? ` (${esc(duration)})` : ''}</dd></div>
</dl>
<p class="lesson"><span class="lesson-tag">The lesson</span>${esc(scenario.lesson)}</p>
</header>`;
}

const SEQUENCE: Record<RunReport['sequence']['verdict'], { tone: string; text: string }> = {
  followed: { tone: 'ok', text: 'followed' },
  incomplete: { tone: 'warn', text: 'incomplete' },
  'not-followed': { tone: 'bad', text: 'not followed' },
};

function verdictCard(run: RunReport, titled: boolean): string {
  const units = run.oversell.oversoldUnits;
  const seq = SEQUENCE[run.sequence.verdict] ?? { tone: '', text: String(run.sequence.verdict) };
  return `<article class="card ${units > 0 ? 'bad' : 'ok'}">
${titled ? `<h2>${esc(run.title)}</h2>` : ''}
<div class="big"><span class="num">${formatNumber(units)}</span><span class="unit">${units === 1 ? 'unit' : 'units'} oversold</span></div>
<dl class="stats">
<div><dt>Oversold orders</dt><dd>${formatNumber(run.oversell.oversoldOrders)} of ${formatNumber(run.oversell.orders)}</dd></div>
<div><dt>Orders placed / refused</dt><dd>${formatNumber(run.orders.placed)} / ${formatNumber(run.orders.refused)}</dd></div>
<div><dt>Units ordered</dt><dd>${formatNumber(run.orders.units)}</dd></div>
<div><dt>Setup sequence</dt><dd><span class="badge ${seq.tone}">${esc(seq.text)}</span></dd></div>
</dl>
</article>`;
}

export function verdictStrip(report: ScenarioReport): string {
  const cards = report.runs.map((run) => verdictCard(run, report.runs.length > 1));
  const held = report.expectations.filter((e) => e.held).length;
  if (report.expectations.length > 0) {
    const items = report.expectations.map((e) =>
      e.held
        ? `<li><span class="mark held" aria-label="held">✓</span><span>${esc(e.text)}</span></li>`
        : `<li><span class="mark not-held" aria-label="not held">✗</span><span>${esc(e.text)}</span></li>`,
    );
    const tone = held === report.expectations.length ? 'ok' : 'bad';
    cards.push(`<article class="card expectations">
<h2>Expectations <span class="badge ${tone}">${formatNumber(held)} of ${formatNumber(report.expectations.length)} held</span></h2>
<ul>${items.join('')}</ul>
</article>`);
  }
  return `<section class="verdict" aria-label="Verdict">\n${cards.join('\n')}\n</section>`;
}

function figure(chart: Chart, sub = ''): string {
  return `<figure><figcaption>${esc(chart.title)}${sub}</figcaption>${chart.svg}</figure>`;
}

function availabilityBlock(charts: RunCharts): string {
  const figs = charts.availability.map((chart) => {
    const units = chart.oversoldUnits;
    const sub = units > 0 ? ` <span class="sub bad">· ${plural(units, 'unit')} oversold</span>` : ' <span class="sub">· nothing oversold</span>';
    return figure(chart, sub);
  });
  const legend = `<div class="legend" aria-hidden="true">${LAYERS.map(
    (l) => `<span><i class="${l.dash.length ? 'dashed' : ''}" style="border-color:${l.color}"></i>${esc(l.label)}</span>`,
  ).join('')}<span><i class="zone" style="background:#fff0f0"></i>below zero: oversold</span><span><i class="zone" style="background:#fff3bf"></i>outage</span></div>`;
  const body = figs.length > 0 ? `${legend}<div class="figs">${figs.join('')}</div>` : '<p class="note">No availability was sampled in this run.</p>';
  const more = charts.seriesLeftOut > 0
    ? `<p class="note">And ${plural(charts.seriesLeftOut, 'more series', 'more series')} not drawn: only the ${charts.availability.length} most oversold are shown.</p>`
    : '';
  return `<section class="block"><h3>Availability: physical vs OCI vs B2C</h3>${body}${more}</section>`;
}

function nothingOversold(): string {
  return '<p class="none"><span class="mark held" aria-hidden="true">✓</span>Nothing was oversold</p>';
}

function causeBlock(run: RunReport, charts: RunCharts): string {
  const causes = run.oversell.byCause.filter((c) => c.units > 0 || c.orders > 0);
  if (run.oversell.oversoldUnits <= 0 && causes.length === 0) return `<section class="block half"><h3>Oversold by cause</h3>${nothingOversold()}</section>`;
  // Longest first, as in the chart next to it.
  const rows = [...causes].sort((a, b) => b.units - a.units).map(
    (c) => `<tr><td><span class="swatch" style="background:${CAUSE_COLORS[c.cause] ?? '#868e96'}"></span>${esc(c.label)}</td><td class="n">${formatNumber(c.units)}</td><td class="n">${formatNumber(c.orders)}</td></tr>`,
  );
  const table = `<table><thead><tr><th>Cause</th><th class="n">Units</th><th class="n">Orders</th></tr></thead><tbody>${rows.join('')}</tbody>
<tfoot><tr><td>Total oversold</td><td class="n">${formatNumber(run.oversell.oversoldUnits)}</td><td class="n">${formatNumber(run.oversell.oversoldOrders)}</td></tr></tfoot></table>`;
  const chart = charts.byCause ? `<figure>${charts.byCause.svg}</figure>` : '';
  return `<section class="block half"><h3>Oversold by cause</h3><div class="pair">${chart}${table}</div></section>`;
}

function overTimeBlock(charts: RunCharts): string {
  return `<section class="block half"><h3>Oversold over time</h3>${charts.overTime ? `<div class="figs">${figure({ ...charts.overTime, title: 'Cumulative oversold units, by cause' })}</div>` : nothingOversold()}</section>`;
}

const KEY_MOMENTS = new Set<Moment['kind']>(['switch', 'turn-off', 'import', 'imports-stopped', 'flash-sale']);

function momentsBlock(run: RunReport, start: string): string {
  if (run.moments.length === 0) return '<section class="block"><h3>Moments that matter</h3><p class="note">No moments recorded.</p></section>';
  const items = run.moments.map((m) => {
    const cls = m.kind.startsWith('outage') ? 'outage' : KEY_MOMENTS.has(m.kind) ? 'key' : '';
    return `<li${cls ? ` class="${cls}"` : ''}><span class="when">${esc(formatTime(m.at, start))}</span><span class="off">${esc(formatOffset(m.at, start))}</span><span class="badge">${esc(m.kind)}</span> ${esc(m.label)}</li>`;
  });
  return `<section class="block"><h3>Moments that matter</h3><ol class="moments">${items.join('')}</ol></section>`;
}

function ordersBlock(run: RunReport, start: string): string {
  const timeline = run.oversell.timeline;
  if (timeline.length === 0) return `<section class="block"><h3>Oversold orders</h3><p class="note">No order was oversold.</p></section>`;
  const labels = new Map(run.oversell.byCause.map((c) => [c.cause, c.label]));
  const rows = timeline.slice(0, ORDER_ROWS).map((o) => {
    const causes = (Object.entries(o.causes) as [OversellCause, number][])
      .filter(([, n]) => n > 0)
      .map(([c, n]) => `${esc(labels.get(c) ?? c)} (${formatNumber(n)})`)
      .join('<br>');
    return `<tr><td class="t">${esc(formatTime(o.at, start))}</td><td><code>${esc(o.orderRef)}</code><br><span class="note">${esc(o.source)}</span></td><td><code>${esc(o.sku)}</code><br><span class="note">${esc(o.place)}</span></td><td class="n">${formatNumber(o.quantity)}</td><td class="n bad">${formatNumber(o.oversold)}</td><td>${causes}</td></tr>`;
  });
  const more = timeline.length > ORDER_ROWS ? `<p class="more">… and ${formatNumber(timeline.length - ORDER_ROWS)} more oversold orders.</p>` : '';
  return `<section class="block"><h3>Oversold orders</h3><div class="scroll"><table><thead><tr><th>Time</th><th>Order</th><th>SKU / place</th><th class="n">Qty</th><th class="n">Oversold</th><th>Causes</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${more}</section>`;
}

function statusTone(status: string): string {
  const s = status.toLowerCase().replace(/[-_]+/g, ' ').trim();
  if (s === 'done' || s === 'ok' || s === 'followed') return 'ok';
  if (s === 'not done' || s === 'pending' || s === 'skipped') return 'warn';
  return 'bad';
}

function sequenceBlock(run: RunReport): string {
  const { verdict, steps } = run.sequence;
  const seq = SEQUENCE[verdict] ?? { tone: '', text: String(verdict) };
  const rows = steps.map(
    (s) => `<tr><td class="id"><code>${esc(s.step)}</code></td><td>${esc(s.title)}</td><td><span class="badge ${statusTone(s.status)}">${esc(s.status)}</span></td><td>${esc(s.note ?? '')}</td></tr>`,
  );
  const table = steps.length > 0
    ? `<div class="scroll"><table><thead><tr><th>Step</th><th>Title</th><th>Status</th><th>Note</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`
    : '<p class="note">No steps recorded.</p>';
  return `<section class="block"><h3>Setup sequence <span class="badge ${seq.tone}">${esc(seq.text)}</span></h3>${table}</section>`;
}

function narrativeBlock(run: RunReport, start: string): string {
  const items = run.narrative.map((n) => `<li><span class="mono note">${esc(formatTime(n.at, start))}</span><span>${esc(n.text)}</span></li>`);
  return `<section class="block"><details><summary>Narrative (${plural(run.narrative.length, 'line')})</summary><ol class="narrative">${items.join('')}</ol></details></section>`;
}

/** One run's column; always the same eight rows, so that two columns line up section by section (CSS subgrid). */
export function runColumn(run: RunReport, charts: RunCharts, index: number, report: ScenarioReport): string {
  const start = report.startedAt;
  return `<section class="run" aria-labelledby="run-${index + 1}">
<h2 class="run-head" id="run-${index + 1}">${esc(run.title)}<small>${esc(run.name)}</small></h2>
${availabilityBlock(charts)}
${causeBlock(run, charts)}
${overTimeBlock(charts)}
${momentsBlock(run, start)}
${ordersBlock(run, start)}
${sequenceBlock(run)}
${narrativeBlock(run, start)}
</section>`;
}
