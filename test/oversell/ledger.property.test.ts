import fc from 'fast-check';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../emulator/core/errors/app-error.js';
import { CAUSE_IDS, type OversellCause } from '../../emulator/oversell/causes.js';
import { blame, dropOldest, dropRef, merged, q3, reconcile, sum } from '../../emulator/oversell/accounting/ledger.js';
import { OVERSELL_NAMESPACE, orderKey, type Cell, type GapEntry } from '../../emulator/oversell/accounting/model.js';
import type { StoredOversell } from '../../emulator/oversell/accounting/stored.js';
import type { CreateRequest, ReserveLine } from '../../emulator/oci/reservations/model.js';
import { startEmulator, TENANT_GROUP, type Running } from '../helpers/emulator.js';

// The oversell accounting's arithmetic (accounting/ledger.ts) checked on random input, then the accounting end to
// end in one emulator: the promise (safety stock at least the largest POS lag between two imports, and
// every channel order asking OCI first, oversells nothing) and, on arbitrary streams, that every oversold unit
// has exactly one cause and the page's totals are the sum of its timeline.

const TG = TENANT_GROUP;
const START = Date.parse('2026-03-02T09:00:00.000Z');
const at = (minute: number) => new Date(START + minute * 60_000).toISOString();

/** Quantities carry three decimals: thousandths, up to `max` units. */
const units = (max: number, min = 0) => fc.integer({ min: Math.round(min * 1000), max: max * 1000 }).map((n) => n / 1000);
const cause = fc.constantFrom(...CAUSE_IDS);
/** Gap entries oldest first, each with positive units; some name an order. */
const entries = (refs: readonly string[] = ['r1', 'r2', 'r3']) =>
  fc
    .array(fc.record({ units: units(50, 0.001), cause, gap: fc.nat(30), ref: fc.option(fc.constantFrom(...refs), { nil: undefined }) }), { maxLength: 10 })
    .map((list) => {
      let minute = 0;
      return list.map(({ units: n, cause: c, gap, ref }): GapEntry => {
        minute += gap;
        return ref === undefined ? { units: n, cause: c, at: at(minute) } : { units: n, cause: c, at: at(minute), ref };
      });
    });

/** In thousandths, exactly: the integers the ledger's three-decimal figures stand for. */
const milli = (n: number) => Math.round(n * 1000);

function expectWellFormed(list: readonly GapEntry[]): void {
  for (const e of list) {
    expect(e.units).toBeGreaterThan(0);
    expect(e.units).toBe(q3(e.units));
  }
  for (let i = 1; i < list.length; i++) expect(list[i - 1]!.at <= list[i]!.at).toBe(true);
}

