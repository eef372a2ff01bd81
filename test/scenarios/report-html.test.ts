import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderCharts } from '../../scenarios/report/charts.js';
import { renderHtml } from '../../scenarios/report/html.js';
import type { AvailabilitySample, OversoldOrder, RunReport, ScenarioReport } from '../../scenarios/report/model.js';
import { launchBrowser, type ReportBrowser } from '../support/browser.js';

// The scenario HTML report is what a trainer opens in front of a room, often offline: it must be one file that
// renders without script or network, show the lesson, the verdict and every cause, escape what users typed, and
// come out byte for byte the same from the same report (CI compares runs with the same seed).

const T0 = Date.UTC(2025, 2, 1, 9, 0, 0);
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();
const EVIL_SKU = 'TEE-<b>&"\'-M';

/** Availability every 5 virtual minutes; `layers(m)` says what each layer believed at minute m. */
function samples(until: number, layers: (m: number) => Omit<AvailabilitySample, 'at'>): AvailabilitySample[] {
  const out: AvailabilitySample[] = [];
  for (let m = 0; m <= until; m += 5) out.push({ at: at(m), ...layers(m) });
  return out;
}

function order(minute: number, ref: string, sku: string, place: string, quantity: number, causes: OversoldOrder['causes']): OversoldOrder {
  const oversold = Object.values(causes).reduce((a, b) => a + (b ?? 0), 0);
  return { at: at(minute), source: 'b2c:RefArch', orderRef: ref, place, sku, quantity, oversold, causes };
}

const SEQUENCE_STEPS: RunReport['sequence']['steps'] = [
  { step: 'trust.requested', title: 'Request the OCI trust', status: 'done' },
  { step: 'locations.imported', title: 'Import locations and groups', status: 'done' },
  { step: 'inventory.imported', title: 'Full inventory import', status: 'done' },
  { step: 'storefront.offline', title: 'Take the storefront offline for the switch', status: 'not done', note: 'Orders kept coming during the switch.' },
  { step: 'oci.enabled', title: 'Switch the site to OCI', status: 'out of order', note: 'Switched before the delta import finished.' },
];

function cutoverReport(): ScenarioReport {
  const timeline = [
    order(42, 'ORD-00017', EVIL_SKU, 'warehouse-east', 3, { 'storefront-online-during-switch': 2 }),
    order(47, 'ORD-00021', EVIL_SKU, 'warehouse-east', 2, { 'storefront-online-during-switch': 1, 'cache-lag': 1 }),
    order(63, 'ORD-00030', 'MUG-001', 'store-boston', 4, { 'cache-lag': 3 }),
    order(88, 'ORD-00041', EVIL_SKU, 'warehouse-east', 1, { 'stale-oci-data': 1 }),
    order(96, 'ORD-00044', 'MUG-001', 'store-boston', 2, { 'stale-oci-data': 2 }),
  ];
  const main: RunReport = {
    name: 'main',
    title: 'Switch to OCI with the storefront online',
    moments: [
      { at: at(-30), kind: 'setup', label: 'Locations and groups imported' },
      { at: at(10), kind: 'import', label: 'Full inventory import' },
      { at: at(40), kind: 'switch', label: 'Site switched to OCI' },
      { at: at(60), kind: 'outage-start', label: 'OCI outage' },
      { at: at(75), kind: 'outage-end', label: 'OCI back' },
      { at: at(90), kind: 'flash-sale', label: 'Flash sale' },
    ],
    series: [
      { sku: EVIL_SKU, place: 'warehouse-east', samples: samples(120, (m) => ({ physical: 12 - Math.floor(m / 10), oci: m < 40 ? 12 : 12 - Math.floor((m - 40) / 15), b2c: m < 45 ? 12 : 9 })) },
      { sku: 'MUG-001', place: 'store-boston', samples: samples(120, (m) => ({ physical: 8 - Math.floor(m / 12), oci: 8 - Math.floor(m / 20), b2c: m < 60 ? 8 - Math.floor(m / 20) : 6 })) },
    ],
    orders: { placed: 48, refused: 3, units: 71 },
    oversell: {
      orders: 48,
      units: 71,
      oversoldOrders: 5,
      oversoldUnits: 10,
      byCause: [
        { cause: 'storefront-online-during-switch', label: 'Storefront online during the switch', units: 3, orders: 2 },
        { cause: 'cache-lag', label: 'B2C cache lag', units: 4, orders: 2 },
        { cause: 'stale-oci-data', label: 'Stale OCI data', units: 3, orders: 2 },
        { cause: 'oci-outage-capture', label: 'Captured during an OCI outage', units: 0, orders: 0 },
      ],
      timeline,
    },
    sequence: { verdict: 'not-followed', steps: SEQUENCE_STEPS },
    narrative: [
      { at: at(0), text: 'Shoppers start browsing; native inventory is the source of truth.' },
      { at: at(40), text: `The site switches to OCI while ${EVIL_SKU} is still selling.` },
      { at: at(60), text: 'OCI stops answering for 15 minutes; B2C keeps its cached ATS.' },
    ],
  };
  return {
    format: 1,
    scenario: {
      name: 'cutover-<online>',
      title: 'Cutover with the storefront online',
      lesson: 'Switching a site to OCI while it takes orders lets the storefront sell units OCI never reserved: take the storefront offline, switch, run a delta import, then reopen.',
      seed: 4242,
    },
    startedAt: at(-30),
    endedAt: at(120),
    runs: [main],
    expectations: [
      { text: 'Units are oversold while the storefront stays online', held: true },
      { text: 'Every oversold unit has a cause', held: true },
      { text: 'The sequence checker flags the switch', held: false },
    ],
  };
}

