import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEntry } from '../../emulator/core/journal.js';
import { DEMO } from '../../fixtures/index.js';
import { FROZEN_START, startEmulator, TENANT, TENANT_GROUP, tokenFor, type Running } from '../helpers/emulator.js';
import { cacheStep, catchUp } from '../helpers/oci-cache.js';
import { tempFolders } from '../helpers/temp.js';
import { BM, DATA } from './helpers.js';

// The OCI cache of the demo instance as B2C fills it from OCI: switched on in Business Manager, fed by OCI's own
// API calls (batch-update, record DELETE, reservations), reshaped by site assignment and OCAPI lists, timed by the
// profile and the instance time zone, and carried over a restart. Each check compares the cache with OCI's figures
// read in-process, so it holds whatever the demo world's numbers are.

const AVAILABILITY = `/inventory/availability/v1/organizations/${TENANT_GROUP}`;
const RESERVATION = `/inventory/reservation/v1/organizations/${TENANT_GROUP}`;
const DEMO_SKUS = Array.from({ length: DEMO.skus }, (_, i) => `SKU-${String(i + 1).padStart(4, '0')}`);
/** SKUs the tests create in OCI, so the comparisons look at them too. */
const NEW_SKUS = ['CACHE-NEW-1', 'CACHE-NEW-2'];
const t = (iso: string) => Date.parse(iso);

/** Calls as B2C's Business Manager user, OCI's client and the OCAPI client make them; tokens renewed on demand. */
function calls(run: Running) {
  let token = '';
  let ocapi = '';
  const as = (t: string) => ({ Authorization: `Bearer ${t}` });
  return {
    /** New tokens (they last 30 minutes of the emulator's clock). */
    async refresh() {
      token = await tokenFor(run.http);
      ocapi = await tokenFor(run.http, 'mail', DEMO.accountManager.ocapiClient);
    },
    bm: (name: string, body: object) => run.http.post(`${BM}/${name}`).set(as(token)).send(body),
    batch: (records: object[]) => run.http.post(`${AVAILABILITY}/availability-records/actions/batch-update`).set(as(token)).send({ records }),
    deleteRecord: (location: string, sku: string, requestId: string) =>
      run.http.delete(`${AVAILABILITY}/locations/${location}/availability-records/skus/${sku}/${requestId}`).set(as(token)),
    reserve: (id: string, body: object) => run.http.put(`${RESERVATION}/reservation-documents/${id}`).set(as(token)).send(body),
    putList: (id: string) => run.http.put(`${DATA}/inventory_lists/${id}`).set(as(ocapi)).send({ description: `${id} via OCAPI` }),
  };
}

const cacheOf = (run: Running) => run.emulator.services.b2c!.ociCache;
const row = (run: Running, listId: string) => cacheOf(run).listStatus(TENANT).find((r) => r.listId === listId);

/** OCI's figures for the place in the cache's terms (undefined when OCI has no record there). */
function ociFigures(run: Running, type: 'group' | 'location', place: string, sku: string) {
  const q = run.emulator.services.oci!.domain.query;
  const a = type === 'group' ? q.group(TENANT_GROUP, place, sku) : q.location(TENANT_GROUP, place, sku);
  if (!a) return undefined;
  const futures = a.futures.map((f) => ({ quantity: f.quantity, expectedDate: f.expectedDate }));
  return { ato: a.ato, atf: a.atf, onHand: a.onHand, safetyStock: a.safetyStockCount, reserved: a.reserved, futures, effectiveDate: a.effectiveDate };
}

/** Every SKU of the list's place: cached exactly when OCI has it, with OCI's figures; nothing more cached. */
function expectMirrors(run: Running, listId: string, type: 'group' | 'location') {
  let present = 0;
  for (const sku of [...DEMO_SKUS, ...NEW_SKUS]) {
    const oci = ociFigures(run, type, listId, sku);
    const cached = cacheOf(run).record(TENANT, listId, sku);
    if (oci) present++;
    expect(cached && { ...cached, receivedAt: undefined }, `${listId} ${sku}`).toEqual(oci && { ...oci, receivedAt: undefined });
  }
  expect(row(run, listId)?.records).toBe(present);
}

/** Steps the clock by `stepMs` until `done`, at most `maxMs` of emulator time. */
async function until(run: Running, done: () => boolean, stepMs: number, maxMs: number) {
  for (let waited = 0; !done(); waited += stepMs) {
    if (waited >= maxMs) throw new Error(`not reached in ${maxMs} ms: ${JSON.stringify(cacheOf(run).listStatus(TENANT))}`);
    await cacheStep(run.emulator, stepMs);
  }
}

