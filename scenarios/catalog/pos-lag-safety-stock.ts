import { defineScenario, type ScenarioRun } from '../kit/scenario.js';
import { activate, stockShelves, trade } from '../kit/playbook.js';
import type { Story } from '../kit/story.js';

// pos-lag-without-safety-stock vs pos-lag-with-safety-stock: one trading day at the Boston store, twice, the same
// seed: store sales reach OCI only with the hourly feed, and click-and-collect orders reserve in OCI meanwhile.

const SKUS = ['SKU-0010', 'SKU-0011', 'SKU-0012', 'SKU-0013', 'SKU-0014', 'SKU-0015'];
const STORE = 'STORE-BOS';
/** The most a store sells of one SKU between two feeds: the POS lag safety stock has to absorb. */
const MAX_POS_LAG = 3;

function day(safetyStockCount: number): (s: Story) => Promise<void> {
  return async (s) => {
    s.say(`Stock take at ${STORE}: 20 of each of ${SKUS.length} SKUs; OCI is told, with safety stock ${safetyStockCount}.`);
    await stockShelves(s, { skus: SKUS, onHand: { [STORE]: 20 }, safetyStockCount });
    await activate(s);
    for (const sku of SKUS) s.track(sku, STORE);
    const soldSinceFeed = new Map<string, number>();
    await trade(s, '09:00', '19:00', 10, async (minute) => {
      if (minute % 60 === 0) {
        await s.feedShelves(SKUS, [STORE], safetyStockCount);
        soldSinceFeed.clear();
        s.moment('import', 'Hourly feed to OCI');
      }
      if (minute % 30 === 0) await s.sample();
      // The till: a busy store sells about one of each SKU every ten minutes in the first half of each hour (at
      // most MAX_POS_LAG of one between two feeds, the lag safety stock has to cover).
      for (const sku of SKUS) {
        if (minute % 60 >= 30 || s.rng.next() >= 0.8 || (soldSinceFeed.get(sku) ?? 0) >= MAX_POS_LAG) continue;
        const refused = await s.posSales([{ location: STORE, sku, quantity: 1 }]);
        if (refused === 0) soldSinceFeed.set(sku, (soldSinceFeed.get(sku) ?? 0) + 1);
      }
      // Click and collect: a shopper reserves at the store through the storefront.
      if (s.rng.next() < 0.8) {
        const wanted = s.rng.pick(SKUS);
        const outcome = await s.buy(wanted, s.rng.int(1, 2), STORE);
        if (outcome.placed) s.say(`Order ${outcome.orderNo}: ${wanted} for pick-up at ${STORE}.`);
      }
    });
    s.say('Closing time.');
  };
}

const runs: ScenarioRun[] = [
  { name: 'without-safety-stock', title: 'Without safety stock', fixture: 'demo', story: day(0) },
  { name: 'with-safety-stock', title: `With safety stock ${MAX_POS_LAG}`, fixture: 'demo', story: day(MAX_POS_LAG) },
];

export default defineScenario({
  name: 'pos-lag-safety-stock',
  title: 'POS lag: without vs with safety stock',
  lesson:
    'Store sales reach OCI only with the next inventory feed, so for up to an hour OCI counts units the store has already sold, and click-and-collect orders reserve them. Without safety stock those reservations are oversold; with safety stock at least the most a store sells of a SKU between two feeds, OCI keeps that many units off sale and nothing is oversold — at the price of a few units not offered online.',
  runs,
  expected: [
    { run: 'without-safety-stock', oversold: { 'pos-lag-no-safety-stock': 5 } },
    { run: 'with-safety-stock', oversold: {} },
  ],
});