function posLagRun(withSafetyStock: boolean): RunReport {
  const oversold = withSafetyStock ? [] : [
    order(31, 'ORD-00012', 'SNEAKER-42', 'store-nyc', 2, { 'pos-lag-no-safety-stock': 1 }),
    order(38, 'ORD-00015', 'SNEAKER-42', 'store-nyc', 1, { 'pos-lag-no-safety-stock': 1 }),
    order(52, 'ORD-00019', 'SNEAKER-42', 'store-nyc', 3, { 'pos-lag-no-safety-stock': 3 }),
  ];
  const units = oversold.reduce((n, o) => n + o.oversold, 0);
  const safety = withSafetyStock ? 3 : 0;
  return {
    name: withSafetyStock ? 'with-safety-stock' : 'without-safety-stock',
    title: withSafetyStock ? 'With a safety stock of 3' : 'Without safety stock',
    moments: [
      { at: at(0), kind: 'import', label: 'Full import' },
      { at: at(25), kind: 'note', label: 'POS sales not yet reported' },
      { at: at(55), kind: 'import', label: 'POS delta import' },
    ],
    series: [
      { sku: 'SNEAKER-42', place: 'store-nyc', samples: samples(60, (m) => ({ physical: (withSafetyStock ? 4 : 4 - Math.floor(m / 15)) - (m >= 25 ? 3 : 0), oci: m < 55 ? 6 - safety : 0, b2c: m < 55 ? Math.max(6 - safety - Math.floor(m / 20), 0) : 0 })) },
      { sku: 'SNEAKER-43', place: 'store-nyc', samples: samples(60, (m) => ({ physical: 9 - Math.floor(m / 20), oci: 9 - safety - Math.floor(m / 30), b2c: 9 - safety - Math.floor(m / 30) })) },
    ],
    orders: { placed: withSafetyStock ? 9 : 12, refused: withSafetyStock ? 3 : 0, units: withSafetyStock ? 11 : 17 },
    oversell: {
      orders: withSafetyStock ? 9 : 12,
      units: withSafetyStock ? 11 : 17,
      oversoldOrders: oversold.length,
      oversoldUnits: units,
      byCause: [{ cause: 'pos-lag-no-safety-stock', label: 'POS lag without safety stock', units, orders: oversold.length }],
      timeline: oversold,
    },
    sequence: { verdict: withSafetyStock ? 'followed' : 'incomplete', steps: SEQUENCE_STEPS.slice(0, 3).concat(withSafetyStock ? [] : [{ step: 'safety-stock.set', title: 'Set a safety stock on store locations', status: 'not done' }]) },
    narrative: [{ at: at(25), text: 'Three pairs sold at the till; OCI hears of it at the next delta import.' }],
  };
}

