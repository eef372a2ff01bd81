import { defineScenario, type ScenarioRun } from '../kit/scenario.js';
import { activate, stockTake } from '../kit/playbook.js';
import type { Story } from '../kit/story.js';

// without-safety-stock vs with-safety-stock: a noon flash sale on two SKUs kept at WH-EAST. A marketplace selling
// through OCI reserves its share the instant the sale opens; then OCI, overwhelmed, throttles for 15 minutes, and
// the storefront captures orders on its cache, which never saw the marketplace's reservations.

const SKUS = ['SKU-0014', 'SKU-0015'];
const WAREHOUSE = 'WH-EAST';
/** US-ONLINE's other members hold none of these SKUs: every unit is at WH-EAST. */
const EMPTY = ['WH-WEST', 'STORE-BOS'];
const ON_HAND = 20;
/** The most the marketplace takes of one SKU in its opening burst: the units the cache can miss. */
const MARKETPLACE_BURST = 6;
const THROTTLE_MINUTES = 15;
const TOTAL_STEPS = 12 + THROTTLE_MINUTES + 3;

function flashSale(safetyStockCount: number): (s: Story) => Promise<void> {
  return async (s) => {
    s.say(`Stock take at ${WAREHOUSE}: ${ON_HAND} of each of ${SKUS.join(' and ')}, none elsewhere; OCI is told, with safety stock ${safetyStockCount}.`);
    await stock(s, safetyStockCount);
    await activate(s);
    for (const sku of SKUS) s.track(sku, 'US-ONLINE');

    // The hour before the sale: now and then a shopper buys one; each order reserves in OCI.
    await s.until('11:00');
    for (let step = 0; step < 12; step++) {
      if (step % 3 === 0) await s.sample();
      if (s.rng.next() < 0.4) await s.buy(s.rng.pick(SKUS), 1);
      s.progress(step + 1, TOTAL_STEPS);
      await s.minutes(5);
    }
    s.say(`A quiet hour before the sale: ${s.orders.placed} orders on the storefront, each reserved in OCI.`);
    await s.sample();

    // 12:00. The marketplace's flash deal opens at the same instant as the storefront's: it reserves in OCI first.
    s.moment('flash-sale', 'Flash sale opens');
    let marketplaceUnits = 0;
    let ref = 0;
    for (const sku of SKUS) {
      let taken = 0;
      while (taken < MARKETPLACE_BURST) {
        const quantity = Math.min(s.rng.int(1, 2), MARKETPLACE_BURST - taken);
        taken += quantity;
        if (await s.channelOrder('marketplace', `MKT-${++ref}`, 'US-ONLINE', [{ sku, quantity }], { reserveInOci: true })) marketplaceUnits += quantity;
      }
    }
    s.say(`Flash sale opens: the marketplace reserves ${marketplaceUnits} units in OCI within the same second (${ref} orders).`);
    // OCI already counts them; the storefront's cache has not polled since (no time has passed).
    await s.sample();

    // Overwhelmed, OCI throttles every call; the B2C cache's next poll is refused too, so it never sees those reservations.
    await s.control.fault('throttle', { durationSeconds: THROTTLE_MINUTES * 60, retryAfterSeconds: 30 });
    s.moment('outage-start', 'OCI throttles (429)');
    s.say(`OCI is overwhelmed and throttles every call (429) for ${THROTTLE_MINUTES} minutes; the storefront's cache still shows the figures from before the marketplace's burst.`);

    // The storefront's flash sale: one per customer, four shoppers a minute.
    const outcome = { captured: 0, reserved: 0, refused: 0 };
    for (let minute = 0; minute < THROTTLE_MINUTES; minute++) {
      for (let shopper = 0; shopper < 4; shopper++) {
        const sku = s.rng.pick(SKUS);
        const o = await s.buy(sku, 1);
        if (!o.placed) outcome.refused++;
        else if (o.reservation === 'RESERVATION_MISSING') outcome.captured++;
        else outcome.reserved++;
      }
      if (minute % 5 === 4) await s.sample();
      s.progress(12 + minute + 1, TOTAL_STEPS);
      await s.minutes(1);
    }
    s.say(
      `During the throttle the storefront captures ${outcome.captured} orders on its cache (Reservation Missing) and refuses ${outcome.refused} once the cache shows nothing left` +
        (outcome.reserved > 0 ? `; ${outcome.reserved} reserved normally.` : '.'),
    );

    // The window has ended: the cache catches up, and the capture job re-reserves the waiting orders, oldest first.
    s.moment('outage-end', 'OCI answers again');
    await s.minutes(1);
    await s.sample();
    const runs = await reconciled(s);
    s.say(
      `OCI answers again; the capture job re-reserves the ${runs.total} captured orders: ${runs.COMPLETELY_RESERVED} completely, ${runs.PARTIALLY_RESERVED} partially, ${runs.NOTHING_RESERVED} nothing reserved.`,
    );
    const cells = (await s.control.cells({ location: WAREHOUSE })).filter((c) => SKUS.includes(c.sku));
    const short = cells.reduce((n, c) => n + Math.max(0, -c.free), 0);
    if (short > 0) s.say(`${WAREHOUSE} is promised ${short} units more than its shelves hold: the marketplace's units, sold a second time on the cache's figures.`);
    else if (runs.NOTHING_RESERVED + runs.PARTIALLY_RESERVED > 0)
      s.say('Yet the shelves hold every captured unit: what OCI would not reserve is its safety stock, which those orders can ship from — a decision for the team, not an oversell.');
    // Every quarter of an hour until 13:00 (the last sample is the runner's).
    for (let i = 0; i < 3; i++) {
      await s.minutes(i === 0 ? 14 : 15);
      if (i < 2) await s.sample();
      s.progress(12 + THROTTLE_MINUTES + 1 + i, TOTAL_STEPS);
    }
    s.say('The flash-sale SKUs stay sold out.');
  };
}

