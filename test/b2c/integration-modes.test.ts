import type { Response, Test } from 'supertest';
import { describe, expect, it } from 'vitest';
import type { EventEntry } from '../../emulator/core/journal.js';
import type { NativeRecord } from '../../emulator/b2c/model.js';
import { DEMO } from '../../fixtures/index.js';
import { FROZEN_START, integration, startEmulator, TENANT, TENANT_GROUP, tokenFor, type Running } from '../helpers/emulator.js';
import { catchUp } from '../helpers/oci-cache.js';
import { ACTIONS } from '../oci/helpers.js';
import { b2cWorld, BM } from './helpers.js';

// Phase 4 over HTTP: the instance's inventory integration mode (B2C / OCI_CACHE / OCI) as Business Manager's OCI
// Integration page shows and switches it, the OCI cache it fills, strict and lenient enforcement, the page's
// warnings, and bad input. Each describe has its own world: a mode is one-way state, so tests inside a describe
// run in the order a rollout would take.

/** The BM sign-in is the integration client's Account Manager token: a switch is by that client. */
const BY = integration.id;
const LABELS = { B2C: 'Commerce Platform Inventory', OCI_CACHE: 'OCI Cache Enabled', OCI: 'Omnichannel Inventory' } as const;
type Mode = keyof typeof LABELS;
const PAIRED = ['STORE-BOS', 'STORE-DEN', 'US-ONLINE'];

/** What the tests need of a world: b2cWorld() or a fresh emulator with its own sign-in. */
interface Bm {
  readonly run: Running;
  page(name: string): Test;
  action(name: string, body: unknown): Test;
}

async function fresh(options: Parameters<typeof startEmulator>[0]): Promise<Bm> {
  const run = await startEmulator(options);
  const am = await tokenFor(run.http);
  return { run, page: (name) => run.http.get(`${BM}/${name}`).set('Authorization', `Bearer ${am}`), action: (name, body) => run.http.post(`${BM}/${name}`).set('Authorization', `Bearer ${am}`).send(body as object) };
}

const setMode = (w: Bm, mode: unknown) => w.action('OCIIntegration-SetMode', { mode });
const show = async (w: Bm) => (await w.page('OCIIntegration-Show')).body;
const codes = (body: { warnings: { code: string }[] }) => body.warnings.map((x) => x.code);
/** The frozen clock's time as B2C writes it (catchUp moves it on by a few polls). */
const nowIso = (w: Bm) => new Date(w.run.emulator.clock.now()).toISOString();
const events = (w: Bm, type = 'b2c.*') => w.run.emulator.journal.query({ kind: 'event', type, limit: 100_000 }) as EventEntry[];
const lastModeEvent = (w: Bm) => events(w, 'b2c.mode.*').at(-1)!;

/** Sends a request that must change nothing: the page (mode, history, cap, zone, cache) and the B2C events stay. */
async function changesNothing(w: Bm, send: () => Test): Promise<Response> {
  const [page, journal] = [await show(w), events(w).length];
  const res = await send();
  expect(await show(w)).toEqual(page);
  expect(events(w)).toHaveLength(journal);
  return res;
}

/** A refused switch: 409 in the BM dialect naming the missing step, and nothing changed. */
async function expectRefused(w: Bm, from: Mode, to: Mode, step: string): Promise<void> {
  const res = await changesNothing(w, () => setMode(w, to));
  expect(res.status).toBe(409);
  expect(res.body).toMatchObject({ error: 'MODE_TRANSITION_REFUSED', details: { from, to } });
  expect(res.body.message).toContain(`step ${step}`);
  expect((await show(w)).mode.value).toBe(from);
}

/** An allowed switch: the answer is the page in the new mode with the change; history and journal record it. */
async function expectSwitched(w: Bm, from: Mode, to: Mode, switchTo: Mode[]) {
  const at = nowIso(w);
  const res = await setMode(w, to);
  expect(res.status).toBe(200);
  const change = { from, to, at, by: BY };
  expect(res.body).toMatchObject({ mode: { value: to, label: LABELS[to] }, switchTo: switchTo.map((m) => ({ value: m, label: LABELS[m] })), change });
  expect(res.body.history.at(-1)).toEqual(change);
  const event = lastModeEvent(w);
  expect(event).toMatchObject({ type: `b2c.mode.${to.toLowerCase()}`, tenant: TENANT, data: { ...change, warnings: expect.any(Array) } });
  expect(event.data).not.toHaveProperty('violation');
  return { res, event };
}

