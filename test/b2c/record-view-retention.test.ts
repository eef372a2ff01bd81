import { expect, it, describe } from 'vitest';
import type { EventEntry } from '../../emulator/core/journal.js';
import { catchUp } from '../helpers/oci-cache.js';
import { b2cWorld } from './helpers.js';
import { ways } from './record-view-ways.js';

// Inventory Record Retention in Omnichannel Inventory mode: native records not written for longer than the
// retention are purged (0: at once), so turning the integration off finds them gone, as the guide warns.

describe('inventory record retention in OCI mode', () => {
  const world = b2cWorld();
  const w = ways(world);
  const { data, record, setMode } = w;
  const MIN = 60_000;
  const DAY = 1440 * MIN;
  // Moving the clock by hours or days outlives the tokens: new ones after each move.
  const advance = async (ms: number) => {
    await world.run.emulator.clock.advance(ms);
    await w.refresh();
  };
  const purges = () => world.run.emulator.journal.query({ kind: 'event', type: 'b2c.retention.purged' }) as EventEntry[];
  const exists = async (listId: string, sku: string) => (await w.show(listId, sku)).body.native != null;

  it('purges records older than the retention days at the switch to OCI and hourly after, never in OCI_CACHE; a recent re-import survives', async () => {
    expect((await w.action('RetentionSettings-Save', { inventoryRecordRetentionDays: 2 })).status).toBe(200);
    for (const [list, sku] of [['STORE-DEN', 'OLD-1'], ['STORE-DEN', 'OLD-2'], ['US-ONLINE', 'OLD-3']] as const) {
      expect((await data('put', record(list, sku), { allocation: { amount: 5 } })).status).toBe(200);
    }
    // EDGE-1 will be a little under 2 days old at the switch (which comes about 3 days + 61 min after OLD-*).
    await advance(DAY + 91 * MIN);
    expect((await data('put', record('STORE-DEN', 'EDGE-1'), { allocation: { amount: 5 } })).status).toBe(200);
    await advance(2 * DAY - 91 * MIN);
    // OLD-2 comes again in today's feed: written now, it is younger than the retention days.
    await w.importXml('STORE-DEN', '<record product-id="OLD-2"><allocation>6</allocation></record>');

    await setMode('OCI_CACHE');
    await catchUp(world.run.emulator);
    await advance(61 * MIN); // past an hourly run, had OCI_CACHE armed one
    expect(purges()).toHaveLength(0);
    expect(await exists('STORE-DEN', 'OLD-1')).toBe(true);

    await setMode('OCI');
    await advance(0); // the run due at the switch
    expect(purges().map((e) => e.data)).toEqual([expect.objectContaining({ records: 2, retentionDays: 2 })]);
    expect(await Promise.all(['OLD-1', 'OLD-2', 'EDGE-1'].map((sku) => exists('STORE-DEN', sku)))).toEqual([false, true, true]);
    expect(await exists('US-ONLINE', 'OLD-3')).toBe(false);
    await advance(60 * MIN); // the next hourly run: EDGE-1 has now passed 2 days
    expect(purges().map((e) => e.data.records)).toEqual([2, 1]);
    expect(await exists('STORE-DEN', 'EDGE-1')).toBe(false);

    // The guide's warning: turning the integration off finds the purged records gone.
    await setMode('B2C');
    const gone = await data('get', record('STORE-DEN', 'OLD-1'));
    expect([gone.status, gone.body.fault.type]).toEqual([404, 'ProductInventoryRecordNotFoundException']);
    expect((await data('get', record('STORE-DEN', 'OLD-2'))).body.allocation.amount).toBe(6);
  });

  it('with 0 days no native record is ever deleted: turned off, B2C falls back to their stale values', async () => {
    expect((await w.action('RetentionSettings-Save', { inventoryRecordRetentionDays: 0 })).status).toBe(200);
    expect((await data('put', record('STORE-DEN', 'ZERO-1'), { allocation: { amount: 1 } })).status).toBe(200);
    expect((await setMode('OCI_CACHE')).warnings.map((x) => x.code)).toContain('RETENTION_ZERO');
    await catchUp(world.run.emulator);
    const before = purges().length;
    await setMode('OCI');
    await advance(0);
    await advance(30 * 24 * 60 * MIN); // a month of hourly runs
    expect(purges()).toHaveLength(before);
    await setMode('B2C');
    expect((await data('get', record('STORE-DEN', 'ZERO-1'))).body.allocation.amount).toBe(1);
    expect((await data('get', record('STORE-DEN', 'OLD-2'))).body.allocation.amount).toBe(6);
  });
});
