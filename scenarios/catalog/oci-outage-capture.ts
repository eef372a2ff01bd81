import { defineScenario, type ScenarioRun } from '../kit/scenario.js';
import { activate, stockTake } from '../kit/playbook.js';
import type { Story } from '../kit/story.js';

// An afternoon at the Boston store in Omnichannel Inventory mode, with safety stock for an hour of till sales.
// OCI goes down from 13:30 to 15:30: the storefront keeps taking click-and-collect orders on its cache's last
// figures (Reservation Missing) while the till keeps selling, and the hourly feeds that would tell OCI cannot get
// through. Once OCI is back, the capture job re-reserves what it can.

const SKUS = ['SKU-0021', 'SKU-0022', 'SKU-0023'];
const STORE = 'STORE-BOS';
const ON_HAND = 14;
/** The most the till sells of one SKU in an hour: what safety stock covers between two hourly feeds. */
const TILL_PER_HOUR = 3;
/** OCI is down from 13:30 to 15:30: the 14:00 and 15:00 feeds cannot get through. */
const OUTAGE = { from: 13 * 60 + 30, until: 15 * 60 + 30 };
/** The last hourly feed that reaches OCI before the outage. */
const LAST_FEED = Math.floor(OUTAGE.from / 60) * 60;
const OPEN = 12 * 60;
const CLOSE = 18 * 60;
const STEP = 10;

async function day(s: Story): Promise<void> {
  s.say(`Stock take at ${STORE}: ${ON_HAND} of each of ${SKUS.length} SKUs; OCI is told, with safety stock ${TILL_PER_HOUR} — the most the till sells of one SKU in an hour.`);
  await stock(s);
  await activate(s);
  for (const sku of SKUS) s.track(sku, STORE);

  const tillThisHour = new Map<string, number>();
  const during = { till: 0, captured: 0, refused: 0, feedsMissed: 0 };
  const down = (minute: number) => minute >= OUTAGE.from && minute < OUTAGE.until;

  await s.minutes(OPEN - s.minuteOfDay());
  s.say(`Noon: the store sells at the till; click-and-collect orders reserve in OCI; each hour the feed tells OCI what the shelves hold.`);
  const steps = (CLOSE - OPEN) / STEP;
  for (let i = 0; i < steps; i++) {
    const minute = OPEN + i * STEP;
    if (minute === OUTAGE.from) {
      await s.control.fault('down');
      s.moment('outage-start', 'OCI down');
      s.say('OCI goes down: every call answers 503. The storefront keeps selling on its cache, which keeps its last figures.');
    }
    if (minute === OUTAGE.until) {
      await s.control.recover();
      s.moment('outage-end', 'OCI back');
      s.say(
        `OCI is back. Since its last feed at ${hhmm(LAST_FEED)} the till sold ${during.till} units OCI never heard of (the ${during.feedsMissed} hourly feeds in between could not get through), and the storefront captured ${during.captured} click-and-collect orders without a reservation` +
          (during.refused > 0 ? `, refusing ${during.refused} once its cache showed nothing left.` : '.'),
      );
    }
    // Sampled before the hour's feed: the charts show how far OCI trails the shelf when the feed comes.
    if (minute % 30 === 0) await s.sample();
    if (minute % 60 === 0 && down(minute)) during.feedsMissed++;
    // The hourly feed to OCI; on recovery the integration delivers the feed it held back at once, before the
    // capture job's next run (every 30 seconds).
    else if (minute % 60 === 0 || minute === OUTAGE.until) {
      await s.feedShelves(SKUS, [STORE], TILL_PER_HOUR);
      s.moment('import', minute === OUTAGE.until ? 'Held-back feed delivered' : 'Hourly feed to OCI');
    }
    if (minute === OUTAGE.until + STEP) await captureJob(s);
    if (minute % 60 === 0) tillThisHour.clear();

    // The till: each SKU now and then, at most TILL_PER_HOUR of one in an hour; OCI hears of it with the next feed.
    for (const sku of SKUS) {
      if (s.rng.next() >= 0.8 || (tillThisHour.get(sku) ?? 0) >= TILL_PER_HOUR) continue;
      const refused = await s.posSales([{ location: STORE, sku, quantity: 1 }]);
      if (refused > 0) continue;
      tillThisHour.set(sku, (tillThisHour.get(sku) ?? 0) + 1);
      if (minute >= LAST_FEED && minute < OUTAGE.until) during.till++;
    }
    // Click and collect: a shopper every ten minutes, the SKUs in turn.
    const outcome = await s.buy(SKUS[i % SKUS.length]!, 1, STORE);
    if (down(minute)) {
      if (!outcome.placed) during.refused++;
      else if (outcome.reservation === 'RESERVATION_MISSING') during.captured++;
    }
    s.progress(i + 1, steps);
    await s.minutes(STEP);
  }
  const cells = (await s.control.cells({ location: STORE })).filter((c) => SKUS.includes(c.sku));
  const short = cells.reduce((n, c) => n + Math.max(0, -c.free), 0);
  s.say(`Closing time: ${STORE} is promised ${short} units more than its shelves hold.`);
}