describe('transitions, in the order a rollout takes them (strict, the default)', () => {
  const w = b2cWorld();

  it('starts in Commerce Platform Inventory, linked by the fixture, offering only OCI Cache Enabled', async () => {
    expect(await show(w)).toMatchObject({ mode: { value: 'B2C', label: LABELS.B2C }, switchTo: [{ value: 'OCI_CACHE', label: LABELS.OCI_CACHE }], linkedTenantGroup: TENANT_GROUP, enforcement: 'strict', warnings: [], cacheStatus: [], history: [] });
  });

  it('refuses B2C → OCI: the cache step comes first', async () => {
    await expectRefused(w, 'B2C', 'OCI', 'b2c.mode.oci_cache');
  });

  it('B2C → OCI_CACHE: starts the cache; the event says who and when (an online storefront does not matter yet)', async () => {
    const { res, event } = await expectSwitched(w, 'B2C', 'OCI_CACHE', ['OCI', 'B2C']);
    expect(res.body.change.at).toBe(FROZEN_START);
    expect(res.body.history).toHaveLength(1);
    expect(event.data.warnings).toEqual([]);
    expect(res.body.switchWarnings).toEqual([]);
    // Nothing imported yet on a frozen clock: the page says so.
    expect(codes(res.body)).toContain('CACHE_INCOMPLETE');
  });

  it('switching to the mode it is in is a no-op: change null, no event, history as it was', async () => {
    const res = await changesNothing(w, () => setMode(w, 'OCI_CACHE'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mode: { value: 'OCI_CACHE' }, change: null });
  });

  it('strict refuses OCI_CACHE → OCI before every paired list completed a full import, naming the lists', async () => {
    await expectRefused(w, 'OCI_CACHE', 'OCI', 'b2c.cache.complete');
    const res = await setMode(w, 'OCI');
    for (const list of PAIRED) expect(res.body.message).toContain(`'${list}'`);
  });

  it('Cache Status after catch-up: a row per paired list, US-ONLINE on its own stream, the stores combined', async () => {
    await catchUp(w.run.emulator);
    const page = await show(w);
    const rows = page.cacheStatus as { inventoryListId: string; recordsCached: number }[];
    expect(rows.map((r) => r.inventoryListId)).toEqual(PAIRED);
    const pairs = { 'STORE-BOS': ['location', 'combined'], 'STORE-DEN': ['location', 'combined'], 'US-ONLINE': ['group', 'dedicated'] } as const;
    for (const row of rows) {
      const [type, stream] = pairs[row.inventoryListId as keyof typeof pairs];
      expect(row).toMatchObject({ pairedWith: { type, id: row.inventoryListId }, stream, status: 'complete', lastFullImport: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), lagMs: expect.any(Number) });
      expect(row.recordsCached).toBeGreaterThan(0);
    }
    expect(page.cache).toEqual({ records: rows.reduce((n, r) => n + r.recordsCached, 0), cap: 100_000_000, full: false });
    expect(codes(page)).not.toContain('CACHE_INCOMPLETE');
    expect(events(w, 'b2c.cache.complete').map((e) => e.data.listId).sort()).toEqual(PAIRED);
  });

  it('OCI_CACHE → OCI once the cache is complete, at the clock time after catch-up', async () => {
    const { res, event } = await expectSwitched(w, 'OCI_CACHE', 'OCI', ['B2C']);
    expect(res.body.change.at).not.toBe(FROZEN_START);
    expect(event.data.warnings).toContain('STOREFRONT_ONLINE');
    expect(codes({ warnings: res.body.switchWarnings })).toContain('STOREFRONT_ONLINE');
    expect(event.data).not.toHaveProperty('enforcement');
  });

  it('refuses OCI → OCI_CACHE: the integration must be turned off first', async () => {
    await expectRefused(w, 'OCI', 'OCI_CACHE', 'b2c.mode.b2c');
  });

  it('OCI → B2C turns the integration off and drops the cache', async () => {
    const { res } = await expectSwitched(w, 'OCI', 'B2C', ['OCI_CACHE']);
    expect(res.body).toMatchObject({ cacheStatus: [], cache: { records: 0 } });
  });

  it('OCI_CACHE → B2C; the history keeps every change in order', async () => {
    await expectSwitched(w, 'B2C', 'OCI_CACHE', ['OCI', 'B2C']);
    const { res } = await expectSwitched(w, 'OCI_CACHE', 'B2C', ['OCI_CACHE']);
    const path = (res.body.history as { from: string; to: string }[]).map((c) => `${c.from}>${c.to}`);
    expect(path).toEqual(['B2C>OCI_CACHE', 'OCI_CACHE>OCI', 'OCI>B2C', 'B2C>OCI_CACHE', 'OCI_CACHE>B2C']);
    expect(events(w, 'b2c.mode.*').map((e) => e.type)).toEqual(['b2c.mode.oci_cache', 'b2c.mode.oci', 'b2c.mode.b2c', 'b2c.mode.oci_cache', 'b2c.mode.b2c']);
  });
});

