import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderCharts } from '../../scenarios/report/charts.js';
import { renderHtml } from '../../scenarios/report/html.js';
import type { ScenarioReport } from '../../scenarios/report/model.js';
import { launchBrowser, type ReportBrowser } from '../support/browser.js';
import { at, EVIL_SKU, order, cutoverReport, posLagReport, crowdedRun } from './sample-reports.js';

// The scenario HTML report is what a trainer opens in front of a room, often offline: it must be one file that
// renders without script or network, show the lesson, the verdict and every cause, escape what users typed, and
// come out byte for byte the same from the same report (CI compares runs with the same seed).

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
