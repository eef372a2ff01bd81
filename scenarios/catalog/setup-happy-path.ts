import { defineScenario } from '../kit/scenario.js';
import { trade } from '../kit/playbook.js';
import type { Story } from '../kit/story.js';

// setup-happy-path: a team walks the whole setup guide in its order from a fresh org and instance (strict mode, so
// any step taken early would be refused), switches at a quiet time with the storefront offline, then trades an
// afternoon: hourly feeds of the shelves, store sales within the safety stock between feeds, web orders. Nothing
// is oversold; orders the stock cannot cover are refused at checkout.

const SKUS = ['SKU-0010', 'SKU-0011', 'SKU-0012'];
const SAFETY_STOCK = 2;
/** The shelves counted in the morning, per SKU: a thin online stock, so the afternoon sells some SKUs out. */
const SHELVES: Record<string, number> = { 'WH-EAST': 10, 'WH-WEST': 6, 'STORE-BOS': 8, 'STORE-DEN': 8 };
const STORES = ['STORE-BOS', 'STORE-DEN'];
const SITE_LIST = 'US-ONLINE';
const STORE_LISTS: [store: string, list: string][] = [
  ['store-bos', 'STORE-BOS'],
  ['store-den', 'STORE-DEN'],
];

async function setupGuide(s: Story): Promise<void> {
  const g = s.guide;
  s.moment('setup', 'Phase 1: location graph and availability');
  await g.publishGraph();
  await s.refreshWorld();
  s.say(`Setup: the location graph is published (${s.world.locations.join(', ')}; groups ${s.world.groups.map((x) => x.id).join(', ')}).`);

  const locations = Object.keys(SHELVES);
  const records = SKUS.flatMap((sku) => locations.map((location) => ({ location, sku, onHand: SHELVES[location]! })));
  await s.count(records);
  await g.feedOci(records.map((r) => ({ ...r, safetyStockCount: SAFETY_STOCK })));
  s.say(`Stock take of ${SKUS.join(', ')}: ${locations.map((l) => `${SHELVES[l]} at ${l}`).join(', ')}; the first feed tells OCI, with safety stock ${SAFETY_STOCK} on every record.`);

  s.moment('setup', 'Phase 2: paired lists, assignments, retention');
  await g.createLists([SITE_LIST, ...STORE_LISTS.map(([, list]) => list)]);
  await g.assignLists(SITE_LIST, STORE_LISTS);
  s.say(`Business Manager: lists ${SITE_LIST}, STORE-BOS and STORE-DEN created (their ids are the External References); the site gets ${SITE_LIST}, each store its own.`);
  await g.setRetention(7);
  s.say('Business Manager: Inventory Record Retention 7 days.');

  s.moment('setup', 'Phase 3: integration and trust');
  await g.turnOnIntegration();
  s.say('Setup: the B2C Commerce integration is turned on; the provisioning e-mail arrives some minutes later.');
  await g.requestTrust();
  s.say('Setup: Request Trust for the instance (Pending).');
  await g.allowTrust();
  s.say('Business Manager: Cross Cloud Trust — Allow.');
  await g.establishTrust();
  s.say('Setup: Establish Trust — the relationship is Established.');

  s.moment('setup', 'Phase 4: OCI Cache Enabled');
  await g.setMode('OCI_CACHE');
  s.say('Business Manager: OCI Cache Enabled; the cache fills from OCI.');
  await g.waitForCache();
  s.say('Cache Status: every paired list complete.');
  await g.siteStatus('maintenance');
  s.say('The storefront goes offline for the switch (a quiet morning hour).');
  await g.setMode('OCI');
  s.moment('switch', 'Switch to Omnichannel Inventory');
  s.say('Business Manager: Omnichannel Inventory.');
  await g.siteStatus('online');
  s.say('The storefront is back online, reading availability from OCI.');
}

async function afternoon(s: Story): Promise<void> {
  const soldOut = new Set<string>();
  for (const sku of SKUS) s.track(sku, SITE_LIST);
  await s.sample();
  const soldSinceFeed = new Map<string, number>();
  let feeds = 0;
  await trade(s, '12:00', '17:00', 10, async (minute) => {
    if (minute % 60 === 0) {
      await s.feedShelves(SKUS, Object.keys(SHELVES), SAFETY_STOCK);
      soldSinceFeed.clear();
      s.moment('import', 'Hourly feed to OCI');
      if (feeds++ === 0) s.say(`Hourly feed: the shelves' on-hand goes to OCI, with safety stock ${SAFETY_STOCK}.`);
      await s.sample();
    }
    // The tills: never more of a SKU between two feeds than the safety stock keeps off sale.
    for (const location of STORES) {
      for (const sku of SKUS) {
        const key = `${location}/${sku}`;
        if (s.rng.next() >= 0.3 || (soldSinceFeed.get(key) ?? 0) >= SAFETY_STOCK) continue;
        if ((await s.posSales([{ location, sku, quantity: 1 }])) === 0) soldSinceFeed.set(key, (soldSinceFeed.get(key) ?? 0) + 1);
      }
    }
    // Web shoppers: one or two orders every ten minutes.
    for (let i = s.rng.int(1, 2); i > 0; i--) {
      const sku = s.rng.pick(SKUS);
      const outcome = await s.buy(sku, s.rng.int(1, 2));
      if (!outcome.placed && !soldOut.has(sku)) {
        soldOut.add(sku);
        s.say(`${sku} runs out online: checkout refuses the order (${outcome.reason}); OCI offers no unit the shelves lack.`);
      }
    }
  });
  await s.feedShelves(SKUS, Object.keys(SHELVES), SAFETY_STOCK);
  s.say(`Closing: ${s.orders.placed} web orders for ${s.orders.units} units taken, ${s.orders.refused} refused for want of stock; every order has a unit on the shelf.`);
}

export default defineScenario({
  name: 'setup-happy-path',
  title: 'The setup guide, in order',
  lesson:
    'The setup guide walked step by step from a fresh org and instance, with the emulator in strict mode refusing any step taken early: the location graph published, availability fed to OCI with safety stock, paired inventory lists assigned, retention set, the integration turned on, trust requested, allowed and established, OCI Cache Enabled until the cache is complete, then Omnichannel Inventory switched at a quiet time with the storefront offline. In the afternoon that follows, the shelves are fed hourly and store sales stay within the safety stock between feeds, so OCI never offers a unit the shelf lacks: when a SKU runs out, checkout refuses the order and nothing is oversold. This is the baseline every other scenario departs from.',
  runs: [
    {
      name: 'in-order',
      title: 'The guide in order',
      fixture: 'fresh',
      story: async (s) => {
        await setupGuide(s);
        await afternoon(s);
      },
    },
  ],
  expected: [{ run: 'in-order', oversold: {}, verdict: 'followed' }],
});
