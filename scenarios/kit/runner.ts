import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Emulator } from '../../emulator/index.js';
import { renderHtml } from '../report/html.js';
import type { RunReport, ScenarioReport, SequenceSummary } from '../report/model.js';
import { Control } from './control.js';
import { Guide } from './guide.js';
import { Http } from './http.js';
import type { Scenario, ScenarioRun } from './scenario.js';
import { Shop } from './shop.js';
import { Story } from './story.js';
import { readWorld, Tokens, type WorldFacts } from './world.js';
import { expectationsOf } from './expectations.js';

// Runs a scenario: each of its runs against a fresh in-process emulator (started on a free loopback port and
// driven over HTTP like any client), or against a running one (`url`), whose world is then replaced by the run's
// fixture. The report's JSON holds virtual times only, so the same seed gives the same bytes.

/** Every run starts at the same virtual instant: a Monday, 06:00 UTC. */
export const SCENARIO_START = '2026-03-02T06:00:00.000Z';

export interface RunOptions {
  seed: number;
  /** A running emulator to drive instead of an in-process one. */
  url?: string;
  adminToken?: string;
  /** Where `<name>.json` and `<name>.html` are written; none: nothing is written. */
  reportDir?: string;
  /** Narrative lines as they are said; progress as it goes. */
  print?: (line: string) => void;
  progress?: (run: string, done: number, total: number) => void;
}

export interface RunResult {
  report: ScenarioReport;
  json: string;
  files?: { json: string; html: string };
}

export async function runScenario(scenario: Scenario, options: RunOptions): Promise<RunResult> {
  const runs: RunReport[] = [];
  for (const run of scenario.runs) runs.push(await runOne(scenario, run, options));
  const report: ScenarioReport = {
    format: 1,
    scenario: { name: scenario.name, title: scenario.title, lesson: scenario.lesson, seed: options.seed },
    startedAt: SCENARIO_START,
    endedAt: runs.map((r) => r.narrative.at(-1)?.at ?? SCENARIO_START).sort().at(-1)!,
    runs,
    expectations: expectationsOf(scenario, runs, options.seed),
  };
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (!options.reportDir) return { report, json };
  await mkdir(options.reportDir, { recursive: true });
  const files = { json: join(options.reportDir, `${scenario.name}.json`), html: join(options.reportDir, `${scenario.name}.html`) };
  await writeFile(files.json, json);
  await writeFile(files.html, await renderHtml(report));
  return { report, json, files };
}

async function runOne(scenario: Scenario, run: ScenarioRun, options: RunOptions): Promise<RunReport> {
  let emulator: Emulator | undefined;
  let baseUrl = options.url;
  if (!baseUrl) {
    // Loaded only for an in-process run: `scenario list` and runs against a URL do not pay the emulator's start-up.
    const [{ createEmulator }, { createLogger }] = await Promise.all([import('../../emulator/index.js'), import('../../emulator/core/log.js')]);
    emulator = await createEmulator({ fixtures: run.fixture, seed: options.seed, clock: { mode: 'frozen', start: SCENARIO_START }, profile: 'fast', logger: createLogger('error') });
    baseUrl = (await emulator.listen(0, '127.0.0.1')).url;
  }
  try {
    const http = new Http(baseUrl.replace(/\/+$/, ''), options.adminToken);
    const control = new Control(http);
    if (options.url) await control.loadFixture(run.fixture, options.seed);
    await control.enforcement(run.enforcement ?? 'strict');
    await control.startClock(SCENARIO_START);
    let world: WorldFacts = await readWorld(http);
    const tokens = new Tokens(http, () => world, () => control.now);
    const guide = new Guide(http, tokens, control, () => world);
    const shop = new Shop(http, tokens, () => world);
    const story = new Story({
      http,
      control,
      guide,
      shop,
      tokens,
      world: () => world,
      refreshWorld: async () => {
        world = await readWorld(http);
      },
      seed: options.seed,
      // The runs of a scenario draw the same stream: side by side they meet the same shoppers and the same till.
      streamName: scenario.name,
      print: options.print ?? (() => {}),
      progress: (done, total) => options.progress?.(run.name, done, total),
    });
    if (scenario.runs.length > 1) story.say(`— ${run.title} —`);
    await run.story(story);
    await story.sample();
    const oversell = await control.oversell();
    return {
      name: run.name,
      title: run.title,
      moments: story.moments,
      series: story.series,
      orders: story.orders,
      oversell: {
        orders: oversell.totals.orders,
        units: oversell.totals.units,
        oversoldOrders: oversell.totals.oversoldOrders,
        oversoldUnits: oversell.totals.oversoldUnits,
        byCause: oversell.byCause.map((c: { cause: string; label: string; units: number; orders: number }) => ({ cause: c.cause, label: c.label, units: c.units, orders: c.orders })),
        timeline: oversell.timeline.map((t: Record<string, unknown>) => ({ at: t.at, source: t.source, orderRef: t.orderRef, place: t.place, sku: t.sku, quantity: t.quantity, oversold: t.oversold, causes: t.causes })),
      },
      sequence: sequenceSummary(await control.sequence(world.instanceId)),
      narrative: story.narrative,
    };
  } finally {
    await emulator?.close();
  }
}

function sequenceSummary(report: { verdict: SequenceSummary['verdict']; integrations: { steps: { step: string; title: string; status: string; byFixture?: boolean; outOfOrder?: { missing: string[] }; refused?: { count: number; missing: string[] }; against: { code: string }[] }[] }[] }): SequenceSummary {
  const steps = report.integrations[0]?.steps ?? [];
  return {
    verdict: report.verdict,
    steps: steps.map((s) => {
      const notes = [
        s.byFixture ? 'done by the fixture' : '',
        s.outOfOrder ? `out of order: ${s.outOfOrder.missing.join(', ')} not done before` : '',
        s.refused ? `refused ${s.refused.count}× (needed ${s.refused.missing.join(', ')})` : '',
        s.against.length > 0 ? `against ${s.against.map((a) => a.code).join(', ')}` : '',
      ].filter(Boolean);
      return { step: s.step, title: s.title, status: s.status, ...(notes.length > 0 ? { note: notes.join('; ') } : {}) };
    }),
  };
}
