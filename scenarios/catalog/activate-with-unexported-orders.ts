import { defineScenario, type ScenarioRun } from '../kit/scenario.js';
import { activate, stockWarehouse, trade } from '../kit/playbook.js';
import type { Story } from '../kit/story.js';

// activate-with-unexported-orders: on Monday evening the storefront still sells on B2C's own inventory and the
// orders are never exported; on Tuesday morning the team switches to Omnichannel Inventory by the book (quiet hour,
// storefront offline), but OCI never learns of Monday's orders and sells their units again. Beside it, the same
// evening with every open order exported and reserved in OCI by the OMS before the switch: nothing oversold.

const SKUS = ['SKU-0014', 'SKU-0015'];
const SITE_LIST = 'US-ONLINE';
/** Units of each SKU, all at the east warehouse (a warehouse: no store sales for safety stock to absorb). */
const ON_HAND = 12;

/** A B2C order as the story keeps it: enough for an export and an OMS reservation. */
export interface PlacedOrder {
  orderNo: string;
  sku: string;
  quantity: number;
}

/**
 * What an order management system does with exported orders, which the kit has no step for: each open order is
 * exported from B2C (OCAPI export_status), then reserved in OCI at the place it sold from under a document whose
 * externalRefId is the order number, so OCI now holds the units the order took. Answers the units OCI granted.
 */
export async function exportAndReserve(s: Story, place: string, orders: readonly PlacedOrder[]): Promise<number> {
  let granted = 0;
  for (const order of orders) {
    await s.guide.exportOrder(order.orderNo);
    if (await s.reserveInOci(`oms-${order.orderNo}`, order.orderNo, place, [{ sku: order.sku, quantity: order.quantity }])) granted += order.quantity;
  }
  return granted;
}

/**
 * What the shelves owe at the end: units on hand against the units open orders claim (more claimed than on hand:
 * the difference was sold twice).
 */
export async function shelfLine(s: Story, skus: readonly string[], location: string): Promise<void> {
  const cells = (await s.control.cells({ location })).filter((c) => skus.includes(c.sku));
  const onHand = cells.reduce((n, c) => n + c.onHand, 0);
  const claimed = cells.reduce((n, c) => n + c.claimed, 0);
  const short = claimed - onHand;
  s.say(`${location} holds ${onHand} units of ${skus.join(', ')}; open orders claim ${claimed} of them${short > 0 ? `: ${short} units were sold twice` : ''}.`);
}

function story(exportFirst: boolean): (s: Story) => Promise<void> {
  return async (s) => {
    // Both runs see the same shoppers: their choices come from one stream, whatever the run.
    const shoppers = s.rng.fork('activate-with-unexported-orders:shoppers');
    await stockWarehouse(s, { skus: SKUS, onHand: ON_HAND, warehouse: 'WH-EAST', group: SITE_LIST });
    await s.sample();

    // Monday evening: the storefront sells on native inventory; nobody exports the orders.
    const evening: PlacedOrder[] = [];
    await trade(s, '18:00', '22:00', 20, async (minute) => {
      if (minute % 60 === 0) await s.sample();
      const sku = shoppers.pick(SKUS);
      const quantity = shoppers.int(1, 2);
      const outcome = await s.buy(sku, quantity);
      if (outcome.placed) evening.push({ orderNo: outcome.orderNo, sku, quantity });
    });
    const units = evening.reduce((n, o) => n + o.quantity, 0);
    s.moment('note', 'Evening orders on native inventory');
    s.say(`Monday evening: ${evening.length} orders for ${units} units, taken on B2C's own inventory; the units wait on the shelf to ship tomorrow.`);
    await s.sample();

    // Tuesday: the nightly feed, then the switch at a quiet hour with the storefront offline.
    await s.minutes(7 * 60);
    await s.feedShelves(SKUS, ['WH-EAST', 'WH-WEST', 'STORE-BOS']);
    s.moment('import', 'Nightly warehouse feed');
    s.say(`Tuesday: the nightly feed tells OCI ${ON_HAND} of each on hand — true: the evening's orders have not shipped yet.`);
    await s.minutes(60);
    if (exportFirst) {
      const granted = await exportAndReserve(s, SITE_LIST, evening);
      s.moment('note', 'Open orders exported and reserved in OCI');
      s.say(`Before the switch, all ${evening.length} open orders are exported; the OMS reserves their ${granted} units in OCI under the order numbers.`);
    } else {
      s.say(`The ${evening.length} evening orders stay unexported: nobody reserves them in OCI.`);
    }
    await s.minutes(30);
    await activate(s);
    await s.sample();

    // Tuesday morning: OCI serves the storefront; shoppers until the stock OCI offers is spent.
    const refused = new Set<string>();
    const before = { ...s.orders };
    await trade(s, '08:00', '11:00', 10, async (minute) => {
      if (minute % 30 === 0) await s.sample();
      for (let n = shoppers.int(1, 2); n > 0; n--) {
        const sku = shoppers.pick(SKUS);
        const outcome = await s.buy(sku, shoppers.int(1, 2));
        if (!outcome.placed && !refused.has(sku)) {
          refused.add(sku);
          s.say(`${sku}: checkout refuses an order (${outcome.reason}) — OCI has nothing more to offer.`);
        }
      }
    });
    s.say(`Morning over: ${s.orders.placed - before.placed} orders for ${s.orders.units - before.units} units taken on OCI's figures, ${s.orders.refused - before.refused} refused.`);
    await shelfLine(s, SKUS, 'WH-EAST');
  };
}

const runs: ScenarioRun[] = [
  { name: 'unexported', title: 'Evening orders never exported', fixture: 'demo', story: story(false) },
  { name: 'exported-first', title: 'Open orders exported and reserved first', fixture: 'demo', story: story(true) },
];

export default defineScenario({
  name: 'activate-with-unexported-orders',
  title: 'Activation with unexported native orders',
  lesson:
    'Until the switch, B2C takes orders on its own inventory: they hold units in B2C’s records, never in OCI. If those orders are not exported and reserved in OCI (by the OMS, under the order number) before the switch, OCI does not know they exist — its on-hand is right, the units are still on the shelf waiting to ship, but nothing holds them. After the switch, done by the book at a quiet hour with the storefront offline, OCI offers those units again and the morning’s orders are oversold. With every open order exported and reserved in OCI first, OCI offers only what is truly free and the same morning oversells nothing. Export and reserve every open order before switching to Omnichannel Inventory.',
  runs,
  expected: [
    { run: 'unexported', oversold: { 'unexported-native-reservations': 18 }, verdict: 'followed' },
    { run: 'exported-first', oversold: {}, verdict: 'followed' },
  ],
});
