import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { futuresTotal, groupAvailability, locationAvailability, qty } from '../../emulator/oci/availability/arithmetic.js';
import type { OciRecord } from '../../emulator/oci/model.js';

// Properties of the availability arithmetic that must hold for any records, including group holds (reservations).

const amount = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1000);
const future = fc.record({ quantity: fc.integer({ min: 1, max: 100_000 }).map((n) => n / 1000), expectedDate: fc.constantFrom('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z') });
const groupIds = ['A', 'B', 'C'];
const record: fc.Arbitrary<OciRecord> = fc.record({
  onHand: amount,
  safetyStockCount: amount,
  reserved: amount,
  futures: fc.array(future, { maxLength: 4 }),
  groupHolds: fc.dictionary(fc.constantFrom(...groupIds), amount, { maxKeys: 3 }),
});

describe('availability arithmetic (property-based)', () => {
  it('a location: 0 ≤ ATF ≤ ATO, ATF = max(0, onHand − reserved − safety), ATO adds the futures', () => {
    fc.assert(
      fc.property(record, (r) => {
        const a = locationAvailability(r);
        expect(a.atf).toBeGreaterThanOrEqual(0);
        expect(a.atf).toBeLessThanOrEqual(a.ato);
        expect(a.atf).toBe(Math.max(0, qty(r.onHand - r.reserved - r.safetyStockCount)));
        expect(a.ato).toBe(Math.max(0, qty(r.onHand + futuresTotal(r.futures) - r.reserved - r.safetyStockCount)));
      }),
    );
  });

  it('holds for groups never change a location’s own figures', () => {
    fc.assert(
      fc.property(record, (r) => {
        const { groupHolds: _holds, ...without } = r;
        expect(locationAvailability(r)).toEqual(locationAvailability(without));
      }),
    );
  });

  it('a group is the sum of its members: onHand, safety stock, futures; reserved = own + group + shared holds', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 6 }), fc.constantFrom(...groupIds), (members, groupId) => {
        const g = groupAvailability(groupId, members)!;
        const sum = (f: (r: OciRecord) => number) => qty(members.reduce((s, r) => s + f(r), 0));
        expect(g.onHand).toBe(sum((r) => r.onHand));
        expect(g.safetyStockCount).toBe(sum((r) => r.safetyStockCount));
        expect(futuresTotal(g.futures)).toBeCloseTo(sum((r) => futuresTotal(r.futures)), 6);
        const own = sum((r) => r.groupHolds?.[groupId] ?? 0);
        const others = sum((r) => Object.entries(r.groupHolds ?? {}).reduce((s, [k, v]) => (k === groupId ? s : s + v), 0));
        expect(g.groupReserved).toBe(own);
        expect(g.sharedGroupReserved).toBe(others);
        expect(g.reserved).toBeCloseTo(sum((r) => r.reserved) + own + others, 6);
        expect(g.atf).toBeGreaterThanOrEqual(0);
        expect(g.atf).toBeLessThanOrEqual(g.ato);
        expect(g.atf).toBe(Math.max(0, qty(g.onHand - g.reserved - g.safetyStockCount)));
      }),
    );
  });

  it('group futures merge by expected date, earliest first', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 5 }), (members) => {
        const g = groupAvailability('A', members)!;
        const dates = g.futures.map((f) => Date.parse(f.expectedDate));
        expect(new Set(dates).size).toBe(dates.length);
        expect([...dates].sort((a, b) => a - b)).toEqual(dates);
      }),
    );
  });

  it('the reservation overview’s shared-location example: B reserves 17 of L2 + L3 (5 + 15)', () => {
    // A = L1 + L2, B = L2 + L3, on hand 5 / 5 / 15; 15 are held on L3 (least shared) and 2 on shared L2.
    const L1: OciRecord = { onHand: 5, safetyStockCount: 0, reserved: 0, futures: [] };
    const L2: OciRecord = { onHand: 5, safetyStockCount: 0, reserved: 0, futures: [], groupHolds: { B: 2 } };
    const L3: OciRecord = { onHand: 15, safetyStockCount: 0, reserved: 0, futures: [], groupHolds: { B: 15 } };
    const b = groupAvailability('B', [L2, L3])!;
    expect(b).toMatchObject({ reserved: 17, groupReserved: 17, sharedGroupReserved: 0, ato: 3 });
    const a = groupAvailability('A', [L1, L2])!;
    expect(a).toMatchObject({ reserved: 2, groupReserved: 0, sharedGroupReserved: 2, ato: 8 });
    expect(locationAvailability(L2).ato).toBe(5);
  });

  it('no member carrying the SKU means no group figure', () => {
    expect(groupAvailability('A', [])).toBeUndefined();
  });
});
