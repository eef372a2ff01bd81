import { defineScenario } from '../kit/scenario.js';
import { activate, trade } from '../kit/playbook.js';
import type { HttpAnswer } from '../kit/http.js';
import type { Story } from '../kit/story.js';
import { shelfLine } from './activate-with-unexported-orders.js';

// trust-out-of-order: a hurried team requests trust before the integration's provisioning e-mail and establishes
// it before Business Manager allowed it. Strict mode refuses both; the team does it right and activates properly.
// Lenient mode lets both through, and the emboldened team also switches B2C straight to Omnichannel Inventory at
// the lunch rush with the storefront online: the native orders of the minutes before are sold again.

const SKUS = ['SKU-0010', 'SKU-0011'];
const SITE_LIST = 'US-ONLINE';
const WAREHOUSE = 'WH-EAST';
/** Units of each SKU at the warehouse; the other locations hold none of these SKUs. */
const ON_HAND = 20;
const SAFETY_STOCK = 2;

/** Phases 1 and 2, by the book: graph, stock and availability with safety stock, paired lists, retention. */
async function prepare(s: Story, nativeRecords: boolean): Promise<void> {
  const g = s.guide;
  s.moment('setup', 'Phases 1–2: graph, availability, lists');
  await g.publishGraph();
  await s.refreshWorld();
  // The SKUs are kept at the warehouse only: no other location has a record of them.
  const records = SKUS.map((sku) => ({ location: WAREHOUSE, sku, onHand: ON_HAND }));
  await s.count(records);
  await g.feedOci(records.map((r) => ({ ...r, safetyStockCount: SAFETY_STOCK })));
  await g.createLists([SITE_LIST, 'STORE-BOS', 'STORE-DEN']);
  await g.assignLists(SITE_LIST, [
    ['store-bos', 'STORE-BOS'],
    ['store-den', 'STORE-DEN'],
  ]);
  await g.setRetention(7);
  s.say(`Phases 1–2 done: graph published, ${ON_HAND} of each of ${SKUS.join(', ')} at ${WAREHOUSE} fed to OCI with safety stock ${SAFETY_STOCK}, lists paired and assigned, retention 7 days.`);
  if (nativeRecords) {
    // B2C keeps selling on its own inventory until the switch: its records mirror the shelves.
    for (const sku of SKUS) await g.nativeRecord(SITE_LIST, sku, ON_HAND);
    s.say(`B2C's own records for ${SITE_LIST} say ${ON_HAND} of each, as the shelves do; the storefront sells on them for now.`);
  }
}

/** A refusal as the page shows it: status, code, and the message's first sentence. */
function problem(res: HttpAnswer): string {
  const message = String(res.body?.message ?? res.text).split(/(?<=\.)\s/)[0];
  return `${res.status} ${res.body?.error ?? res.body?.errorCode ?? ''} — ${message}`;
}

/** The integration toggle, then Request Trust at once (before the provisioning e-mail), then Establish before Allow. */
async function hurriedTrust(s: Story, strict: boolean): Promise<void> {
  const g = s.guide;
  s.moment('setup', 'Phase 3: integration and trust, in a hurry');
  await g.setup('/lightning/setup/OmnichannelInventory/home', { b2cCommerceIntegration: true });
  s.say('Setup: the B2C Commerce integration is turned on; nobody waits for the provisioning e-mail.');
  const early = await g.requestTrust(strict ? [409] : undefined);
  if (strict) s.say(`Setup: Request Trust at once — refused: ${problem(early)}`);
  else s.say('Setup: Request Trust at once — accepted (Pending), though the integration is not provisioned yet; the checker records it out of order.');
  await s.minutes(10);
  s.say('The provisioning e-mail arrives.');
  if (strict) {
    await g.requestTrust();
    s.say('Setup: Request Trust again — Pending.');
  }
  const establish = await g.establishTrust(strict ? [409] : undefined);
  if (strict) {
    s.say(`Setup: Establish Trust before Business Manager allowed it — refused: ${problem(establish)}`);
    await g.allowTrust();
    s.say('Business Manager: Cross Cloud Trust — Allow.');
    await g.establishTrust();
    s.say('Setup: Establish Trust — Established.');
  } else {
    s.say('Setup: Establish Trust before Business Manager allowed it — Established anyway; Allow is never done.');
  }
}

