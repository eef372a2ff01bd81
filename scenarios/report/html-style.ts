// The page's only stylesheet, inlined: the report opens offline, from a mail attachment or a CI artifact. Color is
// kept for meaning (red: oversold or failed, green: held or done, amber: incomplete); the rest is greys.

export const CSS = `
:root {
  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  --ink: #1c1f23; --muted: #5c636a; --faint: #868e96; --line: #e3e6ea; --panel: #f7f8fa;
  --bad: #c92a2a; --bad-bg: #fff0f0; --bad-line: #ffc9c9;
  --ok: #2b8a3e; --ok-bg: #ebfbee; --ok-line: #b2f2bb;
  --warn: #b35900; --warn-bg: #fff8e6; --warn-line: #ffe08a;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #fff; color: var(--ink); font: 15px/1.5 var(--font); }
.page { max-width: 1320px; margin: 0 auto; padding: 32px 32px 48px; }
h1, h2, h3 { line-height: 1.25; margin: 0; font-weight: 650; }
h1 { font-size: 30px; letter-spacing: -0.01em; }
h2 { font-size: 20px; }
h3 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin-bottom: 10px; }
code, .mono { font-family: var(--mono); font-size: 0.92em; }
.kicker { margin: 0 0 6px; color: var(--faint); font-size: 13px; letter-spacing: 0.04em; text-transform: uppercase; }
.meta { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 12px 0 0; color: var(--muted); font-size: 14px; }
.meta div { display: flex; gap: 6px; }
.meta dt { color: var(--faint); }
.meta dd { margin: 0; color: var(--ink); }
.lesson { margin: 22px 0 0; padding: 16px 20px; border-left: 4px solid var(--ink); background: var(--panel);
  font-size: 18px; line-height: 1.55; max-width: 960px; border-radius: 0 6px 6px 0; }
.lesson-tag { display: block; font-size: 12px; font-weight: 650; letter-spacing: 0.08em; text-transform: uppercase;
  color: var(--muted); margin-bottom: 4px; }
.verdict { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 16px; margin: 28px 0 36px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; background: #fff; }
.card.bad { border-color: var(--bad-line); background: linear-gradient(var(--bad-bg), #fff 70%); }
.card.ok { border-color: var(--ok-line); background: linear-gradient(var(--ok-bg), #fff 70%); }
.card h2 { font-size: 15px; color: var(--muted); font-weight: 600; margin-bottom: 6px; }
.big { display: flex; align-items: baseline; gap: 10px; }
.big .num { font-size: 52px; font-weight: 700; line-height: 1; font-variant-numeric: tabular-nums; }
.bad .num { color: var(--bad); } .ok .num { color: var(--ok); }
.big .unit { font-size: 16px; color: var(--muted); }
.stats { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px 16px; margin: 14px 0 0; font-size: 14px; }
.stats dt { color: var(--faint); font-size: 12px; }
.stats dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
.expectations ul { list-style: none; margin: 0; padding: 0; font-size: 14px; }
.expectations li { display: flex; gap: 8px; padding: 4px 0; border-top: 1px solid var(--line); }
.expectations li:first-child { border-top: 0; }
.mark { flex: none; width: 20px; height: 20px; border-radius: 50%; display: inline-grid; place-items: center;
  font-size: 12px; font-weight: 700; color: #fff; margin-top: 1px; }
.mark.held { background: var(--ok); } .mark.not-held { background: var(--bad); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600;
  border: 1px solid var(--line); background: var(--panel); color: var(--muted); white-space: nowrap; }
.badge.ok { color: var(--ok); background: var(--ok-bg); border-color: var(--ok-line); }
.badge.bad { color: var(--bad); background: var(--bad-bg); border-color: var(--bad-line); }
.badge.warn { color: var(--warn); background: var(--warn-bg); border-color: var(--warn-line); }
.runs { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0 40px; }
.runs.two { grid-template-columns: repeat(2, minmax(0, 1fr)); }
.run { min-width: 0; }
.runs.two .run { display: grid; grid-template-rows: subgrid; grid-row: span 8; }
.runs.one .run { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); column-gap: 40px; }
.runs.one .run > * { grid-column: 1 / -1; }
.runs.one .run > .half { grid-column: auto; }
.run-head { border-bottom: 2px solid var(--ink); padding-bottom: 8px; margin-bottom: 18px; align-self: end; }
.run-head small { display: block; font-size: 13px; font-weight: 400; color: var(--faint); font-family: var(--mono); }
.block { margin-bottom: 30px; min-width: 0; }
.figs { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 520px), 1fr)); gap: 18px 24px; }
figure { margin: 0; min-width: 0; break-inside: avoid; }
figcaption { font-size: 14px; font-weight: 600; margin-bottom: 2px; overflow-wrap: anywhere; }
figcaption .sub { font-weight: 400; color: var(--muted); }
figcaption .sub.bad { color: var(--bad); font-weight: 600; }
figure svg { display: block; max-width: 100%; height: auto; }
figure svg text { font-family: var(--font); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 13px; color: var(--muted); margin: -4px 0 12px; }
.legend span { display: inline-flex; align-items: center; gap: 6px; }
.legend i { display: inline-block; width: 22px; height: 0; border-top: 3px solid; }
.legend i.dashed { border-top-style: dashed; }
.legend i.zone { height: 10px; border: 0; }
.pair { display: flex; flex-wrap: wrap; gap: 12px 28px; align-items: flex-start; }
.note { color: var(--muted); font-size: 14px; margin: 8px 0 0; }
.none { display: flex; gap: 10px; align-items: center; padding: 12px 14px; border-radius: 8px; font-weight: 600;
  color: var(--ok); background: var(--ok-bg); border: 1px solid var(--ok-line); }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; font-variant-numeric: tabular-nums; }
.pair table { width: auto; min-width: 280px; }
th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; border-bottom: 1px solid var(--line); padding: 6px 10px 6px 0; }
td { border-bottom: 1px solid var(--line); padding: 6px 10px 6px 0; vertical-align: top; overflow-wrap: anywhere; }
td.n, th.n { text-align: right; white-space: nowrap; }
td.t { white-space: nowrap; color: var(--muted); font-family: var(--mono); font-size: 12.5px; }
td.bad { color: var(--bad); font-weight: 700; }
td.id { white-space: nowrap; overflow-wrap: normal; }
tfoot td { font-weight: 700; border-bottom: 0; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.scroll { overflow-x: auto; }
.moments { list-style: none; margin: 0; padding: 0 0 0 14px; border-left: 2px solid var(--line); font-size: 14px; }
.moments li { position: relative; padding: 3px 0 7px 6px; }
.moments li::before { content: ""; position: absolute; left: -22px; top: 7px; width: 10px; height: 10px;
  border-radius: 50%; background: #fff; border: 2px solid var(--faint); }
.moments li.outage::before { border-color: var(--warn); background: var(--warn-bg); }
.moments li.key::before { border-color: var(--ink); background: var(--ink); }
.moments .when { font-family: var(--mono); font-size: 12.5px; color: var(--muted); margin-right: 8px; }
.moments .off { color: var(--faint); font-size: 12px; margin-right: 8px; }
.more { color: var(--muted); font-size: 13px; font-style: italic; padding-top: 8px; }
details { border: 1px solid var(--line); border-radius: 8px; padding: 0 14px; }
summary { cursor: pointer; padding: 10px 0; font-weight: 600; }
details[open] summary { border-bottom: 1px solid var(--line); }
.narrative { list-style: none; margin: 0; padding: 8px 0; font-size: 14px; }
.narrative li { display: grid; grid-template-columns: 84px 1fr; gap: 10px; padding: 3px 0; }
footer { margin-top: 16px; padding-top: 12px; border-top: 1px solid var(--line); color: var(--faint); font-size: 12.5px; }
@media (max-width: 1100px) {
  .runs.two { grid-template-columns: minmax(0, 1fr); }
  .runs.one .run, .runs.two .run { display: block; }
  .runs.two .run + .run { margin-top: 24px; }
}
@media (max-width: 640px) {
  .page { padding: 20px 16px 36px; }
  h1 { font-size: 24px; }
  .lesson { font-size: 16px; }
}
@media print {
  @page { margin: 14mm; }
  body { font-size: 11pt; }
  .page { max-width: none; padding: 0; }
  .runs.two { grid-template-columns: minmax(0, 1fr); }
  .runs.one .run, .runs.two .run { display: block; }
  .run + .run { break-before: page; }
  .card, .block, tr, .lesson { break-inside: avoid; }
  .card.bad, .card.ok { background: #fff; }
  details::details-content { content-visibility: visible; display: block; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