function posLagReport(): ScenarioReport {
  return {
    format: 1,
    scenario: {
      name: 'pos-lag-safety-stock',
      title: 'POS lag: without vs with safety stock',
      lesson: 'Stores report till sales in batches, so OCI over-counts store stock between imports; a safety stock per location absorbs the lag.',
      seed: 7,
    },
    startedAt: at(0),
    endedAt: at(60),
    runs: [posLagRun(false), posLagRun(true)],
    expectations: [{ text: 'Safety stock removes the oversell', held: true }],
  };
}

/** A run with more series than the page draws: the oversold ones must be kept, in the report's order. */
function crowdedRun(): RunReport {
  const run = posLagRun(false);
  const flat = (sku: string) => ({ sku, place: 'store-nyc', samples: samples(60, () => ({ physical: 5, oci: 5, b2c: 5 })) });
  run.series = [flat('SOCK-1'), flat('SOCK-2'), flat('SOCK-3'), flat('SOCK-4'), flat('SOCK-5'), run.series[0]!, flat('SOCK-6'), flat('SOCK-7')];
  return run;
}

const REMOTE = /\b(?:src|href|xlink:href|action|poster|srcset)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?\/\//i;

/** Renders with console.warn watched: a Vega-Lite warning means a chart spec is wrong. */
async function render(report: ScenarioReport): Promise<{ html: string; warnings: unknown[][] }> {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    const html = await renderHtml(report);
    return { html, warnings: warn.mock.calls };
  } finally {
    warn.mockRestore();
  }
}

