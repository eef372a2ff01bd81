import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import type { CachedRecord } from '../../emulator/b2c/oci-cache/model.js';
import type { ListStatus } from '../../emulator/b2c/oci-cache/service.js';
import { startEmulator, TENANT, TENANT_GROUP, tokenFor, type Running } from '../helpers/emulator.js';
import { cacheStep, catchUp } from '../helpers/oci-cache.js';
import { tempFolders } from '../helpers/temp.js';
import { ACTIONS, BASE, recordPath } from '../oci/helpers.js';

// The OCI cache converges on OCI: whatever OCI writes (batch-update, PUT/PATCH/DELETE, availability imports,
// reservations made, cancelled and expiring, segmentation), stream restarts (the integration off and on again, the
// emulator closed and reopened), expired delta links and clock jumps happen between the streams' polls, once the
// streams catch up every paired list holds exactly what OCI answers for its place, SKU by SKU.
//
// Expiring a delta link: the streams poll every 250 ms and each get-deltas answer carries a token issued then, so a
// link never ages while they run (a clock advance runs every poll on the way, ≈0.45 s per virtual hour), turning the
// integration off drops the cache with its token, and the feed keeps 3,000,000 entries, too many to push a cursor
// out. What is left is a day without polls: here a restart after a day of downtime (restoring a day-old snapshot
// would do too). So each run has its own file-backed emulator (≈0.2 s to build); reopening it with a start 24–30 h
// later (the clock carries on from max(saved, start) without running the polls in between) leaves each stream a
// token issued more than 23.5 h ago: its first poll gets 410 ExpiredDeltaLink and it imports again, which the run
// checks through the journal.
//
// Writes right after a mode switch or a restart are not held back: they race, in real time, with the first export
// the streams ask for (a DELETE may meet 409 ExportInProcess), as B2C's writes would. Convergence must hold anyway.

const temp = tempFolders('oci-cache-convergence');
afterAll(temp.cleanup);

const BM = '/on/demandware.store/Sites-Site/default';
const RESERVATIONS = `/inventory/reservation/v1/organizations/${TENANT_GROUP}/reservation-documents`;
const IMPEX = `/inventory/impex/v1/organizations/${TENANT_GROUP}/availability-records/imports`;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LOCATIONS = ['WH-EAST', 'WH-WEST', 'STORE-BOS', 'STORE-DEN'] as const;
// A few of the demo's SKUs (every location holds SKU-0001…0024) and two new ones, so writes collide and SKUs come
// and go at places and groups.
const SKUS = ['SKU-0001', 'SKU-0002', 'SKU-0003', 'SKU-0024', 'NEW-A', 'NEW-B'] as const;
/** The demo's paired lists: US-ONLINE pairs with a group (its own stream), the stores with locations (combined). */
const PAIRED = { 'US-ONLINE': 'group', 'STORE-BOS': 'location', 'STORE-DEN': 'location' } as const;
const DATES = ['2026-03-01T00:00:00Z', '2026-03-02T08:00:00Z', '2026-03-05T12:00:00Z'];

const future = fc.record({ quantity: fc.integer({ min: 1, max: 20 }), expectedDate: fc.constantFrom('2026-04-01T00:00:00Z', '2026-05-15T00:00:00Z') });
const figures = fc.record(
  { onHand: fc.integer({ min: 0, max: 40 }), safetyStockCount: fc.integer({ min: 0, max: 8 }), futureStock: fc.array(future, { maxLength: 2 }), effectiveDate: fc.constantFrom(...DATES) },
  { requiredKeys: [] },
);
const place = fc.record({ location: fc.constantFrom(...LOCATIONS), sku: fc.constantFrom(...SKUS) });
const line = fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 12 }) });

const step = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('batch' as const), records: fc.array(fc.tuple(place, figures), { minLength: 1, maxLength: 6 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('put' as const, 'patch' as const), at: place, values: figures }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: place }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('import' as const), records: fc.array(fc.tuple(place, figures), { minLength: 1, maxLength: 5 }) }) },
  // More than a get-deltas page (1,000 place and SKU pairs) at once: the streams read several pages, some turns.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bulk' as const), location: fc.constantFrom(...LOCATIONS), size: fc.integer({ min: 1_001, max: 4_500 }), onHand: fc.nat(9) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('reserve' as const),
      group: fc.boolean(),
      where: fc.constantFrom(...LOCATIONS),
      lines: fc.uniqueArray(line, { minLength: 1, maxLength: 3, selector: (l) => l.sku }),
      expirationSeconds: fc.option(fc.integer({ min: 30, max: 4 * 3600 }), { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('segment' as const), mode: fc.constantFrom('APPEND' as const, 'DELETE' as const), sku: fc.constantFrom(...SKUS) }) },
  // Clock jumps: the polls due on the way run, each at its instant (hours come once per run, below: they cost).
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 2_000, max: 5 * MINUTE }), fc.integer({ min: 5 * MINUTE, max: 20 * MINUTE })) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('poll' as const), polls: fc.integer({ min: 1, max: 3 }) }) },
  // Integration off (the cache and its streams dropped), maybe some time off (no streams, so cheap), on again.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cycle' as const), offMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 * HOUR })) }) },
  // The emulator closed and reopened; down for more than 23.5 h the streams' delta links have expired.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), downMs: fc.oneof(fc.integer({ min: 0, max: 2 * HOUR }), fc.integer({ min: 24 * HOUR, max: 30 * HOUR })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('check' as const) }) },
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

