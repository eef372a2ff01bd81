import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAUSES, CAUSE_IDS } from '../../emulator/oversell/causes.js';
import { MAX_BATCH } from '../../emulator/oversell/physical/requests.js';
import { OVERSELL_NAMESPACE, orderKey } from '../../emulator/oversell/accounting/model.js';
import type { StoredOversell } from '../../emulator/oversell/accounting/stored.js';
import type { EventEntry } from '../../emulator/core/journal.js';
import { startEmulator, TENANT_GROUP, tokenFor, type Running } from '../helpers/emulator.js';

// The physical world's control-plane pages over HTTP: each kind of event (counts, receipts, shipments, POS sales,
// other channels' orders) applied one at a time and in batches, the cells GET /__emulator/physical shows, the
// oversell page and its filters, other channels' orders against OCI, hostile input on every route, and the
// accounting across a snapshot and a reset. Each test works on SKUs of its own (fresh names) so they never meet.

const TG = TENANT_GROUP;
const PHYSICAL = '/__emulator/physical';
const OVERSELL = '/__emulator/oversell';
const OCI = `/inventory/availability/v1/organizations/${TG}`;
const RESERVE = `/inventory/reservation/v1/organizations/${TG}/reservation-documents`;
const KINDS = ['counts', 'receipts', 'shipments', 'pos-sales', 'orders'] as const;
type Kind = (typeof KINDS)[number];
const LEAK = /<html|<pre>|\bat \S+ \(|\.[cm]?[jt]s:\d+|node_modules|TypeError|RangeError/i;

let serial = 0;
/** A name no other test uses (a SKU OCI accepts too: letters, digits and dashes). */
const fresh = (stem = 'PHYS') => `${stem}-${++serial}`;

/** The control dialect exactly: {error, message, details?}, JSON, nothing internal, never a 500. */
function expectControlError(res: Response, status: number, code?: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(res.body).filter((k) => !['error', 'message', 'details'].includes(k))).toEqual([]);
  expect(res.body).toMatchObject({ error: code ?? expect.stringMatching(/\S/), message: expect.stringMatching(/\S/) });
  expect(res.text).not.toMatch(LEAK);
}

interface CellView {
  tenantGroupId: string;
  location: string;
  sku: string;
  onHand: number;
  claimed: number;
  free: number;
  anchor: 'count' | 'oci';
  oci: { onHand: number; aheadBy: number; stock: Record<string, number>; unknownOrders: Record<string, number> };
}
interface OversellPage {
  totals: { orders: number; units: number; oversoldOrders: number; oversoldUnits: number; backorderedUnits: number };
  byCause: { cause: string; label: string; lesson: string; units: number; orders: number }[];
  bySkuAndPlace: { tenantGroupId: string; place: string; sku: string; orders: number; units: number; oversoldOrders: number; oversoldUnits: number; byCause: Record<string, number> }[];
  timeline: { at: string; source: string; orderRef: string; path: string; place: string; sku: string; quantity: number; oversold: number; causes: Record<string, number> }[];
  truncated: boolean;
}

function helpers(get: () => Running) {
  const http = () => get().http;
  const post = (kind: Kind, body: unknown) => http().post(`${PHYSICAL}/${kind}`).send(body as object);
  const ok = async (kind: Kind, body: unknown) => {
    const res = await post(kind, body);
    expect(res.status, res.text).toBe(200);
    return res.body as { applied: number; refused: { index: number; code: string; message: string }[] };
  };
  const cells = async (query: Record<string, string | number>) => {
    const res = await http().get(PHYSICAL).query(query);
    expect(res.status, res.text).toBe(200);
    return res.body as { cells: CellView[]; truncated: boolean };
  };
  const cell = async (location: string, sku: string) => {
    const { cells: found } = await cells({ location, sku });
    expect(found.length, `${location}/${sku}`).toBeLessThanOrEqual(1);
    return found[0];
  };
  const oversell = async (query: Record<string, string | number> = {}) => {
    const res = await http().get(OVERSELL).query(query);
    expect(res.status, res.text).toBe(200);
    return res.body as OversellPage;
  };
  const am = () => tokenFor(http());
  /** OCI's on-hand at a location, as an integration's import would set it. */
  const ociOnHand = async (location: string, sku: string, onHand: number, safetyStockCount = 0) => {
    const res = await http()
      .post(`${OCI}/availability-records/actions/batch-update`)
      .set('Authorization', `Bearer ${await am()}`)
      .send({ records: [{ id: fresh('import'), location, sku, onHand, safetyStockCount }] });
    expect(res.status, res.text).toBe(204);
  };
  /** A reservation in OCI naming the order (`externalRefId`), as an OMS or another channel makes it. */
  const reserve = async (externalRefId: string, place: { location?: string; group?: string }, lines: { sku: string; quantity: number }[]) => {
    const body = place.group ? { externalRefId, groups: [{ id: place.group, reservations: lines }] } : { externalRefId, locations: [{ id: place.location, reservations: lines }] };
    const res = await http().put(`${RESERVE}/${fresh('res')}`).set('Authorization', `Bearer ${await am()}`).send(body);
    expect(res.status, res.text).toBe(200);
    return res.body as { success: boolean };
  };
  /** The domain events of the physical world journaled after `afterSeq`. */
  const journaled = (afterSeq: number, type = 'physical.*') => get().emulator.journal.query({ kind: 'event', type, afterSeq, limit: 10_000 }) as EventEntry[];
  return { post, ok, cells, cell, oversell, ociOnHand, reserve, journaled };
}

