import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../../emulator/index.js';
import type { OciDomain } from '../../../emulator/oci/party.js';
import { qty } from '../../../emulator/oci/availability/arithmetic.js';
import type { ReservationDocument } from '../../../emulator/oci/reservations/model.js';
import type { Place } from '../../../emulator/oci/reservations/model.js';
import { TENANT_GROUP } from '../../helpers/emulator.js';

// Model-based: random sequences of reservation commands against the service, each checked against a reference
// model of what it should grant or refuse, and the invariants checked after every command:
//   reserved at a location = what open documents hold there; holds for a group at a location = the documents'
//   allocations there; a group line = the sum of its allocations; nothing is negative; nothing is oversold
//   (onHand − reserved − holds ≥ 0 everywhere, since no command ignores availability); and stock is conserved
//   (onHand now + everything fulfilled = onHand at the start + every restock).

const LOCATIONS = ['L1', 'L2', 'L3'] as const;
const GROUPS: Record<string, readonly string[]> = { A: ['L1', 'L2'], B: ['L2', 'L3'] };
const SKUS = ['S1', 'S2'] as const;
const TG = TENANT_GROUP;

let emulator: Emulator;
let oci: OciDomain;
beforeAll(async () => {
  emulator = await createEmulator({ clock: { mode: 'frozen', start: '2026-03-02T09:00:00Z' }, seed: 1, fixtures: 'demo', reservations: { expiryLagMs: 0 } });
  oci = emulator.services.oci!.domain;
});
afterAll(async () => {
  await emulator.close();
});

type Command =
  | { kind: 'reserve'; id: number; place: Place; sku: string; quantity: number; partial: boolean; expires: boolean }
  | { kind: 'cancel'; id: number }
  | { kind: 'release'; place: Place; sku: string; quantity: number }
  | { kind: 'transfer'; from: Place; to: Place; sku: string; quantity: number }
  | { kind: 'fulfill'; location: string; sku: string; quantity: number }
  | { kind: 'restock'; location: string; sku: string; quantity: number }
  | { kind: 'tick'; ms: number };

const place = fc.oneof(
  fc.constantFrom(...LOCATIONS).map((id): Place => ({ type: 'location', id })),
  fc.constantFrom(...Object.keys(GROUPS)).map((id): Place => ({ type: 'group', id })),
);
const sku = fc.constantFrom(...SKUS);
const quantity = fc.integer({ min: 1, max: 12 });
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('reserve' as const), id: fc.integer({ min: 0, max: 15 }), place, sku, quantity, partial: fc.boolean(), expires: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), id: fc.integer({ min: 0, max: 15 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), place, sku, quantity }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('transfer' as const), from: place, to: place, sku, quantity }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fulfill' as const), location: fc.constantFrom(...LOCATIONS), sku, quantity }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restock' as const), location: fc.constantFrom(...LOCATIONS), sku, quantity }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.constantFrom(1_000, 31_000, 61_000) }) },
);

interface World {
  run: number;
  docIds: Set<string>;
  /** Start stock plus restocks, and what was fulfilled, per SKU. */
  stocked: Map<string, number>;
  fulfilled: Map<string, number>;
}

function record(location: string, s: string) {
  return oci.tenants.record(TG, location, s);
}

function free(location: string, s: string): number {
  const r = record(location, s);
  if (!r) return 0;
  let held = 0;
  for (const h of Object.values(r.groupHolds ?? {})) held += h;
  return Math.max(0, qty(r.onHand - r.safetyStockCount - r.reserved - held));
}

function documents(world: World): ReservationDocument[] {
  return [...world.docIds].map((id) => oci.reservations.document(TG, id)).filter((d): d is ReservationDocument => d !== undefined);
}

