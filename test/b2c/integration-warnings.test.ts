import { describe, expect, it } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { catchUp } from '../helpers/oci-cache.js';
import { guestToken, ORDERS, readyBasket, SITE } from '../helpers/shopper.js';
import { ACTIONS } from '../oci/helpers.js';
import { b2cWorld, BM } from './helpers.js';
import { setMode, show, codes, events, lastModeEvent, changesNothing } from './integration-page.js';

// The OCI Integration page's warnings (what a person should act on before switching), the cache's cap, and bad
// input on its pages: a 400 in the Business Manager dialect that changes nothing.

describe('warnings: what a person should act on before switching', () => {
  const w = b2cWorld();
  const warning = async (code: string) => (await show(w)).warnings.find((x: { code: string }) => x.code === code);

  it('UNPAIRED_LIST: a list whose id matches no OCI place', async () => {
    expect((await w.data('put', '/inventory_lists/NOPE-X', {})).status).toBe(200);
    expect((await warning('UNPAIRED_LIST'))?.message).toContain("'NOPE-X'");
  });

  it('RETENTION_ZERO: native records would be purged at once in OCI mode', async () => {
    expect(await warning('RETENTION_ZERO')).toBeUndefined();
    expect((await w.action('RetentionSettings-Save', { inventoryRecordRetentionDays: 0 })).status).toBe(200);
    expect(await warning('RETENTION_ZERO')).toBeDefined();
  });

  it('NO_SAFETY_STOCK: a paired location whose every record keeps no safety stock', async () => {
    // The demo seeds safety stock everywhere; batch-update (100 records at most) clears it at STORE-DEN.
    const records = Array.from({ length: DEMO.skus }, (_, i) => ({ id: `nss-${i}`, location: 'STORE-DEN', sku: `SKU-${String(i + 1).padStart(4, '0')}`, safetyStockCount: 0 }));
    expect((await w.run.http.post(`${ACTIONS}/batch-update`).set('Authorization', `Bearer ${w.am}`).send({ records })).status).toBe(204);
    const found = await warning('NO_SAFETY_STOCK');
    expect(found?.message).toContain("location 'STORE-DEN'");
    expect((await show(w)).warnings.filter((x: { code: string }) => x.code === 'NO_SAFETY_STOCK')).toHaveLength(1);
  });

  it('STOREFRONT_ONLINE: not on the B2C page nor on entering OCI_CACHE, but on the OCI_CACHE page before the switch to OCI', async () => {
    expect(await warning('STOREFRONT_ONLINE')).toBeUndefined();
    const res = await setMode(w, 'OCI_CACHE');
    expect(codes(res.body)).toContain('STOREFRONT_ONLINE');
    expect(codes({ warnings: res.body.switchWarnings })).not.toContain('STOREFRONT_ONLINE');
    expect(lastModeEvent(w).data.warnings).toEqual(expect.arrayContaining(['UNPAIRED_LIST', 'RETENTION_ZERO', 'NO_SAFETY_STOCK']));
    expect((await warning('STOREFRONT_ONLINE'))?.message).toContain('RefArch');
  });

  it('OPEN_NATIVE_RESERVATIONS: native orders holding units and not exported, when heading for OCI', async () => {
    expect((await w.data('put', '/inventory_lists/US-ONLINE/product_inventory_records/SKU-0001', { allocation: { amount: 10 } })).status).toBe(200);
    const order = async (quantity: number) => {
      const token = await guestToken(w.run);
      const basketId = await readyBasket(w.run, token, [{ productId: 'SKU-0001', quantity }]);
      const res = await w.run.http.post(`${ORDERS}?siteId=${SITE}`).set('Authorization', `Bearer ${token}`).send({ basketId });
      expect(res.status, res.text).toBe(200);
      return res.body.orderNo as string;
    };
    const first = await order(3);
    expect((await warning('OPEN_NATIVE_RESERVATIONS'))?.message).toContain('1 native order holds 3 units and is not exported');
    // Exported, the order is the OMS's to tell OCI of: the warning goes.
    expect((await w.data('put', `/sites/${SITE}/orders/${first}/export_status`, { status: 'exported' })).status).toBeLessThan(300);
    expect(await warning('OPEN_NATIVE_RESERVATIONS')).toBeUndefined();
    await order(2);
    await order(1);
    expect((await warning('OPEN_NATIVE_RESERVATIONS'))?.message).toContain('2 native orders hold 3 units and are not exported');
    await catchUp(w.run.emulator);
    expect((await setMode(w, 'OCI')).status).toBe(200);
    expect(lastModeEvent(w).data.warnings).toContain('OPEN_NATIVE_RESERVATIONS');
  });
});