/** Moves the clock to `iso`, running every poll on the way. */
async function advanceTo(run: Running, iso: string) {
  await run.emulator.clock.advance(t(iso) - run.emulator.clock.now());
  await cacheStep(run.emulator, 0);
}

const allComplete = (run: Running) => cacheOf(run).listStatus(TENANT).every((r) => r.status === 'complete');

describe('profile fast: streams follow OCI', () => {
  let run: Running;
  let api: ReturnType<typeof calls>;
  beforeAll(async () => {
    run = await startEmulator();
    api = calls(run);
    await api.refresh();
    expect((await api.bm('OCIIntegration-SetMode', { mode: 'OCI_CACHE' })).status).toBe(200);
    await catchUp(run.emulator);
  });
  afterAll(() => run.close());

  it('every paired list completes through its stream, equal to OCI for every SKU', () => {
    const rows = cacheOf(run).listStatus(TENANT);
    expect(rows.map((r) => [r.listId, r.stream, r.streamKind, r.status])).toEqual([
      ['STORE-BOS', 'combined', 'combined', 'complete'],
      ['STORE-DEN', 'combined', 'combined', 'complete'],
      ['US-ONLINE', 'list:US-ONLINE', 'dedicated', 'complete'],
    ]);
    expectMirrors(run, 'US-ONLINE', 'group');
    expectMirrors(run, 'STORE-BOS', 'location');
    expectMirrors(run, 'STORE-DEN', 'location');
    expect(cacheOf(run).count(TENANT)).toBe(rows.reduce((n, r) => n + r.records, 0));
  });

  it('a batch-update reaches the cache after one poll (a group list through its member) and moves lastDelta', async () => {
    const before = new Map(cacheOf(run).listStatus(TENANT).map((r) => [r.listId, r.lastDelta ?? 0]));
    const res = await api.batch([
      { id: 'c-1', location: 'STORE-BOS', sku: 'SKU-0001', onHand: 77, safetyStockCount: 3, futureStock: [{ quantity: 4, expectedDate: '2026-04-01T00:00:00Z' }] },
      { id: 'c-2', location: 'WH-EAST', sku: 'SKU-0002', onHand: 500 },
      { id: 'c-3', location: 'STORE-DEN', sku: 'CACHE-NEW-1', onHand: 4, effectiveDate: '2026-03-02T08:00:00Z' },
    ]);
    expect(res.status).toBe(204);
    await cacheStep(run.emulator);
    expect(cacheOf(run).record(TENANT, 'STORE-BOS', 'SKU-0001')).toMatchObject({ onHand: 77, safetyStock: 3, futures: [{ quantity: 4 }] });
    expect(cacheOf(run).record(TENANT, 'STORE-DEN', 'CACHE-NEW-1')).toMatchObject({ onHand: 4, effectiveDate: '2026-03-02T08:00:00Z' });
    for (const [listId, type] of [['US-ONLINE', 'group'], ['STORE-BOS', 'location'], ['STORE-DEN', 'location']] as const) {
      expectMirrors(run, listId, type);
      expect(row(run, listId)!.lastDelta).toBeGreaterThan(before.get(listId)!);
    }
  });

  it('deleting an OCI record removes it from the cache (the group keeps the SKU through its other members)', async () => {
    expect(cacheOf(run).record(TENANT, 'STORE-BOS', 'SKU-0006')).toBeDefined();
    expect((await api.deleteRecord('STORE-DEN', 'CACHE-NEW-1', 'del-1')).status).toBe(204);
    expect((await api.deleteRecord('STORE-BOS', 'SKU-0006', 'del-2')).status).toBe(204);
    await cacheStep(run.emulator);
    expect(cacheOf(run).record(TENANT, 'STORE-DEN', 'CACHE-NEW-1')).toBeUndefined();
    expect(cacheOf(run).record(TENANT, 'STORE-BOS', 'SKU-0006')).toBeUndefined();
    expect(cacheOf(run).record(TENANT, 'US-ONLINE', 'SKU-0006')).toBeDefined();
    expectMirrors(run, 'US-ONLINE', 'group');
    expectMirrors(run, 'STORE-BOS', 'location');
    expectMirrors(run, 'STORE-DEN', 'location');
  });

  it('a reservation changes reserved and ato in the cache', async () => {
    const store = cacheOf(run).record(TENANT, 'STORE-BOS', 'SKU-0003')!;
    const online = cacheOf(run).record(TENANT, 'US-ONLINE', 'SKU-0004')!;
    const res = await api.reserve('cache-res-1', {
      locations: [{ id: 'STORE-BOS', reservations: [{ sku: 'SKU-0003', quantity: 2 }] }],
      groups: [{ id: 'US-ONLINE', reservations: [{ sku: 'SKU-0004', quantity: 1 }] }],
    });
    expect(res.body).toMatchObject({ success: true });
    await cacheStep(run.emulator);
    expect(cacheOf(run).record(TENANT, 'STORE-BOS', 'SKU-0003')).toMatchObject({ reserved: store.reserved + 2, ato: store.ato - 2 });
    expect(cacheOf(run).record(TENANT, 'US-ONLINE', 'SKU-0004')).toMatchObject({ reserved: online.reserved + 1, ato: online.ato - 1 });
    expectMirrors(run, 'US-ONLINE', 'group');
    expectMirrors(run, 'STORE-BOS', 'location');
  });

  it('assigning STORE-DEN to a site moves it to a dedicated stream, which completes; STORE-BOS stays combined', async () => {
    expect((await api.bm('SiteManagement-Create', { id: 'Denver' })).status).toBe(201);
    expect((await api.bm('SiteManagement-AssignInventoryList', { siteId: 'Denver', inventoryListId: 'STORE-DEN' })).status).toBe(200);
    await cacheStep(run.emulator);
    expect(row(run, 'STORE-DEN')).toMatchObject({ stream: 'list:STORE-DEN', streamKind: 'dedicated' });
    await catchUp(run.emulator);
    expect(row(run, 'STORE-DEN')).toMatchObject({ stream: 'list:STORE-DEN', status: 'complete' });
    expect(row(run, 'STORE-BOS')).toMatchObject({ stream: 'combined', status: 'complete' });
    expectMirrors(run, 'STORE-DEN', 'location');
    expectMirrors(run, 'STORE-BOS', 'location');
  });

  it('a new OCAPI list named after a location joins the combined stream and completes', async () => {
    expect((await api.putList('WH-WEST')).status).toBe(200);
    await cacheStep(run.emulator);
    expect(row(run, 'WH-WEST')).toMatchObject({ stream: 'combined', streamKind: 'combined' });
    await catchUp(run.emulator);
    expect(row(run, 'WH-WEST')!.status).toBe('complete');
    expectMirrors(run, 'WH-WEST', 'location');
    expectMirrors(run, 'STORE-BOS', 'location');
  });

  it('turning the integration off drops the cache, and no stream fills it again', async () => {
    expect((await api.bm('OCIIntegration-SetMode', { mode: 'B2C' })).status).toBe(200);
    expect(cacheOf(run).count(TENANT)).toBe(0);
    expect(cacheOf(run).listStatus(TENANT)).toEqual([]);
    await api.batch([{ id: 'c-off', location: 'STORE-BOS', sku: 'SKU-0009', onHand: 9 }]);
    await cacheStep(run.emulator);
    await cacheStep(run.emulator);
    expect(cacheOf(run).count(TENANT)).toBe(0);
  });
});