const scenario = fc.record({
  steps: fc.array(step, { minLength: 1, maxLength: 24, size: 'medium' }),
  longJump: fc.option(fc.record({ at: fc.nat(), ms: fc.integer({ min: HOUR, max: 3 * HOUR }) }), { nil: undefined, freq: 2 }),
});

/** One run's emulator, its tokens (refreshed when the clock moved past half their 30 minutes) and what it made. */
class Session {
  run!: Running;
  #token = '';
  #tokenAt = -Infinity;
  /** Lists whose cache was imported (again) since the last restart. */
  imported = new Set<string>();
  docs: string[] = [];
  ids = 0;

  constructor(readonly file: string) {}

  async open(start?: number): Promise<void> {
    this.run = await startEmulator({ store: { file: this.file }, ...(start === undefined ? {} : { clock: { mode: 'frozen', start } }) });
    this.#tokenAt = -Infinity;
    this.imported.clear();
    this.run.emulator.journal.subscribe((e) => {
      if (e.kind === 'event' && (e.type === 'b2c.cache.reimported' || e.type === 'b2c.cache.complete')) this.imported.add(String((e.data as { listId: string }).listId));
    });
  }

  get emulator() {
    return this.run.emulator;
  }

  async auth(): Promise<string> {
    if (this.emulator.clock.now() - this.#tokenAt > 15 * MINUTE) {
      this.#token = await tokenFor(this.run.http);
      this.#tokenAt = this.emulator.clock.now();
    }
    return `Bearer ${this.#token}`;
  }

  async send(method: 'get' | 'put' | 'patch' | 'delete' | 'post', path: string, body?: unknown) {
    const req = this.run.http[method](path).set('Authorization', await this.auth());
    const res = await (body === undefined ? req : req.send(body as object));
    // Refusals (404 no record, 409 an export running, InsufficientQuantity) are part of the game; a 5xx is not.
    expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(500);
    return res;
  }

  async mode(mode: 'B2C' | 'OCI_CACHE'): Promise<void> {
    expect((await this.send('post', `${BM}/OCIIntegration-SetMode`, { mode })).status).toBe(200);
  }

  id(prefix: string): string {
    return `${prefix}-${++this.ids}`;
  }
}

const DOWN_LIMIT = 23.5 * HOUR;

async function apply(s: Session, st: Step): Promise<void> {
  switch (st.kind) {
    case 'batch': {
      const records = st.records.map(([at, v]) => ({ id: s.id('b'), location: at.location, sku: at.sku, ...v }));
      expect([200, 204]).toContain((await s.send('post', `${ACTIONS}/batch-update`, { records })).status);
      return;
    }
    case 'put':
    case 'patch':
      await s.send(st.kind, recordPath(st.at.location, st.at.sku, s.id('r')), st.values);
      return;
    case 'delete':
      await s.send('delete', recordPath(st.at.location, st.at.sku, s.id('d')));
      return;
    case 'import':
    case 'bulk': {
      // Import lines call futures `futures`. Bulk SKUs are named by position, so a second bulk changes the first's.
      const lines =
        st.kind === 'bulk'
          ? Array.from({ length: st.size }, (_, k) => ({ recordId: s.id('i'), locationId: st.location, sku: `BULK-${k}`, onHand: (k + st.onHand) % 10 }))
          : st.records.map(([at, { futureStock, ...v }]) => ({ recordId: s.id('i'), locationId: at.location, sku: at.sku, ...v, ...(futureStock ? { futures: futureStock } : {}) }));
      const text = lines.map((l) => JSON.stringify(l)).join('\n');
      const init = await s.send('post', IMPEX, { fileName: 'inventory.json' });
      expect(init.status).toBe(200);
      const up = await s.run.http.post(init.body.uploadLink).set('Authorization', await s.auth()).attach('fileUpload', Buffer.from(`${text}\n`), 'inventory.json');
      expect(up.status).toBe(200);
      // The job runs in the background: wait for the queue to be idle.
      await s.emulator.services.oci!.domain.jobs.idle();
      const done = await s.send('get', `${IMPEX}/${init.body.importId}/status`);
      expect(done.body).toMatchObject({ status: 'COMPLETED', import: { recordsSkippedCount: 0 } });
      return;
    }
    case 'reserve': {
      const id = s.id('res');
      const places = st.group ? { groups: [{ id: st.where === 'STORE-DEN' ? 'US-STORES' : 'US-ONLINE', reservations: st.lines }] } : { locations: [{ id: st.where, reservations: st.lines }] };
      await s.send('put', `${RESERVATIONS}/${id}`, { ...places, ...(st.expirationSeconds ? { expirationSeconds: st.expirationSeconds } : {}) });
      s.docs.push(id);
      return;
    }
    case 'cancel':
      if (s.docs.length > 0) await s.send('patch', `${RESERVATIONS}/${s.docs[st.pick % s.docs.length]}`, { status: 'CANCELLED' });
      return;
    case 'segment':
      await s.send('post', `${BASE}/product-segmentation/actions/batch-update`, { groups: [{ groupId: 'US-ONLINE', mode: st.mode, skus: [st.sku] }] });
      return;
    case 'advance':
      await s.emulator.clock.advance(st.ms);
      await s.emulator.services.b2c!.ociCache.idle();
      return;
    case 'poll':
      for (let i = 0; i < st.polls; i++) await cacheStep(s.emulator);
      return;
    case 'cycle':
      await s.mode('B2C');
      expect(s.emulator.services.b2c!.ociCache.count(TENANT)).toBe(0);
      if (st.offMs > 0) await s.emulator.clock.advance(st.offMs);
      await s.mode('OCI_CACHE');
      return;
    case 'restart': {
      const complete = s.emulator.services.b2c!.ociCache.listStatus(TENANT).filter((r) => r.status === 'complete').map((r) => r.listId);
      const at = s.emulator.clock.now();
      await s.run.close();
      await s.open(at + st.downMs);
      expect(s.emulator.clock.now()).toBe(at + st.downMs);
      if (st.downMs > DOWN_LIMIT) {
        // Every stream that was following OCI now holds an expired link: 410, then a full import of its lists.
        await caughtUp(s);
        for (const listId of complete) expect(s.imported, `${listId} imported again after ${st.downMs} ms down`).toContain(listId);
      }
      return;
    }
    case 'check':
      await converged(s);
      return;
  }
}