describe('CACHE_FULL: the cache stops at its cap', () => {
  const w = b2cWorld();

  it('SetCacheCap 5, then a catch-up fills 5 records and the page says the cache is full', async () => {
    expect((await w.action('OCIIntegration-SetCacheCap', { cap: 5 })).body.cache).toEqual({ records: 0, cap: 5, full: false });
    expect((await setMode(w, 'OCI_CACHE')).status).toBe(200);
    await catchUp(w.run.emulator);
    const page = await show(w);
    expect(page.cache).toEqual({ records: 5, cap: 5, full: true, message: 'cache full' });
    expect(codes(page)).toContain('CACHE_FULL');
    // A full cache refuses records, not the import: every list still completes (docs/oci-integration.md).
    expect(page.cacheStatus.map((r: { status: string }) => r.status)).toEqual(['complete', 'complete', 'complete']);
    expect(events(w, 'b2c.cache.full')[0]?.data).toMatchObject({ cap: 5, refused: expect.any(Number) });
  });
});

describe('bad input: a 400 in the BM dialect, and nothing changed', () => {
  const w = b2cWorld();
  const rawJson = (name: string, text: string) => () => w.run.http.post(`${BM}/${name}`).set('Authorization', `Bearer ${w.am}`).set('Content-Type', 'application/json').send(text);

  it.each([
    ['SetMode, unknown mode', 'OCIIntegration-SetMode', { mode: 'OCI_ONLY' }, 'ValidationFailed', /^mode: must be 'B2C', 'OCI_CACHE' or 'OCI'/],
    ['SetMode, mode missing', 'OCIIntegration-SetMode', {}, 'ValidationFailed', /^mode: /],
    ['SetMode, mode as a number', 'OCIIntegration-SetMode', { mode: 2 }, 'ValidationFailed', /^mode: /],
    ['SetMode, not JSON', 'OCIIntegration-SetMode', '{"mode": OCI', 'MalformedJson', /not valid JSON/],
    ['SetCacheCap 0', 'OCIIntegration-SetCacheCap', { cap: 0 }, 'ValidationFailed', /^cap: must be at least 1/],
    ['SetCacheCap -1', 'OCIIntegration-SetCacheCap', { cap: -1 }, 'ValidationFailed', /^cap: must be at least 1/],
    ['SetCacheCap 1.5', 'OCIIntegration-SetCacheCap', { cap: 1.5 }, 'ValidationFailed', /^cap: must be a whole number/],
    ['SetCacheCap above 100 000 000', 'OCIIntegration-SetCacheCap', { cap: 100_000_001 }, 'INVALID_CACHE_CAP', /from 1 to 100000000/],
    ['SetCacheCap as a string', 'OCIIntegration-SetCacheCap', { cap: '5' }, 'ValidationFailed', /^cap: must be a number/],
    ['time zone Mars/Olympus', 'InstanceTimeZone-Save', { timeZone: 'Mars/Olympus' }, 'INVALID_TIME_ZONE', /'Mars\/Olympus' is not a time zone/],
    ['time zone empty', 'InstanceTimeZone-Save', { timeZone: '' }, 'ValidationFailed', /^timeZone: must be an IANA time zone name$/],
    ['time zone of 1000 characters', 'InstanceTimeZone-Save', { timeZone: 'A'.repeat(1000) }, 'ValidationFailed', /^timeZone: must be an IANA time zone name$/],
  ])('%s', async (_case, name, body, error, message) => {
    const send = typeof body === 'string' ? rawJson(name, body) : () => w.action(name, body);
    const res = await changesNothing(w, send);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error, message: expect.stringMatching(message) });
    expect((await w.page('InstanceTimeZone-Show')).body.timeZone).toBe('Etc/UTC');
  });

  it('a valid time zone is saved, shown on both pages and journaled', async () => {
    const res = await w.action('InstanceTimeZone-Save', { timeZone: 'America/New_York' });
    expect(res.body).toEqual({ page: 'Administration > Global Preferences > Instance Time Zone', timeZone: 'America/New_York' });
    expect((await w.page('InstanceTimeZone-Show')).body.timeZone).toBe('America/New_York');
    expect((await show(w)).instanceTimeZone).toBe('America/New_York');
    expect(events(w, 'b2c.time-zone.changed').map((e) => e.data)).toEqual([{ timeZone: 'America/New_York' }]);
  });

  it('a time zone in any casing is kept by its canonical IANA name', async () => {
    expect((await w.action('InstanceTimeZone-Save', { timeZone: 'europe/PARIS' })).body.timeZone).toBe('Europe/Paris');
    expect((await w.action('InstanceTimeZone-Save', { timeZone: 'Etc/UTC' })).body.timeZone).toMatch(/^(Etc\/)?UTC$/);
  });
});