/** Runs one command; answers what the reference model expected to happen, checked against what did. */
function step(world: World, c: Command): void {
  const svc = oci.reservations;
  const name = (n: number) => `run${world.run}-doc${n}`;
  switch (c.kind) {
    case 'reserve': {
      const id = name(c.id);
      const existed = svc.document(TG, id) !== undefined;
      const available = c.place.type === 'location' ? free(c.place.id, c.sku) : qty(GROUPS[c.place.id]!.reduce((n, l) => n + free(l, c.sku), 0));
      let answer;
      try {
        answer = svc.create(TG, id, {
          allowPartialReservations: c.partial,
          fulfillOnly: false,
          ...(c.expires ? { expirationSeconds: 30 } : {}),
          groups: c.place.type === 'group' ? [{ id: c.place.id, reservations: [{ sku: c.sku, quantity: c.quantity }] }] : [],
          locations: c.place.type === 'location' ? [{ id: c.place.id, reservations: [{ sku: c.sku, quantity: c.quantity }], allOrNothing: [] }] : [],
        });
      } catch (error) {
        expect(existed).toBe(true);
        expect((error as { status: number }).status).toBe(409);
        return;
      }
      world.docIds.add(id);
      if (existed) return;
      const expected = c.partial ? Math.min(available, c.quantity) : available >= c.quantity ? c.quantity : 0;
      const granted = answer.places[0]!.details[0]?.quantity ?? 0;
      expect(granted).toBe(expected);
      return;
    }
    case 'cancel': {
      const id = name(c.id);
      const doc = svc.document(TG, id);
      try {
        svc.cancel(TG, id);
        expect(doc?.state).toBe('CLOSED');
      } catch (error) {
        expect(doc === undefined || doc.state === 'CLOSED').toBe(true);
        expect([404, 409]).toContain((error as { status: number }).status);
      }
      return;
    }
    case 'release': {
      const held = c.place.type === 'location' ? (record(c.place.id, c.sku)?.reserved ?? 0) : heldFor(c.place.id, c.sku);
      const failures = svc.release(TG, [{ id: `r${Math.random()}`, place: c.place, sku: c.sku, quantity: c.quantity }]);
      expect(failures.length === 0).toBe(held >= c.quantity);
      return;
    }
    case 'transfer': {
      if (c.from.type === 'group' && c.to.type === 'group') return;
      const before = snapshot();
      const failures = svc.transfer(TG, [{ id: `t${Math.random()}`, from: c.from, to: c.to, sku: c.sku, quantity: c.quantity, ignoreAvailabilityCheck: false }], false);
      if (failures.length > 0) expect(snapshot()).toEqual(before);
      return;
    }
    case 'fulfill': {
      const reserved = record(c.location, c.sku)?.reserved ?? 0;
      const failures = svc.fulfill(TG, [{ id: `f${Math.random()}`, location: c.location, sku: c.sku, quantity: c.quantity }]);
      expect(failures.length === 0).toBe(reserved >= c.quantity);
      if (failures.length === 0) world.fulfilled.set(c.sku, qty((world.fulfilled.get(c.sku) ?? 0) + c.quantity));
      return;
    }
    case 'restock': {
      const onHand = record(c.location, c.sku)?.onHand ?? 0;
      oci.updates.write(TG, c.location, c.sku, { onHand: onHand + c.quantity }, false, 'location_update');
      world.stocked.set(c.sku, qty((world.stocked.get(c.sku) ?? 0) + c.quantity));
      return;
    }
    case 'tick':
      emulator.clock.advance(c.ms);
  }
}

function heldFor(group: string, s: string): number {
  return qty(GROUPS[group]!.reduce((n, l) => n + (record(l, s)?.groupHolds?.[group] ?? 0), 0));
}

function snapshot() {
  return LOCATIONS.flatMap((l) => SKUS.map((s) => record(l, s)));
}

function checkInvariants(world: World): void {
  const open = documents(world).filter((d) => d.state === 'OPEN');
  for (const s of SKUS) {
    let onHand = 0;
    for (const l of LOCATIONS) {
      const r = record(l, s)!;
      onHand += r.onHand;
      expect(r.reserved).toBeGreaterThanOrEqual(0);
      const byDocs = open.flatMap((d) => d.lines).filter((x) => x.type === 'location' && x.place === l && x.sku === s).reduce((n, x) => n + x.quantity, 0);
      expect(r.reserved).toBeCloseTo(byDocs, 6);
      for (const g of Object.keys(GROUPS)) {
        const allocated = open.flatMap((d) => d.lines).filter((x) => x.type === 'group' && x.place === g && x.sku === s).reduce((n, x) => n + (x.allocations?.[l] ?? 0), 0);
        expect(r.groupHolds?.[g] ?? 0).toBeCloseTo(allocated, 6);
      }
      let held = 0;
      for (const h of Object.values(r.groupHolds ?? {})) held += h;
      expect(qty(r.onHand - r.reserved - held)).toBeGreaterThanOrEqual(0);
    }
    for (const d of open) for (const line of d.lines) {
      expect(line.quantity).toBeGreaterThanOrEqual(0);
      if (line.type === 'group') expect(Object.values(line.allocations ?? {}).reduce((n, x) => n + x, 0)).toBeCloseTo(line.quantity, 6);
    }
    expect(qty(onHand + (world.fulfilled.get(s) ?? 0))).toBeCloseTo(world.stocked.get(s)!, 6);
  }
}

let runs = 0;
function freshWorld(): World {
  const run = ++runs;
  emulator.services.oci!.publishGraph(TG, {
    locations: LOCATIONS.map((id) => ({ id, name: id })),
    groups: Object.entries(GROUPS).map(([id, locations]) => ({ id, name: id, locations: [...locations] })),
  });
  const stocked = new Map<string, number>();
  for (const s of SKUS) {
    let total = 0;
    LOCATIONS.forEach((l, i) => {
      const onHand = 5 + 5 * i;
      oci.updates.write(TG, l, s, { onHand, safetyStockCount: 0 }, true, 'location_replace');
      total += onHand;
    });
    stocked.set(s, total);
  }
  // Documents of earlier runs still hold stock: release it so each run starts from nothing reserved.
  for (const d of oci.reservations.documents(TG)) if (d.state === 'OPEN') oci.reservations.cancel(TG, d.id);
  return { run, docIds: new Set(), stocked, fulfilled: new Map() };
}

describe('reservations against a reference model', () => {
  it('every command does what the model says, and the invariants hold after each', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 40 }), (commands) => {
        const world = freshWorld();
        checkInvariants(world);
        for (const c of commands) {
          step(world, c);
          checkInvariants(world);
        }
      }),
      { numRuns: 150 },
    );
  });
});