/** The stock take and its first feed to OCI: everything at the warehouse, safety stock only where there is stock. */
async function stock(s: Story, safetyStockCount: number): Promise<void> {
  const records = SKUS.flatMap((sku) => [{ location: WAREHOUSE, sku, onHand: ON_HAND }, ...EMPTY.map((location) => ({ location, sku, onHand: 0 }))]);
  await stockTake(s, records.map((r) => ({ ...r, safetyStockCount: r.onHand > 0 ? safetyStockCount : 0 })));
}

/** The capture job's verdicts so far, from the journal (b2c.order.reservation-reconciled), one per order. */
async function reconciled(s: Story): Promise<Record<'COMPLETELY_RESERVED' | 'PARTIALLY_RESERVED' | 'NOTHING_RESERVED', number> & { total: number }> {
  const last = new Map<string, string>();
  for (const e of await s.control.events<{ orderNo: string; status: string }>('b2c.order.reservation-reconciled')) last.set(e.data.orderNo, e.data.status);
  const out = { COMPLETELY_RESERVED: 0, PARTIALLY_RESERVED: 0, NOTHING_RESERVED: 0, total: last.size };
  for (const status of last.values()) if (status in out) out[status as keyof typeof out]++;
  return out;
}


const runs: ScenarioRun[] = [
  { name: 'without-safety-stock', title: 'Without safety stock', fixture: 'demo', story: flashSale(0) },
  { name: 'with-safety-stock', title: `With safety stock ${MARKETPLACE_BURST} on the flash-sale SKUs`, fixture: 'demo', story: flashSale(MARKETPLACE_BURST) },
];

export default defineScenario({
  name: 'cache-lag-flash-sale',
  title: 'Cache lag: a flash sale while OCI throttles',
  lesson:
    'When OCI throttles or answers too slowly, B2C keeps selling: it captures orders on its own cache (Reservation Missing) and reserves them later. The cache trails OCI, so units another channel reserved just before — here a marketplace in the same flash sale — are sold a second time, and the capture job can only report them Partially or Nothing Reserved once OCI is back. Safety stock on the flash-sale SKUs at least the burst other channels can take keeps those units off the cache’s figures: nothing is oversold, and what the capture job could not reserve is only the safety stock the shelves still hold.',
  runs,
  expected: [
    { run: 'without-safety-stock', oversold: { 'cache-lag': 12 }, verdict: 'followed' },
    { run: 'with-safety-stock', oversold: {}, verdict: 'followed' },
  ],
});
