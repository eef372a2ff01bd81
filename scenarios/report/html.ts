import { renderCharts, sharedAxes, type RunCharts } from './charts.js';
import { esc, formatNumber } from './escape.js';
import { masthead, runColumn, verdictStrip } from './html-sections.js';
import { CSS } from './html-style.js';
import type { ScenarioReport } from './model.js';

// The scenario report as one self-contained HTML5 page: inline CSS and inline SVG, no script, no external resource,
// so that it opens offline and shows the same thing wherever it is opened. Rendering is deterministic (virtual
// times only, UTC, no locale, stable SVG ids): the same report gives the same bytes.

/** The page's <title>: what a trainer sees in the tab and the file picker. */
export function pageTitle(report: ScenarioReport): string {
  return `${report.scenario.title} — scenario report`;
}

export async function renderHtml(report: ScenarioReport): Promise<string> {
  // One run after the other: rendering is CPU-bound, running them together would gain nothing.
  const shared = report.runs.length > 1 ? sharedAxes(report.runs) : {};
  const charts: RunCharts[] = [];
  for (const [i, run] of report.runs.entries()) charts.push(await renderCharts(run, { ...shared, idPrefix: `r${i + 1}` }));
  const columns = report.runs.map((run, i) => runColumn(run, charts[i]!, i, report));
  const twoUp = report.runs.length === 2;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${esc(pageTitle(report))}</title>
<style>${CSS}</style>
</head>
<body>
<main class="page">
${masthead(report)}
${verdictStrip(report)}
<div class="runs ${twoUp ? 'two' : 'one'}">
${columns.join('\n')}
</div>
<footer>Report format ${esc(report.format)} · scenario <code>${esc(report.scenario.name)}</code> · seed ${esc(report.scenario.seed)} · ${formatNumber(report.runs.length)} ${report.runs.length === 1 ? 'run' : 'runs'} · all times are the emulator's virtual time, in UTC.</footer>
</main>
</body>
</html>
`;
}