describe('the ledger (pure)', () => {
  it('reconcile keeps the stock entries summing to max(0, OCI − shelf) through any sequence of shelf and OCI changes', () => {
    const change = fc.record({ side: fc.constantFrom('shelf' as const, 'oci' as const), how: fc.constantFrom('set' as const, 'add' as const, 'take' as const), by: units(40), cause, gap: fc.nat(20) });
    fc.assert(
      fc.property(units(100), units(100), fc.array(change, { maxLength: 40 }), (onHand, oci, changes) => {
        const cell: Cell = { tenantGroupId: TG, location: 'L', sku: 'S', onHand, claimed: 0, oci, anchor: 'count', stock: [], promises: [] };
        let minute = 0;
        reconcile(cell, 'stale-oci-data', at(minute));
        expect(sum(cell.stock)).toBe(Math.max(0, q3(cell.oci - cell.onHand)));
        for (const c of changes) {
          minute += c.gap;
          const key = c.side === 'shelf' ? 'onHand' : 'oci';
          const now = cell[key];
          cell[key] = c.how === 'set' ? c.by : c.how === 'add' ? q3(now + c.by) : Math.max(0, q3(now - c.by));
          const before = cell.stock.map((e) => ({ ...e }));
          reconcile(cell, c.cause, at(minute));
          expect(sum(cell.stock)).toBe(Math.max(0, q3(cell.oci - cell.onHand)));
          expectWellFormed(cell.stock);
          // A growing gap is explained by what just happened; a shrinking one loses its oldest reasons first.
          const grew = milli(sum(cell.stock)) - milli(sum(before));
          if (grew > 0) expect(cell.stock.at(-1)).toEqual({ units: grew / 1000, cause: c.cause, at: at(minute) });
          if (grew < 0) {
            const kept = cell.stock.length;
            expect(cell.stock.slice(1)).toEqual(before.slice(before.length - kept + 1));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('blame gives every oversold unit exactly one cause: the units asked, after the ones already spent, in time order', () => {
    fc.assert(
      fc.property(entries(), units(200), units(200), cause, (list, spent, asked, fallback) => {
        const frozen = JSON.stringify(list);
        const out = blame(list, spent, asked, fallback);
        expect(JSON.stringify(list)).toBe(frozen);
        // No unit without a cause, none with two: the causes' units add up to exactly the units asked.
        let total = 0;
        for (const [c, n] of Object.entries(out) as [OversellCause, number][]) {
          expect(CAUSE_IDS).toContain(c);
          expect(n).toBeGreaterThan(0);
          expect(n).toBe(q3(n));
          total += milli(n);
        }
        expect(total).toBe(milli(asked));
        // The reference, one thousandth at a time in integers: skip `spent`, take `asked`, then the fallback.
        const want: Partial<Record<OversellCause, number>> = {};
        let skip = milli(spent);
        let left = milli(asked);
        for (const e of list) {
          const n = milli(e.units);
          const usable = Math.max(0, n - skip);
          skip = Math.max(0, skip - n);
          const take = Math.min(usable, left);
          if (take > 0) want[e.cause] = (want[e.cause] ?? 0) + take;
          left -= take;
        }
        if (left > 0) want[fallback] = (want[fallback] ?? 0) + left;
        expect(Object.fromEntries(Object.entries(out).map(([c, n]) => [c, milli(n)]))).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });

  it('dropOldest takes units from the front and never leaves a negative or empty entry', () => {
    fc.assert(
      fc.property(entries(), units(300), (list, drop) => {
        const before = list.map((e) => ({ ...e }));
        dropOldest(list, drop);
        expectWellFormed(list);
        expect(milli(sum(list))).toBe(Math.max(0, milli(sum(before)) - milli(drop)));
        // What is left is the newest entries, the oldest of them perhaps cut.
        if (list.length > 0) {
          expect(list.slice(1)).toEqual(before.slice(before.length - list.length + 1));
          expect(list[0]).toEqual({ ...before[before.length - list.length]!, units: list[0]!.units });
        }
      }),
      { numRuns: 500 },
    );
  });

  it("dropRef takes units from one order's entries only, never leaving a negative or empty entry", () => {
    fc.assert(
      fc.property(entries(), fc.constantFrom('r1', 'r2', 'r3', 'r4'), fc.option(units(100), { nil: undefined }), (list, ref, limit) => {
        const before = list.map((e) => ({ ...e }));
        const refTotal = milli(sum(before.filter((e) => e.ref === ref)));
        const answered = limit === undefined ? dropRef(list, ref) : dropRef(list, ref, limit);
        expectWellFormed(list);
        const taken = limit === undefined ? refTotal : Math.min(refTotal, milli(limit));
        expect(milli(sum(list.filter((e) => e.ref === ref)))).toBe(refTotal - taken);
        // Other entries are untouched and keep their order.
        expect(list.filter((e) => e.ref !== ref)).toEqual(before.filter((e) => e.ref !== ref));
        if (limit !== undefined) expect(milli(answered)).toBe(taken);
      }),
      { numRuns: 500 },
    );
  });

  it('merged keeps both lists, oldest first, and the first list first at equal times', () => {
    fc.assert(
      fc.property(entries(['a']), entries(['b']), (a, b) => {
        const out = merged(a, b);
        expect(out).toHaveLength(a.length + b.length);
        expectWellFormed(out);
        expect(out.filter((e) => a.includes(e))).toEqual(a);
        expect(out.filter((e) => b.includes(e))).toEqual(b);
        for (let i = 1; i < out.length; i++) if (out[i - 1]!.at === out[i]!.at && b.includes(out[i - 1]!)) expect(b.includes(out[i]!)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// End to end, in-process, one emulator for every run; each run has SKUs of its own.

interface PageLine {
  source: string;
  orderRef: string;
  path: string;
  place: string;
  sku: string;
  quantity: number;
  oversold: number;
  causes: Record<string, number>;
}
interface Page {
  totals: { orders: number; units: number; oversoldOrders: number; oversoldUnits: number; backorderedUnits: number };
  byCause: { cause: string; units: number; orders: number }[];
  bySkuAndPlace: { place: string; sku: string; orders: number; oversoldOrders: number; oversoldUnits: number; byCause: Record<string, number> }[];
  timeline: PageLine[];
  truncated: boolean;
}
interface CellView {
  onHand: number;
  claimed: number;
  free: number;
  oci: { onHand: number; aheadBy: number; stock: Record<string, number>; unknownOrders: Record<string, number> };
}

describe('the accounting end to end', () => {
  let run: Running;
  let runs = 0;
  beforeAll(async () => {
    run = await startEmulator();
  });
  afterAll(() => run.close());

  const physical = () => run.emulator.services.physical!;
  const oci = () => run.emulator.services.oci!.domain;
  const ok = (res: Response) => {
    expect(res.status, res.text).toBe(200);
    return res.body as unknown;
  };
  const page = async (sku: string) => ok(await run.http.get('/__emulator/oversell').query({ sku })) as Page;
  const cellOf = async (location: string, sku: string) => (ok(await run.http.get('/__emulator/physical').query({ location, sku })) as { cells: CellView[] }).cells[0]!;
  /** An integration's import of the shelf: OCI's on-hand (and safety stock) as given. */
  const importShelf = (location: string, id: string, figures: { sku: string; onHand: number }[], safetyStockCount: number) =>
    expect(oci().updates.batchUpdate(TG, { records: figures.map((f) => ({ id: `${id}-${f.sku}`, location, sku: f.sku, onHand: f.onHand, safetyStockCount })) })).toEqual([]);
  /** A reservation in OCI naming the order, all of it or nothing (or what partial reservations allow). */
  const reserve = (ref: string, place: { type: 'location' | 'group'; id: string }, lines: ReserveLine[], partial = false) => {
    const request: CreateRequest = {
      externalRefId: ref,
      allowPartialReservations: partial,
      fulfillOnly: false,
      groups: place.type === 'group' ? [{ id: place.id, reservations: lines }] : [],
      locations: place.type === 'location' ? [{ id: place.id, reservations: partial ? lines : [], allOrNothing: partial ? [] : [{ id: 'order', reservations: lines }] }] : [],
    };
    return oci().reservations.create(TG, `res-${ref}`, request).success;
  };
  /** Refusals a shelf may answer (nothing there to sell or ship): the event changes nothing. */
  const refusable = (apply: () => void): boolean => {
    try {
      apply();
      return true;
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('NOT_ON_SHELF');
      return false;
    }
  };
  const orderLines = fc.uniqueArray(fc.record({ sku: fc.constantFrom(0, 1), quantity: fc.integer({ min: 1, max: 6 }) }), { minLength: 1, maxLength: 2, selector: (l) => l.sku });

  it("the issue's property: safety stock covering the POS lag between imports, and channel orders asking OCI first, oversell nothing", async () => {
    type Step = { kind: 'pos'; sku: 0 | 1; quantity: number } | { kind: 'import' } | { kind: 'order'; lines: { sku: 0 | 1; quantity: number }[] } | { kind: 'tick'; minutes: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('pos' as const), sku: fc.constantFrom(0 as const, 1 as const), quantity: fc.integer({ min: 1, max: 6 }) }) },
      { weight: 2, arbitrary: fc.constant({ kind: 'import' as const }) },
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('order' as const), lines: orderLines as fc.Arbitrary<{ sku: 0 | 1; quantity: number }[]> }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), minutes: fc.integer({ min: 1, max: 30 }) }) },
    );
    const tally = { orders: 0, refused: 0, posUnits: 0 };
    const location = 'STORE-DEN';
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 5 }), fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })), fc.array(step, { minLength: 1, maxLength: 30 }), async (S, initial, steps) => {
        const r = ++runs;
        const skus = [`ISSUE-${r}-A`, `ISSUE-${r}-B`];
        const shelf = [...initial];
        const claimed = [0, 0];
        const lag = [0, 0];
        const refs: string[] = [];
        let asked = 0;
        let imports = 0;
        const tellOci = () => {
          importShelf(location, `ISSUE-${r}-import-${++imports}`, skus.map((sku, i) => ({ sku, onHand: shelf[i]! })), S);
          lag.fill(0);
        };
        skus.forEach((sku, i) => physical().count({ location, sku, onHand: shelf[i]! }));
        tellOci();
        for (const s of steps) {
          if (s.kind === 'pos') {
            // A store sale takes only what is free on the shelf, and the sales between two imports stay within S.
            const q = Math.min(s.quantity, shelf[s.sku]! - claimed[s.sku]!, S - lag[s.sku]!);
            if (q <= 0) continue;
            physical().take('pos-sales', { location, sku: skus[s.sku]!, quantity: q });
            shelf[s.sku]! -= q;
            lag[s.sku]! += q;
            tally.posUnits += q;
          } else if (s.kind === 'import') {
            await run.emulator.clock.advance(3_600_000);
            tellOci();
          } else if (s.kind === 'order') {
            const ref = `ISSUE-${r}-order-${++asked}`;
            const lines = s.lines.map((l) => ({ sku: skus[l.sku]!, quantity: l.quantity }));
            // The channel asks OCI first; only an order OCI granted is taken.
            if (!reserve(ref, { type: 'location', id: location }, lines)) {
              tally.refused++;
              continue;
            }
            physical().order({ channel: 'marketplace', orderRef: ref, place: location, lines });
            refs.push(ref);
            for (const l of s.lines) claimed[l.sku]! += l.quantity;
            tally.orders++;
          } else await run.emulator.clock.advance(s.minutes * 60_000);
        }
        const stored = run.emulator.store.get<StoredOversell>(OVERSELL_NAMESPACE)!;
        for (const ref of refs) expect(stored.orders.get(orderKey('channel:marketplace', ref))!.path).toBe('oci');
        for (const [i, sku] of skus.entries()) {
          const p = await page(sku);
          expect(p.totals, sku).toMatchObject({ oversoldUnits: 0, oversoldOrders: 0 });
          expect(p.timeline).toEqual([]);
          expect(await cellOf(location, sku)).toMatchObject({ onHand: shelf[i], claimed: claimed[i], free: shelf[i]! - claimed[i]!, oci: { unknownOrders: {} } });
        }
      }),
      { numRuns: 100 },
    );
    // The runs did what the property is about: orders granted and refused, and store sales OCI lagged behind.
    expect(tally.orders).toBeGreaterThan(20);
    expect(tally.refused).toBeGreaterThan(0);
    expect(tally.posUnits).toBeGreaterThan(20);
  });

  it('on arbitrary streams every oversold line has causes summing to its oversold units, and the totals by cause are the sum over the timeline', async () => {
    type Line = { sku: 0 | 1; quantity: number };
    type Step =
      | { kind: 'count'; sku: 0 | 1; onHand: number }
      | { kind: 'receipt'; sku: 0 | 1; quantity: number }
      | { kind: 'shipment' | 'pos'; sku: 0 | 1; quantity: number }
      | { kind: 'import'; safety: number; skew: number }
      | { kind: 'order'; lines: Line[]; group: boolean; reserve: 'first' | 'after' | 'never'; partial: boolean }
      | { kind: 'tick'; minutes: number };
    const sku01 = fc.constantFrom(0 as const, 1 as const);
    const step: fc.Arbitrary<Step> = fc.oneof(
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('count' as const), sku: sku01, onHand: fc.integer({ min: 0, max: 15 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('receipt' as const), sku: sku01, quantity: fc.integer({ min: 1, max: 6 }) }) },
      { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('shipment' as const, 'pos' as const), sku: sku01, quantity: fc.integer({ min: 1, max: 6 }) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('import' as const), safety: fc.integer({ min: 0, max: 4 }), skew: fc.integer({ min: -2, max: 4 }) }) },
      {
        weight: 5,
        arbitrary: fc.record({ kind: fc.constant('order' as const), lines: orderLines as fc.Arbitrary<Line[]>, group: fc.boolean(), reserve: fc.constantFrom('first' as const, 'after' as const, 'never' as const), partial: fc.boolean() }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), minutes: fc.integer({ min: 1, max: 90 }) }) },
    );
    // WH-EAST is the only member of US-ONLINE with a cell or an OCI record for these SKUs: group orders claim there.
    const location = 'WH-EAST';
    const group = 'US-ONLINE';
    const tally = { oversoldLines: 0, causes: new Set<string>() };
    await fc.assert(
      fc.asyncProperty(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 })), fc.boolean(), fc.array(step, { minLength: 1, maxLength: 40 }), async (initial, importFirst, steps) => {
        const r = ++runs;
        const skus = [`ARB-${r}-A`, `ARB-${r}-B`];
        const shelf = [...initial];
        const claimed = [0, 0];
        let ociOnHand: (number | undefined)[] = [undefined, undefined];
        let imports = 0;
        let orders = 0;
        const tellOci = (safety: number, skew: number) => {
          const figures = skus.map((sku, i) => ({ sku, onHand: Math.max(0, shelf[i]! + skew) }));
          importShelf(location, `ARB-${r}-import-${++imports}`, figures, safety);
          ociOnHand = figures.map((f) => f.onHand);
        };
        skus.forEach((sku, i) => physical().count({ location, sku, onHand: shelf[i]! }));
        if (importFirst) tellOci(0, 0);
        for (const s of steps) {
          const sku = 'sku' in s ? skus[s.sku]! : '';
          if (s.kind === 'count') {
            physical().count({ location, sku, onHand: s.onHand });
            shelf[s.sku] = s.onHand;
          } else if (s.kind === 'receipt') {
            physical().move({ location, sku, quantity: s.quantity }, 1);
            shelf[s.sku]! += s.quantity;
          } else if (s.kind === 'shipment' || s.kind === 'pos') {
            const free = shelf[s.sku]! - claimed[s.sku]!;
            const taken = refusable(() => physical().take(s.kind === 'pos' ? 'pos-sales' : 'shipments', { location, sku, quantity: s.quantity }));
            expect(taken).toBe(s.quantity <= Math.max(0, free));
            if (taken) shelf[s.sku]! -= s.quantity;
          } else if (s.kind === 'import') {
            await run.emulator.clock.advance(3_600_000);
            tellOci(s.safety, s.skew);
          } else if (s.kind === 'order') {
            const ref = `ARB-${r}-order-${++orders}`;
            const lines = s.lines.map((l) => ({ sku: skus[l.sku]!, quantity: l.quantity }));
            const place = s.group ? { type: 'group' as const, id: group } : { type: 'location' as const, id: location };
            // Whether OCI granted it or not, the order is taken.
            if (s.reserve === 'first') reserve(ref, place, lines, s.partial);
            physical().order({ channel: 'other', orderRef: ref, place: place.id, lines });
            if (s.reserve === 'after') reserve(ref, place, lines, s.partial);
            for (const l of s.lines) claimed[l.sku]! += l.quantity;
          } else if (s.kind === 'tick') await run.emulator.clock.advance(s.minutes * 60_000);
        }

        for (const [i, sku] of skus.entries()) {
          const p = await page(sku);
          expect(p.truncated).toBe(false);
          const byCause = new Map<string, { units: number; orders: Set<string> }>();
          let oversold = 0;
          for (const line of p.timeline) {
            expect(line.sku).toBe(sku);
            expect(line.oversold).toBeGreaterThan(0);
            expect(line.oversold).toBeLessThanOrEqual(line.quantity);
            let blamed = 0;
            for (const [c, n] of Object.entries(line.causes)) {
              expect(CAUSE_IDS).toContain(c);
              expect(n).toBeGreaterThan(0);
              blamed += milli(n);
              const entry = byCause.get(c) ?? { units: 0, orders: new Set<string>() };
              entry.units += milli(n);
              entry.orders.add(`${line.source}\u0000${line.orderRef}`);
              byCause.set(c, entry);
              tally.causes.add(c);
            }
            // Every oversold unit has exactly one cause.
            expect(blamed, JSON.stringify(line)).toBe(milli(line.oversold));
            oversold += milli(line.oversold);
            tally.oversoldLines++;
          }
          expect(milli(p.totals.oversoldUnits)).toBe(oversold);
          expect(p.totals.oversoldOrders).toBe(new Set(p.timeline.map((l) => `${l.source}\u0000${l.orderRef}`)).size);
          expect(p.byCause.map((c) => [c.cause, milli(c.units), c.orders])).toEqual(CAUSE_IDS.filter((c) => byCause.has(c)).map((c) => [c, byCause.get(c)!.units, byCause.get(c)!.orders.size]));
          // The totals kept per place as orders arrive tell the same story.
          const rows = p.bySkuAndPlace;
          expect(rows.reduce((n, row) => n + milli(row.oversoldUnits), 0)).toBe(oversold);
          for (const c of CAUSE_IDS) expect(rows.reduce((n, row) => n + milli(row.byCause[c] ?? 0), 0)).toBe(byCause.get(c)?.units ?? 0);
          expect(rows.reduce((n, row) => n + row.orders, 0)).toBe(p.totals.orders);

          // The cell: the shelf as played, every order's units claimed, and OCI's lead explained to the unit.
          const cell = await cellOf(location, sku);
          expect(cell.onHand).toBe(shelf[i]);
          expect(cell.claimed).toBe(claimed[i]);
          expect(cell.oci.onHand).toBe(ociOnHand[i] ?? 0);
          const stock = Object.values(cell.oci.stock).reduce((n, u) => n + milli(u), 0);
          expect(stock).toBe(Math.max(0, milli(cell.oci.onHand) - milli(cell.onHand)));
          const unknown = Object.values(cell.oci.unknownOrders).reduce((n, u) => n + milli(u), 0);
          expect(unknown).toBeLessThanOrEqual(milli(cell.claimed));
          expect(milli(cell.oci.aheadBy)).toBe(stock + unknown);
        }
      }),
      {
        numRuns: 100,
        // Besides the random streams, one known to oversell for two reasons: store sales OCI has not been told of
        // (SKU A, after the import) and a count (SKU B), the latter through a group order OCI granted in part.
        examples: [
          [
            [10, 10],
            true,
            [
              { kind: 'pos', sku: 0, quantity: 3 },
              { kind: 'order', lines: [{ sku: 0, quantity: 9 }], group: false, reserve: 'never', partial: false },
              { kind: 'count', sku: 1, onHand: 2 },
              { kind: 'order', lines: [{ sku: 1, quantity: 4 }], group: true, reserve: 'first', partial: true },
            ],
          ],
        ],
      },
    );
    // The streams did oversell, for more than one reason.
    expect(tally.oversoldLines).toBeGreaterThan(20);
    expect(tally.causes.size).toBeGreaterThan(1);
  });
});