describe('profile realistic, instance time zone America/New_York', () => {
  let run: Running;
  let api: ReturnType<typeof calls>;
  const events: EventEntry[] = [];
  beforeAll(async () => {
    run = await startEmulator({ profile: 'realistic' });
    api = calls(run);
    await api.refresh();
    run.emulator.journal.subscribe((e) => void (e.kind === 'event' && e.type.startsWith('b2c.cache.') && events.push(e)));
    expect((await api.bm('InstanceTimeZone-Save', { timeZone: 'America/New_York' })).status).toBe(200);
    expect((await api.bm('OCIIntegration-SetMode', { mode: 'OCI_CACHE' })).status).toBe(200);
  });
  afterAll(() => run.close());

  it('the dedicated stream completes within seconds; the combined lists wait pending, with a reason, for 02:00 New York', async () => {
    await until(run, () => row(run, 'US-ONLINE')?.status === 'complete', 2_000, 30_000);
    expectMirrors(run, 'US-ONLINE', 'group');
    // 09:00Z is 04:00 EST: the next night window opens at 02:00 EST on 3 March, 07:00Z. At 01:30 EST nothing yet.
    await advanceTo(run, '2026-03-03T06:30:00Z');
    for (const listId of ['STORE-BOS', 'STORE-DEN']) {
      expect(row(run, listId)).toMatchObject({ status: 'pending', records: 0 });
      expect(row(run, listId)!.reason).toEqual(expect.any(String));
    }
  });

  it('at 02:00 New York the night import takes the lists that joined before 01:00; WH-WEST, joined at 01:30, waits', async () => {
    await api.refresh();
    expect((await api.putList('WH-WEST')).status).toBe(200);
    await cacheStep(run.emulator, 2_000);
    expect(row(run, 'WH-WEST')).toMatchObject({ stream: 'combined', status: 'pending' });
    await advanceTo(run, '2026-03-03T07:00:00Z');
    await until(run, () => row(run, 'STORE-BOS')?.status === 'complete' && row(run, 'STORE-DEN')?.status === 'complete', 2_000, 60_000);
    for (const listId of ['STORE-BOS', 'STORE-DEN']) {
      expect(row(run, listId)!.lastFullImport).toBeGreaterThanOrEqual(t('2026-03-03T07:00:00Z'));
      expectMirrors(run, listId, 'location');
    }
    // Through the rest of the window (until 03:00 EST) WH-WEST stays out, and the others are not imported again.
    await until(run, () => run.emulator.clock.now() >= t('2026-03-03T08:00:00Z'), 2_000, 3_600_000);
    expect(row(run, 'WH-WEST')).toMatchObject({ status: 'pending', records: 0 });
    expect(events.filter((e) => e.type === 'b2c.cache.reimported')).toEqual([]);
  });

  // The night import that left WH-WEST out keeps a full import due: the next night takes it.
  it('WH-WEST completes at the next night, 02:00 New York on 4 March', async () => {
    await advanceTo(run, '2026-03-04T07:00:00Z');
    await until(run, () => row(run, 'WH-WEST')?.status === 'complete', 2_000, 60_000);
    expectMirrors(run, 'WH-WEST', 'location');
  });
});

