import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAUSE_IDS, type OversellCause } from '../../emulator/oversell/causes.js';
import { blame, dropOldest, dropRef, merged, q3, reconcile, sum } from '../../emulator/oversell/accounting/ledger.js';
import type { Cell, GapEntry } from '../../emulator/oversell/accounting/model.js';
import { milli, TG } from './support.js';

// The oversell accounting's arithmetic (accounting/ledger.ts) checked on random input: reconcile keeps OCI's lead
// over the shelf explained to the unit, blame gives every oversold unit exactly one cause, and dropOldest, dropRef
// and merged keep the gap entries well formed and in time order.

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