describe('the physical world over HTTP', () => {
  let run: Running;
  beforeAll(async () => {
    run = await startEmulator();
  });
  afterAll(() => run.close());
  const h = helpers(() => run);
  const { post, ok, cells, cell, oversell, ociOnHand, reserve, journaled } = h;
  const seq = () => run.emulator.journal.lastSeq;

  describe('one event of each kind applies, is journaled and shows on its cell', () => {
    // Every SKU starts with OCI counting 10 at WH-EAST and no count: the cell is anchored on OCI's on-hand.
    const cases: { kind: Kind; event: (sku: string, ref: string) => Record<string, unknown>; type: string; data: (sku: string, ref: string) => Record<string, unknown>; cell: Partial<CellView> }[] = [
      {
        kind: 'counts',
        event: (sku) => ({ location: 'WH-EAST', sku, onHand: 7 }),
        type: 'physical.count',
        data: (sku) => ({ location: 'WH-EAST', sku, onHand: 7, before: 10 }),
        cell: { onHand: 7, claimed: 0, free: 7, anchor: 'count', oci: { onHand: 10, aheadBy: 3, stock: { 'stale-oci-data': 3 }, unknownOrders: {} } },
      },
      {
        kind: 'receipts',
        event: (sku) => ({ location: 'WH-EAST', sku, quantity: 4 }),
        type: 'physical.receipt',
        data: (sku) => ({ location: 'WH-EAST', sku, quantity: 4, onHand: 14 }),
        cell: { onHand: 14, claimed: 0, free: 14, anchor: 'oci', oci: { onHand: 10, aheadBy: 0, stock: {}, unknownOrders: {} } },
      },
      {
        kind: 'shipments',
        event: (sku) => ({ location: 'WH-EAST', sku, quantity: 3 }),
        type: 'physical.shipment',
        data: (sku) => ({ location: 'WH-EAST', sku, quantity: 3, onHand: 7 }),
        cell: { onHand: 7, claimed: 0, free: 7, anchor: 'oci', oci: { onHand: 10, aheadBy: 3, stock: { 'stale-oci-data': 3 }, unknownOrders: {} } },
      },
      {
        kind: 'pos-sales',
        event: (sku) => ({ tenantGroupId: TG, location: 'WH-EAST', sku, quantity: 3 }),
        type: 'physical.pos-sale',
        data: (sku) => ({ location: 'WH-EAST', sku, quantity: 3, onHand: 7 }),
        cell: { onHand: 7, claimed: 0, free: 7, anchor: 'oci', oci: { onHand: 10, aheadBy: 3, stock: { 'pos-lag-no-safety-stock': 3 }, unknownOrders: {} } },
      },
      {
        kind: 'orders',
        event: (sku, ref) => ({ orderRef: ref, place: 'WH-EAST', lines: [{ sku, quantity: 4 }] }),
        type: 'physical.order',
        data: (sku, ref) => ({ channel: 'other', orderRef: ref, place: 'WH-EAST', lines: [{ sku, quantity: 4 }] }),
        cell: { onHand: 10, claimed: 4, free: 6, anchor: 'oci', oci: { onHand: 10, aheadBy: 4, stock: {}, unknownOrders: { 'stale-oci-data': 4 } } },
      },
    ];

    it.each(cases)('$kind', async ({ kind, event, type, data, cell: expected }) => {
      const sku = fresh();
      const ref = fresh('order');
      await ociOnHand('WH-EAST', sku, 10);
      const since = seq();
      expect(await ok(kind, event(sku, ref))).toEqual({ applied: 1, refused: [] });
      const events = journaled(since);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ kind: 'event', type, tenant: TG, data: data(sku, ref) });
      expect(await cell('WH-EAST', sku)).toEqual({ tenantGroupId: TG, location: 'WH-EAST', sku, ...expected });
      // Nothing was oversold by one event on 10 units.
      expect(journaled(since, 'oversell.recorded')).toEqual([]);
    });

    it('a count on a SKU OCI has no record of anchors the cell on the count, with nothing ahead', async () => {
      const sku = fresh();
      const since = seq();
      await ok('counts', { location: 'STORE-DEN', sku, onHand: 5 });
      expect(journaled(since)[0]!.data).toEqual({ location: 'STORE-DEN', sku, onHand: 5, before: 0 });
      expect(await cell('STORE-DEN', sku)).toEqual({ tenantGroupId: TG, location: 'STORE-DEN', sku, onHand: 5, claimed: 0, free: 5, anchor: 'count', oci: { onHand: 0, aheadBy: 0, stock: {}, unknownOrders: {} } });
    });

    it('a store sale or a shipment takes only units no order has claimed (409 NOT_ON_SHELF), and changes nothing then', async () => {
      const sku = fresh();
      await ok('counts', { location: 'WH-WEST', sku, onHand: 5 });
      await ok('orders', { orderRef: fresh('order'), place: 'WH-WEST', lines: [{ sku, quantity: 4 }] });
      const since = seq();
      for (const kind of ['pos-sales', 'shipments'] as const) {
        const res = await post(kind, { location: 'WH-WEST', sku, quantity: 2 });
        expectControlError(res, 409, 'NOT_ON_SHELF');
        expect(res.body.message).toContain(sku);
      }
      // Nothing on a shelf never counted: 409 as well.
      expectControlError(await post('pos-sales', { location: 'WH-WEST', sku: fresh(), quantity: 1 }), 409, 'NOT_ON_SHELF');
      expect(journaled(since)).toEqual([]);
      expect(await cell('WH-WEST', sku)).toMatchObject({ onHand: 5, claimed: 4, free: 1 });
      await ok('pos-sales', { location: 'WH-WEST', sku, quantity: 1 });
      expect(await cell('WH-WEST', sku)).toMatchObject({ onHand: 4, claimed: 4, free: 0 });
    });

    it('an order the shelf cannot cover is oversold and journaled as oversell.recorded', async () => {
      const sku = fresh();
      const ref = fresh('order');
      await ok('counts', { location: 'WH-WEST', sku, onHand: 2 });
      const since = seq();
      await ok('orders', { channel: 'marketplace', orderRef: ref, place: 'WH-WEST', lines: [{ sku, quantity: 5 }] });
      expect(journaled(since, 'oversell.recorded')).toEqual([
        expect.objectContaining({
          tenant: TG,
          data: { source: 'channel:marketplace', orderRef: ref, path: 'channel', lines: [{ place: 'WH-WEST', sku, quantity: 5, oversold: 3, causes: { 'stale-oci-data': 3 } }] },
        }),
      ]);
      expect(await cell('WH-WEST', sku)).toMatchObject({ onHand: 2, claimed: 5, free: -3 });
    });
  });

  describe('a count below OCI and the receipts after it', () => {
    it("the gap a count finds is 'stale-oci-data'; receipts close the gap oldest reason first", async () => {
      const sku = fresh();
      await ociOnHand('WH-EAST', sku, 10);
      await ok('counts', { location: 'WH-EAST', sku, onHand: 6 });
      expect((await cell('WH-EAST', sku))!.oci).toEqual({ onHand: 10, aheadBy: 4, stock: { 'stale-oci-data': 4 }, unknownOrders: {} });
      await run.emulator.clock.advance(60_000);
      await ok('pos-sales', { location: 'WH-EAST', sku, quantity: 2 });
      expect((await cell('WH-EAST', sku))!.oci.stock).toEqual({ 'stale-oci-data': 4, 'pos-lag-no-safety-stock': 2 });
      // 3 units arrive: the oldest reason (the count's) goes first.
      await ok('receipts', { location: 'WH-EAST', sku, quantity: 3 });
      expect(await cell('WH-EAST', sku)).toMatchObject({ onHand: 7, oci: { onHand: 10, aheadBy: 3, stock: { 'stale-oci-data': 1, 'pos-lag-no-safety-stock': 2 } } });
      await ok('receipts', { location: 'WH-EAST', sku, quantity: 2 });
      expect((await cell('WH-EAST', sku))!.oci.stock).toEqual({ 'pos-lag-no-safety-stock': 1 });
      await ok('receipts', { location: 'WH-EAST', sku, quantity: 5 });
      expect(await cell('WH-EAST', sku)).toMatchObject({ onHand: 14, oci: { onHand: 10, aheadBy: 0, stock: {} } });
    });

    it('an import telling OCI the shelf closes the gap too; one stating more than the shelf opens it again', async () => {
      const sku = fresh();
      await ociOnHand('WH-WEST', sku, 10);
      await ok('counts', { location: 'WH-WEST', sku, onHand: 6 });
      await ociOnHand('WH-WEST', sku, 6);
      expect((await cell('WH-WEST', sku))!.oci).toEqual({ onHand: 6, aheadBy: 0, stock: {}, unknownOrders: {} });
      await ociOnHand('WH-WEST', sku, 9);
      expect((await cell('WH-WEST', sku))!.oci).toEqual({ onHand: 9, aheadBy: 3, stock: { 'stale-oci-data': 3 }, unknownOrders: {} });
    });
  });

  describe('batches', () => {
    it('applies what it can and refuses the rest by index; the events after a refused one still apply', async () => {
      const sku = fresh();
      await ok('counts', { location: 'STORE-BOS', sku, onHand: 3 });
      const since = seq();
      const outcome = await ok('pos-sales', {
        events: [
          { location: 'STORE-BOS', sku, quantity: 1 },
          { location: 'STORE-BOS', sku, quantity: 99 },
          { location: 'NOWHERE', sku, quantity: 1 },
          { tenantGroupId: 'not-a-tenant-group', location: 'STORE-BOS', sku, quantity: 1 },
          { location: 'STORE-BOS', sku, quantity: 2 },
        ],
      });
      expect(outcome.applied).toBe(2);
      expect(outcome.refused.map((r) => [r.index, r.code])).toEqual([
        [1, 'NOT_ON_SHELF'],
        [2, 'UNKNOWN_LOCATION'],
        [3, 'UNKNOWN_TENANT_GROUP'],
      ]);
      for (const r of outcome.refused) expect(r.message).toMatch(/\S/);
      expect(journaled(since).map((e) => e.data['quantity'])).toEqual([1, 2]);
      expect(await cell('STORE-BOS', sku)).toMatchObject({ onHand: 0, free: 0 });
    });

    it('orders: a duplicate within the batch and an unknown place are refused by index', async () => {
      const sku = fresh();
      const [a, b] = [fresh('order'), fresh('order')];
      await ok('counts', { location: 'STORE-BOS', sku, onHand: 10 });
      const outcome = await ok('orders', {
        events: [
          { orderRef: a, place: 'STORE-BOS', lines: [{ sku, quantity: 1 }] },
          { orderRef: a, place: 'STORE-BOS', lines: [{ sku, quantity: 1 }] },
          { orderRef: b, place: 'NOWHERE', lines: [{ sku, quantity: 1 }] },
          { orderRef: a, channel: 'phone', place: 'STORE-BOS', lines: [{ sku, quantity: 2 }] },
          { orderRef: b, place: 'US-ONLINE', lines: [{ sku, quantity: 3 }] },
        ],
      });
      expect(outcome).toEqual({
        applied: 3,
        refused: [
          { index: 1, code: 'DUPLICATE_ORDER', message: expect.stringContaining(a) },
          { index: 2, code: 'UNKNOWN_PLACE', message: expect.stringContaining('NOWHERE') },
        ],
      });
      expect(await cell('STORE-BOS', sku)).toMatchObject({ onHand: 10, claimed: 6, free: 4 });
    });

    it('an empty batch applies nothing', async () => {
      expect(await ok('receipts', { events: [] })).toEqual({ applied: 0, refused: [] });
    });

    it(`${MAX_BATCH} events in one call, a body far above the control plane's 64 KiB, are all applied`, async () => {
      const sku = fresh();
      const body = { events: Array.from({ length: MAX_BATCH }, () => ({ location: 'WH-WEST', sku, quantity: 1 })) };
      expect(JSON.stringify(body).length).toBeGreaterThan(64 * 1024);
      expect(await ok('receipts', body)).toEqual({ applied: MAX_BATCH, refused: [] });
      expect(await cell('WH-WEST', sku)).toMatchObject({ onHand: MAX_BATCH, anchor: 'count' });

      const over = await post('receipts', { events: [...body.events, { location: 'WH-WEST', sku, quantity: 1 }] });
      expectControlError(over, 400, 'VALIDATION_FAILED');
      expect(over.body.message).toContain(String(MAX_BATCH));
      expect(await cell('WH-WEST', sku)).toMatchObject({ onHand: MAX_BATCH });
    });

    it('one malformed event (index 3) refuses the whole batch with a 400 naming it: nothing is applied', async () => {
      const sku = fresh();
      const since = seq();
      const events: unknown[] = Array.from({ length: 6 }, () => ({ location: 'WH-EAST', sku, onHand: 2 }));
      events[3] = { location: 'WH-EAST', sku, onHand: -1 };
      const res = await post('counts', { events });
      expectControlError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.message).toMatch(/^events\[3\]/);
      expect(res.body.message).toContain('onHand');
      expect(journaled(since)).toEqual([]);
      expect(await cell('WH-EAST', sku)).toBeUndefined();
    });

    it.each([
      ['events is not a list', { events: { location: 'WH-EAST' } }, /events must be a list/],
      ['events is null', { events: null }, /events must be a list/],
      ['a batch with another field', { events: [], dryRun: true }, /only "events"/],
      ['a batch of strings', { events: ['x'] }, /^events\[0\]/],
    ])('%s → 400', async (_label, body, message) => {
      const res = await post('receipts', body);
      expectControlError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.message).toMatch(message);
    });

    it('other /__emulator paths still refuse bodies above 64 KiB with 413; the physical paths above 8 MiB', async () => {
      const pad = 'x'.repeat(70 * 1024);
      for (const [path, body] of [
        ['/__emulator/snapshots', { name: 'big', pad }],
        ['/__emulator/clock/advance', { by: 1, pad }],
        ['/__emulator/reset', { pad }],
      ] as const) {
        expectControlError(await run.http.post(path).send(body), 413);
      }
      expectControlError(await post('receipts', { events: [], pad: 'x'.repeat(9 * 1024 * 1024) }), 413);
    });
  });

  describe('hostile input on every route, in the control dialect, never a 500', () => {
    // Counts have a SKU of their own; the others share one with stock enough for every valid event sent.
    const sku = 'HOSTILE-1';
    beforeAll(async () => {
      await ok('receipts', { location: 'WH-EAST', sku, quantity: 1_000_000 });
    });
    const valid: Record<Kind, () => Record<string, unknown>> = {
      counts: () => ({ location: 'WH-EAST', sku: 'HOSTILE-C', onHand: 1 }),
      receipts: () => ({ location: 'WH-EAST', sku, quantity: 1 }),
      shipments: () => ({ location: 'WH-EAST', sku, quantity: 1 }),
      'pos-sales': () => ({ location: 'WH-EAST', sku, quantity: 1 }),
      orders: () => ({ orderRef: fresh('hostile'), place: 'WH-EAST', lines: [{ sku, quantity: 1 }] }),
    };
    const amount = (kind: Kind) => (kind === 'counts' ? 'onHand' : 'quantity');
    type Case = [label: string, body: (kind: Kind) => unknown, status: number, code: string, message?: RegExp];
    const set = (field: string, value: unknown) => (kind: Kind) => ({ ...valid[kind](), [field]: value });
    const without = (field: string) => (kind: Kind) => {
      const e = valid[kind]();
      delete e[field];
      return e;
    };
    const onAmount = (value: unknown) => (kind: Kind) => (kind === 'orders' ? { ...valid.orders(), lines: [{ sku, quantity: value }] } : { ...valid[kind](), [amount(kind)]: value });
    const common: Case[] = [
      ['a JSON array', () => [], 400, 'VALIDATION_FAILED', /one event/],
      ['JSON null', () => null, 400, 'VALIDATION_FAILED', /one event/],
      ['an empty object', () => ({}), 400, 'VALIDATION_FAILED'],
      ['an unknown field', set('note', 'x'), 400, 'VALIDATION_FAILED', /note/],
      ['a field named __proto__', (kind) => JSON.parse(JSON.stringify({ ...valid[kind]() }).replace(/^\{/, '{"__proto__":{"onHand":5},')), 400, 'VALIDATION_FAILED'],
      ['a field named constructor', set('constructor', 'x'), 400, 'VALIDATION_FAILED', /constructor/],
      ['tenantGroupId empty', set('tenantGroupId', ''), 400, 'VALIDATION_FAILED', /tenantGroupId is empty/],
      ['tenantGroupId a number', set('tenantGroupId', 5), 400, 'VALIDATION_FAILED', /tenantGroupId must be a string/],
      ['tenantGroupId longer than 128', set('tenantGroupId', 't'.repeat(129)), 400, 'VALIDATION_FAILED', /longer than 128/],
      ['tenantGroupId unknown', set('tenantGroupId', 'no-such-group'), 404, 'UNKNOWN_TENANT_GROUP', /no-such-group/],
      ['tenantGroupId __proto__', set('tenantGroupId', '__proto__'), 404, 'UNKNOWN_TENANT_GROUP'],
      ['a negative amount', onAmount(-1), 400, 'VALIDATION_FAILED', /negative|above 0/],
      ['an amount as a string', onAmount('3'), 400, 'VALIDATION_FAILED', /must be a number/],
      ['"NaN"', onAmount('NaN'), 400, 'VALIDATION_FAILED', /must be a number/],
      ['"Infinity"', onAmount('Infinity'), 400, 'VALIDATION_FAILED', /must be a number/],
      ['an amount of null', onAmount(null), 400, 'VALIDATION_FAILED', /must be a number/],
      ['an amount as a list', onAmount([1]), 400, 'VALIDATION_FAILED', /must be a number/],
      ['an amount above 1e9', onAmount(1e10), 400, 'VALIDATION_FAILED', /above 1000000000/],
      ['sku empty', (kind) => (kind === 'orders' ? { ...valid.orders(), lines: [{ sku: '', quantity: 1 }] } : set('sku', '')(kind)), 400, 'VALIDATION_FAILED', /sku is empty/],
      ['sku a number', (kind) => (kind === 'orders' ? { ...valid.orders(), lines: [{ sku: 5, quantity: 1 }] } : set('sku', 5)(kind)), 400, 'VALIDATION_FAILED', /sku must be a string/],
      ['sku longer than 128', (kind) => (kind === 'orders' ? { ...valid.orders(), lines: [{ sku: 's'.repeat(129), quantity: 1 }] } : set('sku', 's'.repeat(129))(kind)), 400, 'VALIDATION_FAILED', /longer than 128/],
      ['sku with a NUL', (kind) => (kind === 'orders' ? { ...valid.orders(), lines: [{ sku: 'a\u0000b', quantity: 1 }] } : set('sku', 'a\u0000b')(kind)), 400, 'VALIDATION_FAILED', /control characters/],
      ['sku with a newline', (kind) => (kind === 'orders' ? { ...valid.orders(), lines: [{ sku: 'a\nb', quantity: 1 }] } : set('sku', 'a\nb')(kind)), 400, 'VALIDATION_FAILED', /control characters/],
      ['sku with an escape', (kind) => (kind === 'orders' ? { ...valid.orders(), lines: [{ sku: '\u001b[31m', quantity: 1 }] } : set('sku', '\u001b[31m')(kind)), 400, 'VALIDATION_FAILED', /control characters/],
    ];
    const atLocation: Case[] = [
      ['zero quantity', onAmount(0), 400, 'VALIDATION_FAILED', /above 0/],
      ['no location', without('location'), 400, 'VALIDATION_FAILED', /location/],
      ['location empty', set('location', ''), 400, 'VALIDATION_FAILED', /location is empty/],
      ['location a number', set('location', 7), 400, 'VALIDATION_FAILED', /location must be a string/],
      ['location longer than 128', set('location', 'L'.repeat(129)), 400, 'VALIDATION_FAILED', /longer than 128/],
      ['location with a tab', set('location', 'WH-EAST\t'), 400, 'VALIDATION_FAILED', /control characters/],
      ['location unknown', set('location', 'NOWHERE'), 404, 'UNKNOWN_LOCATION', /NOWHERE/],
      ['location a group', set('location', 'US-ONLINE'), 404, 'UNKNOWN_LOCATION'],
      ['location __proto__', set('location', '__proto__'), 404, 'UNKNOWN_LOCATION'],
      ['location constructor', set('location', 'constructor'), 404, 'UNKNOWN_LOCATION'],
      ['location in another case', set('location', 'wh-east'), 404, 'UNKNOWN_LOCATION'],
    ];
    const orders: Case[] = [
      ['zero quantity', onAmount(0), 400, 'VALIDATION_FAILED', /above 0/],
      ['no orderRef', without('orderRef'), 400, 'VALIDATION_FAILED', /orderRef/],
      ['orderRef empty', set('orderRef', ''), 400, 'VALIDATION_FAILED', /orderRef is empty/],
      ['orderRef a number', set('orderRef', 42), 400, 'VALIDATION_FAILED', /orderRef must be a string/],
      ['orderRef longer than 128', set('orderRef', 'o'.repeat(129)), 400, 'VALIDATION_FAILED', /longer than 128/],
      ['orderRef with a control character', set('orderRef', 'o\u0007'), 400, 'VALIDATION_FAILED', /control characters/],
      ['channel empty', set('channel', ''), 400, 'VALIDATION_FAILED', /channel is empty/],
      ['channel a list', set('channel', ['web']), 400, 'VALIDATION_FAILED', /channel must be a string/],
      ['channel with a carriage return', set('channel', 'web\r'), 400, 'VALIDATION_FAILED', /control characters/],
      ['no place', without('place'), 400, 'VALIDATION_FAILED', /place/],
      ['place empty', set('place', ''), 400, 'VALIDATION_FAILED', /place is empty/],
      ['place unknown', set('place', 'NOWHERE'), 404, 'UNKNOWN_PLACE', /NOWHERE/],
      ['place toString', set('place', 'toString'), 404, 'UNKNOWN_PLACE'],
      ['place __proto__', set('place', '__proto__'), 404, 'UNKNOWN_PLACE'],
      ['no lines', without('lines'), 400, 'VALIDATION_FAILED', /lines/],
      ['lines empty', set('lines', []), 400, 'VALIDATION_FAILED', /lines is empty/],
      ['lines a string', set('lines', 'SKU x1'), 400, 'VALIDATION_FAILED', /lines must be a list/],
      ['51 lines', set('lines', Array.from({ length: 51 }, (_, i) => ({ sku: `S-${i}`, quantity: 1 }))), 400, 'VALIDATION_FAILED', /more than 50/],
      ['a line with an unknown field', set('lines', [{ sku, quantity: 1, price: 3 }]), 400, 'VALIDATION_FAILED', /price/],
      ['a line without a quantity', set('lines', [{ sku }]), 400, 'VALIDATION_FAILED', /quantity/],
      ['a line that is a number', set('lines', [3]), 400, 'VALIDATION_FAILED'],
    ];
    const counts: Case[] = [['no onHand', without('onHand'), 400, 'VALIDATION_FAILED', /onHand/]];
    const movement: Case[] = [['no quantity', without('quantity'), 400, 'VALIDATION_FAILED', /quantity/]];
    const table: [Kind, ...Case][] = KINDS.flatMap((kind) =>
      [...common, ...(kind === 'orders' ? orders : atLocation.filter(([label]) => kind !== 'counts' || label !== 'zero quantity')), ...(kind === 'counts' ? counts : kind === 'orders' ? [] : movement)].map((c): [Kind, ...Case] => [kind, ...c]),
    );

    it.each(table)('POST %s: %s → %i %s', async (kind, _label, body, status, code, message) => {
      const since = seq();
      const res = await post(kind, body(kind));
      expectControlError(res, status, code);
      if (message) expect(res.body.message).toMatch(message);
      expect(journaled(since)).toEqual([]);
      expect(journaled(since, 'oversell.*')).toEqual([]);
      // The same event in a batch: a malformed one is the whole call's 400 naming it; a refused one is listed.
      const batch = await post(kind, { events: [valid[kind](), body(kind)] });
      if (status === 400) {
        expectControlError(batch, 400, code);
        expect(batch.body.message).toMatch(/^events\[1\]/);
      } else {
        expect(batch.status, batch.text).toBe(200);
        expect(batch.body.refused).toEqual([{ index: 1, code, message: expect.any(String) }]);
      }
    });

    // Quantities carry three decimals, as OCI's do (accounting/model.ts); the routes take more and the book rounds
    // them away: a receipt of 0.0001 is "applied" and changes nothing, an order of 0.0001 is oversold by 0.0001
    // with `causes: { 'stale-oci-data': 0 }` (a unit without a cause, and totals.oversoldUnits 0 for an oversold
    // order). Left failing on purpose: reported to the session that asked for these tests.
    it('an amount with more than three decimals → 400 (quantities carry three decimals), on every route', async () => {
      const tiny = fresh();
      await ok('counts', { location: 'WH-EAST', sku: tiny, onHand: 1 });
      for (const kind of KINDS) {
        const body = kind === 'orders' ? { orderRef: fresh('tiny'), place: 'WH-EAST', lines: [{ sku: tiny, quantity: 0.0001 }] } : { location: 'WH-EAST', sku: tiny, [amount(kind)]: 1.0001 };
        const res = await post(kind, body);
        expect(res.status, `${kind}: ${res.text}`).toBe(400);
        expectControlError(res, 400, 'VALIDATION_FAILED');
      }
    });

    it('a count of 0 is a count (an empty shelf), not a refusal', async () => {
      const zero = fresh();
      await ok('counts', { location: 'WH-EAST', sku: zero, onHand: 0 });
      expect(await cell('WH-EAST', zero)).toMatchObject({ onHand: 0, anchor: 'count' });
    });

    it.each(KINDS)('POST %s: a body that is not JSON → 415; malformed JSON → 400', async (kind) => {
      const text = JSON.stringify(valid[kind]());
      expectControlError(await run.http.post(`${PHYSICAL}/${kind}`).set('Content-Type', 'text/plain').send(text), 415);
      expectControlError(await run.http.post(`${PHYSICAL}/${kind}`).type('form').send({ location: 'WH-EAST', sku, quantity: '1' }), 415);
      for (const raw of ['{"location":', '{"location":"WH-EAST",}', `{"location":"WH-EAST","sku":"${sku}","quantity":NaN}`, `{"location":"WH-EAST","sku":"${sku}","onHand":Infinity}`, "{'location':'WH-EAST'}", `{"events":${'['.repeat(1200)}${']'.repeat(1200)}}`]) {
        const res = await run.http.post(`${PHYSICAL}/${kind}`).set('Content-Type', 'application/json').send(raw);
        expectControlError(res, 400);
      }
      // A number too large for a double parses as Infinity: refused, not stored.
      const huge = JSON.stringify(valid[kind]()).replace(/("onHand"|"quantity"):1/, '$1:1e309');
      const res = await run.http.post(`${PHYSICAL}/${kind}`).set('Content-Type', 'application/json').send(huge);
      expectControlError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.message).toMatch(/must be a number|finite/);
    });

    it('a channel order whose reference its channel already used → 409 DUPLICATE_ORDER; another channel may use it', async () => {
      const ref = fresh('dup');
      const order = { orderRef: ref, place: 'WH-EAST', lines: [{ sku, quantity: 1 }] };
      await ok('orders', order);
      const res = await post('orders', order);
      expectControlError(res, 409, 'DUPLICATE_ORDER');
      expect(res.body.message).toContain(ref);
      expectControlError(await post('orders', { ...order, channel: 'other' }), 409, 'DUPLICATE_ORDER');
      await ok('orders', { ...order, channel: 'call-centre' });
      expectControlError(await post('orders', { ...order, channel: 'call-centre', lines: [{ sku, quantity: 2 }] }), 409, 'DUPLICATE_ORDER');
    });

    it.each([
      [PHYSICAL, 'tenantGroupId=a&tenantGroupId=b', /tenantGroupId must be given once/],
      [PHYSICAL, 'location=WH-EAST&location=WH-WEST', /location must be given once/],
      [PHYSICAL, 'sku=a&sku=b', /sku must be given once/],
      [PHYSICAL, 'sku[x]=a', /sku must be given once/],
      [PHYSICAL, 'limit=1&limit=2', /limit must be given once/],
      [PHYSICAL, 'location=', /location is empty/],
      [OVERSELL, 'place=WH-EAST&place=WH-WEST', /place must be given once/],
      [OVERSELL, 'sku=a&sku=b', /sku must be given once/],
      [OVERSELL, 'tenantGroupId=a&tenantGroupId=b', /tenantGroupId must be given once/],
      [OVERSELL, 'format=json&format=text', /format/],
      [OVERSELL, 'format=xml', /format must be 'json' or 'text'/],
      [OVERSELL, 'sku=', /sku is empty/],
      ...['0', '-1', 'x', '1.5', '1e3', '', '%205', '10000000', '0x10'].flatMap((limit) => [
        [PHYSICAL, `limit=${limit}`, /limit must be an integer/],
        [OVERSELL, `limit=${limit}`, /limit must be an integer/],
      ]),
    ] as [string, string, RegExp][])('GET %s?%s → 400', async (path, query, message) => {
      const res = await run.http.get(`${path}?${query}`);
      expectControlError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.message).toMatch(message);
    });

    it('GET /__emulator/physical for a tenant group that does not exist → 404 UNKNOWN_TENANT_GROUP', async () => {
      for (const tenantGroupId of ['no-such-group', '__proto__', 'constructor']) {
        expectControlError(await run.http.get(PHYSICAL).query({ tenantGroupId }), 404, 'UNKNOWN_TENANT_GROUP');
      }
    });

    it.each([
      ...KINDS.map((kind) => [`${PHYSICAL}/${kind}`, 'POST', ['get', 'put', 'patch', 'delete']] as const),
      [PHYSICAL, 'GET', ['post', 'put', 'patch', 'delete']] as const,
      [OVERSELL, 'GET', ['post', 'put', 'patch', 'delete']] as const,
      [`${OVERSELL}/causes`, 'GET', ['post', 'put', 'patch', 'delete']] as const,
    ])('%s answers only %s: 405 with Allow', async (path, allow, methods) => {
      for (const method of methods) {
        const res = await run.http[method](path).send({});
        expectControlError(res, 405, 'MethodNotAllowed');
        expect(res.headers.allow, `${method} ${path}`).toBe(allow);
      }
    });
  });

  describe('ids from users are only ids', () => {
    it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('a SKU named %s is counted, ordered, shown and filtered on', async (sku) => {
      const location = 'STORE-DEN';
      await ok('counts', { location, sku, onHand: 2 });
      expect(await cells({ sku, location })).toEqual({ cells: [expect.objectContaining({ sku, location, onHand: 2, anchor: 'count' })], truncated: false });
      const ref = fresh(`ref-${sku}`);
      await ok('orders', { orderRef: ref, place: location, lines: [{ sku, quantity: 3 }] });
      expect(await cell(location, sku)).toMatchObject({ onHand: 2, claimed: 3, free: -1, oci: { unknownOrders: { 'stale-oci-data': 3 } } });
      const page = await oversell({ sku });
      expect(page.timeline).toEqual([expect.objectContaining({ orderRef: ref, sku, place: location, oversold: 1, causes: { 'stale-oci-data': 1 } })]);
      expect(page.bySkuAndPlace).toEqual([expect.objectContaining({ sku, place: location, orders: 1, oversoldUnits: 1 })]);
    });

    it.each(['__proto__', 'constructor', 'toString', 'valueOf'])('an orderRef and a channel named %s are plain ids (one order each, then a duplicate)', async (name) => {
      const sku = fresh();
      await ok('counts', { location: 'STORE-DEN', sku, onHand: 1 });
      await ok('orders', { orderRef: name, channel: name, place: 'STORE-DEN', lines: [{ sku, quantity: 2 }] });
      expectControlError(await post('orders', { orderRef: name, channel: name, place: 'STORE-DEN', lines: [{ sku, quantity: 1 }] }), 409, 'DUPLICATE_ORDER');
      const page = await oversell({ sku });
      expect(page.timeline).toEqual([expect.objectContaining({ orderRef: name, source: `channel:${name}`, oversold: 1 })]);
      expect(page.totals).toEqual({ orders: 1, units: 2, oversoldOrders: 1, oversoldUnits: 1, backorderedUnits: 0 });
    });

    it('filters named like Object.prototype members match nothing rather than everything', async () => {
      for (const name of ['__proto__', 'constructor', 'toString']) {
        expect((await cells({ location: name })).cells).toEqual([]);
        expect(await oversell({ place: name })).toMatchObject({ totals: { orders: 0, units: 0, oversoldOrders: 0, oversoldUnits: 0 }, byCause: [], bySkuAndPlace: [], timeline: [] });
      }
    });

    it('a reservation naming an order `constructor` clears its unknown units', async () => {
      const sku = fresh();
      await ociOnHand('WH-WEST', sku, 5);
      await ok('orders', { orderRef: 'constructor', channel: 'proto-test', place: 'WH-WEST', lines: [{ sku, quantity: 2 }] });
      expect((await cell('WH-WEST', sku))!.oci.unknownOrders).toEqual({ 'stale-oci-data': 2 });
      expect((await reserve('constructor', { location: 'WH-WEST' }, [{ sku, quantity: 2 }])).success).toBe(true);
      expect((await cell('WH-WEST', sku))!.oci.unknownOrders).toEqual({});
    });
  });

  describe('GET /__emulator/physical lists cells', () => {
    it('filters by location and SKU and tenant group; limit cuts the list and says so', async () => {
      const sku = fresh();
      for (const location of ['WH-EAST', 'WH-WEST', 'STORE-BOS']) await ok('counts', { location, sku, onHand: 1 });
      expect((await cells({ sku })).cells.map((c) => c.location)).toEqual(['WH-EAST', 'WH-WEST', 'STORE-BOS']);
      expect((await cells({ sku, tenantGroupId: TG })).cells).toHaveLength(3);
      expect((await cells({ sku, location: 'WH-WEST' })).cells).toEqual([expect.objectContaining({ location: 'WH-WEST', sku })]);
      expect(await cells({ sku, limit: 2 })).toEqual({ cells: [expect.objectContaining({ location: 'WH-EAST' }), expect.objectContaining({ location: 'WH-WEST' })], truncated: true });
      expect((await cells({ sku, limit: 3 })).truncated).toBe(false);
      expect(await cells({ sku: fresh() })).toEqual({ cells: [], truncated: false });
    });
  });

  describe('GET /__emulator/oversell', () => {
    // SKU A: counted 2 at WH-EAST, then three orders there (1, 1 and 2 oversold) and one at the group US-ONLINE
    // (its only member with a cell is WH-EAST); SKU B: counted 0 at WH-WEST, one order oversold by 1.
    const A = fresh('PAGE-A');
    const B = fresh('PAGE-B');
    const refs = ['A1', 'A2', 'A3', 'G1', 'B1'].map((r) => fresh(r));
    beforeAll(async () => {
      await ok('counts', { location: 'WH-EAST', sku: A, onHand: 2 });
      await ok('counts', { location: 'WH-WEST', sku: B, onHand: 0 });
      await ok('orders', { orderRef: refs[0], place: 'WH-EAST', lines: [{ sku: A, quantity: 3 }] });
      await run.emulator.clock.advance(60_000);
      await ok('orders', { orderRef: refs[1], channel: 'marketplace', place: 'WH-EAST', lines: [{ sku: A, quantity: 1 }] });
      await run.emulator.clock.advance(60_000);
      await ok('orders', { orderRef: refs[2], place: 'WH-EAST', lines: [{ sku: A, quantity: 2 }] });
      await run.emulator.clock.advance(60_000);
      await ok('orders', { orderRef: refs[3], place: 'US-ONLINE', lines: [{ sku: A, quantity: 1 }] });
      await ok('orders', { orderRef: refs[4], place: 'WH-WEST', lines: [{ sku: B, quantity: 1 }] });
    });

    it('by SKU: totals, by cause, by place and the timeline in order', async () => {
      const page = await oversell({ sku: A });
      expect(page.totals).toEqual({ orders: 4, units: 7, oversoldOrders: 4, oversoldUnits: 5, backorderedUnits: 0 });
      expect(page.byCause).toEqual([{ cause: 'stale-oci-data', label: CAUSES['stale-oci-data'].label, lesson: CAUSES['stale-oci-data'].lesson, units: 5, orders: 4 }]);
      expect(page.bySkuAndPlace).toEqual([
        { tenantGroupId: TG, place: 'WH-EAST', sku: A, orders: 3, units: 6, oversoldOrders: 3, oversoldUnits: 4, byCause: { 'stale-oci-data': 4 } },
        { tenantGroupId: TG, place: 'US-ONLINE', sku: A, orders: 1, units: 1, oversoldOrders: 1, oversoldUnits: 1, byCause: { 'stale-oci-data': 1 } },
      ]);
      expect(page.timeline.map((t) => [t.orderRef, t.source, t.path, t.place, t.quantity, t.oversold])).toEqual([
        [refs[0], 'channel:other', 'channel', 'WH-EAST', 3, 1],
        [refs[1], 'channel:marketplace', 'channel', 'WH-EAST', 1, 1],
        [refs[2], 'channel:other', 'channel', 'WH-EAST', 2, 2],
        [refs[3], 'channel:other', 'channel', 'US-ONLINE', 1, 1],
      ]);
      expect([...page.timeline.map((t) => t.at)].sort()).toEqual(page.timeline.map((t) => t.at));
      expect(page.truncated).toBe(false);
    });

    it('by place, by tenant group, and both with a SKU', async () => {
      expect((await oversell({ sku: A, place: 'WH-EAST' })).timeline.map((t) => t.orderRef)).toEqual(refs.slice(0, 3));
      expect((await oversell({ sku: A, place: 'US-ONLINE' })).timeline.map((t) => t.orderRef)).toEqual([refs[3]]);
      expect((await oversell({ place: 'WH-WEST', sku: B })).totals).toEqual({ orders: 1, units: 1, oversoldOrders: 1, oversoldUnits: 1, backorderedUnits: 0 });
      expect(await oversell({ sku: A, tenantGroupId: TG })).toEqual(await oversell({ sku: A }));
      // A tenant group the emulator does not have is a 404, as on GET /__emulator/physical.
      const unknown = await run.http.get('/__emulator/oversell?tenantGroupId=another-group');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ error: 'UNKNOWN_TENANT_GROUP' });
      // Unfiltered, both SKUs are in.
      const all = await oversell();
      expect(all.timeline.map((t) => t.orderRef)).toEqual(expect.arrayContaining(refs));
    });

    it('limit keeps the newest lines of the timeline and says it cut (totals still count everything)', async () => {
      const cut = await oversell({ sku: A, limit: 2 });
      expect(cut.timeline.map((t) => t.orderRef)).toEqual([refs[2], refs[3]]);
      expect(cut.truncated).toBe(true);
      expect(cut.totals.oversoldUnits).toBe(5);
      expect((await oversell({ sku: A, limit: 4 })).truncated).toBe(false);
      expect((await oversell({ sku: A, limit: 1 })).timeline.map((t) => t.orderRef)).toEqual([refs[3]]);
    });

    it('format=text is the table a trainer reads', async () => {
      const res = await run.http.get(OVERSELL).query({ sku: A, format: 'text' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      const lines = res.text.trimEnd().split('\n');
      expect(lines[0]).toBe('Oversold: 5 units in 4 of 4 orders (7 units ordered)');
      expect(lines[1]).toMatch(/^\s+5 {2}Stale OCI data \(4 orders\)$/);
      expect(res.text).toContain('Timeline (oversold lines):');
      expect(res.text).toContain(`channel:marketplace ${refs[1]}  ${A} @ WH-EAST: 1 of 1 oversold (1 stale-oci-data)`);
      expect(res.text).toContain(`channel:other ${refs[2]}  ${A} @ WH-EAST: 2 of 2 oversold (2 stale-oci-data)`);
      const cut = await run.http.get(OVERSELL).query({ sku: A, format: 'text', limit: 1 });
      expect(cut.text).not.toContain(refs[0]);
      expect(cut.text).toContain(refs[3]);
      const none = await run.http.get(OVERSELL).query({ sku: fresh(), format: 'text' });
      expect(none.text).toBe('Oversold: 0 units in 0 of 0 orders (0 units ordered)\n');
    });

    // An order with two lines of one SKU at one place is one order: the view's totals say 1, the per-place row
    // (PlaceTotals, counted line by line in book.ts #count) says 2 orders and 2 oversold orders. Left failing on
    // purpose: reported to the session that asked for these tests.
    it('an order with two lines of one SKU counts as one order in its place row as in the totals', async () => {
      const sku = fresh();
      await ok('counts', { location: 'STORE-BOS', sku, onHand: 1 });
      await ok('orders', { orderRef: fresh('two-lines'), place: 'STORE-BOS', lines: [{ sku, quantity: 2 }, { sku, quantity: 3 }] });
      const page = await oversell({ sku });
      expect(page.totals).toEqual({ orders: 1, units: 5, oversoldOrders: 1, oversoldUnits: 4, backorderedUnits: 0 });
      expect(page.timeline.map((t) => t.oversold)).toEqual([1, 3]);
      expect(page.bySkuAndPlace).toEqual([expect.objectContaining({ place: 'STORE-BOS', units: 5, oversoldUnits: 4, orders: 1, oversoldOrders: 1 })]);
    });

    it('/causes lists every cause with its label and lesson', async () => {
      const res = await run.http.get(`${OVERSELL}/causes`);
      expect(res.status).toBe(200);
      expect(res.body.causes).toEqual(CAUSE_IDS.map((cause) => ({ cause, label: CAUSES[cause].label, lesson: CAUSES[cause].lesson })));
      expect(res.body.causes).toHaveLength(8);
      for (const c of res.body.causes as { label: string; lesson: string }[]) {
        expect(c.label).toMatch(/\S/);
        expect(c.lesson).toMatch(/\S/);
      }
    });
  });

  describe('other channels’ orders against OCI', () => {
    const stored = () => run.emulator.store.get<StoredOversell>(OVERSELL_NAMESPACE)!;

    it("an order oversold because of earlier channel orders OCI never learnt of is 'stale-oci-data'", async () => {
      const sku = fresh();
      const [first, second] = [fresh('ch'), fresh('ch')];
      await ociOnHand('WH-WEST', sku, 5);
      await ok('orders', { orderRef: first, place: 'WH-WEST', lines: [{ sku, quantity: 3 }] });
      expect(await cell('WH-WEST', sku)).toMatchObject({ onHand: 5, claimed: 3, anchor: 'oci', oci: { onHand: 5, aheadBy: 3, stock: {}, unknownOrders: { 'stale-oci-data': 3 } } });
      await run.emulator.clock.advance(60_000);
      // OCI still shows 5 free: the channel sells 4 of them again.
      await ok('orders', { orderRef: second, place: 'WH-WEST', lines: [{ sku, quantity: 4 }] });
      const page = await oversell({ sku });
      expect(page.timeline).toEqual([expect.objectContaining({ orderRef: second, path: 'channel', quantity: 4, oversold: 2, causes: { 'stale-oci-data': 2 } })]);
      expect(await cell('WH-WEST', sku)).toMatchObject({ onHand: 5, claimed: 7, free: -2, oci: { unknownOrders: { 'stale-oci-data': 7 } } });
      expect(stored().orders.get(orderKey('channel:other', first))!.path).toBe('channel');
    });

    it("one reserved in OCI first is path 'oci' and leaves no unknown order on the cell", async () => {
      const sku = fresh();
      const ref = fresh('oci');
      await ociOnHand('WH-WEST', sku, 5);
      // The shelf holds 3: OCI is 2 ahead of it (a count it was not told of).
      await ok('counts', { location: 'WH-WEST', sku, onHand: 3 });
      expect((await reserve(ref, { location: 'WH-WEST' }, [{ sku, quantity: 4 }])).success).toBe(true);
      await ok('orders', { orderRef: ref, place: 'WH-WEST', lines: [{ sku, quantity: 4 }] });
      expect(stored().orders.get(orderKey('channel:other', ref))!.path).toBe('oci');
      expect(await cell('WH-WEST', sku)).toMatchObject({ onHand: 3, claimed: 4, free: -1, oci: { onHand: 5, aheadBy: 2, stock: { 'stale-oci-data': 2 }, unknownOrders: {} } });
      expect((await oversell({ sku })).timeline).toEqual([expect.objectContaining({ orderRef: ref, path: 'oci', oversold: 1, causes: { 'stale-oci-data': 1 } })]);
    });

    it('reserved first for part of its units: OCI decided, and lacks only the units it did not grant', async () => {
      const sku = fresh();
      const ref = fresh('part');
      await ociOnHand('WH-WEST', sku, 10);
      const res = await run.http
        .put(`${RESERVE}/${fresh('res')}`)
        .set('Authorization', `Bearer ${await tokenFor(run.http)}`)
        .send({ externalRefId: ref, allowPartialReservations: true, locations: [{ id: 'WH-WEST', reservations: [{ sku, quantity: 2 }] }] });
      expect(res.status, res.text).toBeLessThan(300);
      await ok('orders', { orderRef: ref, place: 'WH-WEST', lines: [{ sku, quantity: 5 }] });
      expect(stored().orders.get(orderKey('channel:other', ref))!.path).toBe('oci');
      expect((await cell('WH-WEST', sku))!.oci).toMatchObject({ aheadBy: 3, unknownOrders: { 'stale-oci-data': 3 } });
    });

    it('a reservation only counts for the order right after it: a later order with another ref is a channel order', async () => {
      const sku = fresh();
      const [reserved, other] = [fresh('oci'), fresh('ch')];
      await ociOnHand('WH-EAST', sku, 5);
      expect((await reserve(reserved, { location: 'WH-EAST' }, [{ sku, quantity: 1 }])).success).toBe(true);
      await ok('orders', { orderRef: other, place: 'WH-EAST', lines: [{ sku, quantity: 1 }] });
      expect(stored().orders.get(orderKey('channel:other', other))!.path).toBe('channel');
      await ok('orders', { orderRef: reserved, place: 'WH-EAST', lines: [{ sku, quantity: 1 }] });
      expect(stored().orders.get(orderKey('channel:other', reserved))!.path).toBe('oci');
      expect((await cell('WH-EAST', sku))!.oci.unknownOrders).toEqual({ 'stale-oci-data': 1 });
    });

    it('a reservation OCI refuses names no order: the order after it is still unknown to OCI', async () => {
      const sku = fresh();
      const ref = fresh('refused');
      await ociOnHand('WH-EAST', sku, 1);
      const res = await run.http
        .put(`${RESERVE}/${fresh('res')}`)
        .set('Authorization', `Bearer ${await tokenFor(run.http)}`)
        .send({ externalRefId: ref, allowPartialReservations: false, locations: [{ id: 'WH-EAST', reservations: [{ sku, quantity: 3 }] }] });
      expect(res.body.success, res.text).toBe(false);
      await ok('orders', { orderRef: ref, place: 'WH-EAST', lines: [{ sku, quantity: 3 }] });
      expect(stored().orders.get(orderKey('channel:other', ref))!.path).toBe('channel');
      expect((await cell('WH-EAST', sku))!.oci.unknownOrders).toEqual({ 'stale-oci-data': 3 });
    });

    it('a reservation made after the channel order clears its unknown units (part of them when it reserves part)', async () => {
      const sku = fresh();
      const ref = fresh('late');
      await ociOnHand('WH-WEST', sku, 10);
      await ok('orders', { orderRef: ref, place: 'WH-WEST', lines: [{ sku, quantity: 4 }] });
      expect((await cell('WH-WEST', sku))!.oci).toMatchObject({ aheadBy: 4, unknownOrders: { 'stale-oci-data': 4 } });
      expect((await reserve(ref, { location: 'WH-WEST' }, [{ sku, quantity: 1 }])).success).toBe(true);
      expect((await cell('WH-WEST', sku))!.oci).toMatchObject({ aheadBy: 3, unknownOrders: { 'stale-oci-data': 3 } });
      expect((await reserve(ref, { location: 'WH-WEST' }, [{ sku, quantity: 3 }])).success).toBe(true);
      expect((await cell('WH-WEST', sku))!.oci).toMatchObject({ aheadBy: 0, unknownOrders: {} });
      // The order stays a channel order: OCI learnt of it late.
      expect(stored().orders.get(orderKey('channel:other', ref))!.path).toBe('channel');
    });

    it('a group order reserved at the group in OCI afterwards is known too', async () => {
      const sku = fresh();
      const ref = fresh('group');
      await ociOnHand('WH-EAST', sku, 3);
      await ociOnHand('WH-WEST', sku, 3);
      await ok('orders', { orderRef: ref, place: 'US-ONLINE', lines: [{ sku, quantity: 5 }] });
      const before = [(await cell('WH-EAST', sku))!, (await cell('WH-WEST', sku))!];
      expect(before.map((c) => c.claimed).reduce((a, b) => a + b)).toBe(5);
      expect(before.map((c) => c.oci.unknownOrders['stale-oci-data'] ?? 0).reduce((a, b) => a + b)).toBe(5);
      expect((await reserve(ref, { group: 'US-ONLINE' }, [{ sku, quantity: 5 }])).success).toBe(true);
      for (const location of ['WH-EAST', 'WH-WEST']) expect((await cell(location, sku))!.oci.unknownOrders).toEqual({});
      expect((await oversell({ sku })).totals.oversoldUnits).toBe(0);
    });
  });
});

