import { defineScenario, type ScenarioRun } from '../kit/scenario.js';
import { activate, stockWarehouse, trade } from '../kit/playbook.js';
import type { Story } from '../kit/story.js';
import { exportAndReserve, shelfLine, type PlacedOrder } from './activate-with-unexported-orders.js';

// activate-storefront-online-at-peak: the team exports and reserves every open order at 11:45, then switches to
// Omnichannel Inventory at noon, in the lunch peak, with the storefront left online: the native orders of those 15
// minutes never reach OCI, which sells their units again. Beside it, the same day with the switch at 06:30, the
// storefront offline and the night's orders exported and reserved first: nothing oversold.

const SKUS = ['SKU-0016', 'SKU-0017'];
const SITE_LIST = 'US-ONLINE';
/** Units of each SKU, all at the east warehouse (no store sales for safety stock to absorb). */
const ON_HAND = 30;

interface Plan {
  /** The minute of the day to export the open native orders and have the OMS reserve them. */
  exportAt: number;
  /** The minute of the day to switch, and whether the storefront goes offline for it. */
  switchAt: number;
  offline: boolean;
}

function day(plan: Plan): (s: Story) => Promise<void> {
  return async (s) => {
    // Both runs see the same shoppers: their choices come from one stream, whatever the run.
    const shoppers = s.rng.fork('activate-storefront-online-at-peak:shoppers');
    await stockWarehouse(s, { skus: SKUS, onHand: ON_HAND, warehouse: 'WH-EAST', group: SITE_LIST });

    let switched = false;
    const native: PlacedOrder[] = [];
    const refused = new Set<string>();

    const exportOpen = async () => {
      const granted = await exportAndReserve(s, SITE_LIST, native);
      s.moment('note', 'Open orders exported and reserved in OCI');
      s.say(native.length === 0 ? 'No open native orders to export.' : `The ${native.length} open native orders so far are exported; the OMS reserves their ${granted} units in OCI under the order numbers.`);
      native.length = 0;
    };
    const doSwitch = async () => {
      if (!plan.offline) {
        s.say('Noon: the lunch peak is on, and the team switches anyway, storefront online.');
        s.moment('note', `${native.length} native orders since the export`);
      }
      await activate(s, { storefrontOffline: plan.offline });
      switched = true;
      if (!plan.offline) {
        const units = native.reduce((n, o) => n + o.quantity, 0);
        s.say(`The ${native.length} orders of the last 15 minutes (${units} units) were taken on native inventory after the export: OCI never hears of them.`);
      }
      refused.clear();
      await s.sample();
    };

    /** One shopper now and then (`chance` a minute-step), buying one or two of a SKU. */
    const shopper = async (chance: number) => {
      // Every draw is made whatever happens, so both runs see the same shoppers.
      const comes = shoppers.next() < chance;
      const sku = shoppers.pick(SKUS);
      const quantity = shoppers.int(1, 2);
      if (!comes) return;
      const outcome = await s.buy(sku, quantity);
      if (outcome.placed && !switched) native.push({ orderNo: outcome.orderNo, sku, quantity });
      if (!outcome.placed && !refused.has(sku)) {
        refused.add(sku);
        s.say(`${sku}: checkout refuses an order (${outcome.reason}) — ${switched ? 'OCI has nothing more to offer' : 'B2C’s records are spent'}.`);
      }
    };

    const tick = (chance: number) => async (minute: number) => {
      if (minute === plan.switchAt) await doSwitch();
      else if (minute % 60 === 0 || (minute >= 11 * 60 + 30 && minute % 15 === 0)) await s.sample();
      await shopper(chance);
      if (minute === plan.exportAt) await exportOpen();
    };
    // Early shoppers from the night before's newsletter, a quiet morning, then the lunch peak (one every two minutes).
    await trade(s, '06:00', '06:30', 5, tick(0.6));
    await trade(s, '06:30', '11:30', 15, tick(0.5));
    s.moment('note', 'Lunch peak');
    s.say(`The lunch peak starts${switched ? '' : ' — still on native inventory'}.`);
    await trade(s, '11:30', '13:00', 1, tick(0.5));
    s.say(`The peak is over — ${s.orders.placed} orders for ${s.orders.units} units taken today, ${s.orders.refused} refused.`);
    await shelfLine(s, SKUS, 'WH-EAST');
  };
}

const runs: ScenarioRun[] = [
  { name: 'online-at-peak', title: 'Switch at noon, storefront online', fixture: 'demo', story: day({ exportAt: 11 * 60 + 45, switchAt: 12 * 60, offline: false }) },
  { name: 'offline-quiet-time', title: 'Switch at 06:30, storefront offline', fixture: 'demo', story: day({ exportAt: 6 * 60 + 25, switchAt: 6 * 60 + 30, offline: true }) },
];

export default defineScenario({
  name: 'activate-storefront-online-at-peak',
  title: 'Activation at peak with the storefront online',
  lesson:
    'Until the switch to Omnichannel Inventory, orders are taken on B2C’s own inventory, and OCI learns of them only when they are exported and reserved there. A team that exports every open order at 11:45 and switches at noon in the lunch peak with the storefront online leaves a gap: the orders of those last 15 minutes hold real units that OCI never hears of, so after the switch OCI offers those units again and the peak’s orders are oversold. The same day with the switch at 06:30 — a quiet time, the storefront offline for the minute it takes, the night’s orders exported and reserved first — leaves no gap, and the peak oversells nothing: when the stock is spent, checkout refuses. Switch at a quiet time with the storefront offline, after the last orders are exported.',
  runs,
  expected: [
    { run: 'online-at-peak', oversold: { 'storefront-online-during-switch': 11 }, verdict: 'followed' },
    { run: 'offline-quiet-time', oversold: {}, verdict: 'followed' },
  ],
});
