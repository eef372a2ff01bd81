import { defineScenario, type ScenarioRun } from '../kit/scenario.js';
import { activate, stockTake } from '../kit/playbook.js';
import type { Story } from '../kit/story.js';

// retention-0 vs retention-3-days: the team switches to Omnichannel Inventory on Monday, stops the direct imports,
// trades through OCI until Friday 13:00, then turns the integration off. What B2C falls back to is what Inventory
// Record Retention left of its native records: Monday's figures (0 keeps them forever), or nothing (3 days purged
// them on Thursday).

const SKUS = ['SKU-0019', 'SKU-0020'];
const WAREHOUSE = 'WH-EAST';
/** US-ONLINE's other members hold none of these SKUs: every unit is at WH-EAST. */
const EMPTY = ['WH-WEST', 'STORE-BOS'];
const LIST = 'US-ONLINE';
const ON_HAND = 30;
const OPEN = 9 * 60;
const CLOSE = 21 * 60;
const TURN_OFF = 13 * 60;
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

function story(retentionDays: number): (s: Story) => Promise<void> {
  return async (s) => {
    s.say(`Stock take at ${WAREHOUSE}: ${ON_HAND} of each of ${SKUS.join(' and ')}, none elsewhere; OCI is told.`);
    await stock(s);
    const cells = (await s.control.cells({ location: WAREHOUSE })).filter((c) => SKUS.includes(c.sku));
    await s.guide.directImport(LIST, cells.map((c) => ({ sku: c.sku, allocation: c.free })));
    s.moment('import', 'Last direct import into B2C');
    s.say(`The last direct import writes B2C's native records for ${LIST}: ${ON_HAND} of each.`);
    s.say(`Inventory Record Retention: ${retentionDays} days.`);
    await activate(s, { retentionDays });
    s.moment('imports-stopped', 'Direct imports stopped');
    s.say('The direct imports are stopped; the native records stay, unread, and are not written again.');
    for (const sku of SKUS) s.track(sku, LIST);
    await s.sample();

    // Monday to Friday 13:00 through OCI: orders reserve in OCI, and a feed tells OCI what the shelves hold.
    let turnedOff = false;
    const after = { placed: 0, refused: 0, refusedUnits: 0 };
    const totalSteps = 4 * ((CLOSE - OPEN) / 120) + (CLOSE - TURN_OFF) / 30 + (TURN_OFF - OPEN) / 120;
    let done = 0;
    for (const [day, name] of DAYS.entries()) {
      await s.until(OPEN);
      let minute = OPEN;
      while (minute < CLOSE) {
        if (!turnedOff && day === 4 && minute === TURN_OFF) {
          const purged = await purges(s);
          s.say(
            purged > 0
              ? `By now the retention job has deleted the ${purged} native records, not written for more than ${retentionDays} days.`
              : `The retention job has deleted nothing: a retention of 0 days keeps every native record, however old.`,
          );
          s.say(`${name}: a serious issue with the integration; the team turns Omnichannel Inventory off, with the storefront offline for the switch.`);
          await s.guide.siteStatus('maintenance');
          await s.guide.setMode('B2C');
          await s.guide.siteStatus('online');
          s.moment('turn-off', 'Integration turned off');
          turnedOff = true;
          await s.sample();
          const shown = s.series.map((x) => `${x.samples.at(-1)!.b2c} of ${x.sku}`).join(', ');
          const free = s.series.map((x) => x.samples.at(-1)!.physical).join(' and ');
          s.say(`B2C reads its native records again and offers ${shown}; the warehouse still holds ${free} unpromised.`);
        }
        if (minute % 120 === OPEN % 120 || turnedOff) {
          await s.feedShelves(SKUS, [WAREHOUSE, ...EMPTY]);
          if (minute % 120 === OPEN % 120) await s.sample();
        }
        // Through the week, a few larger orders every two hours; after the turn-off, Friday afternoon's shoppers.
        const quantity = turnedOff ? s.rng.int(1, 3) : s.rng.int(2, 3);
        if (s.rng.next() < 0.8) {
          const outcome = await s.buy(s.rng.pick(SKUS), quantity);
          if (turnedOff) {
            if (outcome.placed) after.placed++;
            else {
              after.refused++;
              after.refusedUnits += quantity;
            }
          }
        }
        s.progress(++done, totalSteps);
        const step = turnedOff ? 30 : 120;
        await s.minutes(step);
        minute += step;
      }
      if (day < 4) s.say(`${name} closes: ${s.orders.placed} orders reserved in OCI so far${s.orders.refused > 0 ? `, ${s.orders.refused} refused where OCI had nothing left` : ''}.`);
    }
    const left = (await s.control.cells({ location: WAREHOUSE })).filter((c) => SKUS.includes(c.sku));
    const short = left.reduce((n, c) => n + Math.max(0, -c.free), 0);
    const free = left.reduce((n, c) => n + Math.max(0, c.free), 0);
    s.say(
      short > 0
        ? `Friday closes: after the turn-off B2C took ${after.placed} orders on Monday's figures; the warehouse is promised ${short} units more than it holds.`
        : `Friday closes: after the turn-off B2C refused all ${after.refused} orders (${after.refusedUnits} units) — the products have no inventory record, so they are not available — while the warehouse holds ${free} units nobody bought. Nothing is oversold; the sales are lost.`,
    );
  };
}

/** The stock take and its first feed to OCI: everything at the warehouse. */
async function stock(s: Story): Promise<void> {
  await stockTake(s, SKUS.flatMap((sku) => [{ location: WAREHOUSE, sku, onHand: ON_HAND }, ...EMPTY.map((location) => ({ location, sku, onHand: 0 }))]));
}

/** Native records the retention job has deleted so far, from the journal (b2c.retention.purged). */
async function purges(s: Story): Promise<number> {
  return (await s.control.events<{ records: number }>('b2c.retention.purged')).reduce((n, e) => n + e.data.records, 0);
}


const runs: ScenarioRun[] = [
  { name: 'retention-0', title: 'Inventory Record Retention 0 days', fixture: 'demo', story: story(0) },
  { name: 'retention-3-days', title: 'Inventory Record Retention 3 days', fixture: 'demo', story: story(3) },
];

export default defineScenario({
  name: 'retention-zero-stale-records',
  title: 'Turning the integration off: what retention left of the native records',
  lesson:
    'With the direct imports stopped, nothing writes B2C’s native inventory records while Omnichannel Inventory is on, and Inventory Record Retention decides what is left of them when the integration is turned off. A retention of 0 days never deletes them: after the turn-off B2C sells on the figures of the day imports stopped, and oversells everything OCI-mode orders took since. A retention of a few days deletes the stale records, so after the turn-off the products have no inventory and every order is refused — nothing oversold, but sales lost while the warehouse still holds stock. Neither is a fallback: keep the direct imports running while the integration is on, or import fresh figures before turning it off.',
  runs,
  expected: [
    { run: 'retention-0', oversold: { 'turned-off-stale-native': 22 }, verdict: 'incomplete' },
    { run: 'retention-3-days', oversold: {}, verdict: 'incomplete' },
  ],
});
