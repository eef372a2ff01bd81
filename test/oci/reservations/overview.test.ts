import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReservations, type ReservationRun } from './helpers.js';

// The reservation overview's worked examples (oci-api.md §2.4), over HTTP.

let run: ReservationRun;
beforeEach(async () => {
  run = await startReservations();
});
afterEach(async () => {
  await run.close();
});

describe('group reservations on shared locations', () => {
  beforeEach(async () => {
    await run.world({ groups: { A: ['L1', 'L2'], B: ['L2', 'L3'] }, stock: { S1: { L1: 5, L2: 5, L3: 15 } } });
  });

  it('reserve 17 at B: 15 held on L3 (least shared), 2 on L2; A loses 2; no location figure moves', async () => {
    const res = await run.reserve('doc-1', { groups: [{ id: 'B', reservations: [{ sku: 'S1', quantity: 17 }] }] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ reservationTime: '2026-03-02T09:00:00.000Z', success: true, groups: [{ id: 'B', details: [{ sku: 'S1', quantity: 17 }] }] });
    expect(res.headers.location).toBe('/inventory/reservation/v1/organizations/8c5e2d14-7b3a-4f61-9d2e-0c1e00000001/reservation-documents/doc-1');
    expect(await run.group('B', 'S1')).toMatchObject({ onHand: 20, reserved: 17, ato: 3, atf: 3, groupReserved: 17, sharedGroupReserved: 0 });
    expect(await run.group('A', 'S1')).toMatchObject({ onHand: 10, reserved: 2, ato: 8, groupReserved: 0, sharedGroupReserved: 2 });
    for (const [id, onHand] of [['L1', 5], ['L2', 5], ['L3', 15]] as const) {
      expect(await run.location(id, 'S1')).toMatchObject({ onHand, reserved: 0, ato: onHand });
    }
  });

  it('a location reservation fails when its stock is promised to a group, though the location reports it', async () => {
    await run.reserve('doc-1', { groups: [{ id: 'B', reservations: [{ sku: 'S1', quantity: 17 }] }] });
    expect(await run.location('L3', 'S1')).toMatchObject({ ato: 15 });
    const res = await run.reserve('doc-2', { allowPartialReservations: false, locations: [{ id: 'L3', reservations: [{ sku: 'S1', quantity: 1 }] }] });
    expect(res.body).toMatchObject({ success: false, locations: [{ id: 'L3', errors: [{ sku: 'S1', errorCode: 'InsufficientQuantity' }] }] });
    // L2 still has 3 free (5 less the 2 held for B).
    const l2 = await run.reserve('doc-3', { locations: [{ id: 'L2', reservations: [{ sku: 'S1', quantity: 5 }] }] });
    expect(l2.body).toMatchObject({ success: true, locations: [{ id: 'L2', details: [{ sku: 'S1', quantity: 3 }] }] });
  });

  it('cancelling gives every unit back where it was held', async () => {
    await run.reserve('doc-1', { groups: [{ id: 'B', reservations: [{ sku: 'S1', quantity: 17 }] }] });
    expect((await run.cancel('doc-1')).status).toBe(204);
    expect(await run.group('B', 'S1')).toMatchObject({ reserved: 0, ato: 20, groupReserved: 0 });
    expect(await run.group('A', 'S1')).toMatchObject({ reserved: 0, ato: 10, sharedGroupReserved: 0 });
  });
});

describe('reserve → transfer → fulfill', () => {
  it('ends with L2 at onHand 49, reserved 0 and the group at onHand 99, reserved 0', async () => {
    await run.world({ groups: { G: ['L1', 'L2'] }, stock: { S1: { L1: 50, L2: 50 } } });
    await run.reserve('order-1', { groups: [{ id: 'G', reservations: [{ sku: 'S1', quantity: 1 }] }] });
    expect(await run.group('G', 'S1')).toMatchObject({ onHand: 100, reserved: 1, ato: 99 });

    const moved = await run.post('transfers', { records: [{ id: 't-1', from: { group: 'G' }, to: { location: 'L2' }, sku: 'S1', quantity: 1 }] });
    expect(moved.status).toBe(204);
    expect(await run.location('L2', 'S1')).toMatchObject({ onHand: 50, reserved: 1, ato: 49 });
    expect(await run.group('G', 'S1')).toMatchObject({ onHand: 100, reserved: 1, groupReserved: 0, ato: 99 });

    const shipped = await run.post('fulfillments', { records: [{ id: 'f-1', location: 'L2', sku: 'S1', quantity: 1 }] });
    expect(shipped.status).toBe(204);
    expect(await run.location('L2', 'S1')).toMatchObject({ onHand: 49, reserved: 0, ato: 49 });
    expect(await run.group('G', 'S1')).toMatchObject({ onHand: 99, reserved: 0, ato: 99 });
    // The document gave everything away: cancelling it now is refused as closed.
    expect(await run.cancel('order-1')).toMatchObject({ status: 409, body: { errorCode: 'ReservationInvalidState' } });
  });
});