/**
 * catchUp. An export that completed just before a day of downtime has lost its file (24 h) when the stream comes to
 * read it: the stream asks for a new one at once, so no allowance is needed here.
 */
async function caughtUp(s: Session): Promise<readonly ListStatus[]> {
  return catchUp(s.emulator);
}

type Figures = Omit<CachedRecord, 'receivedAt'>;

/** The figures the cache compares, from OCI's answer or from a cached record (futures in the order given). */
function figuresOf(a: { ato: number; atf: number; onHand: number; reserved: number; futures: readonly { quantity: number; expectedDate: string }[]; effectiveDate?: string | undefined } & ({ safetyStockCount: number } | { safetyStock: number })): Figures {
  const safetyStock = 'safetyStockCount' in a ? a.safetyStockCount : a.safetyStock;
  return {
    ato: a.ato,
    atf: a.atf,
    onHand: a.onHand,
    safetyStock,
    reserved: a.reserved,
    futures: a.futures.map((f) => ({ quantity: f.quantity, expectedDate: f.expectedDate })),
    ...(a.effectiveDate !== undefined ? { effectiveDate: a.effectiveDate } : {}),
  };
}

/** Catches up, then compares every paired list with OCI SKU by SKU, and the cache's size with OCI's places. */
async function converged(s: Session): Promise<void> {
  const rows = await caughtUp(s);
  expect(rows.map((r) => [r.listId, r.status, r.reason])).toEqual(Object.keys(PAIRED).sort().map((l) => [l, 'complete', undefined]));
  const { domain } = s.emulator.services.oci!;
  const cache = s.emulator.services.b2c!.ociCache;
  // Every SKU OCI holds anywhere (a group's SKUs are its members'), and the ones the run wrote.
  const skus = new Set<string>(SKUS);
  for (const records of domain.tenants.state(TENANT_GROUP).records.values()) for (const sku of records.skus()) skus.add(sku);
  let total = 0;
  for (const [listId, kind] of Object.entries(PAIRED)) {
    const want: Record<string, Figures> = {};
    const have: Record<string, Figures> = {};
    for (const sku of skus) {
      const oci = kind === 'group' ? domain.query.group(TENANT_GROUP, listId, sku) : domain.query.location(TENANT_GROUP, listId, sku);
      if (oci) want[sku] = figuresOf(oci);
      const cached = cache.record(TENANT, listId, sku);
      if (cached) have[sku] = figuresOf(cached);
    }
    expect(have, `the cache of ${listId}`).toEqual(want);
    // No SKU beyond the ones looked at: the list holds exactly as many records as OCI has at its place.
    expect(rows.find((r) => r.listId === listId)!.records, `records cached for ${listId}`).toBe(Object.keys(want).length);
    total += Object.keys(want).length;
  }
  expect(cache.count(TENANT)).toBe(total);
}

it('after any interleaving of OCI writes, restarts, expired delta links and clock jumps, the caught-up cache equals OCI', async () => {
  await fc.assert(
    fc.asyncProperty(scenario, async ({ steps, longJump }) => {
      const s = new Session(temp.file());
      await s.open();
      try {
        await s.mode('OCI_CACHE');
        const all = [...steps];
        if (longJump) all.splice(longJump.at % (all.length + 1), 0, { kind: 'advance', ms: longJump.ms });
        for (const st of all) await apply(s, st);
        await converged(s);
      } finally {
        await s.run.close();
      }
    }),
    { numRuns: 20, seed: 20260302 },
  );
}, 120_000);