describe('restart on a file store', () => {
  const temp = tempFolders('oci-cache-streams');
  afterAll(temp.cleanup);
  const file = temp.file();
  const open = (start: string | number) => startEmulator({ store: { file }, clock: { mode: 'frozen', start } });

  it('closed while full imports are in flight, then again with deltas not yet polled: the cache resumes and converges', async () => {
    let run = await open(FROZEN_START);
    let at: number;
    try {
      const api = calls(run);
      await api.refresh();
      await api.bm('OCIIntegration-SetMode', { mode: 'OCI_CACHE' });
      // The first turn ran on the switch: every stream asked for its export, none has been read.
      expect(cacheOf(run).listStatus(TENANT).map((r) => r.status)).toEqual(['importing', 'importing', 'importing']);
      at = run.emulator.clock.now();
    } finally {
      await run.close();
    }

    run = await open(at);
    try {
      expect(run.emulator.restored).toBe(true);
      expect(cacheOf(run).listStatus(TENANT).map((r) => r.status)).toEqual(['importing', 'importing', 'importing']);
      await until(run, () => allComplete(run), 250, 20_000);
      expectMirrors(run, 'US-ONLINE', 'group');
      expectMirrors(run, 'STORE-BOS', 'location');
      // Writes OCI takes while the cache has not polled yet.
      const api = calls(run);
      await api.refresh();
      expect((await api.batch([
        { id: 'r-1', location: 'STORE-BOS', sku: 'SKU-0007', onHand: 55 },
        { id: 'r-2', location: 'WH-WEST', sku: 'SKU-0008', onHand: 321 },
        { id: 'r-3', location: 'STORE-DEN', sku: 'CACHE-NEW-2', onHand: 6 },
      ])).status).toBe(204);
      expect(cacheOf(run).record(TENANT, 'STORE-BOS', 'SKU-0007')?.onHand).not.toBe(55);
      at = run.emulator.clock.now();
    } finally {
      await run.close();
    }

    run = await open(at);
    try {
      expect(allComplete(run)).toBe(true);
      await cacheStep(run.emulator);
      expect(cacheOf(run).record(TENANT, 'STORE-BOS', 'SKU-0007')?.onHand).toBe(55);
      expect(cacheOf(run).record(TENANT, 'STORE-DEN', 'CACHE-NEW-2')?.onHand).toBe(6);
      expectMirrors(run, 'US-ONLINE', 'group');
      expectMirrors(run, 'STORE-BOS', 'location');
      expectMirrors(run, 'STORE-DEN', 'location');
    } finally {
      await run.close();
    }
  });
});
