import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReservations, type ReservationRun } from './helpers.js';

// 200 clients at once for 50 units: exactly 50 are granted, whatever order the requests arrive in.

let run: ReservationRun;
beforeAll(async () => {
  run = await startReservations();
  await run.world({ groups: { G: ['L1', 'L2'] }, stock: { S1: { L1: 50 }, S2: { L1: 20, L2: 30 } } });
});
afterAll(async () => {
  await run.close();
});

describe('concurrent reservations', () => {
  it('200 concurrent one-unit reservations at a location with 50 grant exactly 50', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => run.reserve(`c-${i}`, { allowPartialReservations: false, locations: [{ id: 'L1', reservations: [{ sku: 'S1', quantity: 1 }] }] })),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.filter((a) => a.body.success === true)).toHaveLength(50);
    expect(await run.location('L1', 'S1')).toMatchObject({ onHand: 50, reserved: 50, ato: 0 });
  });

  it('200 concurrent partial group reservations of 1–3 units grant exactly the 50 the group has', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => run.reserve(`g-${i}`, { groups: [{ id: 'G', reservations: [{ sku: 'S2', quantity: 1 + (i % 3) }] }] })),
    );
    const granted = answers.reduce((n, a) => n + ((a.body.groups as { details?: { quantity: number }[] }[])[0]!.details?.[0]?.quantity ?? 0), 0);
    expect(granted).toBe(50);
    expect(await run.group('G', 'S2')).toMatchObject({ onHand: 50, reserved: 50, groupReserved: 50, ato: 0 });
  });
});