describe('the accounting across a snapshot and a reset', () => {
  let run: Running;
  beforeAll(async () => {
    run = await startEmulator();
  });
  afterAll(() => run.close());
  const { ok, cell, cells, oversell, ociOnHand, reserve } = helpers(() => run);

  it('a restore brings the cells, the orders and the totals back as they were saved; a reset empties them', async () => {
    const sku = 'SNAP-1';
    await ociOnHand('WH-WEST', sku, 5);
    await ok('counts', { location: 'WH-WEST', sku, onHand: 3 });
    await ok('orders', { orderRef: 'U1', place: 'WH-WEST', lines: [{ sku, quantity: 4 }] });
    const savedCell = await cell('WH-WEST', sku);
    const savedPage = await oversell({ sku });
    expect(savedPage.totals.oversoldUnits).toBe(1);
    expect(savedCell!.oci.unknownOrders).toEqual({ 'stale-oci-data': 4 });
    expect((await run.http.post('/__emulator/snapshots').send({ name: 'oversell-snap' })).status).toBe(201);

    // Changes after the save: another order, a new count, a new cell.
    await ok('orders', { orderRef: 'U2', place: 'WH-WEST', lines: [{ sku, quantity: 2 }] });
    await ok('counts', { location: 'WH-WEST', sku, onHand: 50 });
    await ok('counts', { location: 'STORE-DEN', sku: 'SNAP-2', onHand: 1 });
    expect((await oversell({ sku })).totals.orders).toBe(2);

    const restored = await run.http.post('/__emulator/snapshots/oversell-snap/restore');
    expect(restored.status, restored.text).toBe(200);
    expect(await cell('WH-WEST', sku)).toEqual(savedCell);
    expect(await oversell({ sku })).toEqual(savedPage);
    expect(await cell('STORE-DEN', 'SNAP-2')).toBeUndefined();
    // U2 is not known any more, so its reference is free again; U1 still is a duplicate.
    await ok('orders', { orderRef: 'U2', place: 'WH-WEST', lines: [{ sku, quantity: 1 }] });
    expect((await run.http.post('/__emulator/physical/orders').send({ orderRef: 'U1', place: 'WH-WEST', lines: [{ sku, quantity: 1 }] })).status).toBe(409);
    // A reservation naming the restored order U1 finds it (the index by reference is rebuilt after the load).
    expect((await reserve('U1', { location: 'WH-WEST' }, [{ sku, quantity: 4 }])).success).toBe(true);
    expect((await cell('WH-WEST', sku))!.oci.unknownOrders).toEqual({ 'stale-oci-data': 1 });

    const reset = await run.http.post('/__emulator/reset');
    expect(reset.status).toBe(200);
    expect(await cells({})).toEqual({ cells: [], truncated: false });
    expect(await oversell()).toEqual({ totals: { orders: 0, units: 0, oversoldOrders: 0, oversoldUnits: 0, backorderedUnits: 0 }, byCause: [], bySkuAndPlace: [], timeline: [], truncated: false });
    // After the reset the references are free again.
    await ok('orders', { orderRef: 'U1', place: 'WH-WEST', lines: [{ sku: 'SKU-0001', quantity: 1 }] });
  });

  // The accounting remembers in memory the reservations that named no order yet (service.ts #recent): a restore
  // or a reset must forget them, or a reservation OCI no longer has would still make the next channel order with
  // its reference one "OCI decided and knows" (path 'oci', no unknown units).
  it.each(['restore', 'reset'] as const)('a reservation the %s took out of OCI no longer makes the channel order after it known to OCI', async (how) => {
    const sku = `GONE-${how}`;
    const ref = `GONE-REF-${how}`;
    await ociOnHand('WH-EAST', sku, 10);
    expect((await run.http.post('/__emulator/snapshots').send({ name: `before-${how}` })).status).toBe(201);
    expect((await reserve(ref, { location: 'WH-EAST' }, [{ sku, quantity: 2 }])).success).toBe(true);
    if (how === 'restore') expect((await run.http.post(`/__emulator/snapshots/before-${how}/restore`)).status).toBe(200);
    else {
      expect((await run.http.post('/__emulator/reset')).status).toBe(200);
      await ociOnHand('WH-EAST', sku, 10);
    }
    // OCI holds nothing for the reference any more.
    expect(run.emulator.services.oci!.domain.reservations.documents(TG).filter((d) => d.externalRefId === ref)).toEqual([]);
    await ok('orders', { orderRef: ref, place: 'WH-EAST', lines: [{ sku, quantity: 2 }] });
    const stored = run.emulator.store.get<StoredOversell>(OVERSELL_NAMESPACE)!;
    expect(stored.orders.get(orderKey('channel:other', ref))!.path).toBe('channel');
    expect((await cell('WH-EAST', sku))!.oci.unknownOrders).toEqual({ 'stale-oci-data': 2 });
  });
});
