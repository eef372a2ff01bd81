import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type ReportBrowser } from '../../test/support/browser.js';
import { scenarioNamed } from '../catalog/index.js';
import { renderHtml } from '../report/html.js';
import type { ScenarioReport } from '../report/model.js';
import { runScenario } from '../kit/runner.js';
import { EXPECTED_SEED } from '../kit/scenario.js';

// Every catalog scenario runs in CI: twice with the same seed (the JSON must be byte-identical), finding exactly
// the oversold units per cause it expects, with a report page a headless browser renders with its charts and no
// console error. The catalog is split over a few files so that vitest runs them side by side.

export const TEST_SEED = EXPECTED_SEED;

export function checkScenarios(names: readonly string[]): void {
  let browser: ReportBrowser;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(() => browser?.close());

  for (const name of names) {
    describe(name, () => {
      const scenario = scenarioNamed(name)!;
      const reports: ScenarioReport[] = [];
      const jsons: string[] = [];

      it('is in the catalog with a lesson', () => {
        expect(scenario, `no scenario ${name}`).toBeDefined();
        expect(scenario.lesson.length).toBeGreaterThan(100);
      });

      it('gives the same JSON twice with the same seed', async () => {
        for (let i = 0; i < 2; i++) {
          const { report, json } = await runScenario(scenario, { seed: TEST_SEED });
          reports.push(report);
          jsons.push(json);
        }
        expect(jsons[1]).toBe(jsons[0]);
      }, 120_000);

      it('finds the oversold units per cause it expects', () => {
        const report = reports[0]!;
        for (const e of scenario.expected) {
          const run = report.runs.find((r) => r.name === e.run)!;
          const found = Object.fromEntries(run.oversell.byCause.map((c) => [c.cause, c.units]));
          expect(found, `${name} / ${e.run}`).toEqual(Object.fromEntries(Object.entries(e.oversold).filter(([, n]) => n > 0)));
          if (e.verdict) expect(run.sequence.verdict, `${name} / ${e.run}: sequence verdict`).toBe(e.verdict);
        }
        expect(report.expectations.every((x) => x.held), JSON.stringify(report.expectations)).toBe(true);
        // The accounting's own arithmetic: every oversold unit has exactly one cause.
        for (const run of report.runs) {
          const byTimeline = run.oversell.timeline.reduce((n, t) => n + Object.values(t.causes).reduce((a, b) => a + (b ?? 0), 0), 0);
          expect(byTimeline).toBeCloseTo(run.oversell.oversoldUnits, 6);
          expect(run.oversell.byCause.reduce((n, c) => n + c.units, 0)).toBeCloseTo(run.oversell.oversoldUnits, 6);
        }
      });

      it('renders a self-contained report a browser shows with its charts', async () => {
        const html = await renderHtml(reports[0]!);
        expect(html).not.toMatch(/<script/i);
        const page = await browser.open(html);
        try {
          expect(page.title).toContain(scenario.title);
          const charts = reports[0]!.runs.reduce((n, r) => n + Math.min(r.series.length, 6) + (r.oversell.oversoldUnits > 0 ? 2 : 0), 0);
          expect(page.svgCount).toBeGreaterThanOrEqual(charts);
          expect(page.svgShapes.every((n) => n > 0)).toBe(true);
          expect(page.consoleErrors).toEqual([]);
          expect(page.pageErrors).toEqual([]);
          expect(page.externalRequests).toEqual([]);
          expect(page.text).toContain(scenario.lesson.slice(0, 60));
        } finally {
          await page.close();
        }
      }, 60_000);
    });
  }
}