describe('enforcement: strict refuses an out-of-order step, lenient lets it through and records it', () => {
  const w = b2cWorld();
  const enforcement = () => w.run.http.get('/__emulator/enforcement');
  const setEnforcement = (value: unknown) => w.run.http.put('/__emulator/enforcement').send({ enforcement: value });

  it('GET and PUT /__emulator/enforcement; a bad value is a 400 and changes nothing', async () => {
    expect((await enforcement()).body).toEqual({ enforcement: 'strict' });
    for (const bad of ['loose', '', 1, null]) {
      const res = await setEnforcement(bad);
      expect(res.status, String(bad)).toBe(400);
      expect(res.body).toMatchObject({ error: expect.any(String), message: expect.stringContaining("'strict' or 'lenient'") });
    }
    expect((await enforcement()).body).toEqual({ enforcement: 'strict' });
    expect((await setEnforcement('lenient')).body).toEqual({ enforcement: 'lenient' });
    expect((await show(w)).enforcement).toBe('lenient');
    expect((await setEnforcement('strict')).body).toEqual({ enforcement: 'strict' });
    expect(w.run.emulator.journal.query({ type: 'emulator.enforcement' }).map((e) => (e as EventEntry).data)).toEqual([{ enforcement: 'lenient' }, { enforcement: 'strict' }]);
  });

  it('lenient set over the control plane: OCI_CACHE → OCI before the cache completed is a 200 with the violation', async () => {
    await expectSwitched(w, 'B2C', 'OCI_CACHE', ['OCI', 'B2C']);
    expect((await setEnforcement('lenient')).status).toBe(200);
    await expectLenientSwitch(w);
  });

  it('lenient from createEmulator({ enforcement: "lenient" }): the same switch goes through', async () => {
    const f = await fresh({ enforcement: 'lenient' });
    try {
      expect((await f.run.http.get('/__emulator/enforcement')).body).toEqual({ enforcement: 'lenient' });
      expect((await setMode(f, 'OCI_CACHE')).status).toBe(200);
      await expectLenientSwitch(f);
    } finally {
      await f.run.close();
    }
  });
});

/** OCI_CACHE → OCI with nothing imported: allowed, and the change, history and event carry the violation. */
async function expectLenientSwitch(w: Bm): Promise<void> {
  const res = await setMode(w, 'OCI');
  expect(res.status).toBe(200);
  const violation = expect.stringContaining('step b2c.cache.complete');
  expect(res.body).toMatchObject({ mode: { value: 'OCI' }, enforcement: 'lenient', change: { from: 'OCI_CACHE', to: 'OCI', by: BY, violation } });
  expect(res.body.history.at(-1)).toMatchObject({ to: 'OCI', violation });
  expect(lastModeEvent(w)).toMatchObject({ type: 'b2c.mode.oci', data: { from: 'OCI_CACHE', to: 'OCI', by: BY, at: nowIso(w), violation, enforcement: 'lenient' } });
}

describe('an instance linked to no tenant group (fixture before-trust)', () => {
  it('warns NO_TENANT_GROUP and refuses B2C → OCI_CACHE naming trust.established', async () => {
    const f = await fresh({ fixtures: 'before-trust' });
    try {
      expect(await show(f)).toMatchObject({ linkedTenantGroup: null, warnings: [expect.objectContaining({ code: 'NO_TENANT_GROUP' })] });
      await expectRefused(f, 'B2C', 'OCI_CACHE', 'trust.established');
    } finally {
      await f.run.close();
    }
  });
});

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

  it('OPEN_NATIVE_RESERVATIONS: native units held by orders, when heading for OCI', async () => {
    expect((await w.data('put', '/inventory_lists/STORE-BOS/product_inventory_records/SKU-0001', { allocation: { amount: 10 } })).status).toBe(200);
    // Native orders arrive with the storefront issue; until then turnover (units orders hold) is set in the store.
    const records = w.run.emulator.store.get<{ records: Record<string, Record<string, NativeRecord>> }>(`b2c.${TENANT}`)!.records;
    records['STORE-BOS']!['SKU-0001']!.turnover = 3;
    expect((await warning('OPEN_NATIVE_RESERVATIONS'))?.message).toContain('3 units on 1 records');
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