describe('the scenario HTML report', () => {
  const cutover = cutoverReport();
  const posLag = posLagReport();
  let cutoverHtml: string;
  let posLagHtml: string;

  beforeAll(async () => {
    const a = await render(cutover);
    const b = await render(posLag);
    expect([...a.warnings, ...b.warnings]).toEqual([]);
    cutoverHtml = a.html;
    posLagHtml = b.html;
  });

  it('is one self-contained page: no script, nothing remote, the lesson and the title in it', () => {
    for (const [report, html] of [[cutover, cutoverHtml], [posLag, posLagHtml]] as const) {
      expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
      expect(html).toContain('<meta charset="utf-8">');
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(REMOTE);
      expect(html).not.toMatch(/@import|url\(\s*["']?(?!#)/i);
      expect(html).not.toMatch(/https?:\/\//);
      expect(html).toContain(report.scenario.lesson);
      const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size, 'every id in the page is unique (inline SVGs share one document)').toBe(ids.length);
    }
  });

  it('shows the verdict, every cause with its units, and the expectations', () => {
    expect(cutoverHtml).toMatch(/<span class="num">10<\/span><span class="unit">units oversold/);
    expect(cutoverHtml).toContain('<span class="badge bad">not followed</span>');
    expect(cutoverHtml).toMatch(/2 of 3 held/);
    expect(cutoverHtml).toMatch(/<span class="mark not-held"[^>]*>✗<\/span><span>The sequence checker flags the switch</);
    for (const cause of cutover.runs[0]!.oversell.byCause.filter((c) => c.units > 0)) {
      expect(cutoverHtml).toMatch(new RegExp(`</span>${cause.label}</td><td class="n">${cause.units}</td><td class="n">${cause.orders}</td>`));
      expect(cutoverHtml, 'labelled in the bar chart').toMatch(new RegExp(`<text[^>]*>${cause.label}</text>`));
    }
    expect(cutoverHtml, 'a cause with no oversold unit has no bar and no row').not.toContain('Captured during an OCI outage');
    expect(posLagHtml).toMatch(/<span class="num">5<\/span>[\s\S]*<span class="num">0<\/span>/);
    expect(posLagHtml).toContain('Nothing was oversold');
    expect(posLagHtml).toContain('<span class="badge warn">incomplete</span>');
  });

  it('escapes what users typed', () => {
    expect(cutoverHtml).not.toContain(EVIL_SKU);
    expect(cutoverHtml).not.toContain('<b>');
    expect(cutoverHtml).not.toContain('<online>');
    expect(cutoverHtml).toContain('TEE-&lt;b&gt;&amp;&quot;&#39;-M at warehouse-east');
    expect(cutoverHtml).toContain('<code>cutover-&lt;online&gt;</code>');
  });

  it('gives the same bytes for the same report, whatever the machine time zone', async () => {
    expect((await render(cutover)).html).toBe(cutoverHtml);
    const saved = process.env['TZ'];
    process.env['TZ'] = 'Pacific/Chatham';
    try {
      expect((await render(posLag)).html).toBe(posLagHtml);
    } finally {
      if (saved === undefined) delete process.env['TZ'];
      else process.env['TZ'] = saved;
    }
  });

  it('draws no cause chart when nothing was oversold', async () => {
    const run = posLag.runs[1]!;
    expect(run.oversell.timeline).toEqual([]);
    const charts = await renderCharts(run);
    expect(charts.byCause).toBeUndefined();
    expect(charts.overTime).toBeUndefined();
    expect(charts.availability.map((c) => c.title)).toEqual(['SNEAKER-42 at store-nyc', 'SNEAKER-43 at store-nyc']);
  });

  it('draws at most six series (the oversold one kept, in the report order) and lists at most 50 oversold orders', async () => {
    const charts = await renderCharts(crowdedRun());
    expect(charts.availability.map((c) => c.sku)).toEqual(['SOCK-1', 'SOCK-2', 'SOCK-3', 'SOCK-4', 'SOCK-5', 'SNEAKER-42']);
    expect(charts.seriesLeftOut).toBe(2);
    // 18 × 3 oversold orders: the table shows 50 of them.
    const run = crowdedRun();
    run.oversell.timeline = Array.from({ length: 18 }, () => run.oversell.timeline).flat();
    const { html } = await render({ ...posLag, runs: [run] });
    expect(html).toContain('And 2 more series not drawn');
    expect(html.match(/<td class="n bad">/g)).toHaveLength(50);
    expect(html).toContain('… and 4 more oversold orders.');
  });

  describe('in a headless browser', () => {
    let browser: ReportBrowser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(() => browser?.close());

    it.each([
      ['the single run', () => cutoverHtml, () => cutover, 4],
      ['the comparison', () => posLagHtml, () => posLag, 6],
    ])('renders %s with its charts, offline and without errors', async (_, html, report, charts) => {
      const page = await browser.open(html());
      try {
        expect(page.title).toBe(`${report().scenario.title} — scenario report`);
        expect(page.svgCount).toBe(charts);
        expect(page.svgShapes.every((n) => n > 0), `shapes per svg: ${page.svgShapes.join(', ')}`).toBe(true);
        expect(page.consoleErrors).toEqual([]);
        expect(page.pageErrors).toEqual([]);
        expect(page.externalRequests).toEqual([]);
        expect(page.text).toContain(report().scenario.lesson);
        expect(await page.page.locator('b').count(), 'user text is never markup').toBe(0);
        const runs: { top: number; left: number; right: number }[] = await page.page
          .locator('.run')
          .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
        if (runs.length === 2) {
          expect(runs[0]!.top, 'two runs side by side').toBe(runs[1]!.top);
          expect(runs[1]!.left).toBeGreaterThan(runs[0]!.right);
        }
      } finally {
        await page.close();
      }
    });

    it('shows user text as text', async () => {
      const page = await browser.open(cutoverHtml);
      try {
        expect(page.text).toContain(`${EVIL_SKU} at warehouse-east`);
        expect(page.text).toContain('cutover-<online>');
      } finally {
        await page.close();
      }
    });

    it('notices a page that is not self-contained (the check above can fail)', async () => {
      const page = await browser.open('<!DOCTYPE html><title>x</title><img src="https://example.invalid/a.png"><img src="b.png">');
      try {
        expect([...page.externalRequests].sort()).toEqual([expect.stringMatching(/^file:.*\/b\.png$/), 'https://example.invalid/a.png']);
      } finally {
        await page.close();
      }
    });
  });
});