/**
 * The lunch rush on the web: two shoppers a minute until 12:10, then one; `atNoon` runs before noon's orders (the
 * lenient team's switch). Orders the stock cannot cover are refused at checkout.
 */
async function lunchRush(s: Story, atNoon?: () => Promise<void>): Promise<void> {
  for (const sku of SKUS) s.track(sku, SITE_LIST);
  await s.sample();
  const refused = new Set<string>();
  await trade(s, '11:50', '12:30', 1, async (minute) => {
    if (minute === 12 * 60 && atNoon) {
      await atNoon();
      refused.clear();
    }
    if (minute % 5 === 0) await s.sample();
    for (let shopper = minute < 12 * 60 + 10 ? 2 : 1; shopper > 0; shopper--) {
      const sku = s.rng.pick(SKUS);
      const outcome = await s.buy(sku, s.rng.int(1, 2));
      if (!outcome.placed && !refused.has(sku)) {
        refused.add(sku);
        s.say(`${sku}: checkout refuses an order (${outcome.reason}) — the stock on offer is spent.`);
      }
    }
  });
  s.say(`The rush is over — ${s.orders.placed} orders for ${s.orders.units} units taken, ${s.orders.refused} refused.`);
  await shelfLine(s, SKUS, WAREHOUSE);
}

async function strictRun(s: Story): Promise<void> {
  await prepare(s, false);
  await hurriedTrust(s, true);
  await activate(s);
  s.say('Activated by the book in the quiet morning: OCI Cache Enabled, the cache complete, the switch with the storefront offline.');
  await lunchRush(s);
}

async function lenientRun(s: Story): Promise<void> {
  await prepare(s, true);
  await hurriedTrust(s, false);
  s.say('Nothing complained, so the team skips OCI Cache Enabled too and plans the switch for noon.');
  await lunchRush(s, async () => {
    const native = s.orders.units;
    await s.guide.setMode('OCI');
    s.moment('switch', 'B2C → Omnichannel Inventory directly, storefront online');
    s.say(`Business Manager: Commerce Platform Inventory → Omnichannel Inventory directly, with the storefront online mid-rush. The ${native} units ordered since 11:50 were taken on native inventory: OCI never hears of them.`);
    await s.guide.waitForCache();
    s.say(`The cache fills only now (a second without stock on the storefront); then OCI offers its ${ON_HAND - SAFETY_STOCK} of each SKU again.`);
  });
}

export default defineScenario({
  name: 'trust-out-of-order',
  title: 'Trust out of order: strict vs lenient',
  lesson:
    'A hurried team requests trust before the integration’s provisioning e-mail has arrived and establishes it before Business Manager allowed it. In strict mode both are refused (409) and the team does it right: it requests again, allows, establishes, activates with OCI Cache Enabled and the storefront offline, and the lunch rush oversells nothing. In lenient mode the same mistakes go through, only recorded out of order, and nothing stops the next shortcut: switching Commerce Platform Inventory straight to Omnichannel Inventory at noon with the storefront online. The native orders taken in the minutes before the switch hold real units that OCI never hears of, so OCI offers them again and the orders after the switch are oversold. The lesson: treat the guide’s order as a gate (run CI against the emulator in strict mode, check the sequence before going live), and switch at a quiet time with the storefront offline.',
  runs: [
    { name: 'strict', title: 'Strict: refused, then done right', fixture: 'fresh', enforcement: 'strict', story: strictRun },
    { name: 'lenient', title: 'Lenient: let through, switch at peak', fixture: 'fresh', enforcement: 'lenient', story: lenientRun },
  ],
  expected: [
    { run: 'strict', oversold: {}, verdict: 'followed' },
    { run: 'lenient', oversold: { 'storefront-online-during-switch': 23 }, verdict: 'not-followed' },
  ],
});
