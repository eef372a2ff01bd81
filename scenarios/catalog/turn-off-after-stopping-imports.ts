import { defineScenario, type ScenarioRun } from '../kit/scenario.js';
import { activate, stockTake } from '../kit/playbook.js';
import type { Story } from '../kit/story.js';

// imports-stopped vs imports-kept-running: the team switches to Omnichannel Inventory on Monday morning, trades
// through OCI for a day and a half, then hits a serious issue and turns the integration off on Tuesday afternoon.
// B2C falls back to its native records: last written before the switch when the direct imports were stopped.

const SKUS = ['SKU-0016', 'SKU-0017'];
const WAREHOUSE = 'WH-EAST';
/** US-ONLINE's other members hold none of these SKUs: every unit is at WH-EAST. */
const EMPTY = ['WH-WEST', 'STORE-BOS'];
const LIST = 'US-ONLINE';
const ON_HAND = 18;
const OPEN = 9 * 60;
const CLOSE = 21 * 60;
const TURN_OFF = 14 * 60;
const STEP = 30;

function story(importsKeepRunning: boolean): (s: Story) => Promise<void> {
  return async (s) => {
    s.say(`Stock take at ${WAREHOUSE}: ${ON_HAND} of each of ${SKUS.length} SKUs, none elsewhere; OCI is told.`);
    await stock(s);
    // The direct feed the team has run for years: the warehouse's free units into B2C's own records.
    await directImport(s);
    s.moment('import', 'Direct import into B2C');
    s.say(`The direct import writes B2C's native records for ${LIST}: ${ON_HAND} of each.`);
    await activate(s, { retentionDays: 30 });
    for (const sku of SKUS) s.track(sku, LIST);
    if (importsKeepRunning) s.say('The direct imports keep running every hour: in Omnichannel Inventory mode they still write the native records, which nobody reads for now.');
    else {
      s.moment('imports-stopped', 'Direct imports stopped');
      s.say('The direct imports are stopped: OCI serves availability now, so they look redundant. Retention is 30 days, so the native records stay.');
    }
    await s.sample();

    let mode: 'OCI' | 'B2C' = 'OCI';
    const sold = { oci: { placed: 0, refused: 0 }, native: { placed: 0, refused: 0 } };
    const totalSteps = ((CLOSE - OPEN) / STEP) * 2;
    let done = 0;
    for (const day of [0, 1]) {
      await s.until(OPEN);
      for (let minute = OPEN; minute < CLOSE; minute += STEP) {
        if (minute % 60 === 0) {
          // The integration's hourly feed to OCI (the shelves as the warehouse counts them), and the direct import.
          await s.feedShelves(SKUS, [WAREHOUSE, ...EMPTY]);
          if (importsKeepRunning) await directImport(s);
          // Every two hours while in OCI mode; every hour once it is turned off.
          if (mode === 'B2C' || minute % 120 === 0) await s.sample();
        }
        if (day === 1 && minute === TURN_OFF) {
          s.say('Tuesday: the team hits a serious issue with the integration and turns Omnichannel Inventory off, with the storefront offline for the switch.');
          await s.guide.siteStatus('maintenance');
          await s.guide.setMode('B2C');
          await s.guide.siteStatus('online');
          s.moment('turn-off', 'Integration turned off');
          mode = 'B2C';
          await s.sample();
          const shown = s.series.map((x) => `${x.samples.at(-1)!.b2c} of ${x.sku}`);
          const free = s.series.map((x) => x.samples.at(-1)!.physical);
          s.say(`B2C reads its native records again: it offers ${shown.join(', ')}; the warehouse has ${free.join(', ')} of them unpromised.`);
        }
        if (s.rng.next() < 0.7) {
          const outcome = await s.buy(s.rng.pick(SKUS), s.rng.int(1, 2));
          const tally = mode === 'OCI' ? sold.oci : sold.native;
          if (outcome.placed) tally.placed++;
          else tally.refused++;
        }
        s.progress(++done, totalSteps);
        await s.minutes(STEP);
      }
      if (day === 0) s.say(`Monday closes: ${sold.oci.placed} orders reserved in OCI${sold.oci.refused > 0 ? `, ${sold.oci.refused} refused where OCI had nothing left` : ''}.`);
    }
    const short = (await s.control.cells({ location: WAREHOUSE })).filter((c) => SKUS.includes(c.sku)).reduce((n, c) => n + Math.max(0, -c.free), 0);
    s.say(
      `Tuesday closes: since the turn-off B2C took ${sold.native.placed} orders on its native records and refused ${sold.native.refused}` +
        (short > 0 ? `; the warehouse is promised ${short} units more than it holds.` : '; every order is covered by the shelves.'),
    );
  };
}

/** The stock take and its first feed to OCI: everything at the warehouse. */
async function stock(s: Story): Promise<void> {
  await stockTake(s, SKUS.flatMap((sku) => [{ location: WAREHOUSE, sku, onHand: ON_HAND }, ...EMPTY.map((location) => ({ location, sku, onHand: 0 }))]));
}

/** The direct import: each SKU's units at the warehouse that no order has claimed yet, as B2C's allocation. */
async function directImport(s: Story): Promise<void> {
  const cells = (await s.control.cells({ location: WAREHOUSE })).filter((c) => SKUS.includes(c.sku));
  await s.guide.directImport(
    LIST,
    cells.map((c) => ({ sku: c.sku, allocation: Math.max(0, c.free) })),
  );
}


const runs: ScenarioRun[] = [
  { name: 'imports-stopped', title: 'Direct imports stopped at the switch', fixture: 'demo', story: story(false) },
  { name: 'imports-kept-running', title: 'Direct imports kept running', fixture: 'demo', story: story(true) },
];

export default defineScenario({
  name: 'turn-off-after-stopping-imports',
  title: 'Turning the integration off after stopping the direct imports',
  lesson:
    'In Omnichannel Inventory mode B2C reads availability from OCI and ignores its own inventory records, so teams stop the direct imports that fed them. When a serious issue makes them turn the integration off, B2C reads those records again — last written before the switch, they still show the stock of that morning, and the storefront sells units that OCI-mode orders took since. Keep the direct imports running while the integration is on (they still write the native records in every mode), so that turning it off falls back to fresh figures.',
  runs,
  expected: [
    // Turned off, the instance is no longer in Omnichannel Inventory mode: the checker finds the guide's last steps undone.
    { run: 'imports-stopped', oversold: { 'turned-off-stale-native': 10 }, verdict: 'incomplete' },
    { run: 'imports-kept-running', oversold: {}, verdict: 'incomplete' },
  ],
});