/** The capture job's first runs after recovery, read from the journal (b2c.order.reservation-reconciled). */
async function captureJob(s: Story): Promise<void> {
  const verdicts = new Map<string, { status: string; wanted: number; reserved: number }>();
  for (const e of await s.control.events<{ orderNo: string; status: string; wanted: number; reserved: number }>('b2c.order.reservation-reconciled')) verdicts.set(e.data.orderNo, e.data);
  const count = (status: string) => [...verdicts.values()].filter((v) => v.status === status).length;
  const missing = [...verdicts.values()].reduce((n, v) => n + v.wanted - v.reserved, 0);
  const cells = (await s.control.cells({ location: STORE })).filter((c) => SKUS.includes(c.sku));
  const gone = cells.reduce((n, c) => n + Math.max(0, -c.free), 0);
  s.say(
    `The capture job re-reserves the ${verdicts.size} captured orders in OCI, oldest first: ${count('COMPLETELY_RESERVED')} completely, ${count('PARTIALLY_RESERVED')} partially, ${count('NOTHING_RESERVED')} nothing reserved.` +
      (missing > 0 ? ` Of the ${missing} units OCI could not reserve, ${missing - gone} are still on the shelf, held back as safety stock; ${gone} are gone — sold at the till.` : ''),
  );
}

/** The stock take and its first feed to OCI, with safety stock for the till's hour. */
async function stock(s: Story): Promise<void> {
  await stockTake(s, SKUS.map((sku) => ({ location: STORE, sku, onHand: ON_HAND, safetyStockCount: TILL_PER_HOUR })));
}

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

const runs: ScenarioRun[] = [{ name: 'outage', title: 'OCI down from 13:30 to 15:30', fixture: 'demo', story: day }];

export default defineScenario({
  name: 'oci-outage-capture',
  title: 'OCI outage: orders captured on the cache',
  lesson:
    'When OCI is down, B2C keeps selling: it captures orders on its cache’s last figures, marks them Reservation Missing, and a job reserves them once OCI is back. Meanwhile the store keeps selling at the till, and the feeds that would tell OCI cannot get through, so the cache offers units the till has already sold. Safety stock sized for an hour of till sales covers an hour, not the two and a half OCI went without a feed: the captured orders beyond it are oversold. The capture job’s results are the to-do list after an outage: its Partially and Nothing Reserved orders hold both units that are gone and units still on the shelf as safety stock, and each needs a decision (ship, source elsewhere, cancel). For the outages you have to ride out, size safety stock for the longest one you expect, or take click-and-collect offline.',
  runs,
  expected: [{ run: 'outage', oversold: { 'oci-outage-capture': 5 }, verdict: 'followed' }],
});
