import fc from 'fast-check';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../emulator/core/errors/app-error.js';
import { CAUSE_IDS } from '../../emulator/oversell/causes.js';
import { OVERSELL_NAMESPACE, orderKey } from '../../emulator/oversell/accounting/model.js';
import type { StoredOversell } from '../../emulator/oversell/accounting/stored.js';
import type { CreateRequest, ReserveLine } from '../../emulator/oci/reservations/model.js';
import { startEmulator, type Running } from '../helpers/emulator.js';
import { milli, TG } from './support.js';

// The oversell accounting end to end on random streams, in-process, one emulator for every run (each run has SKUs
// of its own): the promise (safety stock at least the largest POS lag between two imports, and every
// channel order asking OCI first, oversells nothing) and, on arbitrary streams, that every oversold unit has
// exactly one cause and the page's totals are the sum of its timeline.

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
