import type { ShelfRecord } from './guide.js';
import type { Story } from './story.js';

// Story pieces several scenarios share: stocking the shelves and telling OCI, the documented activation (OCI Cache
// Enabled, the cache complete, the storefront offline for the switch), and a trading day's loop.

export interface Stock {
  skus: readonly string[];
  /** Units on each location's shelf, per SKU. */
  onHand: Readonly<Record<string, number>>;
  safetyStockCount?: number;
}

/** The stock take, then the first feed of it to OCI. */
export async function stockShelves(s: Story, stock: Stock): Promise<void> {
  const records = stock.skus.flatMap((sku) => Object.entries(stock.onHand).map(([location, onHand]) => ({ location, sku, onHand, safetyStockCount: stock.safetyStockCount ?? 0 })));
  await stockTake(s, records);
}

/** The stock take of these records, then the first feed of them to OCI (each with its safety stock, no futures). */
export async function stockTake(s: Story, records: readonly ShelfRecord[]): Promise<void> {
  await s.count(records);
  await s.guide.feedOci(records);
}

/** Native B2C records mirroring the shelves (what direct imports into B2C have kept up to date so far). */
export async function nativeRecords(s: Story, list: string, skus: readonly string[], allocation: number): Promise<void> {
  for (const sku of skus) await s.guide.nativeRecord(list, sku, allocation);
}

/**
 * Monday's stock take at one warehouse of a group (none at its other members), told to OCI, with B2C's own records
 * for the site's list saying the same (the direct imports so far), and the SKUs followed on the charts.
 */
export async function stockWarehouse(s: Story, o: { skus: readonly string[]; onHand: number; warehouse: string; group: string }): Promise<void> {
  const members = s.world.groups.find((g) => g.id === o.group)?.locations ?? [o.warehouse];
  s.say(`Monday: stock take — ${o.onHand} of each of ${o.skus.join(', ')} at ${o.warehouse}, none elsewhere; OCI is told, and B2C's own records for ${o.group} say the same.`);
  await stockShelves(s, { skus: o.skus, onHand: Object.fromEntries(members.map((l) => [l, l === o.warehouse ? o.onHand : 0])) });
  await nativeRecords(s, o.group, o.skus, o.onHand);
  for (const sku of o.skus) s.track(sku, o.group);
}

/**
 * The guide's activation: OCI Cache Enabled, wait until the cache is complete, then Omnichannel Inventory —
 * with the storefront offline for the switch unless the story says otherwise.
 */
export async function activate(s: Story, options: { storefrontOffline?: boolean; retentionDays?: number } = {}): Promise<void> {
  // Phase 2's last setting: native records not written for this long are deleted while OCI serves availability.
  await s.guide.setRetention(options.retentionDays ?? 7);
  await s.guide.setMode('OCI_CACHE');
  s.say('Business Manager: OCI Cache Enabled; the cache fills from OCI.');
  await s.guide.waitForCache();
  const offline = options.storefrontOffline ?? true;
  if (offline) await s.guide.siteStatus('maintenance');
  await s.guide.setMode('OCI');
  s.moment('switch', 'Switch to Omnichannel Inventory');
  s.say(`Business Manager: Omnichannel Inventory${offline ? ', with the storefront offline for the switch' : ' — with the storefront left online'}.`);
  if (offline) await s.guide.siteStatus('online');
}

/** A loop over the day in steps of `stepMinutes`, with the progress shown; `tick` gets the minute of the day. */
export async function trade(s: Story, from: string, to: string, stepMinutes: number, tick: (minute: number) => Promise<void>): Promise<void> {
  const start = minuteOf(from);
  const end = minuteOf(to);
  if (s.minuteOfDay() < start) await s.until(start);
  const steps = Math.ceil((end - start) / stepMinutes);
  for (let i = 0; i < steps; i++) {
    await tick(start + i * stepMinutes);
    s.progress(i + 1, steps);
    await s.minutes(stepMinutes);
  }
}

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
