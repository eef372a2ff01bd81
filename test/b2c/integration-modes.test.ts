import { describe, expect, it } from 'vitest';
import type { EventEntry } from '../../emulator/core/journal.js';
import { FROZEN_START, TENANT_GROUP } from '../helpers/emulator.js';
import { catchUp } from '../helpers/oci-cache.js';
import { b2cWorld } from './helpers.js';
import { BY, LABELS, PAIRED, fresh, setMode, show, codes, nowIso, events, lastModeEvent, changesNothing, expectRefused, expectSwitched, type Bm } from './integration-page.js';

// Phase 4 over HTTP: the instance's inventory integration mode (B2C / OCI_CACHE / OCI) as Business Manager's OCI
// Integration page shows and switches it, the OCI cache it fills, and strict and lenient enforcement (warnings and
// bad input are in integration-warnings.test.ts). Each describe has its own world: a mode is one-way state, so tests
// inside a describe run in the order a rollout would take.

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
